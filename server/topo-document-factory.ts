/**
 * The language server's document factory: a keystroke in an open document tries block reparsing first
 * (src/language/incremental-parse.ts), so that typing in a large file costs a block's parse, not the file's.
 * Anything block reparsing refuses is Langium's full parse. The CLI keeps Langium's factory: it parses once.
 * A document that is neither open nor readable (an untitled one just closed, a file deleted or made unreadable)
 * keeps its last text instead of failing the build: the workspace drops or re-reads it with the next update.
 */
import type { AstNode, LangiumDocument, LangiumSharedCoreServices, ParseResult } from 'langium';
import { type Cancellation, DefaultLangiumDocumentFactory, DocumentState, isOperationCancelled } from 'langium';
import { reparseBlock } from '../src/language/incremental-parse.js';

export class TopoDocumentFactory extends DefaultLangiumDocumentFactory {
    /** How many updates were block reparses, and how many full parses (for tests and the bench). */
    readonly counts = { blocks: 0, full: 0 };

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override async update<T extends AstNode = AstNode>(
        document: LangiumDocument<T>,
        cancellationToken: Cancellation.CancellationToken,
    ): Promise<LangiumDocument<T>> {
        const open = this.textDocuments?.get(document.uri.toString());
        const oldText = document.parseResult.value.$cstNode?.root.fullText;
        // Only an open document that still holds the editor's own text object (Langium rebinds it otherwise).
        if (open && oldText !== undefined && document.textDocument === open) {
            const text = open.getText();
            if (text !== oldText) {
                const parser = this.serviceRegistry.getServices(document.uri).parser.LangiumParser;
                const spliced = reparseBlock(parser, document.parseResult as ParseResult, oldText, text) as
                    ParseResult<T> | undefined;
                if (spliced) {
                    document.parseResult = spliced;
                    (spliced.value as { $document?: LangiumDocument }).$document = document;
                    document.state = DocumentState.Parsed;
                    this.counts.blocks++;
                    return document;
                }
            }
        }
        this.counts.full++;
        try {
            return await super.update(document, cancellationToken);
        } catch (e) {
            if (open || isOperationCancelled(e)) throw e;
            console.warn(`topo: cannot read ${document.uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
            // Its last parse stands; a document never parsed (announced by a file watcher) is empty.
            if (oldText === undefined) {
                document.parseResult = await this.parseAsync(document.uri, '', cancellationToken);
                (document.parseResult.value as { $document?: LangiumDocument }).$document = document;
                const text = this.createTextDocumentGetter(document.uri, '');
                Object.defineProperty(document, 'textDocument', { get: text, configurable: true });
            }
            document.state = DocumentState.Parsed;
            return document;
        }
    }
}
