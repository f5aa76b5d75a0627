/**
 * Internet and NAT gateways: igw-multiple, nat-in-private-subnet, nat-cross-az.
 * Facts: VPC User Guide "Internet gateways", "NAT gateways"; DOMAIN.md §2.8 and §7.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { internetNatRules } from '../../src/rules/internet-nat.js';
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

describe('igw-multiple', () => {
    it('a VPC has at most one internet gateway attached', async () => {
        const text = topo({ extra: '    igw igw-2' });
        const [d] = await check(text, 'igw-multiple', ['igw-2']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['igw']);
    });

    it('one internet gateway in each of two VPCs is fine', async () => {
        await check(topo({ outer: '  vpc db 10.1.0.0/16 {\n    igw db-igw\n  }' }), 'igw-multiple', []);
    });
});

describe('nat-in-private-subnet', () => {
    it("a zonal NAT gateway forwards with its own subnet's table: without a route to the IGW, internet traffic is lost", async () => {
        const text = topo({ appA: 'nat-p', extra: '    subnet iso-a 10.0.3.0/24 az a\n    nat nat-p in iso-a eip' });
        const [d] = await check(text, 'nat-in-private-subnet', ['iso-a']);
        expect(d.severity).toBe(1);
        expect(related(text, d)[0]).toBe('0.0.0.0/0 -> nat-p');
        expect(d.message).toContain('no route for internet traffic');
    });

    it('a zonal public NAT gateway needs an Elastic IP', async () => {
        const text = topo({ natA: 'nat nat-a in pub-a' });
        const [d] = await check(text, 'nat-in-private-subnet', ['nat-a']);
        expect(d.message).toContain('EIP');
        expect(related(text, d)).toEqual(['0.0.0.0/0 -> nat-a']);
    });

    it('a NAT gateway that nobody sends internet traffic to is not reported', async () => {
        await check(
            topo({ extra: '    subnet iso-a 10.0.3.0/24 az a\n    nat nat-p in iso-a eip' }),
            'nat-in-private-subnet',
            [],
        );
    });

    it('a zonal NAT gateway that only forwards to a transit gateway needs no IGW route', async () => {
        const text = topo({
            appA: 'nat-t',
            extra: '    subnet tgw-a 10.0.4.0/24 az a routes rt-tgw\n    nat nat-t in tgw-a eip\n    route-table rt-tgw { 0.0.0.0/0 -> tgw }',
            outer: '  transit-gateway tgw {\n    attachment att-web vpc web in tgw-a\n  }',
        });
        await check(text, 'nat-in-private-subnet', []);
    });

    it("traffic to the VPC's own blocks is not internet-bound, even when the VPC uses a public range", async () => {
        const outer = [
            '  vpc pub-block 100.20.0.0/16 {',
            '    subnet p1 100.20.1.0/24 az a routes rt-p1',
            '    subnet p2 100.20.2.0/24 az a',
            '    nat n-p2 in p2 eip',
            '    route-table rt-p1 { 100.20.2.0/24 -> n-p2 }',
            '  }',
        ].join('\n');
        await check(topo({ outer }), 'nat-in-private-subnet', []);
    });

    it('a regional NAT gateway has no subnet and never triggers it', async () => {
        await check(
            topo({ appA: 'egress', appC: 'egress', extra: '    nat egress regional' }),
            'nat-in-private-subnet',
            [],
        );
    });

    it("every ENI-based hop forwards with its own subnet's table: NAT -> GWLB endpoint -> IGW reaches the internet", async () => {
        const text = topo({
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
        });
        await check(text, 'nat-in-private-subnet', []);
    });
});

describe('nat-cross-az', () => {
    it('a subnet that sends 0.0.0.0/0 to a zonal NAT gateway in another AZ depends on that AZ', async () => {
        const text = topo({ appC: 'nat-a' });
        const [d] = await check(text, 'nat-cross-az', ['nat-a']);
        expect(d.severity).toBe(2);
        expect(related(text, d)).toEqual(['nat-a', 'app-c']);
        expect(d.message).toContain('apne1-az1');
    });

    it('one zonal NAT gateway per AZ keeps each AZ independent', async () => {
        await check(topo(), 'nat-cross-az', []);
    });

    it('a regional NAT gateway spans AZs and never triggers it', async () => {
        await check(topo({ appA: 'egress', appC: 'egress', extra: '    nat egress regional' }), 'nat-cross-az', []);
    });

    it('a subnet written with its AZ ID and a NAT gateway in the same zone written by AZ name are in the same AZ', async () => {
        const text = topo({ appC: 'nat-a', extra: '    subnet app-id 10.0.7.0/24 az apne1-az4 routes rt-app-c' });
        const [d] = await check(text, 'nat-cross-az', ['nat-a']);
        expect(related(text, d)).toEqual(['nat-a', 'app-c']);
    });
});

/** Each docs/rules page's first example must raise its code and the fixed one must not. */
describe('docs/rules examples', () => {
    for (const code of ['igw-multiple', 'nat-in-private-subnet', 'nat-cross-az']) {
        it(`${code}: the documented failing example fires and the fixed one does not`, async () => {
            const md = readFileSync(`docs/rules/${code}.md`, 'utf8');
            const [bad, good] = [...md.matchAll(/```topo\n([\s\S]*?)```/g)].map((m) => m[1]);
            expect((await analyze(bad)).diagnostics.map((d) => d.code)).toContain(code);
            expect((await analyze(good)).diagnostics.map((d) => d.code)).not.toContain(code);
        });
    }
});
