/**
 * The index's reference half: which documents a change affects, known right after linking, and the reference
 * descriptions ("find references", rename) built on first use, the same as Langium's own.
 */
import { describe, expect, test } from 'vitest';
import { AstUtils, DefaultReferenceDescriptionProvider, EmptyFileSystem, type ReferenceDescription } from 'langium';
import { createTopoServices } from '../../src/language/topo-module.js';
import { buildWorkspace } from '../../src/language/workspace.js';
import { generateTopologyFiles } from '../../bench/generate.js';

const PROVIDER = {
    uri: 'file:///ws/provider.topo',
    text: 'region eu-west-1 {\n  vpc inspection 192.168.1.0/24 {\n    subnet appl-a 192.168.1.0/28 az a\n    instance fw-a in appl-a appliance\n    gwlb inspect in appl-a targets fw-a\n  }\n}',
};
const SERVICE = {
    uri: 'file:///ws/service.topo',
    text: 'endpoint-service inspect-svc backed-by inspection.inspect allow *',
};

const key = (d: ReferenceDescription): string =>
    `${d.sourceUri.toString()}#${d.sourcePath} -> ${d.targetUri.toString()}#${d.targetPath} @${d.segment.offset}+${d.segment.length} ${d.local}`;

describe('TopoIndexManager', () => {
    test('a document is affected by a change to a document it references, and not the other way round', async () => {
        const { Topo } = createTopoServices(EmptyFileSystem);
        const [provider, service] = await buildWorkspace(Topo, [PROVIDER, SERVICE]);
        const index = Topo.shared.workspace.IndexManager;
        expect(index.isAffected(service, new Set([PROVIDER.uri]))).toBe(true);
        expect(index.isAffected(provider, new Set([SERVICE.uri]))).toBe(false);
        expect(index.isAffected(service, new Set(['file:///ws/other.topo']))).toBe(false);
    });

    test('find references: the use in another file, with its range', async () => {
        const { Topo } = createTopoServices(EmptyFileSystem);
        const [provider] = await buildWorkspace(Topo, [PROVIDER, SERVICE]);
        const lb = AstUtils.streamAst(provider.parseResult.value).find((n) => n.$type === 'LoadBalancer');
        expect(lb).toBeDefined();
        const refs = Topo.shared.workspace.IndexManager.findAllReferences(
            lb!,
            Topo.workspace.AstNodeLocator.getAstNodePath(lb!),
        ).toArray();
        expect(refs).toHaveLength(1);
        expect(refs[0].sourceUri.toString()).toBe(SERVICE.uri);
        expect(SERVICE.text.slice(refs[0].segment.offset, refs[0].segment.end)).toBe('inspection.inspect');
    });

    test('the descriptions built on first use are those Langium builds right after linking', async () => {
        const { Topo } = createTopoServices(EmptyFileSystem);
        const docs = await buildWorkspace(Topo, generateTopologyFiles({ lines: 1200, seed: 5, files: 4 }));
        const langium = new DefaultReferenceDescriptionProvider(Topo);
        const expected: string[] = [];
        for (const d of docs) expected.push(...(await langium.createDescriptions(d)).map(key));
        // Every target of every description, asked through the index.
        const built = new Set<string>();
        const locator = Topo.workspace.AstNodeLocator;
        for (const d of docs) {
            for (const ref of d.references) {
                const target = 'ref' in ref ? ref.ref : undefined;
                if (target)
                    for (const r of Topo.shared.workspace.IndexManager.findAllReferences(
                        target,
                        locator.getAstNodePath(target),
                    ))
                        built.add(key(r));
            }
        }
        expect(expected.length).toBeGreaterThan(100);
        expect([...built].sort()).toEqual([...new Set(expected)].sort());
    });
});
