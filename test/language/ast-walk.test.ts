/** The reflection-driven walks visit exactly what Langium's generic streams visit, in the same order. */
import { describe, expect, test } from 'vitest';
import { AstUtils, EmptyFileSystem, type AstNode } from 'langium';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstShapes } from '../../src/language/ast-walk.js';
import { createTopoServices } from '../../src/language/topo-module.js';
import { buildWorkspace } from '../../src/language/workspace.js';
import { generateTopology } from '../../bench/generate.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function topoFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? topoFiles(p) : f.endsWith('.topo') ? [p] : [];
    });
}

async function roots(texts: readonly string[]): Promise<AstNode[]> {
    const { Topo } = createTopoServices(EmptyFileSystem);
    const docs = await buildWorkspace(
        Topo,
        texts.map((text, i) => ({ uri: `file:///walk/${i}.topo`, text })),
    );
    return docs.map((d) => d.parseResult.value);
}

describe('AstShapes', () => {
    const inputs = [
        ...topoFiles(EXAMPLES).map((f) => readFileSync(f, 'utf8')),
        generateTopology({ lines: 1500, seed: 3 }),
        'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 routes\n    instance i in\n  }\n  vpc',
    ];

    test('every node, parents first, in source order (examples, a generated topology, a half-typed file)', async () => {
        const shapes = new AstShapes(createTopoServices(EmptyFileSystem).Topo.shared.AstReflection);
        let total = 0;
        for (const root of await roots(inputs)) {
            const walked: AstNode[] = [];
            shapes.forEachNode(root, (n) => walked.push(n));
            expect(walked).toEqual(AstUtils.streamAst(root).toArray());
            total += walked.length;
        }
        expect(total).toBeGreaterThan(1000);
    });

    test("every reference, with its holder, property and index (within one node, in the grammar's property order)", async () => {
        const shapes = new AstShapes(createTopoServices(EmptyFileSystem).Topo.shared.AstReflection);
        let total = 0;
        for (const root of await roots(inputs)) {
            const walked = new Map<unknown, unknown>();
            shapes.forEachReference(root, (container, reference, property, index) =>
                walked.set(reference, { container, property, index }),
            );
            const langium = new Map<unknown, unknown>();
            for (const r of AstUtils.streamAst(root).flatMap((n) => AstUtils.streamReferences(n)))
                langium.set(r.reference, { container: r.container, property: r.property, index: r.index });
            expect(walked).toEqual(langium);
            total += walked.size;
        }
        expect(total).toBeGreaterThan(500);
    });
});
