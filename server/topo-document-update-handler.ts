/**
 * Documents the editor holds in Topo mode, whatever their URI: an untitled buffer (`untitled:Untitled-1`), a file of
 * another extension switched to Topo, a virtual file system's document. Langium picks a language by the document's
 * language id while it is open and by its extension otherwise, so such a document, once closed, had no language and
 * the next build threw. Here:
 *  - `TopoServiceRegistry`: a document still in the workspace stays Topo (the server has one language) until the
 *    workspace drops it;
 *  - `TopoDocumentUpdateHandler`: a document opened in another language is ignored; a closed document goes back to
 *    its text on disk if it is a `.topo` file there, and otherwise leaves the workspace, its diagnostics cleared
 *    (LSP: after didClose a document's truth is where its URI points). A failed workspace update is logged; it
 *    never becomes an unhandled rejection, which would end the server.
 */
import type { LangiumCoreServices, LangiumDocuments, LangiumSharedCoreServices, TextDocument } from 'langium';
import { type Cancellation, DefaultServiceRegistry, URI, UriUtils } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';

export class TopoServiceRegistry extends DefaultServiceRegistry {
    private readonly documents: () => LangiumDocuments;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        // Looked up when needed: the documents' own services need this registry to be built.
        this.documents = () => services.workspace.LangiumDocuments;
    }

    override getServices(uri: URI): LangiumCoreServices {
        try {
            return super.getServices(uri);
        } catch (e) {
            const only = this.all.length === 1 ? this.all[0] : undefined;
            if (only && this.documents().hasDocument(uri)) return only;
            throw e;
        }
    }

    /** Whether the URI names a file the workspace would load by its extension (a `.topo` file). */
    isLanguageFile(uri: URI): boolean {
        const ext = UriUtils.extname(uri);
        return this.all.some((s) => s.LanguageMetaData.fileExtensions.includes(ext));
    }
}

export class TopoDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly services: LangiumSharedServices;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.services = services;
    }

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        // A document the editor holds in another language is none of this server's business.
        if (!this.serviceRegistry.hasServices(URI.parse(change.document.uri))) return;
        super.didChangeContent(change);
    }

    didCloseDocument(change: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(change.document.uri);
        const key = uri.toString();
        const {
            LangiumDocuments: documents,
            TextDocuments: editor,
            FileSystemProvider: files,
        } = this.services.workspace;
        const registry = this.serviceRegistry;
        this.update(async (token) => {
            if (!documents.hasDocument(uri)) return;
            // Opened again meanwhile (a language switch closes and opens): it is the editor's again.
            if (editor?.get(key)) return this.documentBuilder.update([uri], [], token);
            const onDisk =
                uri.scheme === 'file' &&
                registry instanceof TopoServiceRegistry &&
                registry.isLanguageFile(uri) &&
                (await files.exists(uri));
            await this.documentBuilder.update(onDisk ? [uri] : [], onDisk ? [] : [uri], token);
        });
    }

    protected override fireDocumentUpdate(changed: URI[], deleted: URI[]): void {
        this.update((token) => this.documentBuilder.update(changed, deleted, token));
    }

    /** Runs a workspace update once the workspace is loaded; a failure is logged, and the next edit tries again. */
    private update(action: (token: Cancellation.CancellationToken) => Promise<void>): void {
        this.workspaceManager.ready
            .then(() => this.workspaceLock.write(action))
            .catch((e: unknown) =>
                console.error(
                    `topo: updating the workspace failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
                ),
            );
    }
}
