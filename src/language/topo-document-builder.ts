/**
 * Topo's rules are global: a peering in one file relates VPCs in two others, and a provider edit can change
 * a consumer's findings without the consumer referencing the edited element. Langium re-links and
 * re-validates only documents that reference a changed one; we additionally re-run *validation* (not
 * parsing or linking, which stay incremental) for every other document, so its findings are never stale.
 * Validation is cheap: the whole-workspace analysis is computed once and shared (TopoAnalysis).
 */
import type { AstNode, LangiumDocument, LangiumSharedCoreServices, TextDocumentProvider, URI } from 'langium';
import {
    Cancellation,
    DefaultDocumentBuilder,
    DefaultLangiumDocuments,
    DocumentState,
    interruptAndCheck,
    OperationCancelled,
} from 'langium';
import type { TopoAddedServices } from './topo-module.js';

type CancellationToken = Cancellation.CancellationToken;

export class TopoDocumentBuilder extends DefaultDocumentBuilder {
    /**
     * The editor sets a typing pause (ms): parsing and linking run at once, so completion and hover see the new
     * text, but the workspace-wide analysis and rules wait until no keystroke came for this long. A keystroke
     * during the pause cancels the build, and the next one starts over. The CLI and tests use 0.
     */
    validationDelayMs = 0;
    private readonly delayed = new WeakSet<CancellationToken>();
    private readonly openTexts: TextDocumentProvider | undefined;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.openTexts = services.workspace.TextDocuments;
    }

    /**
     * Every editor request waits here for the state it needs (Langium's request handlers call waitUntil). A
     * document keeps its state from the last build until the build for a new keystroke starts, which can be
     * later than the request: the write is queued behind the build it cancels. Langium would then answer from
     * the old parse with positions in the new text (a completion after a freshly typed `subnet x ` read the
     * subnet above it). So a request waits until the state is reached *for the text the editor holds now*.
     */
    protected override awaitDocumentState(
        state: DocumentState,
        uri: URI,
        cancelToken: CancellationToken,
    ): Promise<URI> {
        const doc = this.langiumDocuments.getDocument(uri);
        if (!doc || this.parsesOpenText(doc)) return super.awaitDocumentState(state, uri, cancelToken);
        return new Promise<URI>((resolve, reject) => {
            const key = uri.toString();
            const done = (): void => {
                phase.dispose();
                cancel.dispose();
            };
            const phase = this.onDocumentPhase(state, (d) => {
                if (d.uri.toString() !== key || !this.parsesOpenText(d)) return;
                done();
                resolve(uri);
            });
            const cancel = cancelToken.onCancellationRequested(() => {
                done();
                // Langium signals cancellation with this symbol, and its callers test for it.
                // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
                reject(OperationCancelled);
            });
        });
    }

    /** Whether the document's parse is of the text its editor holds (a file not open in an editor: always). */
    private parsesOpenText(doc: LangiumDocument): boolean {
        const open = this.openTexts?.get(doc.uri.toString());
        return !open || doc.parseResult.value.$cstNode?.root.fullText === open.getText();
    }

    protected override async validate(document: LangiumDocument, cancelToken: CancellationToken): Promise<void> {
        if (
            this.validationDelayMs > 0 &&
            cancelToken !== Cancellation.CancellationToken.None &&
            !this.delayed.has(cancelToken)
        ) {
            this.delayed.add(cancelToken);
            await new Promise((resolve) => setTimeout(resolve, this.validationDelayMs));
            await interruptAndCheck(cancelToken);
        }
        // The rules run here rule by rule, yielding between them, so that requests and keystrokes are served
        // while they run; the per-document validation below then only reads the findings.
        if (cancelToken !== Cancellation.CancellationToken.None)
            await (this.serviceRegistry.getServices(document.uri) as Partial<TopoAddedServices>).topo?.Analysis.prepare(
                cancelToken,
            );
        return super.validate(document, cancelToken);
    }

    protected override async emitUpdate(changed: URI[], deleted: URI[]): Promise<void> {
        await super.emitUpdate(changed, deleted);
        for (const doc of this.langiumDocuments.all) {
            if (doc.state >= DocumentState.Validated) this.resetToState(doc, DocumentState.IndexedReferences);
        }
    }

    /** A document leaving the linked set (or re-parsed after this) moves the workspace generation on. */
    override resetToState<T extends AstNode>(document: LangiumDocument<T>, state: DocumentState): void {
        super.resetToState(document, state);
        (this.langiumDocuments as Partial<TopoLangiumDocuments>).changed?.();
    }

    /** So does a document reaching the linked state (documents only get there through this notification). */
    protected override async notifyDocumentPhase(
        document: LangiumDocument,
        state: DocumentState,
        cancelToken: CancellationToken,
    ): Promise<void> {
        if (state === DocumentState.Linked) (this.langiumDocuments as Partial<TopoLangiumDocuments>).changed?.();
        return super.notifyDocumentPhase(document, state, cancelToken);
    }
}

/**
 * The workspace's documents, with a generation number that moves on whenever the set of linked documents or one
 * of their parses may have changed: a document added or deleted here, reset to an earlier state or newly linked by
 * the builder (a re-parse only happens after a reset). TopoAnalysis keys its whole-workspace result on it, so
 * each document's validation finds the shared analysis in O(1) instead of listing and sorting every document
 * (which made checking N files O(N²)).
 */
export class TopoLangiumDocuments extends DefaultLangiumDocuments {
    private count = 0;

    get generation(): number {
        return this.count;
    }

    changed(): void {
        this.count++;
    }

    override addDocument(document: LangiumDocument): void {
        super.addDocument(document);
        this.changed();
    }

    override deleteDocument(uri: URI): LangiumDocument | undefined {
        this.changed();
        return super.deleteDocument(uri);
    }

    override deleteDocuments(folder: URI): LangiumDocument[] {
        this.changed();
        return super.deleteDocuments(folder);
    }
}
