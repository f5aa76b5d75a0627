import { beforeAll, describe, expect, it } from 'vitest';
import type { TopoLspServices } from '../../server/topo-lsp-module.js';
import { lspServices, openDocs } from './lsp-services.js';

let services: TopoLspServices;
beforeAll(async () => {
    services = await lspServices();
});

/** Decodes LSP's relative token encoding into [text, type, modifiers] triples. */
async function tokens(text: string): Promise<Array<[string, string, string[]]>> {
    const [doc] = await openDocs(services, [text]);
    const provider = services.lsp.SemanticTokenProvider!;
    const types = Object.fromEntries(Object.entries(provider.tokenTypes).map(([k, v]) => [v, k]));
    const modifiers = Object.entries(provider.tokenModifiers);
    const { data } = await provider.semanticHighlight(doc, { textDocument: { uri: doc.uri.toString() } });
    const out: Array<[string, string, string[]]> = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < data.length; i += 5) {
        line += data[i];
        char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
        const t = doc.textDocument.getText({
            start: { line, character: char },
            end: { line, character: char + data[i + 2] },
        });
        const mods = modifiers.filter(([, flag]) => (data[i + 4] & flag) !== 0).map(([k]) => k);
        out.push([t, types[data[i + 3]], mods]);
    }
    return out;
}

describe('semantic tokens', () => {
    it('colours declarations and references by what they name, and addresses as numbers', async () => {
        const t = await tokens(
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24\n    instance i in s ip 10.0.0.5\n    instance j in nowhere\n  }\n}',
        );
        expect(t).toContainEqual(['v', 'class', ['declaration']]);
        expect(t).toContainEqual(['s', 'struct', ['declaration']]);
        expect(t).toContainEqual(['s', 'struct', []]);
        expect(t).toContainEqual(['10.0.0.0/16', 'number', []]);
        expect(t).toContainEqual(['10.0.0.5', 'number', []]);
        // An unresolved reference gets no colour.
        expect(t.some(([text]) => text === 'nowhere')).toBe(false);
    });

    it('an on-premises network is a namespace, its blocks are numbers, and its VGWs are references', async () => {
        const t = await tokens(
            'region r {\n  vpc v 10.0.0.0/16 {\n    vgw g\n  }\n  on-premises dc 192.168.0.0/16 via g\n}',
        );
        expect(t).toContainEqual(['dc', 'namespace', ['declaration']]);
        expect(t).toContainEqual(['192.168.0.0/16', 'number', []]);
        expect(t).toContainEqual(['g', 'interface', []]);
    });
});
