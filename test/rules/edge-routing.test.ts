/**
 * Gateway (edge) route tables and ingress routing: edge-route-target, edge-route-destination,
 * gateway-route-table-multiple, ingress-needs-public-ip. Facts: VPC User Guide "Gateway route tables" and middlebox routing.
 */
import { expect, it } from 'vitest';
import { elementId } from '../../src/model/ids.js';
import { edgeRoutingRules } from '../../src/rules/edge-routing.js';
import { analyze } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

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

ruleTester('edge-route-target', {
    valid: [
        {
            name: 'local, a GWLB endpoint and an appliance ENI with a public IP are valid IGW edge targets',
            text: topo('      10.0.0.0/16 -> local\n      10.0.1.0/24 -> ep-a\n      10.0.2.0/24 -> fw'),
        },
        {
            name: 'behind a virtual private gateway an appliance ENI needs no public IP',
            text: topo(
                '      10.0.1.0/24 -> ep-a',
                '    eni fw-2 in gwlbe-a ip 10.0.0.51 appliance\n    route-table rt-vgw edge corp { 10.0.2.0/24 -> fw-2 }',
            ),
        },
    ],
    invalid: [
        {
            name: 'a gateway route table may target only local, a GWLB endpoint or a middlebox ENI: not a NAT gateway',
            text: topo('      10.0.1.0/24 -> nat-a'),
            tokens: ['nat-a'],
            severity: 1,
            related: ['nat-a'],
        },
        {
            name: 'an ENI that receives traffic through an internet gateway must have a public IP',
            text: topo('      10.0.1.0/24 -> fw-2', '    eni fw-2 in gwlbe-a ip 10.0.0.51 appliance'),
            tokens: ['fw-2'],
            message: 'public IP',
        },
        {
            name: "an edge route target must be a middlebox: an ENI not marked appliance does not forward others' traffic",
            text: topo('      10.0.1.0/24 -> plain', '    eni plain in gwlbe-a ip 10.0.0.52 public-ip'),
            tokens: ['plain'],
            message: 'appliance',
        },
    ],
});

ruleTester('edge-route-destination', {
    valid: [
        {
            name: 'the whole VPC block (replacing local) and exact subnet CIDRs are valid edge destinations',
            text: topo('      10.0.0.0/16 -> ep-a\n      10.0.1.0/24 -> ep-a'),
        },
    ],
    invalid: [
        {
            name: 'an edge route destination must be the whole VPC block or exactly a subnet CIDR',
            text: topo('      10.0.1.0/25 -> ep-a\n      0.0.0.0/0 -> ep-a'),
            tokens: ['10.0.1.0/25', '0.0.0.0/0'],
            severity: 1,
            message: 'subnets',
        },
        {
            name: 'a gateway route table takes no prefix-list destinations and no propagated routes',
            text: topo(
                '      corp-pl -> ep-a\n      10.0.2.0/24 -> corp propagated',
                '    prefix-list corp-pl 10.0.1.0/24',
            ),
            tokens: ['corp-pl', '10.0.2.0/24'],
            findings: [undefined, { message: 'propagation' }],
        },
        {
            name: 'a gateway endpoint cannot be associated with a gateway route table (it would add a prefix-list route)',
            text: topo('      10.0.1.0/24 -> ep-a', '    endpoint s3 gateway s3 routes rt-edge'),
            tokens: ['rt-edge'],
        },
    ],
});

ruleTester('gateway-route-table-multiple', {
    title: 'gateway-route-table-multiple: an internet or virtual private gateway has at most one gateway route table',
    valid: [
        {
            name: 'an IGW and a VGW each with its own gateway route table are one association per gateway',
            text: topo('      10.0.1.0/24 -> ep-a', '    route-table rt-vgw edge corp { 10.0.1.0/24 -> ep-a }'),
        },
    ],
    invalid: [
        {
            name: 'an IGW associated with a second gateway route table is an error, not silently ignored',
            text: topo('      10.0.1.0/24 -> ep-a', '    route-table rt-edge2 edge igw { 10.0.2.0/24 -> ep-a }'),
            tokens: ['igw'],
            line: 'route-table rt-edge2',
            severity: 1,
            related: ['igw'],
            message: [
                'internet gateway igw',
                'already has gateway route table rt-edge',
                'by rt-edge, the first written',
            ],
            assert: async (found, text) => {
                expect(found[0].relatedInformation?.[0].location.range.start.line).toBe(
                    text.split('\n').findIndex((l) => l.includes('route-table rt-edge edge igw')),
                );
            },
        },
        {
            name: 'a VGW associated with two gateway route tables is an error on each table after the first',
            text: topo(
                '      10.0.1.0/24 -> ep-a',
                '    route-table rt-v1 edge corp\n    route-table rt-v2 edge corp\n    route-table rt-v3 edge corp',
            ),
            tokens: ['corp', 'corp'],
            related: ['corp'],
            message: 'virtual private gateway corp, which already has gateway route table rt-v1',
            findings: [{ line: 'route-table rt-v2' }, { line: 'route-table rt-v3' }],
        },
    ],
});

it('the gateway route table the model keeps first for a gateway, which the tracer routes by, is the first written', async () => {
    const late = topo('      10.0.1.0/24 -> ep-a', '    route-table rt-late edge igw { 10.0.2.0/24 -> ep-a }');
    const early = topo('      10.0.1.0/24 -> ep-a').replace(
        '    route-table rt-edge edge igw',
        '    route-table rt-early edge igw { 10.0.2.0/24 -> ep-a }\n    route-table rt-edge edge igw',
    );
    expect(early).toContain('rt-early');
    const order = async (text: string) =>
        (await analyze(text)).index.edgeTables.get(elementId('igw', 'web.igw'))?.map((t) => t.name);
    expect(await order(late)).toEqual(['rt-edge', 'rt-late']);
    expect(await order(early)).toEqual(['rt-early', 'rt-edge']);
});

ruleTester('ingress-needs-public-ip', {
    valid: [
        {
            name: 'redirecting a subnet whose instance has a public IP is the ingress-inspection pattern',
            text: topo('      10.0.1.0/24 -> ep-a'),
        },
        {
            name: 'a whole-VPC redirect does not flag private subnets that leave through a NAT gateway (the internet cannot reach them anyway)',
            text: topo('      10.0.0.0/16 -> ep-a'),
        },
        {
            name: 'an internet-facing load balancer in the redirected subnet holds the public addresses, not its neighbours',
            text: topo('      10.0.2.0/24 -> ep-a', '    nlb front in priv-a targets db-1'),
        },
        {
            name: 'a virtual private gateway edge table carries private traffic: no public IP is needed',
            text: topo('      10.0.1.0/24 -> ep-a', '    route-table rt-vgw edge corp { 10.0.2.0/24 -> ep-a }'),
        },
    ],
    invalid: [
        {
            name: 'the IGW only accepts traffic to public addresses: redirecting a subnet whose instances have no public IP reaches nothing',
            text: topo('      10.0.2.0/24 -> ep-a'),
            tokens: ['db-1'],
            severity: 1,
            related: ['10.0.2.0/24 -> ep-a'],
        },
        {
            name: 'a whole-VPC redirect concerns the subnets that answer the internet through the middlebox',
            text: topo(
                '      10.0.0.0/16 -> ep-a',
                '    subnet app-b 10.0.4.0/24 routes rt-app\n    instance web-2 in app-b ip 10.0.4.10',
            ),
            tokens: ['web-2'],
            related: ['10.0.0.0/16 -> ep-a'],
        },
    ],
});
