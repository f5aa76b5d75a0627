/**
 * The parser hands the linker the references it builds (TopoLinker recording): for a clean parse they must be
 * exactly the references a walk of the tree finds, with the same holder, property and index, in source order;
 * for a parse with errors the linker walks the tree instead.
 */
import { describe, expect, test } from 'vitest';
import { EmptyFileSystem, type AstNode, type LangiumDocument, type ReferenceInfo } from 'langium';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstShapes } from '../../src/language/ast-walk.js';
import { createTopoServices } from '../../src/language/topo-module.js';
import type { TopoLinker } from '../../src/language/topo-linker.js';
import { buildWorkspace } from '../../src/language/workspace.js';
import { generateTopology } from '../../bench/generate.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function topoFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? topoFiles(p) : f.endsWith('.topo') ? [p] : [];
    });
}

function walked(shapes: AstShapes, root: AstNode): ReferenceInfo[] {
    const out: ReferenceInfo[] = [];
    shapes.forEachReference(root, (container, reference, property, index) =>
        out.push({ reference, container, property, index }),
    );
    return out;
}

const plain = (r: ReferenceInfo): object => ({
    reference: r.reference,
    container: r.container,
    property: r.property,
    index: r.index,
});

function offset(r: ReferenceInfo): number {
    return r.reference.$refNode?.offset ?? -1;
}

async function build(
    texts: readonly string[],
): Promise<{ docs: LangiumDocument[]; linker: TopoLinker; shapes: AstShapes }> {
    const { Topo } = createTopoServices(EmptyFileSystem);
    const docs = await buildWorkspace(
        Topo,
        texts.map((text, i) => ({ uri: `file:///link/${i}.topo`, text })),
    );
    return { docs, linker: Topo.references.Linker as TopoLinker, shapes: AstShapes.of(Topo.shared.AstReflection) };
}

describe('TopoLinker: references recorded by the parser', () => {
    test('a clean parse records exactly the references of the tree, in source order (examples and a generated topology)', async () => {
        const texts = [...topoFiles(join(EXAMPLES, 'seed')), ...topoFiles(join(EXAMPLES, 'reference'))].map((f) =>
            readFileSync(f, 'utf8'),
        );
        texts.push(generateTopology({ lines: 2000, seed: 11 }));
        const { docs, linker, shapes } = await build(texts);
        let total = 0;
        for (const doc of docs) {
            const root = doc.parseResult.value;
            expect(doc.parseResult.parserErrors).toEqual([]);
            const recorded = linker.referencesOf(root);
            const tree = walked(shapes, root);
            // Recorded, not walked: a walk would give new objects in the grammar's property order.
            expect(recorded.every((r) => r.constructor.name === 'RecordedReference')).toBe(true);
            expect(new Map(recorded.map((r) => [r.reference, plain(r)]))).toEqual(
                new Map(tree.map((r) => [r.reference, plain(r)])),
            );
            const offsets = recorded.map(offset);
            expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
            total += recorded.length;
        }
        expect(total).toBeGreaterThan(1000);
    });

    test('every reference of a clean parse is linked, as with the walk', async () => {
        const { docs } = await build([generateTopology({ lines: 800, seed: 5 })]);
        const doc = docs[0];
        const { Topo } = createTopoServices(EmptyFileSystem);
        const shapes = AstShapes.of(Topo.shared.AstReflection);
        const refs = walked(shapes, doc.parseResult.value);
        expect(refs.length).toBeGreaterThan(100);
        expect(
            refs
                .filter((r) => !('ref' in r.reference) || r.reference.ref === undefined)
                .map((r) => r.reference.$refText),
        ).toEqual([]);
        expect(doc.references.length).toBe(refs.length);
    });

    test('a parse with syntax errors is walked: dropped nodes bring no references', async () => {
        const text =
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 routes rt\n    route-table rt {\n      0.0.0.0/0 -> \n    }\n    instance i in s\n  }\n  vpc';
        const { docs, linker, shapes } = await build([text]);
        const root = docs[0].parseResult.value;
        expect(docs[0].parseResult.parserErrors.length).toBeGreaterThan(0);
        const refs = linker.referencesOf(root);
        expect(refs.some((r) => r.constructor.name === 'RecordedReference')).toBe(false);
        expect(refs.map(plain)).toEqual(walked(shapes, root).map(plain));
    });

    test('a linking error in a list points at the right item (the index is read from the list)', async () => {
        const text =
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet a 10.0.0.0/24 az a\n    subnet b 10.0.1.0/24 az b\n    nlb lb in a, nope, b\n  }\n}\n';
        const { docs } = await build([text]);
        const doc = docs[0];
        const errors = (doc.diagnostics ?? []).filter((d) => /nope/.test(d.message));
        expect(errors).toHaveLength(1);
        const line = text.split('\n')[errors[0].range.start.line];
        expect(line.slice(errors[0].range.start.character, errors[0].range.end.character)).toBe('nope');
    });

    test('a re-parse records the new tree; the old one keeps its own list', async () => {
        const { Topo } = createTopoServices(EmptyFileSystem);
        const linker = Topo.references.Linker as TopoLinker;
        const first = Topo.parser.LangiumParser.parse(
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 routes rt\n    route-table rt { }\n  }\n}\n',
        ).value;
        const second = Topo.parser.LangiumParser.parse(
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 routes rt\n    subnet t 10.0.1.0/24 routes rt\n    route-table rt { }\n  }\n}\n',
        ).value;
        expect(linker.referencesOf(first).map((r) => r.reference.$refText)).toEqual(['rt']);
        expect(linker.referencesOf(second).map((r) => r.reference.$refText)).toEqual(['rt', 'rt']);
    });
});

describe('unresolved-reference messages', () => {
    test('quote a name at most 40 characters long, so a pasted megabyte is not repeated in the message', async () => {
        const huge = 'n'.repeat(500_000);
        const {
            docs: [doc],
        } = await build([
            `region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n    route-table rt {\n      0.0.0.0/0 -> ${huge}\n` +
                `      10.9.0.0/16 -> ${'k'.repeat(300_000)}:x\n    }\n  }\n}\n`,
        ]);
        const messages = (doc.diagnostics ?? []).filter((d) => d.message.startsWith('No ')).map((d) => d.message);
        expect(messages).toHaveLength(2);
        expect(messages[0]).toContain(`'${'n'.repeat(40)}…'`);
        expect(messages[1]).toContain(`'${'k'.repeat(40)}…' is not a kind of element`);
        for (const m of messages) expect(m.length, m).toBeLessThan(400);
    });
});
