/**
 * Documents in Topo mode whatever their URI, through the language server's update handler as the editor's
 * didOpen / didChange / didClose drive it (the same sequence over stdio: test/robustness/lsp-stdio.test.ts).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { setTextDocument } from 'langium/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TopoDocumentUpdateHandler, TopoServiceRegistry } from '../../server/topo-document-update-handler.js';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { TopoFileSystem } from '../../server/workspace-files.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';

const DIR = resolve(__dirname, '../../test-output/server/update-handler');
const OVERLAP = `region ap-northeast-1 {
  az a = apne1-az4
  vpc web 10.0.0.0/16 {
    subnet app-a 10.0.1.0/24 az a
    subnet app-c 10.0.0.0/23 az a
  }
}
`;
const CLEAN = OVERLAP.replace('10.0.0.0/23', '10.0.2.0/24');

beforeAll(() => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    writeFileSync(join(DIR, 'saved.topo'), CLEAN);
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

async function server() {
    const { shared } = createTopoLspServices({ ...TopoFileSystem });
    const manager = shared.workspace.WorkspaceManager;
    manager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
    await manager.initialized({});
    const handler = shared.lsp.DocumentUpdateHandler;
    expect(handler).toBeInstanceOf(TopoDocumentUpdateHandler);
    const documents = shared.workspace.LangiumDocuments;
    const deleted: string[] = [];
    shared.workspace.DocumentBuilder.onUpdate((_changed, gone) => void deleted.push(...gone.map((u) => u.toString())));
    const validated = async (uri: string): Promise<LangiumDocument> => {
        await expect.poll(() => documents.getDocument(URI.parse(uri))?.state).toBe(DocumentState.Validated);
        return documents.getDocument(URI.parse(uri))!;
    };
    /** The editor opens a document (didOpen: the text store, then a content change). */
    const open = (uri: string, text: string, languageId = 'topo') => {
        const editor = TextDocument.create(uri, languageId, 1, text);
        const store = setTextDocument(shared, editor);
        handler.didChangeContent!({ document: editor });
        return {
            edit: (next: string) => {
                TextDocument.update(editor, [{ text: next }], editor.version + 1);
                handler.didChangeContent!({ document: editor });
            },
            close: () => {
                store.dispose();
                handler.didCloseDocument!({ document: editor });
            },
        };
    };
    return { shared, documents, deleted, validated, open };
}

const codes = (doc: LangiumDocument): string[] => (doc.diagnostics ?? []).map((d) => diagnosticCode(d));

describe('untitled and non-file documents in Topo mode', () => {
    it('are checked while open; closed, they leave the workspace and their diagnostics are cleared', async () => {
        const { documents, deleted, validated, open } = await server();
        for (const uri of ['untitled:Untitled-1', URI.file(join(DIR, 'notes.txt')).toString()]) {
            const editor = open(uri, OVERLAP);
            expect(codes(await validated(uri))).toEqual(['subnet-overlap']);
            editor.edit(CLEAN);
            await expect.poll(async () => codes(await validated(uri))).toEqual([]);
            editor.close();
            await expect.poll(() => documents.hasDocument(URI.parse(uri))).toBe(false);
            // Deleted documents get an empty publishDiagnostics (Langium's addDiagnosticsHandler).
            expect(deleted).toContain(uri);
        }
        // The next edit builds the workspace without them: no `vpc web` duplicate.
        const next = URI.file(join(DIR, 'next.topo')).toString();
        open(next, OVERLAP);
        expect(codes(await validated(next))).toEqual(['subnet-overlap']);
    });

    it('a closed .topo file goes back to its text on disk', async () => {
        const { validated, open } = await server();
        const uri = URI.file(join(DIR, 'saved.topo')).toString();
        const editor = open(uri, OVERLAP);
        expect(codes(await validated(uri))).toEqual(['subnet-overlap']);
        editor.close();
        await expect.poll(async () => (await validated(uri)).textDocument.getText()).toBe(CLEAN);
        expect(codes(await validated(uri))).toEqual([]);
    });

    it('a document the editor holds in another language is left alone', async () => {
        const { documents, validated, open } = await server();
        const other = URI.file(join(DIR, 'readme.md')).toString();
        open(other, '# not topo', 'markdown');
        const topo = 'untitled:Untitled-3';
        open(topo, CLEAN);
        await validated(topo);
        expect(documents.hasDocument(URI.parse(other))).toBe(false);
    });

    it("a workspace document whose URI names no language keeps Topo's services until it leaves", async () => {
        const { shared, documents, validated, open } = await server();
        const registry = shared.ServiceRegistry;
        expect(registry).toBeInstanceOf(TopoServiceRegistry);
        const uri = 'untitled:Untitled-4';
        open(uri, CLEAN);
        await validated(uri);
        // Out of the editor's text store but still in the workspace (between didClose and the update it brings).
        shared.workspace.TextDocuments.delete(uri);
        expect(registry.getServices(URI.parse(uri)).LanguageMetaData.languageId).toBe('topo');
        documents.deleteDocument(URI.parse(uri));
        expect(registry.hasServices(URI.parse(uri))).toBe(false);
    });
});
