/**
 * Route tables: subnet-multiple-route-tables, route-duplicate-destination, route-target-other-vpc,
 * route-more-specific-than-local, route-blackhole, route-gateway-endpoint-manual, route-target-source-dest-check,
 * route-prefix-list-ambiguous, route-shadowed. Facts: VPC User Guide "Route tables", "Route priority", middlebox
 * routing; EC2 User Guide "Change the source or destination checking".
 */
import { expect, it } from 'vitest';
import { routingRules } from '../../src/rules/routing.js';
import type { Finding } from '../../src/rules/types.js';
import { engineFor } from '../../src/trace/engine.js';
import { analyze } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

/**
 * VPC web 10.0.0.0/16 with an IGW, a NAT, an appliance ENI, a GWLB endpoint (provider VPC inspection), a TGW
 * and a VGW. `rt` is the body of route table rt-app (used by app-a); `extra` goes inside VPC web; `outer`
 * into the region.
 */
function topo(rt: string, extra = '', outer = ''): string {
    return `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc inspection 10.9.0.0/16 {
    subnet appl-a 10.9.1.0/24 az a
    instance fw-1 in appl-a ip 10.9.1.10 appliance
    gwlb inspect in appl-a targets fw-1
  }
  endpoint-service inspect-svc backed-by inspect allow *
  vpc web 10.0.0.0/16 {
    igw igw
    vgw corp
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet app-c 10.0.2.0/24 az c
    subnet gwlbe-a 10.0.3.0/24 az a
    nat nat-a in pub-a eip
    eni fw in pub-a ip 10.0.0.50 appliance
    endpoint ep-a gwlb inspect-svc in gwlbe-a
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app {
${rt}
    }
${extra}
  }
  vpc db 10.1.0.0/16 {
    igw db-igw
    subnet data-a 10.1.0.0/24 az a
    nat db-nat in data-a eip
  }
  transit-gateway tgw {
    attachment att-web vpc web in app-a
  }
${outer}
}`;
}

it('the base topology parses and links cleanly and raises none of these codes, so the does-not-fire cases are meaningful', async () => {
    const { diagnostics } = await analyze(topo('      0.0.0.0/0 -> nat-a'));
    const mine = new Set<string>(routingRules.map((r) => r.code));
    expect(
        diagnostics
            .map((d) => d.code)
            .filter((c) => mine.has(c) || c === 'syntax-error' || c === 'unresolved-reference'),
    ).toEqual([]);
});

ruleTester('subnet-multiple-route-tables', {
    valid: [
        {
            name: 'a subnet with one association, or none (it uses the main table), is fine',
            text: topo('      0.0.0.0/0 -> nat-a', '    route-table rt-main main'),
        },
    ],
    invalid: [
        {
            name: 'a subnet is associated with exactly one route table: a second association is refused',
            text: topo('      0.0.0.0/0 -> nat-a', '    route-table rt-other subnets app-a'),
            tokens: ['rt-app'],
            severity: 1,
            related: ['rt-app', 'rt-other'],
            message: 'app-a',
        },
    ],
});

ruleTester('route-duplicate-destination', {
    valid: [
        {
            name: "a propagated route may share a static route's destination (the static route wins)",
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      192.168.0.0/16 -> tgw\n      192.168.0.0/16 -> corp propagated vpn-bgp',
            ),
        },
    ],
    invalid: [
        {
            name: 'a table holds one static route per destination, compared as canonical blocks',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      192.168.0.0/16 -> tgw\n      192.168.1.1/16 -> corp\n      0.0.0.0/0 -> tgw',
            ),
            tokens: ['192.168.1.1/16', '0.0.0.0/0'],
            severity: 1,
            related: ['192.168.0.0/16 -> tgw'],
            findings: [undefined, { related: ['0.0.0.0/0 -> nat-a'] }],
        },
    ],
});

ruleTester('route-target-other-vpc', {
    valid: [
        {
            name: "targets of the table's own VPC, a peering of the VPC and a TGW are fine",
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      10.1.0.0/16 -> pcx-db\n      172.16.0.0/12 -> tgw',
                '',
                '  peering pcx-db web <-> db',
            ),
        },
    ],
    invalid: [
        {
            name: 'a route can only target a NAT gateway of its own VPC',
            text: topo('      0.0.0.0/0 -> db.db-nat'),
            tokens: ['db.db-nat'],
            severity: 1,
            related: ['db-nat'],
            message: 'VPC db',
        },
        {
            name: 'a route can only use a peering connection that involves its VPC',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      10.2.0.0/16 -> pcx-x',
                '',
                '  vpc other 10.2.0.0/16\n  peering pcx-x db <-> other',
            ),
            tokens: ['pcx-x'],
        },
    ],
});

ruleTester('route-more-specific-than-local', {
    valid: [
        {
            name: 'subnet-CIDR routes to a GWLB endpoint, an appliance ENI or a NAT gateway are middlebox routing and allowed',
            text: topo(
                '      0.0.0.0/0 -> ep-a\n      10.0.2.0/24 -> ep-a\n      10.0.0.0/24 -> fw\n      10.0.3.0/24 -> nat-a',
            ),
        },
        {
            name: 'routes that contain a VPC block (10.0.0.0/8 -> tgw) or equal it (replacing local) are not more specific than local',
            text: topo('      0.0.0.0/0 -> nat-a\n      10.0.0.0/8 -> tgw\n      10.0.0.0/16 -> fw'),
        },
    ],
    invalid: [
        {
            name: 'a more specific user route beats the local route only when it equals a subnet CIDR',
            text: topo('      0.0.0.0/0 -> nat-a\n      10.0.2.0/25 -> fw'),
            tokens: ['10.0.2.0/25'],
            severity: 1,
            related: ['10.0.0.0/16'],
        },
        {
            name: 'a route more specific than local must target a NAT gateway, ENI or GWLB endpoint, not a TGW',
            text: topo('      0.0.0.0/0 -> nat-a\n      10.0.2.0/24 -> tgw'),
            tokens: ['tgw'],
            related: ['10.0.0.0/16', 'app-c'],
        },
    ],
});

ruleTester('route-blackhole', {
    valid: [
        {
            name: 'an accepted peering, an accepted endpoint and a service without acceptance forward traffic',
            text: topo(
                '      0.0.0.0/0 -> ep-b\n      10.1.0.0/16 -> pcx-db\n      10.0.2.0/24 -> ep-a',
                '    endpoint ep-b gwlb strict-svc in gwlbe-a accepted',
                '  endpoint-service strict-svc backed-by inspect acceptance-required allow *\n  peering pcx-db web <-> db',
            ),
        },
    ],
    invalid: [
        {
            name: 'a route to blackhole drops the traffic it wins',
            text: topo('      0.0.0.0/0 -> nat-a\n      10.66.0.0/16 -> blackhole'),
            tokens: ['blackhole'],
            severity: 2,
        },
        {
            name: 'a peering connection that is not accepted carries no traffic',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      10.1.0.0/16 -> pcx-db',
                '',
                '  peering pcx-db web <-> db pending',
            ),
            tokens: ['pcx-db'],
            related: ['pcx-db'],
        },
        {
            name: 'a GWLB endpoint pending acceptance by its service carries no traffic',
            text: topo(
                '      0.0.0.0/0 -> ep-b',
                '    endpoint ep-b gwlb strict-svc in gwlbe-a',
                '  endpoint-service strict-svc backed-by inspect acceptance-required allow *',
            ),
            tokens: ['ep-b'],
            related: ['ep-b'],
            message: 'pending acceptance',
        },
    ],
});

ruleTester('route-gateway-endpoint-manual', {
    valid: [
        {
            name: 'a gateway endpoint associated through `routes` adds its prefix-list route without a finding',
            text: topo('      0.0.0.0/0 -> nat-a', '    endpoint s3 gateway s3 routes rt-app'),
        },
    ],
    invalid: [
        {
            name: 'routes to a gateway endpoint exist only through route-table association, never written by hand',
            text: topo('      0.0.0.0/0 -> nat-a\n      52.219.0.0/20 -> s3', '    endpoint s3 gateway s3'),
            tokens: ['s3'],
            severity: 1,
            related: ['s3'],
        },
    ],
});

const HOSTS = '    instance web-1 in app-c ip 10.0.2.10\n    eni web-eni in pub-a ip 10.0.0.60';

ruleTester('route-target-source-dest-check', {
    valid: [
        {
            name: 'an appliance (source/destination check off), a NAT gateway and a GWLB endpoint forward the traffic they are sent',
            text: topo('      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> fw\n      10.0.2.0/24 -> ep-a', HOSTS),
        },
        {
            name: "a route for the host's own address alone carries traffic addressed to it, which the check lets through",
            text: topo('      0.0.0.0/0 -> nat-a\n      10.0.2.10/32 -> web-1', HOSTS),
        },
        {
            name: "a gateway route table's non-appliance target is edge-route-target's finding, not reported twice",
            text: topo(
                '      0.0.0.0/0 -> nat-a',
                `${HOSTS}\n    route-table rt-edge edge igw { 10.0.2.0/24 -> web-eni }`,
            ),
            assert: async (text) => {
                const codes = (await analyze(text)).diagnostics.map((d) => d.code);
                expect(codes).toContain('edge-route-target');
            },
        },
    ],
    invalid: [
        {
            name: 'source/destination check: a route to an instance that is not an appliance drops the traffic there',
            text: topo('      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> web-1', HOSTS),
            tokens: ['web-1'],
            severity: 1,
            related: ['web-1'],
            message: ['172.16.0.0/12 -> web-1', 'source/destination check is on', '`appliance`'],
        },
        {
            name: 'source/destination check: a network interface that is not an appliance drops traffic too, even on a subnet-CIDR middlebox route',
            text: topo('      0.0.0.0/0 -> web-eni\n      10.0.2.0/24 -> web-eni', HOSTS),
            tokens: ['web-eni', 'web-eni'],
            related: ['web-eni'],
        },
    ],
});

it('source/destination check: the finding states the flow that the tracer blocks at the host (source-dest-check)', async () => {
    const { topology, index } = await analyze(topo('      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> web-1', HOSTS));
    const rule = routingRules.find((r) => r.code === 'route-target-source-dest-check')!;
    const found: Finding<unknown>[] = [];
    rule.check({ topology, index, engine: engineFor(topology, index), report: (f) => found.push(f) });
    expect(found).toHaveLength(1);
    expect(found[0].flows).toEqual([
        {
            from: { kind: 'element', id: 'subnet:web.app-a' },
            to: { kind: 'ip', ip: '172.16.0.0' },
            options: { forwardOnly: true },
            verdict: 'blocked',
            reason: 'source-dest-check',
            stopsAt: 'instance:web.web-1',
        },
    ]);
});

ruleTester('route-prefix-list-ambiguous', {
    valid: [
        {
            name: 'disjoint prefix lists, or overlapping ones with the same target, are unambiguous',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      corp-a -> tgw\n      corp-b -> corp\n      corp-c -> tgw',
                '    prefix-list corp-a 10.50.0.0/16\n    prefix-list corp-b 10.70.0.0/16\n    prefix-list corp-c 10.50.0.0/20',
            ),
        },
        {
            name: "inside the VPC's range the local route is preferred over both overlapping prefix lists: AWS has nothing to pick",
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      corp-a -> tgw\n      corp-b -> corp',
                '    prefix-list corp-a 10.0.9.0/24\n    prefix-list corp-b 10.0.9.0/24',
            ),
        },
    ],
    invalid: [
        {
            name: 'two prefix lists with overlapping entries and different targets: AWS picks one at random',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      corp-a -> tgw\n      corp-b -> corp',
                '    prefix-list corp-a 10.50.0.0/16, 10.60.0.0/16\n    prefix-list corp-b 10.70.0.0/16, 10.50.0.0/16',
            ),
            tokens: ['corp-b'],
            severity: 2,
            related: ['corp-a -> tgw'],
        },
    ],
});

ruleTester('route-shadowed', {
    valid: [
        {
            name: 'a route with any address left uncovered still wins there (0.0.0.0/0 beside more specific routes)',
            text: topo('      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> tgw\n      172.16.0.0/13 -> corp'),
        },
        {
            name: "a propagated route outside the VPC's range, and a prefix list with an entry outside it, still win there",
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> corp propagated vpn-bgp\n      mixed-pl -> fw',
                '    prefix-list mixed-pl 10.0.9.0/24, 10.50.0.0/16',
            ),
        },
    ],
    invalid: [
        {
            name: 'longest prefix match: a route whose whole destination is covered by more specific routes never wins',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> tgw\n      172.16.0.0/13 -> corp\n      172.24.0.0/13 -> corp',
            ),
            tokens: ['172.16.0.0/12'],
            severity: 3,
            related: ['172.16.0.0/13 -> corp', '172.24.0.0/13 -> corp'],
        },
        {
            name: 'the local route is preferred over propagated (VPN/DX) routes that overlap it, even more specific ones: they never win',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      10.0.8.0/24 -> corp propagated vpn-bgp\n      10.0.0.0/16 -> corp propagated dx',
            ),
            tokens: ['10.0.8.0/24', '10.0.0.0/16'],
            severity: 3,
            message: ["inside the VPC's range", 'prefers the local route over propagated routes', '10.0.0.0/16'],
        },
        {
            name: "a prefix-list entry that falls inside the VPC's range does not override local: a list of only such entries never wins",
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      inside-pl -> fw',
                '    prefix-list inside-pl 10.0.9.0/24, 10.0.10.0/24',
            ),
            tokens: ['inside-pl'],
            message: 'prefers the local route over prefix-list routes',
        },
        {
            name: 'propagated routes inside the VPC carve nothing out of a static subnet route: the middlebox route keeps winning',
            text: topo(
                '      0.0.0.0/0 -> nat-a\n      10.0.2.0/24 -> fw\n      10.0.2.0/25 -> corp propagated\n      10.0.2.128/25 -> corp propagated',
            ),
            tokens: ['10.0.2.0/25', '10.0.2.128/25'],
        },
    ],
});
