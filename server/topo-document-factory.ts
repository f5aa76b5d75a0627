/**
 * The language server's document factory: a keystroke in an open document tries block reparsing first
 * (src/language/incremental-parse.ts), so that typing in a large file costs a block's parse, not the file's.
 * Anything block reparsing refuses is Langium's full parse. The CLI keeps Langium's factory: it parses once.
 */
import type { AstNode, LangiumDocument, LangiumSharedCoreServices, ParseResult, URI } from 'langium';
import { type Cancellation, DefaultLangiumDocumentFactory, DocumentState } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { reparseBlock } from '../src/language/incremental-parse.js';
import { withoutBom } from '../src/language/workspace.js';

/**
 * Files the server reads from disk (those not open in the editor), read as VS Code reads the ones it opens: without
 * a UTF-8 byte order mark, so a closed file's diagnostics have the columns the open one has.
 */
export class TopoFileSystemProvider extends NodeFileSystemProvider {
    override async readFile(uri: URI): Promise<string> {
        return withoutBom(await super.readFile(uri));
    }

    override readFileSync(uri: URI): string {
        return withoutBom(super.readFileSync(uri));
    }
}

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
        return super.update(document, cancellationToken);
    }
}
