import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, URI } from 'langium';
import { setTextDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { TopoDocumentFactory, TopoFileSystemProvider } from '../../server/topo-document-factory.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';
import { analyze } from '../helpers.js';

const TEXT = `region us-east-1 {
  az a = use1-az1
  vpc web 10.0.0.0/16 {
    igw one
    igw two
    subnet s 10.0.0.0/24 az a
  }
  vpc db 10.1.0.0/16 {
    subnet d 10.1.0.0/24 az a
  }
}
`;

const shown = (ds: ReadonlyArray<{ range: { start: { line: number; character: number } } }>) =>
    ds.map((d) => `${diagnosticCode(d as never)} ${d.range.start.line}:${d.range.start.character}`).sort();

/** An open document edited the way VS Code's text store edits it: one TextDocument object, updated in place. */
async function openDocument() {
    const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem });
    const factory = shared.workspace.LangiumDocumentFactory;
    expect(factory).toBeInstanceOf(TopoDocumentFactory);
    const uri = URI.parse('file:///ws/open.topo');
    const editor = TextDocument.create(uri.toString(), 'topo', 1, TEXT);
    setTextDocument(shared, editor);
    const doc = factory.fromString(TEXT, uri);
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([ensureBuiltinDocument(Topo), doc], { validation: true });
    const type = async (from: string, to: string): Promise<void> => {
        const text = editor.getText();
        const at = text.indexOf(from);
        TextDocument.update(
            editor,
            [{ range: { start: editor.positionAt(at), end: editor.positionAt(at + from.length) }, text: to }],
            editor.version + 1,
        );
        await shared.workspace.DocumentBuilder.update([uri], []);
    };
    // The first update binds the document to the editor's text object (Langium's full parse).
    await type('subnet d ', 'subnet d ');
    await type('10.1.0.0/24', '10.1.0.0/24 ');
    return { doc, counts: (factory as TopoDocumentFactory).counts, type, editor };
}

describe('the language server reparses the block a keystroke falls in', () => {
    it('an edit inside a VPC is a block reparse, and the document ends up with the diagnostics of a fresh check', async () => {
        const { doc, counts, type, editor } = await openDocument();
        const before = counts.blocks;
        await type('10.0.0.0/24', '10.0.0.9/24');
        await type('subnet d ', 'subnet data ');
        expect(counts.blocks).toBe(before + 2);
        expect(shown(doc.diagnostics ?? [])).toEqual(shown((await analyze(editor.getText())).diagnostics));
        expect(shown(doc.diagnostics ?? [])).toEqual(['cidr-not-canonical 5:13', 'igw-multiple 4:8']);
    });

    it('an edit that breaks the syntax, the edit after it, and one outside every block are full parses', async () => {
        const { doc, counts, type } = await openDocument();
        const blocks = counts.blocks;
        const full = counts.full;
        await type('subnet s 10.0.0.0/24', 'subnet s 10.0.0.0/');
        expect(counts.full).toBe(full + 1);
        expect((doc.diagnostics ?? []).map((d) => diagnosticCode(d))).toContain('syntax-error');
        // The parse it would splice into has errors: a full parse again.
        await type('subnet s 10.0.0.0/', 'subnet s 10.0.0.0/24');
        expect(counts.full).toBe(full + 2);
        // A new statement before the region is in no block.
        await type('region us-east-1 {', 'account shared id 111111111111\nregion us-east-1 {');
        expect(counts.full).toBe(full + 3);
        expect(counts.blocks).toBe(blocks);
        expect(doc.diagnostics?.map((d) => diagnosticCode(d))).toEqual(['igw-multiple']);
    });
});

describe('files the server reads from disk', () => {
    it('a UTF-8 byte order mark is dropped, as VS Code drops it from a file it opens: line 1 keeps its columns', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'topo-bom-'));
        const file = join(dir, 'bom.topo');
        writeFileSync(file, '\uFEFFaccount app id 12345\n');
        const text = await new TopoFileSystemProvider().readFile(URI.file(file));
        expect(text).toBe('account app id 12345\n');
        expect(new TopoFileSystemProvider().readFileSync(URI.file(file))).toBe(text);
    });
});
