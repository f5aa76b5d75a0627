import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, EmptyFileSystemProvider, URI, type FileSystemNode } from 'langium';
import { setTextDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { TopoDocumentFactory } from '../../server/topo-document-factory.js';
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

describe('a document that is neither open nor readable', () => {
    it('keeps its last parse, and the build that meets it goes on (an untitled document just closed)', async () => {
        const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem });
        const uri = URI.parse('untitled:Untitled-1');
        const editor = setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 1, TEXT));
        const doc = shared.workspace.LangiumDocumentFactory.fromString(TEXT, uri);
        shared.workspace.LangiumDocuments.addDocument(doc);
        const builder = shared.workspace.DocumentBuilder;
        await builder.build([ensureBuiltinDocument(Topo), doc], { validation: true });
        const root = doc.parseResult.value;
        // Closed, then changed with no editor text: Langium reads the URI, which has nothing on disk.
        editor.dispose();
        await builder.update([uri], []);
        expect(doc.parseResult.value).toBe(root);
        expect(shown(doc.diagnostics ?? [])).toEqual(['igw-multiple 4:8']);
    });

    it('announced by a file watcher but never read, is empty', async () => {
        // A file that exists but cannot be read (chmod 000).
        class Unreadable extends EmptyFileSystemProvider {
            override stat(uri: URI): Promise<FileSystemNode> {
                return Promise.resolve({ isFile: true, isDirectory: false, uri });
            }
        }
        const { shared, Topo } = createTopoLspServices({ fileSystemProvider: () => new Unreadable() });
        const uri = URI.parse('file:///ws/unreadable.topo');
        await shared.workspace.DocumentBuilder.build([ensureBuiltinDocument(Topo)], { validation: true });
        await shared.workspace.DocumentBuilder.update([uri], []);
        const doc = shared.workspace.LangiumDocuments.getDocument(uri);
        expect(doc?.textDocument.getText()).toBe('');
        expect(doc?.diagnostics).toEqual([]);
    });
});
