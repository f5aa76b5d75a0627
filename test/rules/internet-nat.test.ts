/**
 * Internet and NAT gateways: igw-multiple, nat-in-private-subnet, nat-cross-az.
 * Facts: VPC User Guide "Internet gateways", "NAT gateways", "Middlebox scenarios".
 */
import { expect, it } from 'vitest';
import { internetNatRules } from '../../src/rules/internet-nat.js';
import { analyze } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

interface Parts {
    /** Targets of 0.0.0.0/0 in rt-app-a and rt-app-c. */
    readonly appA?: string;
    readonly appC?: string;
    readonly natA?: string;
    readonly extra?: string;
    readonly outer?: string;
}

/** VPC web: public subnets in AZ a and c behind igw, each with a zonal NAT; app subnets per AZ. */
function topo(p: Parts = {}): string {
    return `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc web 10.0.0.0/16 {
    igw igw
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet pub-c 10.0.10.0/24 az c routes rt-pub
    subnet app-a 10.0.1.0/24 az a routes rt-app-a
    subnet app-c 10.0.2.0/24 az c routes rt-app-c
    ${p.natA ?? 'nat nat-a in pub-a eip'}
    nat nat-c in pub-c eip
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app-a { 0.0.0.0/0 -> ${p.appA ?? 'nat-a'} }
    route-table rt-app-c { 0.0.0.0/0 -> ${p.appC ?? 'nat-c'} }
${p.extra ?? ''}
  }
${p.outer ?? ''}
}`;
}

it('the base topology parses and links cleanly and raises none of these codes, so the does-not-fire cases are meaningful', async () => {
    const { diagnostics } = await analyze(topo());
    const mine = new Set<string>(internetNatRules.map((r) => r.code));
    expect(
        diagnostics
            .map((d) => d.code)
            .filter((c) => mine.has(c) || c === 'syntax-error' || c === 'unresolved-reference'),
    ).toEqual([]);
});

ruleTester('igw-multiple', {
    valid: [
        {
            name: 'one internet gateway in each of two VPCs is fine',
            text: topo({ outer: '  vpc db 10.1.0.0/16 {\n    igw db-igw\n  }' }),
        },
    ],
    invalid: [
        {
            name: 'a VPC has at most one internet gateway attached',
            text: topo({ extra: '    igw igw-2' }),
            tokens: ['igw-2'],
            severity: 1,
            related: ['igw'],
        },
    ],
});

ruleTester('nat-in-private-subnet', {
    valid: [
        {
            name: 'a NAT gateway that nobody sends internet traffic to is not reported',
            text: topo({ extra: '    subnet iso-a 10.0.3.0/24 az a\n    nat nat-p in iso-a eip' }),
        },
        {
            name: 'a zonal NAT gateway that only forwards to a transit gateway needs no IGW route',
            text: topo({
                appA: 'nat-t',
                extra: '    subnet tgw-a 10.0.4.0/24 az a routes rt-tgw\n    nat nat-t in tgw-a eip\n    route-table rt-tgw { 0.0.0.0/0 -> tgw }',
                outer: '  transit-gateway tgw {\n    attachment att-web vpc web in tgw-a\n  }',
            }),
        },
        {
            name: "traffic to the VPC's own blocks is not internet-bound, even when the VPC uses a public range",
            text: topo({
                outer: [
                    '  vpc pub-block 100.20.0.0/16 {',
                    '    subnet p1 100.20.1.0/24 az a routes rt-p1',
                    '    subnet p2 100.20.2.0/24 az a',
                    '    nat n-p2 in p2 eip',
                    '    route-table rt-p1 { 100.20.2.0/24 -> n-p2 }',
                    '  }',
                ].join('\n'),
            }),
        },
        {
            name: 'a regional NAT gateway has no subnet and never triggers it',
            text: topo({ appA: 'egress', appC: 'egress', extra: '    nat egress regional' }),
        },
        {
            name: "every ENI-based hop forwards with its own subnet's table: NAT -> GWLB endpoint -> IGW reaches the internet",
            text: topo({
                appA: 'nat-i',
                extra: [
                    '    subnet nat-i-sub 10.0.5.0/24 az a routes rt-nat-i',
                    '    subnet gwlbe-a 10.0.6.0/24 az a',
                    '    nat nat-i in nat-i-sub eip',
                    '    endpoint ep-a gwlb inspect-svc in gwlbe-a',
                    '    route-table rt-nat-i { 0.0.0.0/0 -> ep-a }',
                    '    route-table rt-gwlbe subnets gwlbe-a { 0.0.0.0/0 -> igw }',
                ].join('\n'),
                outer: [
                    '  vpc inspection 10.9.0.0/16 {',
                    '    subnet appl-a 10.9.1.0/24 az a',
                    '    instance fw-1 in appl-a ip 10.9.1.10 appliance',
                    '    gwlb inspect in appl-a targets fw-1',
                    '  }',
                    '  endpoint-service inspect-svc backed-by inspect allow *',
                ].join('\n'),
            }),
        },
    ],
    invalid: [
        {
            name: "a zonal NAT gateway forwards with its own subnet's table: without a route to the IGW, internet traffic is lost",
            text: topo({ appA: 'nat-p', extra: '    subnet iso-a 10.0.3.0/24 az a\n    nat nat-p in iso-a eip' }),
            tokens: ['iso-a'],
            severity: 1,
            message: 'no route for internet traffic',
            assert: (found) => expect(found[0].related[0]).toBe('0.0.0.0/0 -> nat-p'),
        },
        {
            name: 'a zonal public NAT gateway needs an Elastic IP',
            text: topo({ natA: 'nat nat-a in pub-a' }),
            tokens: ['nat-a'],
            message: 'EIP',
            related: ['0.0.0.0/0 -> nat-a'],
        },
    ],
});

ruleTester('nat-cross-az', {
    valid: [
        { name: 'one zonal NAT gateway per AZ keeps each AZ independent', text: topo() },
        {
            name: 'a regional NAT gateway spans AZs and never triggers it',
            text: topo({ appA: 'egress', appC: 'egress', extra: '    nat egress regional' }),
        },
    ],
    invalid: [
        {
            name: 'a subnet that sends 0.0.0.0/0 to a zonal NAT gateway in another AZ depends on that AZ',
            text: topo({ appC: 'nat-a' }),
            tokens: ['nat-a'],
            severity: 2,
            related: ['nat-a', 'app-c'],
            message: 'apne1-az1',
        },
        {
            name: 'a subnet written with its AZ ID and a NAT gateway in the same zone written by AZ name are in the same AZ',
            text: topo({ appC: 'nat-a', extra: '    subnet app-id 10.0.7.0/24 az apne1-az4 routes rt-app-c' }),
            tokens: ['nat-a'],
            related: ['nat-a', 'app-c'],
        },
    ],
});
