import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, URI } from 'langium';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';

async function diagnosticsOf(text: string, rulesDocBase?: string) {
    const { Topo } = createTopoLspServices({ ...EmptyFileSystem }, rulesDocBase ? { rulesDocBase } : {});
    const builtin = ensureBuiltinDocument(Topo);
    const doc = Topo.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('file:///ws/a.topo'));
    Topo.shared.workspace.LangiumDocuments.addDocument(doc);
    await Topo.shared.workspace.DocumentBuilder.build([builtin, doc], { validation: true });
    return doc.diagnostics ?? [];
}

describe('diagnostics in the editor carry code, source and a link to the rule page', () => {
    it('a rule finding links to docs/rules/<code>.md', async () => {
        const ds = await diagnosticsOf(
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.1.7/24\n  }\n}',
            'file:///ext/docs/rules/',
        );
        const d = ds.find((x) => x.code === 'cidr-not-canonical')!;
        expect(d).toBeDefined();
        expect(d.source).toBe('topo');
        expect(d.codeDescription?.href).toBe('file:///ext/docs/rules/cidr-not-canonical.md');
    });

    it("Langium's own errors get Topo's codes: syntax-error and unresolved-reference", async () => {
        const ds = await diagnosticsOf(
            'region r {\n  vpc v 10.0.0.0/16 {\n    instance i in nowhere\n  }\n}\nvpc @@@',
            'file:///ext/docs/rules',
        );
        const codes = ds.map((d) => d.code);
        expect(codes).toContain('unresolved-reference');
        expect(codes).toContain('syntax-error');
        expect(ds.find((d) => d.code === 'unresolved-reference')!.codeDescription?.href).toBe(
            'file:///ext/docs/rules/unresolved-reference.md',
        );
    });

    it('no link when no docs base is configured', async () => {
        const ds = await diagnosticsOf('region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.1.7/24\n  }\n}');
        expect(ds.find((x) => x.code === 'cidr-not-canonical')!.codeDescription).toBeUndefined();
    });
});
