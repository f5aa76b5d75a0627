import { beforeAll, describe, expect, it } from 'vitest';
import { expectFindReferences, expectFoldings, expectGoToDefinition, expectSymbols } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { TopoLspServices } from '../../server/topo-lsp-module.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';
import { lspServices, markers, openDocs } from './lsp-services.js';

let services: TopoLspServices;
beforeAll(async () => {
    services = await lspServices();
});

const PROVIDER = `region us-east-1 {
  az a
  vpc inspection 10.9.0.0/16 {
    subnet appl 10.9.0.0/24 az a
    instance fw in appl appliance
    gwlb inspect in appl targets fw
  }
  endpoint-service insp-svc backed-by inspection.inspect
}
`;
const CONSUMER = `region us-east-1 {
  vpc web 10.0.0.0/16 {
    subnet g 10.0.0.0/24 az a
    endpoint ep gwlb insp-svc in g
  }
}
`;

describe('go to definition, find references (langium/test cursor markers)', () => {
    it('jumps from a reference to the declaration', async () => {
        await expectGoToDefinition(services)({
            text: 'region r {\n  vpc v 10.0.0.0/16 {\n    subnet <|s|> 10.0.0.0/24\n    instance i in <|>s\n  }\n}',
            index: 0,
            rangeIndex: 0,
        });
    });

    it('jumps from a kind-qualified reference (`subnet:gwlbe-a`) to the element of that kind', async () => {
        await expectGoToDefinition(services)({
            text: 'region r {\n  vpc v 10.0.0.0/16 {\n    subnet <|gwlbe-a|> 10.0.2.0/24\n    instance i in gwlbe-a\n    endpoint gwlbe-a interface ssm in gwlbe-a\n  }\n}\ntrace i -> subnet:gw<|>lbe-a\n',
            index: 0,
            rangeIndex: 0,
        });
    });

    it('finds every reference', async () => {
        await expectFindReferences(services)({
            text: 'region r {\n  vpc v 10.0.0.0/16 {\n    subnet <|>s 10.0.0.0/24\n    instance i in <|s|>\n    nat n in <|s|>\n  }\n}',
            includeDeclaration: false,
        });
    });
});

describe('document symbols, folding', () => {
    it('the outline nests VPC members under their VPC, with kinds', async () => {
        await expectSymbols(services)({
            text: 'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24\n  }\n}',
            assert: (symbols: DocumentSymbol[]) => {
                const region = symbols.find((s) => s.name === 'r')!;
                expect(region.kind).toBe(SymbolKind.Namespace);
                const vpc = region.children!.find((s) => s.name === 'v')!;
                expect(vpc.kind).toBe(SymbolKind.Module);
                expect(vpc.children!.map((c) => [c.name, c.kind])).toEqual([['s', SymbolKind.Struct]]);
            },
        });
    });

    it('blocks and multi-line comments fold', async () => {
        await expectFoldings(services)({
            text: 'region r {\n  az a\n  <|/* the VPC\n     below\n  */|>\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24\n  }\n}',
            assert: (ranges) => {
                const starts = ranges.map((r) => r.startLine);
                expect(starts).toEqual(expect.arrayContaining([0, 2, 5]));
            },
        });
    });

    it('workspace symbols find elements of every file, qualified', async () => {
        await openDocs(services, [PROVIDER, CONSUMER]);
        const symbols = await services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'inspect' });
        expect(symbols.map((s) => s.name)).toEqual(expect.arrayContaining(['inspection', 'inspection.inspect']));
    });
});

describe('rename across files', () => {
    async function rename(texts: string[], marked: number, newName: string): Promise<string[]> {
        const withCursor = texts.map((t, i) => (i === marked ? markers(t) : { text: t, offsets: [] }));
        const docs = await openDocs(
            services,
            withCursor.map((x) => x.text),
        );
        const doc = docs[marked];
        const edit = await services.lsp.RenameProvider!.rename(doc, {
            textDocument: { uri: doc.uri.toString() },
            position: doc.textDocument.positionAt(withCursor[marked].offsets[0]),
            newName,
        });
        const out = docs.map((d) =>
            TextDocument.applyEdits(
                TextDocument.create(d.uri.toString(), 'topo', 1, d.textDocument.getText()),
                edit?.changes?.[d.uri.toString()] ?? [],
            ),
        );
        const again = await openDocs(services, out);
        for (const d of again) expect((d.diagnostics ?? []).map(diagnosticCode)).not.toContain('unresolved-reference');
        return out;
    }

    it('renames an endpoint service in the provider file and its use in the consumer file', async () => {
        const [p, c] = await rename(
            [PROVIDER.replace('endpoint-service insp-svc', 'endpoint-service <|>insp-svc'), CONSUMER],
            0,
            'fw-svc',
        );
        expect(p).toContain('endpoint-service fw-svc backed-by');
        expect(c).toContain('endpoint ep gwlb fw-svc in g');
    });

    it('renaming a VPC member rewrites only the last segment of qualified references', async () => {
        const [p] = await rename([PROVIDER.replace('gwlb inspect in', 'gwlb <|>inspect in'), CONSUMER], 0, 'fleet');
        expect(p).toContain('gwlb fleet in appl');
        expect(p).toContain('backed-by inspection.fleet');
    });

    it('renaming a VPC rewrites the qualifier of references to its members', async () => {
        const [p] = await rename([PROVIDER.replace('vpc inspection', 'vpc <|>inspection'), CONSUMER], 0, 'security');
        expect(p).toContain('vpc security 10.9.0.0/16');
        expect(p).toContain('backed-by security.inspect');
    });

    it('renaming keeps the kind word of kind-qualified references (`subnet:gwlbe-a`, `endpoint:web.gwlbe-a`)', async () => {
        const text = (decl: string) =>
            `region r {\n  az a\n  vpc ${decl.startsWith('vpc') ? decl : 'web'} 10.0.0.0/16 {\n    subnet ${decl.startsWith('subnet') ? decl : 'gwlbe-a'} 10.0.2.0/24 az a\n    subnet app 10.0.1.0/24 az a\n    instance host in app\n    endpoint gwlbe-a interface ssm in gwlbe-a\n  }\n}\ntrace host -> subnet:gwlbe-a\ntrace host -> subnet:web.gwlbe-a\ntrace host -> endpoint:web.gwlbe-a\n`;
        const [renamed] = await rename([text('subnet <|>gwlbe-a')], 0, 'inspect-a');
        expect(renamed).toContain('trace host -> subnet:inspect-a\n');
        expect(renamed).toContain('trace host -> subnet:web.inspect-a\n');
        expect(renamed).toContain('trace host -> endpoint:web.gwlbe-a\n');
        const [vpc] = await rename([text('vpc <|>web')], 0, 'shop');
        expect(vpc).toContain('trace host -> subnet:shop.gwlbe-a\n');
        expect(vpc).toContain('trace host -> endpoint:shop.gwlbe-a\n');
    });

    it('refuses a new name that is not a valid name', async () => {
        const { text, offsets } = markers('region r {\n  vpc <|>v 10.0.0.0/16\n}');
        const [doc] = await openDocs(services, [text]);
        await expect(
            services.lsp.RenameProvider!.rename(doc, {
                textDocument: { uri: doc.uri.toString() },
                position: doc.textDocument.positionAt(offsets[0]),
                newName: 'a.b',
            }),
        ).rejects.toThrow(/not a valid name/);
    });
});
