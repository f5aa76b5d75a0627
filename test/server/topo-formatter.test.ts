import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TopoLspServices } from '../../server/topo-lsp-module.js';
import { lspServices, openDocs } from './lsp-services.js';

let services: TopoLspServices;
beforeAll(async () => {
    services = await lspServices();
});

async function format(text: string): Promise<string> {
    const [doc] = await openDocs(services, [text]);
    const edits = await services.lsp.Formatter!.formatDocument(doc, {
        textDocument: { uri: doc.uri.toString() },
        options: { tabSize: 2, insertSpaces: true },
    });
    return TextDocument.applyEdits(TextDocument.create('x', 'topo', 1, text), edits);
}

const squash = (s: string) => s.replace(/\s+/g, '');

function topoFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? topoFiles(p) : n.endsWith('.topo') ? [p] : [];
    });
}

describe('formatting', () => {
    it('indents blocks, puts `}` on its own line and removes the space before commas', async () => {
        const messy =
            'region r {\naz a\n      vpc v 10.0.0.0/16 {\n subnet s 10.0.0.0/24 az a\n  subnet t 10.0.1.0/24\n route-table rt{\n0.0.0.0/0 -> s }\n}\n}\n';
        expect(await format(messy)).toBe(
            'region r {\n  az a\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 az a\n    subnet t 10.0.1.0/24\n    route-table rt {\n      0.0.0.0/0 -> s\n    }\n  }\n}\n',
        );
        expect(
            await format(
                'region r {\n  vpc v 10.0.0.0/16 {\n    subnet a 10.0.0.0/24\n    subnet b 10.0.1.0/24\n    route-table rt subnets a , b\n  }\n}\n',
            ),
        ).toContain('route-table rt subnets a, b');
    });

    it('leaves kind-qualified names as written (`nat:n-a`, `subnet : app`), and still formats the commas between them', async () => {
        const text =
            'region r {\n  az a\n  vpc v 10.0.0.0/16 {\n    subnet app 10.0.1.0/24 az a\n    nat n-a in app private\n    route-table rt {\n      0.0.0.0/0 -> nat:n-a\n    }\n  }\n  expect v.app -> internet reachable via subnet : app , nat:n-a\n}\n';
        expect(await format(text)).toBe(text.replace('app , nat', 'app, nat'));
    });

    it('keeps comments, blank lines and column alignment', async () => {
        const text =
            '// head\nregion r {\n  az a   // the only AZ\n\n  /* block\n     comment */\n  vpc v 10.0.0.0/16 {\n    subnet app-a   10.0.0.0/24  az a\n    subnet b       10.0.1.0/24  az a\n  }\n}\n';
        const out = await format(text);
        expect(out).toBe(text);
    });

    it('every example: only whitespace changes, and formatting twice changes nothing more (idempotent)', async () => {
        const files = topoFiles(new URL('../../examples', import.meta.url).pathname);
        expect(files.length).toBeGreaterThan(20);
        for (const f of files) {
            const text = readFileSync(f, 'utf8');
            const once = await format(text);
            expect(squash(once), f).toBe(squash(text));
            expect(await format(once), f).toBe(once);
            expect(once, `${f} is already formatted`).toBe(text);
        }
    });

    it('never loses text of a broken, half-typed file', async () => {
        const text =
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/2\n    route-table rt {\n      0.0.0.0/0 ->\n  }\n';
        expect(squash(await format(text))).toBe(squash(text));
    });
});
