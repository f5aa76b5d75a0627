/**
 * Block reparsing, after rust-analyzer's: when an edit falls strictly inside one braced block (a region, a VPC, a
 * transit gateway or a route table) of a document that parsed without errors, only that block is parsed again
 * (Langium parses from any rule) and spliced into the tree, and every CST leaf after it moves by the edit. A
 * keystroke in a 10k-line file then costs a block's parse, not the file's.
 *
 * Why the result is the full parse's: the block starts and ends at whitespace, so lexing it alone gives the
 * tokens the whole text gives there, and the text around it lexes as before; the block's first and last tokens
 * (its keyword and its closing brace) are untouched, so the parser enters and leaves it as before. Anything
 * else is a full parse: an edit touching a block's first or last token or spanning blocks, a lexing or parse
 * error before or after. test/language/incremental-parse.test.ts holds the result to a full parse of the same
 * text, edit after edit.
 *
 * The root AST node is new after a splice (its statements are re-parented to it): everything keyed by a
 * document's root (the analysis, the model cache) sees a changed document.
 */
import type { AstNode, CstNode, LangiumParser, ParseResult } from 'langium';
import { isRootCstNode } from 'langium';

/** Node types whose rule ends with their closing brace and that parse on their own. */
const BLOCK_TYPES: ReadonlySet<string> = new Set(['Region', 'Vpc', 'TransitGateway', 'RouteTable']);

interface MutableLeaf {
    _offset: number;
    _range: { start: { line: number; character: number }; end: { line: number; character: number } };
    root: unknown;
}

interface MutableComposite {
    content: CstNode[] & { splice(start: number, count: number, ...items: CstNode[]): CstNode[] };
    root: unknown;
    _rangeCache?: unknown;
    astNode: AstNode;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The parse of `newText` made by reparsing one block of `old` (the parse of `oldText`), or undefined. */
export function reparseBlock<T extends AstNode>(
    parser: LangiumParser,
    old: ParseResult<T>,
    oldText: string,
    newText: string,
): ParseResult<T> | undefined {
    if (old.lexerErrors.length > 0 || old.parserErrors.length > 0 || (old.lexerReport?.diagnostics.length ?? 0) > 0)
        return undefined;
    const rootCst = old.value.$cstNode;
    if (!rootCst || !isRootCstNode(rootCst) || rootCst.fullText !== oldText) return undefined;

    const { start, oldEnd } = editOf(oldText, newText);
    const delta = newText.length - oldText.length;
    if (start === oldText.length && delta === 0) return undefined;

    const block = innermostBlock(old.value, start, oldEnd);
    if (!block?.$cstNode) return undefined;
    const cst = block.$cstNode;
    const spanStart = cst.offset;
    const oldSpanEnd = cst.end;
    const newSpanEnd = oldSpanEnd + delta;
    // Whitespace (or the text's edge) on both sides: the block lexes alone as it lexes in the whole text.
    if (!edgeOk(newText, spanStart - 1) || !edgeOk(newText, newSpanEnd)) return undefined;

    const sub = parser.parse(newText.slice(spanStart, newSpanEnd), { rule: block.$type });
    if (sub.lexerErrors.length > 0 || sub.parserErrors.length > 0 || (sub.lexerReport?.diagnostics.length ?? 0) > 0)
        return undefined;
    const fresh = sub.value as Mutable<AstNode>;
    const freshCst = fresh.$cstNode;
    if (fresh.$type !== block.$type || !freshCst || freshCst.offset !== 0 || freshCst.end !== newSpanEnd - spanStart)
        return undefined;

    const container = block.$container as Record<string, unknown> | undefined;
    const property = block.$containerProperty;
    const parent = cst.container as unknown as MutableComposite | undefined;
    const at = parent ? parent.content.indexOf(cst) : -1;
    if (!container || !property || !parent || at < 0) return undefined;

    // Nothing has changed yet. The CST: the new block's nodes move to the block's place and hang from the document's
    // root; every leaf after the block moves by the edit; cached composite ranges are dropped.
    const oldEndPos = cst.range.end;
    const startPos = cst.range.start;
    for (const node of allNodes(freshCst)) {
        (node as unknown as { root: unknown }).root = rootCst.root;
        if (isLeaf(node)) {
            const leaf = node as unknown as MutableLeaf;
            leaf._offset += spanStart;
            leaf._range = {
                start: {
                    line: leaf._range.start.line + startPos.line,
                    character: leaf._range.start.character + (leaf._range.start.line === 0 ? startPos.character : 0),
                },
                end: {
                    line: leaf._range.end.line + startPos.line,
                    character: leaf._range.end.character + (leaf._range.end.line === 0 ? startPos.character : 0),
                },
            };
        } else {
            delete (node as unknown as MutableComposite)._rangeCache;
        }
    }
    const newEndPos = freshCst.range.end;
    const lineShift = newEndPos.line - oldEndPos.line;
    const charShift = newEndPos.character - oldEndPos.character;
    const move = (p: { line: number; character: number }) => ({
        line: p.line + lineShift,
        character: p.character + (p.line === oldEndPos.line ? charShift : 0),
    });
    // Only the block's ancestors and what follows them are walked: of an ancestor's children, those before the one
    // on the path to the block end before it and are untouched. A keystroke that adds no line moves only offsets,
    // and the ranges of the lines below the block's last one stay as they are (no allocation per token).
    const path = new Set<CstNode>();
    for (let n: CstNode | undefined = cst; n; n = n.container) path.add(n);
    const stack: CstNode[] = [rootCst];
    while (stack.length > 0) {
        const node = stack.pop()!;
        if (isLeaf(node)) {
            const leaf = node as unknown as MutableLeaf;
            if (leaf._offset < oldSpanEnd) continue;
            leaf._offset += delta;
            const range = leaf._range;
            if (lineShift !== 0 || range.start.line === oldEndPos.line || range.end.line === oldEndPos.line)
                leaf._range = { start: move(range.start), end: move(range.end) };
            continue;
        }
        const composite = node as unknown as MutableComposite;
        if (composite._rangeCache !== undefined) composite._rangeCache = undefined;
        if (node === cst) continue;
        const content = composite.content;
        if (!path.has(node)) {
            for (let i = 0; i < content.length; i++) stack.push(content[i]);
            continue;
        }
        let i = content.length - 1;
        for (; i >= 0 && !path.has(content[i]); i--) stack.push(content[i]);
        if (i >= 0) stack.push(content[i]);
    }
    parent.content.splice(at, 1, freshCst);
    (rootCst as unknown as { _text: string })._text = newText;

    // The AST: the new block takes the old one's place; the root is a new object, its statements re-parented.
    fresh.$container = block.$container;
    fresh.$containerProperty = property;
    fresh.$containerIndex = block.$containerIndex;
    const slot = container[property];
    if (Array.isArray(slot)) slot[block.$containerIndex!] = fresh;
    else container[property] = fresh;
    const root = Object.assign(
        Object.create(Object.getPrototypeOf(old.value) as object) as object,
        old.value,
    ) as Mutable<T>;
    for (const [key, value] of Object.entries(root)) {
        if (key.startsWith('$')) continue;
        if (Array.isArray(value)) {
            const copy: unknown[] = [...(value as unknown[])];
            (root as Record<string, unknown>)[key] = copy;
            for (const item of copy) if (isAstNode(item)) (item as Mutable<AstNode>).$container = root;
        } else if (isAstNode(value)) {
            (value as Mutable<AstNode>).$container = root;
        }
    }
    (rootCst as unknown as MutableComposite).astNode = root;
    return {
        value: root,
        lexerErrors: [],
        parserErrors: [],
        ...(sub.lexerReport ? { lexerReport: sub.lexerReport } : {}),
    };
}

/** The edit between two texts: before[start, oldEnd) became after[start, newEnd) (a shared prefix and suffix). */
export function editOf(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
    const shortest = Math.min(before.length, after.length);
    // Whole chunks are compared as strings (a native comparison), then characters within the first that differs:
    // a keystroke in a 300 KB file compares the text on both sides of it.
    let start = 0;
    while (start + CHUNK <= shortest && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK))
        start += CHUNK;
    while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    let suffix = 0;
    const room = shortest - start;
    while (
        suffix + CHUNK <= room &&
        before.slice(before.length - suffix - CHUNK, before.length - suffix) ===
            after.slice(after.length - suffix - CHUNK, after.length - suffix)
    )
        suffix += CHUNK;
    while (
        suffix < room &&
        before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
    )
        suffix++;
    return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

const CHUNK = 1024;

/** The innermost block whose own tokens strictly enclose [start, end): its first and last tokens untouched. */
function innermostBlock(root: AstNode, start: number, end: number): AstNode | undefined {
    let found: AstNode | undefined;
    let node: CstNode | undefined = root.$cstNode;
    while (node && !isLeaf(node)) {
        const children = (node as unknown as MutableComposite).content;
        let next: CstNode | undefined;
        for (const child of children) {
            if (child.offset <= start && end <= child.end) {
                next = child;
                break;
            }
            if (child.offset > end) break;
        }
        if (!next) break;
        node = next;
        const ast = (node as unknown as { _astNode?: AstNode })._astNode;
        if (ast && ast.$cstNode === node && BLOCK_TYPES.has(ast.$type) && strictlyInside(node, start, end)) found = ast;
    }
    return found;
}

/** The edit leaves the node's first token, its last token (a closing brace) and one character inside each alone. */
function strictlyInside(node: CstNode, start: number, end: number): boolean {
    const first = edgeLeaf(node, 'firstNonHiddenNode');
    const last = edgeLeaf(node, 'lastNonHiddenNode');
    if (!first || !last || last.text !== '}') return false;
    return start > first.end && end < last.offset;
}

function edgeLeaf(node: CstNode, side: 'firstNonHiddenNode' | 'lastNonHiddenNode'): CstNode | undefined {
    let n: CstNode | undefined = node;
    while (n && !isLeaf(n)) n = (n as unknown as Record<typeof side, CstNode | undefined>)[side];
    return n;
}

/** Every node of a subtree, parents first. */
function allNodes(top: CstNode): CstNode[] {
    const out: CstNode[] = [];
    const stack: CstNode[] = [top];
    while (stack.length > 0) {
        const node = stack.pop()!;
        out.push(node);
        if (!isLeaf(node)) stack.push(...(node as unknown as MutableComposite).content);
    }
    return out;
}

function edgeOk(text: string, index: number): boolean {
    if (index < 0 || index >= text.length) return true;
    const c = text.charCodeAt(index);
    return c === 32 || c === 9 || c === 10 || c === 13;
}

function isLeaf(node: CstNode): boolean {
    return !('content' in node);
}

function isAstNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}
