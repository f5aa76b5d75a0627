/**
 * What a quick fix needs: the diagnostic, its document, the workspace analysis, and small helpers to find
 * AST nodes and write minimal text edits. A fix changes only what its title says: it replaces one token or
 * inserts text, and never reformats anything else.
 */
import type { AstNode, CstNode, LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { WorkspaceAnalysis } from '../../src/language/topo-analysis.js';
import { astElementId } from '../../src/language/model-builder/ast-ids.js';
import type { DataCheck } from './fix-data.js';

/** `D`: the diagnostic's data, already checked (fix-data.ts) against its code's DiagnosticData. */
export interface FixContext<D = unknown> {
    readonly document: LangiumDocument;
    readonly diagnostic: Diagnostic;
    readonly data: D;
    readonly analysis: WorkspaceAnalysis;
    readonly documents: LangiumDocuments;
}

export type Fix<D> = (ctx: FixContext<D>) => CodeAction[];

/** A fix and the check of the data it reads; the registry (FIXES) pairs them per code. */
export interface FixEntry<D> {
    readonly data: DataCheck<D>;
    readonly fix: Fix<D>;
}

/** The innermost AST node of `type` at the diagnostic's start. */
export function nodeAt<T extends AstNode>(
    ctx: FixContext,
    is: (n: AstNode) => n is T,
    at: Position = ctx.diagnostic.range.start,
): T | undefined {
    const root = ctx.document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, ctx.document.textDocument.offsetAt(at));
    return leaf ? AstUtils.getContainerOfType(leaf.astNode, is) : undefined;
}

/** The AST node of an element id anywhere in the workspace, with its document. */
export function nodeOfId<T extends AstNode>(
    ctx: FixContext,
    id: string,
    is: (n: AstNode) => n is T,
): { node: T; document: LangiumDocument } | undefined {
    for (const document of ctx.documents.all) {
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            if (is(node) && astElementId(node) === id) return { node, document };
        }
    }
    return undefined;
}

export function propertyNodes(node: AstNode, property: string): CstNode[] {
    return node.$cstNode ? GrammarUtils.findNodesForProperty(node.$cstNode, property) : [];
}

/** The indentation of the line `node` starts on. */
export function indentOf(document: LangiumDocument, node: AstNode): string {
    const line = node.$cstNode?.range.start.line ?? 0;
    const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line, character: 10_000 } });
    return /^[ \t]*/.exec(text)![0];
}

/** An edit that inserts `lines` (already indented) on new lines after `node`'s last line. */
export function insertLinesAfter(node: AstNode, lines: readonly string[]): TextEdit | undefined {
    const end = node.$cstNode?.range.end;
    if (!end) return undefined;
    return { range: { start: end, end }, newText: lines.map((l) => `\n${l}`).join('') };
}

export function action(
    ctx: FixContext,
    title: string,
    changes: Record<string, TextEdit[]>,
    preferred = false,
): CodeAction {
    return {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [ctx.diagnostic],
        isPreferred: preferred,
        edit: { changes },
    };
}

export function replace(range: Range, newText: string): TextEdit {
    return { range, newText };
}

/** A name not yet used by `taken`, starting from `base`. */
export function freshName(base: string, taken: ReadonlySet<string>): string {
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
