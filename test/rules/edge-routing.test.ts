/**
 * Gateway (edge) route tables and ingress routing: edge-route-target, edge-route-destination,
 * ingress-needs-public-ip. Facts: VPC User Guide "Gateway route tables" and middlebox routing; DOMAIN.md §6.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { edgeRoutingRules } from '../../src/rules/edge-routing.js';
import { analyze, findings, rangeText } from '../helpers.js';

type Found = Awaited<ReturnType<typeof findings>>;

async function check(text: string, code: string, tokens: string[]): Promise<Found> {
    const found = await findings(text, code);
    expect(found.map((d) => rangeText(text, d))).toEqual(tokens);
    return found;
}

function related(text: string, d: Found[number]): string[] {
    return (d.relatedInformation ?? []).map((r) => rangeText(text, r.location));
}

/**
 * Ingress inspection in VPC web: the IGW edge table rt-edge (body `edge`) redirects to GWLB endpoint ep-a;
 * app-a (web-1, public IP) answers the internet through ep-a; priv-a (db-1, no public IP) uses NAT nat-a.
 * `extra` goes inside VPC web.
 */
function topo(edge: string, extra = ''): string {
    return `
region ap-northeast-1 {
  az a = apne1-az4
  vpc inspection 10.9.0.0/16 {
    subnet appl-a 10.9.1.0/24 az a
    instance fw-1 in appl-a ip 10.9.1.10 appliance
    gwlb inspect in appl-a targets fw-1
  }
  endpoint-service inspect-svc backed-by inspect allow *
  vpc web 10.0.0.0/16 {
    igw igw
    vgw corp
    subnet gwlbe-a 10.0.0.0/24 az a routes rt-gwlbe
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet priv-a 10.0.2.0/24 az a routes rt-priv
    endpoint ep-a gwlb inspect-svc in gwlbe-a
    instance web-1 in app-a ip 10.0.1.10 public-ip
    instance db-1 in priv-a ip 10.0.2.10
    eni fw in gwlbe-a ip 10.0.0.50 appliance public-ip
    nat nat-a in gwlbe-a eip
    route-table rt-gwlbe { 0.0.0.0/0 -> igw }
    route-table rt-app { 0.0.0.0/0 -> ep-a }
    route-table rt-priv { 0.0.0.0/0 -> nat-a }
    route-table rt-edge edge igw {
${edge}
    }
${extra}
  }
}`;
}

it('the base topology parses and links cleanly and raises none of these codes, so the does-not-fire cases are meaningful', async () => {
    const { diagnostics } = await analyze(topo('      10.0.1.0/24 -> ep-a'));
    const mine = new Set<string>(edgeRoutingRules.map((r) => r.code));
    expect(
        diagnostics
            .map((d) => d.code)
            .filter((c) => mine.has(c) || c === 'syntax-error' || c === 'unresolved-reference'),
    ).toEqual([]);
});

describe('edge-route-target', () => {
    it('a gateway route table may target only local, a GWLB endpoint or a middlebox ENI: not a NAT gateway', async () => {
        const text = topo('      10.0.1.0/24 -> nat-a');
        const [d] = await check(text, 'edge-route-target', ['nat-a']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['nat-a']);
    });

    it('an ENI that receives traffic through an internet gateway must have a public IP', async () => {
        const text = topo('      10.0.1.0/24 -> fw-2', '    eni fw-2 in gwlbe-a ip 10.0.0.51 appliance');
        const [d] = await check(text, 'edge-route-target', ['fw-2']);
        expect(d.message).toContain('public IP');
    });

    it("an edge route target must be a middlebox: an ENI not marked appliance does not forward others' traffic", async () => {
        const text = topo('      10.0.1.0/24 -> plain', '    eni plain in gwlbe-a ip 10.0.0.52 public-ip');
        const [d] = await check(text, 'edge-route-target', ['plain']);
        expect(d.message).toContain('appliance');
    });

    it('local, a GWLB endpoint and an appliance ENI with a public IP are valid IGW edge targets', async () => {
        await check(
            topo('      10.0.0.0/16 -> local\n      10.0.1.0/24 -> ep-a\n      10.0.2.0/24 -> fw'),
            'edge-route-target',
            [],
        );
    });

    it('behind a virtual private gateway an appliance ENI needs no public IP', async () => {
        const text = topo(
            '      10.0.1.0/24 -> ep-a',
            '    eni fw-2 in gwlbe-a ip 10.0.0.51 appliance\n    route-table rt-vgw edge corp { 10.0.2.0/24 -> fw-2 }',
        );
        await check(text, 'edge-route-target', []);
    });
});

describe('edge-route-destination', () => {
    it('an edge route destination must be the whole VPC block or exactly a subnet CIDR', async () => {
        const text = topo('      10.0.1.0/25 -> ep-a\n      0.0.0.0/0 -> ep-a');
        const found = await check(text, 'edge-route-destination', ['10.0.1.0/25', '0.0.0.0/0']);
        expect(found[0].severity).toBe(1);
        expect(found[0].message).toContain('subnets');
    });

    it('a gateway route table takes no prefix-list destinations and no propagated routes', async () => {
        const text = topo(
            '      corp-pl -> ep-a\n      10.0.2.0/24 -> corp propagated',
            '    prefix-list corp-pl 10.0.1.0/24',
        );
        const found = await check(text, 'edge-route-destination', ['corp-pl', '10.0.2.0/24']);
        expect(found[1].message).toContain('propagation');
    });

    it('a gateway endpoint cannot be associated with a gateway route table (it would add a prefix-list route)', async () => {
        const text = topo('      10.0.1.0/24 -> ep-a', '    endpoint s3 gateway s3 routes rt-edge');
        await check(text, 'edge-route-destination', ['rt-edge']);
    });

    it('the whole VPC block (replacing local) and exact subnet CIDRs are valid edge destinations', async () => {
        await check(topo('      10.0.0.0/16 -> ep-a\n      10.0.1.0/24 -> ep-a'), 'edge-route-destination', []);
    });
});

describe('ingress-needs-public-ip', () => {
    it('the IGW only accepts traffic to public addresses: redirecting a subnet whose instances have no public IP reaches nothing', async () => {
        const text = topo('      10.0.2.0/24 -> ep-a');
        const [d] = await check(text, 'ingress-needs-public-ip', ['db-1']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['10.0.2.0/24 -> ep-a']);
    });

    it('a whole-VPC redirect concerns the subnets that answer the internet through the middlebox', async () => {
        const text = topo(
            '      10.0.0.0/16 -> ep-a',
            '    subnet app-b 10.0.4.0/24 routes rt-app\n    instance web-2 in app-b ip 10.0.4.10',
        );
        const [d] = await check(text, 'ingress-needs-public-ip', ['web-2']);
        expect(related(text, d)).toEqual(['10.0.0.0/16 -> ep-a']);
    });

    it('redirecting a subnet whose instance has a public IP is the ingress-inspection pattern', async () => {
        await check(topo('      10.0.1.0/24 -> ep-a'), 'ingress-needs-public-ip', []);
    });

    it('a whole-VPC redirect does not flag private subnets that leave through a NAT gateway (the internet cannot reach them anyway)', async () => {
        await check(topo('      10.0.0.0/16 -> ep-a'), 'ingress-needs-public-ip', []);
    });

    it('an internet-facing load balancer in the redirected subnet holds the public addresses, not its neighbours', async () => {
        await check(
            topo('      10.0.2.0/24 -> ep-a', '    nlb front in priv-a targets db-1'),
            'ingress-needs-public-ip',
            [],
        );
    });

    it('a virtual private gateway edge table carries private traffic: no public IP is needed', async () => {
        await check(
            topo('      10.0.1.0/24 -> ep-a', '    route-table rt-vgw edge corp { 10.0.2.0/24 -> ep-a }'),
            'ingress-needs-public-ip',
            [],
        );
    });
});

/** Each docs/rules page's first example must raise its code and the fixed one must not. */
describe('docs/rules examples', () => {
    for (const code of ['edge-route-target', 'edge-route-destination', 'ingress-needs-public-ip']) {
        it(`${code}: the documented failing example fires and the fixed one does not`, async () => {
            const md = readFileSync(`docs/rules/${code}.md`, 'utf8');
            const [bad, good] = [...md.matchAll(/```topo\n([\s\S]*?)```/g)].map((m) => m[1]);
            expect((await analyze(bad)).diagnostics.map((d) => d.code)).toContain(code);
            expect((await analyze(good)).diagnostics.map((d) => d.code)).not.toContain(code);
        });
    }
});
