/**
 * Gateway Load Balancer endpoints: gwlbe-missing-in-az, gwlbe-cross-az, gwlbe-shares-app-subnet,
 * gwlbe-no-onward-route, gwlbe-unsupported-option, asymmetric-inspection.
 * Facts: GWLB User Guide, VPC User Guide (middlebox routing, gateway route tables).
 * The base fixture is examples/seed/gwlb-inspection.topo (GWLB inbound inspection with two AZs); each case is a
 * small edit of it, written as the text it replaces and the text it puts there.
 */
import { describe, expect, it } from 'vitest';
import { analyze, check, lineOf } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

/** examples/seed/gwlb-inspection.topo, without its comments and its `expect` line (traces are the tracer's business, not these rules'). */
const PRODUCT = `
account security id 111111111111
account app      id 222222222222

region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1

  vpc inspection 192.168.1.0/24 account security {
    subnet appl-a 192.168.1.0/28  az a
    subnet appl-c 192.168.1.16/28 az c
    instance fw-a in appl-a appliance
    instance fw-c in appl-c appliance
    gwlb inspect in appl-a, appl-c targets fw-a, fw-c
  }
  endpoint-service inspect-svc backed-by inspection.inspect allow app

  vpc web 10.0.0.0/24 account app dns-support dns-hostnames {
    igw igw
    subnet gwlbe-a 10.0.0.0/28  az a routes rt-gwlbe
    subnet gwlbe-c 10.0.0.16/28 az c routes rt-gwlbe
    subnet app-a   10.0.0.32/28 az a routes rt-app-a
    subnet app-c   10.0.0.48/28 az c routes rt-app-c
    endpoint ep-a gwlb inspect-svc in gwlbe-a
    endpoint ep-c gwlb inspect-svc in gwlbe-c
    route-table rt-gwlbe { 0.0.0.0/0 -> igw }
    route-table rt-app-a { 0.0.0.0/0 -> ep-a }
    route-table rt-app-c { 0.0.0.0/0 -> ep-c }
    route-table rt-edge edge igw {
      10.0.0.32/28 -> ep-a
      10.0.0.48/28 -> ep-c
    }
    instance web-a in app-a public-ip
    instance web-c in app-c public-ip
  }
}`;

/** The fixture with each [from, to] replacement applied; a `from` that is not there fails the test. */
function variant(...edits: Array<[string, string]>): string {
    let text = PRODUCT;
    for (const [from, to] of edits) {
        expect(text.includes(from), `fixture has '${from}'`).toBe(true);
        text = text.replace(from, to);
    }
    return text;
}

const GWLB_CODES = [
    'gwlbe-missing-in-az',
    'gwlbe-cross-az',
    'gwlbe-shares-app-subnet',
    'gwlbe-no-onward-route',
    'gwlbe-unsupported-option',
    'asymmetric-inspection',
];

async function gwlbCodes(text: string): Promise<string[]> {
    return (await analyze(text)).diagnostics
        .map((d) => d.code)
        .filter((c) => GWLB_CODES.includes(c))
        .sort();
}

const CROSS_AZ_APP_C: [string, string] = ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-a }'];
const NO_EP_C: [string, string] = ['    endpoint ep-c gwlb inspect-svc in gwlbe-c\n', ''];

describe('examples/seed/gwlb-inspection.topo: GWLB inbound inspection with two AZs', () => {
    it('one GWLBE per AZ with symmetric app and edge routes gives no diagnostic at all', async () => {
        const { diagnostics } = await analyze(PRODUCT);
        expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    });

    it('rt-app-c pointing at ep-a is a cross-AZ dependency and a reply that skips ep-c, which saw the request', async () => {
        const text = variant(CROSS_AZ_APP_C);
        expect(await gwlbCodes(text)).toEqual(['asymmetric-inspection', 'gwlbe-cross-az']);
        const [cross] = await check(text, 'gwlbe-cross-az', ['ep-a']);
        expect(cross.range.start.line).toBe(lineOf(text, 'rt-app-c {'));
        const [asym] = await check(text, 'asymmetric-inspection', ['ep-a']);
        expect(asym.related).toEqual(['10.0.0.48/28 -> ep-c', 'ep-c']);
        expect(asym.message).toContain('ep-c');
    });
});

ruleTester('gwlbe-missing-in-az', {
    title: 'gwlbe-missing-in-az: AWS recommends one GWLBE per AZ whose traffic is inspected',
    valid: [
        {
            name: 'an AZ whose traffic is not inspected at all needs no GWLBE',
            text: () =>
                variant(
                    NO_EP_C,
                    ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> igw }'],
                    ['      10.0.0.48/28 -> ep-c\n', ''],
                ),
        },
    ],
    invalid: [
        {
            name: "an AZ whose subnet table routes to another AZ's GWLBE, with no GWLBE of that service of its own, is a warning",
            text: () => variant(NO_EP_C, CROSS_AZ_APP_C, ['10.0.0.48/28 -> ep-c', '10.0.0.48/28 -> ep-a']),
            tokens: ['c'],
            severity: 2,
            message: 'ap-northeast-1c',
            related: ['app-c', 'ep-a'],
            data: { az: 'ap-northeast-1c', service: 'inspect-svc', vpc: 'web' },
        },
        {
            name: "an IGW edge route for one of the AZ's subnets also makes the AZ inspected",
            text: () =>
                variant(
                    NO_EP_C,
                    ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> igw }'],
                    ['10.0.0.48/28 -> ep-c', '10.0.0.48/28 -> ep-a'],
                ),
            tokens: ['c'],
            related: ['app-c', 'ep-a'],
        },
        {
            name: 'a GWLBE of a different endpoint service in the AZ does not count',
            text: () =>
                variant(
                    [
                        '  endpoint-service inspect-svc',
                        '  endpoint-service other-svc backed-by inspection.inspect-2 allow app\n  endpoint-service inspect-svc',
                    ],
                    [
                        'gwlb inspect in appl-a, appl-c targets fw-a, fw-c',
                        'gwlb inspect in appl-a, appl-c targets fw-a, fw-c\n    gwlb inspect-2 in appl-a, appl-c targets fw-a, fw-c',
                    ],
                    ['endpoint ep-c gwlb inspect-svc in gwlbe-c', 'endpoint ep-c gwlb other-svc in gwlbe-c'],
                    CROSS_AZ_APP_C,
                ),
            tokens: ['c'],
        },
    ],
});

ruleTester('gwlbe-cross-az', {
    title: 'gwlbe-cross-az: a broad destination sent to a GWLBE in another AZ',
    valid: [
        {
            // app-a -> app-c goes through ep-a (AZ a); app-c's table sends app-a's range back through ep-a.
            name: "a route to a subnet in the GWLBE's own AZ is the deliberate return leg that keeps an east-west flow symmetric",
            text: () =>
                variant(
                    ['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-a   10.0.0.48/28 -> ep-a }'],
                    ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c   10.0.0.32/28 -> ep-a }'],
                ),
            clean: true,
        },
        {
            name: 'an IGW edge table is not a subnet table: its routes never trigger the cross-AZ warning',
            text: () => variant(['10.0.0.48/28 -> ep-c', '10.0.0.48/28 -> ep-a']),
        },
    ],
    invalid: [
        {
            name: 'a client range sent to the GWLBE of another AZ makes the subnet depend on that AZ',
            text: () =>
                variant(['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c   172.16.0.0/12 -> ep-a }']),
            tokens: ['ep-a'],
            severity: 2,
            related: ['ep-a', 'app-c'],
        },
        {
            name: 'a replaced local route (the whole VPC block) sent to the GWLBE of another AZ is broad too',
            text: () =>
                variant(['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c   10.0.0.0/24 -> ep-a }']),
            tokens: ['ep-a'],
        },
    ],
});

ruleTester('gwlbe-shares-app-subnet', {
    title: "gwlbe-shares-app-subnet: traffic leaving a GWLBE is forwarded by its own subnet's table",
    valid: [
        {
            name: "other subnets' tables covering the GWLBE's subnet (a replaced local route for the whole VPC) never trigger it",
            text: () =>
                variant(
                    ['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-a   10.0.0.0/24 -> ep-a }'],
                    ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c   10.0.0.0/24 -> ep-c }'],
                ),
        },
        {
            name: "GWLB nodes, appliances, a NAT gateway and TGW attachment ENIs may share the GWLBE's subnet, as in AWS's centralized sample",
            text: `
region ap-northeast-1 {
  az a = apne1-az4
  vpc hub 100.64.0.0/16 {
    igw igw
    subnet shared-a 100.64.0.0/24 az a routes rt-shared
    subnet app-a    100.64.1.0/24 az a routes rt-app
    instance fw-a in shared-a ip 100.64.0.10 appliance
    gwlb fw in shared-a targets fw-a
    endpoint-service fw-svc backed-by fw allow *
    nat nat-a in shared-a eip
    endpoint ep-a gwlb fw-svc in shared-a
    route-table rt-shared { 0.0.0.0/0 -> igw   10.0.0.0/8 -> tgw }
    route-table rt-app { 0.0.0.0/0 -> ep-a   10.0.0.0/8 -> ep-a }
    route-table rt-edge edge igw { 100.64.1.0/24 -> ep-a }
    instance web-a in app-a public-ip
  }
  transit-gateway tgw {
    attachment att-hub vpc hub in shared-a associate rt-main
    route-table rt-main
  }
}`,
            alsoNot: GWLB_CODES,
        },
    ],
    invalid: [
        {
            name: 'a GWLBE subnet whose table sends traffic back to that GWLBE loops, and is an error',
            text: () =>
                variant([
                    'subnet gwlbe-a 10.0.0.0/28  az a routes rt-gwlbe',
                    'subnet gwlbe-a 10.0.0.0/28  az a routes rt-app-a',
                ]),
            tokens: ['ep-a'],
            severity: 1,
            line: 'rt-app-a {',
            related: ['gwlbe-a'],
        },
    ],
});

ruleTester('gwlbe-no-onward-route', {
    title: "gwlbe-no-onward-route: the GWLBE's own subnet table must carry inspected traffic onward",
    valid: [
        {
            name: 'onward to a NAT gateway (internet) or to the TGW (spoke ranges) is a valid next hop',
            text: () =>
                variant(
                    [
                        'route-table rt-gwlbe { 0.0.0.0/0 -> igw }',
                        'route-table rt-gwlbe { 0.0.0.0/0 -> nat-a   172.16.0.0/12 -> tgw }',
                    ],
                    ['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-a   172.16.0.0/12 -> ep-a }'],
                    [
                        '    instance web-a',
                        '    subnet pub-a 10.0.0.64/28 az a routes rt-pub\n    nat nat-a in pub-a eip\n    route-table rt-pub { 0.0.0.0/0 -> igw }\n    instance web-a',
                    ],
                    [
                        '\n}',
                        '\n  transit-gateway tgw {\n    attachment att-web vpc web in gwlbe-a, gwlbe-c associate rt-main\n    route-table rt-main\n  }\n}',
                    ],
                ),
        },
    ],
    invalid: [
        {
            name: 'app subnets send 0.0.0.0/0 to the GWLBEs, but the GWLBE subnet table has no route for internet addresses',
            text: () => variant(['route-table rt-gwlbe { 0.0.0.0/0 -> igw }', 'route-table rt-gwlbe { }']),
            tokens: ['rt-gwlbe', 'rt-gwlbe'],
            severity: 1,
            message: ['8.8.8.8', 'rt-app-a'],
            related: ['gwlbe-a', '0.0.0.0/0 -> ep-a'],
        },
        {
            name: "return traffic the IGW edge table sends to the GWLBE is dropped when the GWLBE's table blackholes the app subnet",
            text: () =>
                variant([
                    'route-table rt-gwlbe { 0.0.0.0/0 -> igw }',
                    'route-table rt-gwlbe { 0.0.0.0/0 -> igw   10.0.0.32/28 -> blackhole }',
                ]),
            tokens: ['blackhole'],
            message: '10.0.0.32/28',
            related: ['gwlbe-a', '10.0.0.32/28 -> ep-a'],
        },
        {
            name: 'a GWLBE subnet table that sends the traffic back to the same GWLBE carries nothing onward',
            text: () =>
                variant(
                    [
                        'subnet gwlbe-a 10.0.0.0/28  az a routes rt-gwlbe',
                        'subnet gwlbe-a 10.0.0.0/28  az a routes rt-gwlbe-a',
                    ],
                    [
                        '    route-table rt-app-a',
                        '    route-table rt-gwlbe-a { 0.0.0.0/0 -> ep-a }\n    route-table rt-app-a',
                    ],
                ),
            tokens: ['ep-a'],
            line: 'rt-gwlbe-a {',
            message: 'back to ep-a',
            // The same route is the own-subnet loop, reported by its own code.
            assert: async (_, text) => {
                await check(text, 'gwlbe-shares-app-subnet', ['ep-a']);
            },
        },
    ],
});

ruleTester('gwlbe-unsupported-option', {
    title: 'gwlbe-unsupported-option: a GWLBE has no security group, no policy and no private DNS',
    valid: [
        {
            name: 'a plain GWLBE, and an interface endpoint with sg, policy and private DNS, are fine',
            text: () =>
                variant([
                    '    instance web-a',
                    '    endpoint ssm interface ssm in app-a sg app-sg policy private-dns\n    instance web-a',
                ]),
        },
    ],
    invalid: [
        {
            name: 'each of sg, policy and private-dns on a GWLBE is an error on its own token',
            text: () =>
                variant([
                    'endpoint ep-a gwlb inspect-svc in gwlbe-a',
                    'endpoint ep-a gwlb inspect-svc in gwlbe-a sg fw-sg policy private-dns',
                ]),
            tokens: ['fw-sg', 'policy', 'private-dns'],
            findings: [{ severity: 1 }, { severity: 1 }, { severity: 1 }],
        },
    ],
});

ruleTester('asymmetric-inspection', {
    title: 'asymmetric-inspection: the reply must pass the same GWLBE as the request, or the GWLB drops it',
    valid: [
        {
            name: 'east-west: a replaced local route answered by a return leg through the same GWLBE is symmetric',
            text: () =>
                variant(
                    ['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-a   10.0.0.0/24 -> ep-a }'],
                    ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c   10.0.0.32/28 -> ep-a }'],
                ),
            alsoNot: GWLB_CODES,
        },
    ],
    invalid: [
        {
            name: 'the IGW edge table sends app-a traffic to ep-a but app-a replies go straight to the IGW, bypassing the firewall',
            text: () => variant(['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> igw }']),
            tokens: ['igw'],
            severity: 1,
            line: 'rt-app-a {',
            related: ['10.0.0.32/28 -> ep-a', 'ep-a'],
        },
        {
            name: 'outbound traffic through ep-a and the IGW needs an edge route that brings the replies back through ep-a',
            text: () => variant(['      10.0.0.32/28 -> ep-a\n', '']),
            tokens: ['ep-a'],
            line: 'rt-app-a {',
            message: 'edge route',
        },
        {
            name: "east-west: app-a reaches app-c through ep-a, but app-c's table returns over the local route",
            text: () =>
                variant(['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-a   10.0.0.48/28 -> ep-a }']),
            tokens: ['rt-app-c'],
            related: ['10.0.0.48/28 -> ep-a', 'ep-a'],
            message: 'local',
        },
        {
            name: "east-west: a replaced local route sends app-a's VPC traffic through ep-a; app-c must send app-a's range back via ep-a",
            text: () =>
                variant(['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-a   10.0.0.0/24 -> ep-a }']),
            tokens: ['rt-app-c'],
        },
        {
            name: 'the mismatch seen from both sides of an east-west pair is reported once',
            text: () =>
                variant(
                    ['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-a   10.0.0.48/28 -> ep-a }'],
                    ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c   10.0.0.32/28 -> ep-c }'],
                ),
            tokens: ['ep-c'],
        },
    ],
});
