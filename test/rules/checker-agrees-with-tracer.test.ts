/**
 * The checker and the tracer never disagree. Every rule marked `paths` states, with each finding, the flows it
 * speaks of and the tracer's verdict for them (Finding.flows). Over hundreds of random topologies, each such claim is
 * asked again of a fresh engine (nothing cached, nothing shared with the rule), and the answer must be the same:
 * verdict, reason and the hop where the trace stops. The run also counts how often each path rule fired, so that a
 * generator that stops exercising a rule fails the test instead of passing it vacuously.
 */
import { describe, expect, test } from 'vitest';
import { ALL_RULES } from '../../src/rules/registry.js';
import type { Finding } from '../../src/rules/types.js';
import { TraceEngine } from '../../src/trace/engine.js';
import { engineFor } from '../../src/trace/engine.js';
import { analyze } from '../helpers.js';
import { randomTopology } from './random-topology.js';

const SEEDS = 500;
const PATH_RULES = ALL_RULES.filter((r) => r.paths);

describe('the checker and the tracer never disagree', () => {
    test('some rules state paths (sanity)', () => {
        expect(PATH_RULES.map((r) => r.code).sort()).toEqual(
            [
                'asymmetric-inspection',
                'gwlbe-no-onward-route',
                'ingress-needs-public-ip',
                'nat-in-private-subnet',
                'tgw-appliance-mode',
                'tgw-attachment-missing-az',
            ].sort(),
        );
    });

    test(`every path finding of ${SEEDS} random topologies is the tracer's verdict for its flows`, async () => {
        const fired = new Map<string, number>(PATH_RULES.map((r) => [r.code, 0]));
        const claimed = new Map<string, number>();
        const disagreements: string[] = [];
        for (let seed = 0; seed < SEEDS; seed++) {
            const { topology, index } = await analyze(randomTopology(seed));
            const fresh = new TraceEngine(topology);
            // Every rule's claims are checked; rules marked `paths` must make one with each finding.
            for (const rule of ALL_RULES) {
                const found: Finding<unknown>[] = [];
                rule.check({
                    topology,
                    index,
                    engine: engineFor(topology, index),
                    report: (f: Finding<unknown>) => found.push(f),
                });
                if (rule.paths) fired.set(rule.code, fired.get(rule.code)! + found.length);
                for (const f of found) {
                    if (!f.flows?.length) {
                        if (!rule.paths) continue;
                        disagreements.push(`seed ${seed} ${rule.code}: a finding with no flow: ${f.message}`);
                        continue;
                    }
                    claimed.set(rule.code, (claimed.get(rule.code) ?? 0) + f.flows.length);
                    for (const claim of f.flows) {
                        const r = fresh.trace(claim.from, claim.to, claim.options);
                        const stop =
                            r.stoppedIn === 'return' ? r.return[r.stoppedAt ?? -1] : r.forward[r.stoppedAt ?? -1];
                        const said = `${claim.verdict}/${claim.reason}/${claim.stopsAt ?? '-'}`;
                        // A claim that names no stopping hop is held to the verdict and reason only.
                        const stopped = claim.stopsAt === undefined ? '-' : r.stoppedIn ? (stop?.id ?? '-') : '-';
                        const traced = `${r.verdict}/${r.reason}/${stopped}`;
                        if (said !== traced)
                            disagreements.push(
                                `seed ${seed} ${rule.code} ${JSON.stringify(claim.from)} -> ${JSON.stringify(claim.to)}: the finding says ${said}, the tracer ${traced}`,
                            );
                        // A finding speaks of a flow that fails: a reachable verdict is no finding.
                        if (claim.verdict !== 'blocked')
                            disagreements.push(`seed ${seed} ${rule.code}: a finding about a flow that works`);
                    }
                }
            }
        }
        expect(disagreements).toEqual([]);
        // Each path rule fired in some topologies: the property was tested, not assumed.
        for (const [code, n] of fired) expect(n, code).toBeGreaterThan(2);
        // Rules whose findings are facts of a route or a connection (a blackhole, a host whose source/destination check
        // drops what it is sent, a transit the peer refuses, an endpoint pending acceptance, refused by the service's
        // principals or in a Region the service has not enabled) state a flow where one exists; those claims were
        // made, and checked, too.
        const stated = [
            'route-blackhole',
            'route-target-source-dest-check',
            'peering-transitive',
            'endpoint-pending-acceptance',
            'endpoint-principal-not-allowed',
            'endpoint-region-not-enabled',
        ];
        for (const code of stated) expect(claimed.get(code), code).toBeGreaterThan(2);
    }, 240_000);
});
