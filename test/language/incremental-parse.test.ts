/**
 * Block reparsing must give exactly what a full parse gives: the same AST (types, properties, references'
 * texts, containment and source ranges) and the same CST leaves (offsets, ranges, token types, hidden or not),
 * edit after edit, on the examples and a generated topology. Random edits of several kinds walk through texts
 * that parse cleanly (an edit whose full parse has errors is undone, after checking that block reparsing
 * refused it too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstNode, CstNode, LangiumParser, LeafCstNode, ParseResult } from 'langium';
import { CstUtils, EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { generateTopology } from '../../bench/generate.js';
import { editOf, reparseBlock } from '../../src/language/incremental-parse.js';
import { createTopoServices } from '../../src/language/topo-module.js';

const parser: LangiumParser = createTopoServices(EmptyFileSystem).Topo.parser.LangiumParser;
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

const isNode = (v: unknown): v is AstNode =>
    typeof v === 'object' && v !== null && typeof (v as AstNode).$type === 'string';
const isRef = (v: unknown): v is { $refText: string; $refNode?: CstNode } =>
    typeof v === 'object' && v !== null && '$refText' in v;

/** Everything a parse says about a node, as plain data. */
function shape(node: AstNode): unknown {
    const props: Record<string, unknown> = {};
    const value = (v: unknown): unknown =>
        isNode(v)
            ? shape(v)
            : isRef(v)
              ? { ref: v.$refText, at: v.$refNode?.range }
              : Array.isArray(v)
                ? v.map(value)
                : v;
    for (const [k, v] of Object.entries(node)) if (!k.startsWith('$')) props[k] = value(v);
    return {
        type: node.$type,
        in: node.$containerProperty,
        index: node.$containerIndex,
        range: node.$cstNode?.range,
        offset: node.$cstNode?.offset,
        end: node.$cstNode?.end,
        props,
    };
}

function leaves(result: ParseResult): unknown[] {
    const root = result.value.$cstNode!.root;
    const all = CstUtils.streamCst(result.value.$cstNode!).toArray();
    // Every node hangs from the document's root.
    expect(all.filter((n) => n.root !== root)).toEqual([]);
    return all
        .filter((n): n is LeafCstNode => !('content' in n))
        .map((n) => [n.offset, n.length, n.range, n.tokenType.name, n.hidden, n.text]);
}

function same(mine: ParseResult, full: ParseResult, text: string): void {
    expect(mine.value.$cstNode?.root.fullText).toBe(text);
    expect(leaves(mine)).toEqual(leaves(full));
    expect(shape(mine.value)).toEqual(shape(full.value));
    // Containment: every node's container is the node that holds it.
    for (const n of [mine.value, ...streamAst(mine.value)]) {
        for (const [k, v] of Object.entries(n)) {
            if (k.startsWith('$')) continue;
            for (const child of Array.isArray(v) ? v : [v]) if (isNode(child)) expect(child.$container).toBe(n);
        }
    }
}

function streamAst(root: AstNode): AstNode[] {
    const out: AstNode[] = [];
    const visit = (n: AstNode): void => {
        for (const [k, v] of Object.entries(n)) {
            if (k.startsWith('$')) continue;
            for (const child of Array.isArray(v) ? v : [v]) {
                if (isNode(child)) {
                    out.push(child);
                    visit(child);
                }
            }
        }
    };
    visit(root);
    return out;
}

const clean = (r: ParseResult): boolean => r.lexerErrors.length === 0 && r.parserErrors.length === 0;

/** One random edit of `text`, of a kind picked by `next`. */
function edit(text: string, next: (n: number) => number): string {
    const pick = (re: RegExp): RegExpExecArray | undefined => {
        const all = [...text.matchAll(re)];
        return all.length ? all[next(all.length)] : undefined;
    };
    switch (next(7)) {
        case 0: {
            // a digit changed
            const m = pick(/\d/g);
            return m ? text.slice(0, m.index) + String(next(10)) + text.slice(m.index + 1) : text;
        }
        case 1: {
            // a name grows
            const m = pick(/[a-z]/g);
            return m ? text.slice(0, m.index + 1) + 'x' + text.slice(m.index + 1) : text;
        }
        case 2: {
            // a line deleted
            const m = pick(/\n[^\n]*/g);
            return m ? text.slice(0, m.index) + text.slice(m.index + m[0].length) : text;
        }
        case 3: {
            // a line duplicated (a duplicate name is still a clean parse)
            const m = pick(/\n[^\n]*/g);
            return m ? text.slice(0, m.index) + m[0] + m[0] + text.slice(m.index + m[0].length) : text;
        }
        case 4: {
            // a comment line
            const m = pick(/\n/g);
            return m ? `${text.slice(0, m.index)}\n    // note ${next(100)}${text.slice(m.index)}` : text;
        }
        case 5: {
            // a character deleted anywhere
            const at = next(text.length);
            return text.slice(0, at) + text.slice(at + 1);
        }
        default: {
            // garbage typed anywhere
            const at = next(text.length);
            return text.slice(0, at) + ['{', '}', '"', '/*', 'x', ' 1.', '->'][next(7)] + text.slice(at);
        }
    }
}

function walk(start: string, steps: number, seed: number): { spliced: number; refused: number } {
    let s = seed;
    const next = (n: number): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
    let text = start;
    let current = parser.parse(text);
    expect(clean(current)).toBe(true);
    let spliced = 0;
    let refused = 0;
    for (let i = 0; i < steps; i++) {
        const changed = edit(text, next);
        if (changed === text) continue;
        const full = parser.parse(changed);
        // Reparse a fresh copy when the full parse fails, so that an (erroneous) splice cannot spoil the walk.
        const mine = reparseBlock(parser, clean(full) ? current : parser.parse(text), text, changed);
        if (!clean(full)) {
            expect(mine, `a splice where the full parse has errors:\n${changed}`).toBeUndefined();
            refused++;
            continue;
        }
        if (mine) {
            same(mine, full, changed);
            spliced++;
            current = mine;
        } else {
            current = full;
        }
        text = changed;
    }
    return { spliced, refused };
}

const examples = ['seed', 'reference'].flatMap((group) =>
    readdirSync(join(EXAMPLES, group))
        .filter((f) => f.endsWith('.topo'))
        .map((f) => [`${group}/${f}`, readFileSync(join(EXAMPLES, group, f), 'utf8')] as const),
);

describe('block reparsing gives what a full parse gives', () => {
    test.each(examples)('%s: 150 random edits', (_name, text) => {
        const { spliced, refused } = walk(text, 150, 7);
        expect(spliced).toBeGreaterThan(20);
        expect(refused).toBeGreaterThan(0);
    });

    test('a generated 400-line topology: 80 random edits', () => {
        const { spliced } = walk(generateTopology({ lines: 400, seed: 3 }), 80, 5);
        expect(spliced).toBeGreaterThan(20);
    });

    test('kind-qualified references (`nat:n-a`, `subnet:gwlbe-a`): 120 random edits', () => {
        const text = `region eu-west-1 {
  az a
  vpc shop 10.0.0.0/16 {
    igw gw
    subnet gwlbe-a 10.0.2.0/24 az a
    subnet app 10.0.1.0/24 az a routes rt-app
    nat n-a in app private
    route-table rt-app {
      0.0.0.0/0 -> nat:n-a
      10.9.0.0/16 -> endpoint:gwlbe-a
    }
    route-table rt-edge edge igw:gw
    instance web in app
    nlb front in app targets instance:web
    endpoint gwlbe-a interface aws-service:ssm in gwlbe-a
  }
  trace web -> subnet:gwlbe-a
  expect web -> internet reachable via subnet : shop.app, nat:n-a
}
`;
        const { spliced } = walk(text, 120, 11);
        expect(spliced).toBeGreaterThan(20);
    });

    test('tokens after a one-line block, on its line, move with the edit', () => {
        const text =
            'region r {\n  vpc a 10.0.0.0/16 { subnet s 10.0.0.0/24 } vpc b 10.1.0.0/16 { } // two on a line\n}\n';
        for (const changed of [
            text.replace('10.0.0.0/24', '10.0.100.0/24'),
            text.replace('subnet s ', 'subnet s2 '),
            text.replace('10.0.0.0/24 }', '10.0.0.0/24 az a }'),
        ]) {
            const mine = reparseBlock(parser, parser.parse(text), text, changed);
            expect(mine).toBeDefined();
            same(mine!, parser.parse(changed), changed);
        }
    });

    test("an edit on a block's keyword or closing brace, or across two blocks, is a full parse", () => {
        const text =
            'region r {\n  vpc a 10.0.0.0/16 {\n    subnet s 10.0.0.0/24\n  }\n  vpc b 10.1.0.0/16 {\n  }\n}\n';
        const reparse = (changed: string) => reparseBlock(parser, parser.parse(text), text, changed);
        expect(reparse(text.replace('10.0.0.0/24', '10.0.1.0/24'))).toBeDefined();
        // Across the two VPCs, only the region encloses the edit; touching the region's own brace, nothing does.
        expect(reparse(text.replace('  }\n  vpc b', '  }\n  vpc c'))).toBeDefined();
        expect(reparse(text.replace(/\}\n$/, '}}\n'))).toBeUndefined();
        expect(reparse(text.replace('region r', 'regionx r'))).toBeUndefined();
    });

    // The `/*` is closed by the file's last comment: the block alone lexes differently from the whole text.
    test('a `/*` or a `"` typed inside a block, unclosed there, is a full parse', () => {
        const text = 'region r {\n  vpc a 10.0.0.0/16 {\n    subnet s 10.0.0.0/24\n  }\n}\n/* */\n';
        const reparse = (changed: string) => reparseBlock(parser, parser.parse(text), text, changed);
        for (const changed of [text.replace('subnet s', '/* subnet s'), text.replace('subnet s', 'subnet "s')]) {
            expect(reparse(changed)).toBeUndefined();
            const full = parser.parse(changed);
            expect(full.parserErrors.length + (full.lexerReport?.diagnostics.length ?? 0)).toBeGreaterThan(0);
        }
    });
});

describe('editOf', () => {
    /** The edit found one character at a time: the shared prefix, then the shared suffix of what is left. */
    function naive(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
        const shortest = Math.min(before.length, after.length);
        let start = 0;
        while (start < shortest && before[start] === after[start]) start++;
        let suffix = 0;
        while (suffix < shortest - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix])
            suffix++;
        return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
    }

    test('finds the shared prefix and suffix a character-by-character comparison finds, in long texts too', () => {
        let s = 11;
        const next = (n: number): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
        const base = generateTopology({ lines: 200, seed: 3 });
        let compared = 0;
        for (const length of [0, 1, 1023, 1024, 1025, 3000, base.length]) {
            const text = base.slice(0, length);
            for (let i = 0; i < 40; i++) {
                const at = next(text.length + 1);
                const cut = Math.min(text.length - at, next(3));
                const insert = ['', 'a', '\n', 'xyz', text.slice(0, next(2000))][next(5)];
                const changed = text.slice(0, at) + insert + text.slice(at + cut);
                expect(editOf(text, changed)).toEqual(naive(text, changed));
                compared++;
            }
        }
        // Edits at the chunk boundaries, and repeated text where prefix and suffix could overlap.
        const rep = 'ab'.repeat(2048);
        for (const at of [1023, 1024, 1025, 2047, 2048, 4095])
            for (const changed of [rep.slice(0, at) + rep.slice(at + 2), rep.slice(0, at) + 'ab' + rep.slice(at)]) {
                expect(editOf(rep, changed)).toEqual(naive(rep, changed));
                compared++;
            }
        expect(compared).toBe(7 * 40 + 12);
    });
});
