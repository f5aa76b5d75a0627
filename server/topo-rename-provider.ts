/**
 * Rename across files. Members of a VPC or transit gateway can be referenced qualified (`inspection.inspect`), and
 * any element by its kind (`subnet:gwlbe-a`, `endpoint:inspection.gwlbe-a`): renaming the member rewrites only the
 * last segment, and renaming the VPC rewrites only the qualifier; the kind word stays.
 * A new name must be a valid Topo name without dots (dots qualify).
 */
import type { AstNode, LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils, CstUtils, URI } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import {
    ResponseError,
    type CancellationToken,
    type RenameParams,
    type TextEdit,
    type WorkspaceEdit,
} from 'vscode-languageserver';
import * as ast from '../src/language/generated/ast.js';

const VALID_NAME = /^[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const INVALID_PARAMS = -32602;
/** The kind word of a kind-qualified reference (`subnet:`), written on the reference's line. */
const KIND_WORD = /^[a-z-]+\s*:\s*/;

export class TopoRenameProvider extends DefaultRenameProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override async rename(
        document: LangiumDocument,
        params: RenameParams,
        cancelToken?: CancellationToken,
    ): Promise<WorkspaceEdit | undefined> {
        if (!VALID_NAME.test(params.newName)) {
            throw new ResponseError(
                INVALID_PARAMS,
                `'${params.newName}' is not a valid name: use letters, digits, '_' and '-', starting with a letter or '_' (no dots: they qualify names).`,
            );
        }
        const target = this.targetAt(document, params);
        const oldName = (target as { name?: unknown } | undefined)?.name;
        const edit = await super.rename(document, params, cancelToken);
        if (!edit?.changes || !target || typeof oldName !== 'string') return edit;
        for (const [uri, edits] of Object.entries(edit.changes)) {
            const text = this.documents.getDocument(URI.parse(uri))?.textDocument;
            for (const e of edits) {
                const written = text?.getText(e.range);
                if (written && (written.endsWith(`.${oldName}`) || written.endsWith(`:${oldName}`)))
                    e.newText = `${written.slice(0, -oldName.length)}${params.newName}`;
            }
        }
        if (ast.isVpc(target) || ast.isTransitGateway(target))
            this.renameQualifiers(target, oldName, params.newName, edit.changes);
        return edit;
    }

    private targetAt(document: LangiumDocument, params: RenameParams): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findDeclarationNodeAtOffset(
            root,
            document.textDocument.offsetAt(params.position),
            this.grammarConfig.nameRegexp,
        );
        return leaf ? this.references.findDeclarations(leaf)[0] : undefined;
    }

    /** `web.app-a` -> `web2.app-a` for every qualified reference to a member of the renamed container. */
    private renameQualifiers(
        container: ast.Vpc | ast.TransitGateway,
        oldName: string,
        newName: string,
        changes: Record<string, TextEdit[]>,
    ): void {
        for (const member of AstUtils.streamContents(container)) {
            for (const ref of this.references.findReferences(member, { includeDeclaration: false })) {
                const uri = ref.sourceUri.toString();
                const written = this.documents.getDocument(ref.sourceUri)?.textDocument.getText(ref.segment.range);
                // `subnet:web.app-a`: the qualifier follows the kind word.
                const kind = written ? (KIND_WORD.exec(written)?.[0].length ?? 0) : 0;
                if (!written?.slice(kind).startsWith(`${oldName}.`)) continue;
                const at = ref.segment.range.start;
                const start = { line: at.line, character: at.character + kind };
                const list = (changes[uri] ??= []);
                const existing = list.find(
                    (e) => e.range.start.line === start.line && e.range.start.character === start.character,
                );
                if (existing) existing.newText = `${newName}${existing.newText.slice(oldName.length)}`;
                else
                    list.push({
                        range: { start, end: { line: start.line, character: start.character + oldName.length } },
                        newText: newName,
                    });
            }
        }
    }
}
