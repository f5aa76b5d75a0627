/**
 * The checker and the tracer never disagree. Every rule marked `paths` states, with each finding, the flows it
 * speaks of and the tracer's verdict for them (Finding.flows). Over hundreds of random topologies, each such claim is
 * asked again of a fresh engine (nothing cached, nothing shared with the rule), and the answer must be the same:
 * verdict, reason and the hop where the trace stops. The run also counts how often each path rule fired and how many
 * of its claims were checked, so that a generator that stops exercising a rule fails the test instead of passing it
 * vacuously. asymmetric-inspection's flows must also be flows that can start: a NAT gateway, a GWLB endpoint or a TGW
 * attachment ENI opens no connection, so its flows start at a host, a load balancer or the internet.
 */
import { describe, expect, test } from 'vitest';
import type { TopologyIndex } from '../../src/model/topology-index.js';
import { ALL_RULES } from '../../src/rules/registry.js';
import type { Finding } from '../../src/rules/types.js';
import type { FlowStart } from '../../src/trace/types.js';
import { TraceEngine } from '../../src/trace/engine.js';
import { engineFor } from '../../src/trace/engine.js';
import { analyze } from '../helpers.js';
import { randomTopology } from './random-topology.js';

const SEEDS = 500;
const PATH_RULES = ALL_RULES.filter((r) => r.paths);

/** A flow can start here: the internet, a host, or a subnet with a host or a load balancer's node (GWLBs aside). */
function canStart(index: TopologyIndex, from: FlowStart): boolean {
    if (from.kind !== 'element') return true;
    const e = index.get(from.id);
    if (e?.kind === 'instance' || e?.kind === 'eni') return true;
    if (e?.kind !== 'subnet') return false;
    const lbs = index.lbsByVpc.get(e.vpc) ?? [];
    return (
        (index.hostsBySubnet.get(e.id) ?? []).length > 0 ||
        lbs.some((l) => l.lbType !== 'gwlb' && l.subnets.includes(e.id))
    );
}

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
        // asymmetric-inspection claims about flows that cross a transit gateway (centralized inspection), and the
        // asymmetric internet flows the tracer finds that it checked the rule for.
        let throughTgw = 0;
        let egressChecked = 0;
        for (let seed = 0; seed < SEEDS; seed++) {
            const { topology, index } = await analyze(randomTopology(seed));
            const fresh = new TraceEngine(topology);
            const asymmetricClaims = new Set<string>();
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
                        if (rule.code === 'asymmetric-inspection') {
                            asymmetricClaims.add(JSON.stringify([claim.from, claim.to]));
                            if (!canStart(index, claim.from))
                                disagreements.push(
                                    `seed ${seed} ${rule.code}: a flow from ${JSON.stringify(claim.from)}, where no flow starts`,
                                );
                            if (r.forward.some((h) => h.kind === 'transit-gateway')) throughTgw++;
                        }
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
            // The other way round: a host's internet flow that the tracer finds coming back through another GWLBE than it
            // went (or skipping one) is a flow the rule states. Hosts in VPCs with GWLB endpoints and no TGW, whose replies
            // no TGW can send to another AZ (that is tgw-appliance-mode's finding).
            for (const vpc of topology.vpcs) {
                const gwlbes = (index.endpointsByVpc.get(vpc.id) ?? []).some((e) => e.endpointType === 'gwlb');
                if (!gwlbes || (index.attachmentsByVpc.get(vpc.id) ?? []).length > 0) continue;
                for (const s of index.subnetsByVpc.get(vpc.id) ?? []) {
                    const host = (index.hostsBySubnet.get(s.id) ?? [])[0];
                    if (!host) continue;
                    const flow = [{ kind: 'element', id: host.id }, { kind: 'internet' }] as const;
                    const r = fresh.trace(flow[0], flow[1]);
                    const viaGwlbe = [...r.forward, ...r.return].some((h) => {
                        const e = h.kind === 'endpoint-eni' && h.id ? topology.byId[h.id] : undefined;
                        return e?.kind === 'endpoint' && e.endpointType === 'gwlb';
                    });
                    if (r.reason !== 'asymmetric-return' || !viaGwlbe) continue;
                    egressChecked++;
                    if (!asymmetricClaims.has(JSON.stringify(flow)))
                        disagreements.push(
                            `seed ${seed} asymmetric-inspection: ${host.name} -> internet is asymmetric through a GWLBE, and no finding says so`,
                        );
                }
            }
        }
        expect(disagreements).toEqual([]);
        // Each path rule fired in some topologies, and its claims were checked: the property was tested, not assumed.
        for (const [code, n] of fired) expect(n, code).toBeGreaterThan(2);
        for (const r of PATH_RULES) expect(claimed.get(r.code), `${r.code} claims`).toBeGreaterThan(2);
        // Including the reply that takes another AZ's GWLBE in an inspection VPC behind a transit gateway.
        expect(throughTgw, 'asymmetric-inspection claims through a TGW').toBeGreaterThan(2);
        expect(egressChecked, 'asymmetric internet flows held to asymmetric-inspection').toBeGreaterThan(2);
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
