/**
 * The benchmark's synthetic topologies: deterministic, of the requested size, syntactically valid, and
 * linked (every reference resolves), so that the benchmark measures checking rather than error recovery.
 */
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { createRng, generateTopology, generateTopologyFiles } from '../../bench/generate.js';
import { createTopoServices } from '../../src/language/topo-module.js';
import { analyzeFiles } from '../helpers.js';

const lineCount = (text: string): number => text.split('\n').length - 1;

describe('bench/generate', () => {
    test('the PRNG is seeded: same seed, same sequence; different seed, different sequence', () => {
        const a = createRng(7);
        const b = createRng(7);
        const c = createRng(8);
        const xs = Array.from({ length: 5 }, () => a());
        expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
        expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
        expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    });

    test('same seed and size give the same text; another seed gives another text', () => {
        const one = generateTopology({ lines: 800, seed: 42 });
        expect(generateTopology({ lines: 800, seed: 42 })).toBe(one);
        expect(generateTopology({ lines: 800, seed: 43 })).not.toBe(one);
        const files = generateTopologyFiles({ lines: 800, seed: 42, files: 4 });
        expect(generateTopologyFiles({ lines: 800, seed: 42, files: 4 })).toEqual(files);
    });

    test.each([100, 1_000, 10_000])('about %i lines are generated, within a tenth', (lines) => {
        const got = lineCount(generateTopology({ lines, seed: 1 }));
        expect(Math.abs(got - lines) / lines).toBeLessThan(0.1);
    });

    test.each([
        [1, 10_000],
        [2, 2_000],
        [3, 2_000],
        [1_000, 2_000],
        [10_000, 500],
    ])('seed %i parses without lexer or parser errors (%i lines)', (seed, lines) => {
        const { Topo } = createTopoServices(EmptyFileSystem);
        const result = Topo.parser.LangiumParser.parse(generateTopology({ lines, seed }));
        expect(result.lexerErrors).toEqual([]);
        expect(result.parserErrors).toEqual([]);
    });

    test('a generated topology links completely and has no language-level errors', async () => {
        const text = generateTopology({ lines: 1_500, seed: 5 });
        const { diagnostics } = await analyzeFiles([{ uri: 'file:///bench/one.topo', text }]);
        const language = [
            'syntax-error',
            'unresolved-reference',
            'duplicate-name',
            'cidr-invalid',
            'ip-invalid',
            'internal-error',
        ];
        expect(diagnostics.filter((d) => language.includes(d.code)).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    });

    test.each([5, 6, 7])(
        'seed %i: the generated estate follows AWS best practice, so no rule finds an error or a warning',
        async (seed) => {
            // Each VPC follows a documented pattern (same-AZ NAT, a GWLBE per AZ with symmetric edge routes, one TGW
            // attachment subnet per AZ, providers in every AZ, peers that do not overlap). A finding here is either a
            // false positive in a rule or a generator bug; both are worth knowing.
            const text = generateTopology({ lines: 2_000, seed });
            const { diagnostics } = await analyzeFiles([{ uri: 'file:///bench/one.topo', text }]);
            const serious = diagnostics.filter((d) => d.severity === 1 || d.severity === 2);
            expect(serious.map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
        },
    );

    test('the split variant spreads the same estate over several files that link together', async () => {
        const files = generateTopologyFiles({ lines: 1_500, seed: 5, files: 5 });
        expect(files).toHaveLength(5);
        expect(new Set(files.map((f) => f.uri)).size).toBe(5);
        const total = files.reduce((n, f) => n + lineCount(f.text), 0);
        expect(Math.abs(total - 1_500) / 1_500).toBeLessThan(0.15);
        const { diagnostics, topology } = await analyzeFiles(files);
        const language = [
            'syntax-error',
            'unresolved-reference',
            'duplicate-name',
            'cidr-invalid',
            'ip-invalid',
            'internal-error',
        ];
        expect(
            diagnostics.filter((d) => language.includes(d.code)).map((d) => `${d.uri} ${d.code}: ${d.message}`),
        ).toEqual([]);
        const single = await analyzeFiles([
            { uri: 'file:///bench/one.topo', text: generateTopology({ lines: 1_500, seed: 5 }) },
        ]);
        expect(topology.vpcs.length).toBe(single.topology.vpcs.length);
        expect(topology.peerings.length).toBe(single.topology.peerings.length);
        expect(topology.tgwAttachments.length).toBe(single.topology.tgwAttachments.length);
    });

    test('the estate uses every pattern: NAT egress, PrivateLink, GWLB ingress, peering, TGW, several regions', async () => {
        const { topology } = await analyzeFiles([
            { uri: 'file:///bench/one.topo', text: generateTopology({ lines: 3_000, seed: 9 }) },
        ]);
        expect(topology.regions.length).toBe(3);
        expect(topology.nats.length).toBeGreaterThan(0);
        expect(
            topology.endpoints.some((e) => e.endpointType === 'interface' && e.service.kind === 'endpoint-service'),
        ).toBe(true);
        expect(topology.endpoints.some((e) => e.endpointType === 'gwlb')).toBe(true);
        expect(topology.endpoints.some((e) => e.endpointType === 'gateway')).toBe(true);
        expect(topology.routeTables.some((rt) => rt.edges.length > 0)).toBe(true);
        expect(topology.peerings.length).toBeGreaterThan(0);
        expect(topology.tgwAttachments.length).toBeGreaterThan(0);
        expect(topology.endpointServices.every((s) => s.backing === 'nlb' || s.backing === 'gwlb')).toBe(true);
    });
});
