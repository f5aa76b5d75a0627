/**
 * asymmetric-inspection (src/rules/gwlb-symmetry.ts) on whole AWS designs, each written out as its guide draws it.
 * The verdicts are the tracer's (`TraceEngine.trace` on a fresh engine): the rule must fire exactly where a flow
 * that can start (at a host, a load balancer or the internet) comes back through another GWLB endpoint than it
 * went, and nowhere else. A NAT gateway, a GWLB endpoint or a TGW attachment ENI never opens a connection, so a
 * subnet that holds only those is no place a flow starts.
 * Sources: AWS News Blog, "Inspect Subnet to Subnet Traffic with Amazon VPC More Specific Routing"; Networking &
 * Content Delivery Blog, "Deployment models for AWS Network Firewall with VPC routing enhancements" and
 * "Centralized inspection architecture with AWS Gateway Load Balancer and AWS Transit Gateway"; VPC User Guide,
 * "Gateway route tables" and "Inspect traffic between subnets"; Gateway Load Balancer User Guide.
 */
import { describe, expect, it } from 'vitest';
import type { Hop, TraceEnd } from '../../src/trace/types.js';
import { ALL_RULES } from '../../src/rules/registry.js';
import type { Finding } from '../../src/rules/types.js';
import { engineFor, TraceEngine } from '../../src/trace/engine.js';
import { findTraceEnd } from '../../src/trace/names.js';
import { analyze, check, lineOf, type Analysed } from '../helpers.js';

const PROVIDER = `
account sec id 111111111111
account app id 222222222222
region eu-west-1 {
  az a = euw1-az1
  az b = euw1-az2
  vpc security 10.100.0.0/24 account sec {
    subnet appl-a 10.100.0.0/26  az a
    subnet appl-b 10.100.0.64/26 az b
    instance fw-a in appl-a appliance
    instance fw-b in appl-b appliance
    gwlb fw in appl-a, appl-b targets fw-a, fw-b
  }
  endpoint-service fw-svc backed-by security.fw allow app, sec
`;

/**
 * Egress inspection between the workloads and the NAT gateways ("VPC routing enhancements"): each app subnet sends
 * 0.0.0.0/0 to its AZ's GWLBE, the GWLBE subnet on to its AZ's NAT gateway, and the NAT subnet's table replaces part
 * of the local route: the app subnet's CIDR goes back through the same GWLBE, so the replies the NAT gateway
 * translates are inspected by the endpoint that saw the request.
 */
const EGRESS_NAT = `${PROVIDER}
  vpc work 10.0.0.0/16 account app {
    igw igw
    subnet app-a    10.0.1.0/24   az a routes rt-app-a
    subnet app-b    10.0.2.0/24   az b routes rt-app-b
    subnet gwlbe-a  10.0.10.0/28  az a routes rt-gwlbe-a
    subnet gwlbe-b  10.0.10.16/28 az b routes rt-gwlbe-b
    subnet public-a 10.0.20.0/28  az a routes rt-public-a
    subnet public-b 10.0.20.16/28 az b routes rt-public-b
    endpoint ep-a gwlb fw-svc in gwlbe-a
    endpoint ep-b gwlb fw-svc in gwlbe-b
    nat nat-a in public-a eip
    nat nat-b in public-b eip
    route-table rt-app-a { 0.0.0.0/0 -> ep-a }
    route-table rt-app-b { 0.0.0.0/0 -> ep-b }
    route-table rt-gwlbe-a { 0.0.0.0/0 -> nat-a }
    route-table rt-gwlbe-b { 0.0.0.0/0 -> nat-b }
    route-table rt-public-a {
      0.0.0.0/0   -> igw
      10.0.1.0/24 -> ep-a
    }
    route-table rt-public-b {
      0.0.0.0/0   -> igw
      10.0.2.0/24 -> ep-b
    }
    instance app-1a in app-a
    instance app-1b in app-b
  }
}`;

/**
 * Egress inspection between the NAT gateways and the internet gateway (Network Firewall Developer Guide,
 * "Architecture with an internet gateway and a NAT gateway"; the distributed GWLB model): the NAT subnet sends
 * 0.0.0.0/0 through its AZ's GWLBE to the IGW, and the IGW's edge table brings the replies for the NAT subnet back
 * through the same GWLBE.
 */
const EGRESS_EDGE = `${PROVIDER}
  vpc work 10.0.0.0/16 account app {
    igw igw
    subnet app-a    10.0.1.0/24   az a routes rt-app-a
    subnet app-b    10.0.2.0/24   az b routes rt-app-b
    subnet gwlbe-a  10.0.10.0/28  az a routes rt-gwlbe
    subnet gwlbe-b  10.0.10.16/28 az b routes rt-gwlbe
    subnet public-a 10.0.20.0/28  az a routes rt-public-a
    subnet public-b 10.0.20.16/28 az b routes rt-public-b
    endpoint ep-a gwlb fw-svc in gwlbe-a
    endpoint ep-b gwlb fw-svc in gwlbe-b
    nat nat-a in public-a eip
    nat nat-b in public-b eip
    route-table rt-app-a { 0.0.0.0/0 -> nat-a }
    route-table rt-app-b { 0.0.0.0/0 -> nat-b }
    route-table rt-gwlbe { 0.0.0.0/0 -> igw }
    route-table rt-public-a { 0.0.0.0/0 -> ep-a }
    route-table rt-public-b { 0.0.0.0/0 -> ep-b }
    route-table rt-edge edge igw {
      10.0.20.0/28  -> ep-a
      10.0.20.16/28 -> ep-b
    }
    instance app-1a in app-a
    instance app-1b in app-b
  }
}`;

/**
 * Ingress inspection in front of an internet-facing ALB, and between the ALB and its targets ("VPC routing
 * enhancements"): the IGW's edge table sends each ALB subnet's traffic to its AZ's GWLBE; each ALB subnet's table
 * replaces the VPC's local route with its AZ's GWLBE (so the ALB's connections to its targets, in either AZ, are
 * inspected), and each app subnet sends each ALB subnet's range back through the GWLBE of that ALB subnet's AZ.
 */
const INGRESS_ALB = `${PROVIDER}
  vpc shop 10.1.0.0/16 account app {
    igw igw
    subnet alb-a   10.1.1.0/24   az a routes rt-alb-a
    subnet alb-b   10.1.2.0/24   az b routes rt-alb-b
    subnet gwlbe-a 10.1.10.0/28  az a routes rt-gwlbe
    subnet gwlbe-b 10.1.10.16/28 az b routes rt-gwlbe
    subnet app-a   10.1.11.0/24  az a routes rt-app
    subnet app-b   10.1.12.0/24  az b routes rt-app
    endpoint ep-a gwlb fw-svc in gwlbe-a
    endpoint ep-b gwlb fw-svc in gwlbe-b
    alb web in alb-a, alb-b targets web-1a, web-1b
    route-table rt-edge edge igw {
      10.1.1.0/24 -> ep-a
      10.1.2.0/24 -> ep-b
    }
    route-table rt-gwlbe { 0.0.0.0/0 -> igw }
    route-table rt-alb-a {
      0.0.0.0/0   -> ep-a
      10.1.0.0/16 -> ep-a
    }
    route-table rt-alb-b {
      0.0.0.0/0   -> ep-b
      10.1.0.0/16 -> ep-b
    }
    route-table rt-app {
      10.1.1.0/24 -> ep-a
      10.1.2.0/24 -> ep-b
    }
    instance web-1a in app-a
    instance web-1b in app-b
  }
}`;

/**
 * Centralized inspection behind a transit gateway: spokes send everything to the TGW, which sends it to the
 * inspection VPC; there the attachment subnet of each AZ sends 0.0.0.0/0 to its AZ's GWLBE, the GWLBE subnet sends
 * the spokes' range back to the TGW and the rest to its AZ's NAT gateway, and the NAT subnet sends the spokes' range
 * back through its AZ's GWLBE.
 */
const CENTRALIZED = `
account net id 555555555555
account app id 666666666666
region eu-west-1 {
  az a = euw1-az1
  az b = euw1-az2
  vpc spoke-1 10.1.0.0/16 account app {
    subnet app-a 10.1.0.0/24    az a routes rt-app
    subnet app-b 10.1.1.0/24    az b routes rt-app
    subnet tgw-a 10.1.255.0/28  az a
    subnet tgw-b 10.1.255.16/28 az b
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance one-a in app-a
    instance one-b in app-b
  }
  vpc spoke-2 10.2.0.0/16 account app {
    subnet app-a 10.2.0.0/24    az a routes rt-app
    subnet app-b 10.2.1.0/24    az b routes rt-app
    subnet tgw-a 10.2.255.0/28  az a
    subnet tgw-b 10.2.255.16/28 az b
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance two-a in app-a
    instance two-b in app-b
  }
  vpc hub 100.64.0.0/16 account net {
    igw igw
    subnet tgw-a       100.64.0.0/28  az a routes rt-tgw-a
    subnet tgw-b       100.64.0.16/28 az b routes rt-tgw-b
    subnet gwlbe-a     100.64.1.0/28  az a routes rt-gwlbe-a
    subnet gwlbe-b     100.64.1.16/28 az b routes rt-gwlbe-b
    subnet public-a    100.64.2.0/28  az a routes rt-public-a
    subnet public-b    100.64.2.16/28 az b routes rt-public-b
    subnet appliance-a 100.64.3.0/26  az a
    subnet appliance-b 100.64.3.64/26 az b
    instance fw-a in appliance-a appliance
    instance fw-b in appliance-b appliance
    gwlb fw in appliance-a, appliance-b targets fw-a, fw-b
    endpoint-service fw-svc backed-by fw allow net
    endpoint ep-a gwlb fw-svc in gwlbe-a
    endpoint ep-b gwlb fw-svc in gwlbe-b
    nat nat-a in public-a eip
    nat nat-b in public-b eip
    route-table rt-tgw-a { 0.0.0.0/0 -> ep-a }
    route-table rt-tgw-b { 0.0.0.0/0 -> ep-b }
    route-table rt-gwlbe-a {
      10.0.0.0/8 -> tgw
      0.0.0.0/0  -> nat-a
    }
    route-table rt-gwlbe-b {
      10.0.0.0/8 -> tgw
      0.0.0.0/0  -> nat-b
    }
    route-table rt-public-a {
      0.0.0.0/0  -> igw
      10.0.0.0/8 -> ep-a
    }
    route-table rt-public-b {
      0.0.0.0/0  -> igw
      10.0.0.0/8 -> ep-b
    }
  }
  transit-gateway tgw account net {
    attachment att-1   vpc spoke-1 in tgw-a, tgw-b associate rt-spokes propagate rt-hub
    attachment att-2   vpc spoke-2 in tgw-a, tgw-b associate rt-spokes propagate rt-hub
    attachment att-hub vpc hub in tgw-a, tgw-b appliance-mode associate rt-hub
    route-table rt-spokes { 0.0.0.0/0 -> att-hub }
    route-table rt-hub
  }
}`;

/** A workload VPC that sends its traffic for a peered VPC through its GWLBE before the peering connection. */
const PEERED = `${PROVIDER}
  vpc work 10.0.0.0/16 account app {
    subnet app-a   10.0.1.0/24  az a routes rt-app
    subnet gwlbe-a 10.0.10.0/28 az a routes rt-gwlbe
    endpoint ep-a gwlb fw-svc in gwlbe-a
    route-table rt-app { 10.9.0.0/16 -> ep-a }
    route-table rt-gwlbe { 10.9.0.0/16 -> pcx }
    instance app-1a in app-a
  }
  vpc partner 10.9.0.0/16 account app {
    subnet db-a 10.9.1.0/24 az a routes rt-db
    route-table rt-db { 10.0.0.0/16 -> pcx }
    instance db-1a in db-a
  }
  peering pcx work <-> partner
}`;

/** The fixture with each [from, to] replacement applied; a `from` that is not there fails the test. */
function edit(text: string, ...edits: Array<[string, string]>): string {
    for (const [from, to] of edits) {
        expect(text.includes(from), `fixture has '${from}'`).toBe(true);
        text = text.replace(from, to);
    }
    return text;
}

/** The NAT subnet of AZ b sends the spokes' range to AZ a's GWLBE. */
const CENTRALIZED_WRONG_AZ: [string, string] = [
    '      0.0.0.0/0  -> igw\n      10.0.0.0/8 -> ep-b',
    '      0.0.0.0/0  -> igw\n      10.0.0.0/8 -> ep-a',
];

const end = (a: Analysed, name: string): TraceEnd => {
    const found = findTraceEnd(a.topology, name);
    if (!found.ok) throw new Error(found.error);
    return found.end;
};

/** The tracer's answer, from an engine the rules never touched. */
async function traced(text: string, from: string, to: string) {
    const a = await analyze(text);
    const r = new TraceEngine(a.topology).trace(end(a, from), end(a, to));
    const gwlbes = (hops: readonly Hop[]) =>
        hops.filter((h) => h.kind === 'endpoint-eni' && h.id?.startsWith('endpoint:')).map((h) => h.name);
    return { verdict: r.verdict, reason: r.reason, forward: gwlbes(r.forward), back: gwlbes(r.return) };
}

const asymmetric = async (text: string) =>
    (await analyze(text)).diagnostics.filter((d) => d.code === 'asymmetric-inspection').map((d) => d.message);

describe('asymmetric-inspection considers only flows that can start, as the tracer walks them', () => {
    it('a NAT gateway never opens a connection: egress inspected between the app subnets and the NAT gateways, with the NAT subnet routing the app range back through the same GWLBE, is symmetric', async () => {
        expect(await asymmetric(EGRESS_NAT)).toEqual([]);
        expect(await traced(EGRESS_NAT, 'app-1a', 'internet')).toEqual({
            verdict: 'reachable',
            reason: null,
            forward: ['ep-a'],
            back: ['ep-a'],
        });
        expect(await traced(EGRESS_NAT, 'app-1b', 'internet')).toMatchObject({ verdict: 'reachable', back: ['ep-b'] });
    });

    it('egress inspected between the NAT gateways and the IGW, with an edge route per NAT subnet to the same GWLBE, is symmetric', async () => {
        expect(await asymmetric(EGRESS_EDGE)).toEqual([]);
        expect(await traced(EGRESS_EDGE, 'app-1a', 'internet')).toEqual({
            verdict: 'reachable',
            reason: null,
            forward: ['ep-a'],
            back: ['ep-a'],
        });
        expect(await traced(EGRESS_EDGE, 'app-1b', 'internet')).toMatchObject({ verdict: 'reachable', back: ['ep-b'] });
    });

    it('the nodes of one ALB never connect to each other: local-route replacement in the ALB subnets, answered per ALB subnet by the app subnets, is symmetric', async () => {
        expect(await asymmetric(INGRESS_ALB)).toEqual([]);
        // The ALB's node in AZ a reaches both targets through ep-a, and each target answers through ep-a.
        expect(await traced(INGRESS_ALB, 'alb-a', 'web-1b')).toEqual({
            verdict: 'reachable',
            reason: null,
            forward: ['ep-a'],
            back: ['ep-a'],
        });
        expect(await traced(INGRESS_ALB, 'alb-b', 'web-1a')).toMatchObject({ verdict: 'reachable', back: ['ep-b'] });
    });

    it('a centralized TGW inspection VPC whose NAT subnets send the spoke range back through their own AZ’s GWLBE is symmetric', async () => {
        expect(await asymmetric(CENTRALIZED)).toEqual([]);
        expect(await traced(CENTRALIZED, 'one-b', 'internet')).toMatchObject({
            verdict: 'reachable',
            forward: ['ep-b'],
            back: ['ep-b'],
        });
    });

    it("a NAT subnet that sends a spoke's replies to another AZ's GWLBE drops that spoke's internet traffic from its own AZ, as the tracer finds", async () => {
        const text = edit(CENTRALIZED, CENTRALIZED_WRONG_AZ);
        const t = await traced(text, 'one-b', 'internet');
        expect(t).toEqual({ verdict: 'blocked', reason: 'asymmetric-return', forward: ['ep-b'], back: ['ep-a'] });
        // AZ a's flows are fine: its NAT subnet is right.
        expect(await traced(text, 'one-a', 'internet')).toMatchObject({ verdict: 'reachable' });
        const [finding] = await check(text, 'asymmetric-inspection', ['ep-a']);
        expect(finding.range.start.line).toBe(lineOf(text, 'route-table rt-public-b') + 2);
        expect(finding.message).toContain('ep-b');
        expect(finding.related).toEqual(['0.0.0.0/0 -> ep-b', 'ep-b']);
        expect(finding.data).toMatchObject({ retarget: 'ep-b' });
    });

    it('the finding states the flows it speaks of, each as the tracer answers it', async () => {
        const text = edit(CENTRALIZED, CENTRALIZED_WRONG_AZ);
        const a = await analyze(text);
        const found: Finding<unknown>[] = [];
        const rule = ALL_RULES.find((r) => r.code === 'asymmetric-inspection')!;
        rule.check({
            topology: a.topology,
            index: a.index,
            engine: engineFor(a.topology, a.index),
            report: (f) => found.push(f),
        });
        expect(found).toHaveLength(1);
        const fresh = new TraceEngine(a.topology);
        const claims = found[0].flows ?? [];
        // Both spokes' hosts in AZ b send internet traffic through the wrong return route.
        expect(claims.map((c) => [c.from, c.to])).toEqual([
            [end(a, 'one-b'), { kind: 'internet' }],
            [end(a, 'two-b'), { kind: 'internet' }],
        ]);
        for (const c of claims) {
            const r = fresh.trace(c.from, c.to);
            expect([c.verdict, c.reason]).toEqual([r.verdict, r.reason]);
            expect(r.reason).toBe('asymmetric-return');
        }
    });

    it("traffic that arrives over a peering connection is delivered by the local route, so a peer's replies never pass the GWLBE its requests passed", async () => {
        expect(await traced(PEERED, 'app-1a', 'db-1a')).toEqual({
            verdict: 'blocked',
            reason: 'asymmetric-return',
            forward: ['ep-a'],
            back: [],
        });
        const [finding] = await check(PEERED, 'asymmetric-inspection', ['ep-a']);
        expect(finding.range.start.line).toBe(lineOf(PEERED, 'route-table rt-app'));
        expect(finding.message).toContain('db-1a');
        // No route of the workload VPC can fix it, so no quick fix offers one.
        expect(finding.data).not.toHaveProperty('retarget');
        expect(finding.data).not.toHaveProperty('addRoute');
    });
});
