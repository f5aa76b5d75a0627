/**
 * Route tables: subnet-multiple-route-tables, route-duplicate-destination, route-target-other-vpc,
 * route-more-specific-than-local, route-blackhole, route-gateway-endpoint-manual, route-prefix-list-ambiguous,
 * route-shadowed. Facts: VPC User Guide "Route tables", "Route priority", middlebox routing; DOMAIN.md §2.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routingRules } from '../../src/rules/routing.js';
import { analyze, findings, rangeText } from '../helpers.js';

type Found = Awaited<ReturnType<typeof findings>>;

/** Asserts the tokens the findings of `code` point at, in order, and returns the findings. */
async function check(text: string, code: string, tokens: string[]): Promise<Found> {
    const found = await findings(text, code);
    expect(found.map((d) => rangeText(text, d))).toEqual(tokens);
    return found;
}

function related(text: string, d: Found[number]): string[] {
    return (d.relatedInformation ?? []).map((r) => rangeText(text, r.location));
}

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

describe('subnet-multiple-route-tables', () => {
    it('a subnet is associated with exactly one route table: a second association is refused', async () => {
        const text = topo('      0.0.0.0/0 -> nat-a', '    route-table rt-other subnets app-a');
        const [d] = await check(text, 'subnet-multiple-route-tables', ['rt-app']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['rt-app', 'rt-other']);
        expect(d.message).toContain('app-a');
    });

    it('a subnet with one association, or none (it uses the main table), is fine', async () => {
        await check(
            topo('      0.0.0.0/0 -> nat-a', '    route-table rt-main main'),
            'subnet-multiple-route-tables',
            [],
        );
    });
});

describe('route-duplicate-destination', () => {
    it('a table holds one static route per destination, compared as canonical blocks', async () => {
        const text = topo(
            '      0.0.0.0/0 -> nat-a\n      192.168.0.0/16 -> tgw\n      192.168.1.1/16 -> corp\n      0.0.0.0/0 -> tgw',
        );
        const found = await check(text, 'route-duplicate-destination', ['192.168.1.1/16', '0.0.0.0/0']);
        expect(found[0].severity).toBe(1);
        expect(related(text, found[0])).toEqual(['192.168.0.0/16 -> tgw']);
        expect(related(text, found[1])).toEqual(['0.0.0.0/0 -> nat-a']);
    });

    it("a propagated route may share a static route's destination (the static route wins)", async () => {
        await check(
            topo(
                '      0.0.0.0/0 -> nat-a\n      192.168.0.0/16 -> tgw\n      192.168.0.0/16 -> corp propagated vpn-bgp',
            ),
            'route-duplicate-destination',
            [],
        );
    });
});

describe('route-target-other-vpc', () => {
    it('a route can only target a NAT gateway of its own VPC', async () => {
        const text = topo('      0.0.0.0/0 -> db.db-nat');
        const [d] = await check(text, 'route-target-other-vpc', ['db.db-nat']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['db-nat']);
        expect(d.message).toContain('VPC db');
    });

    it('a route can only use a peering connection that involves its VPC', async () => {
        const text = topo(
            '      0.0.0.0/0 -> nat-a\n      10.2.0.0/16 -> pcx-x',
            '',
            '  vpc other 10.2.0.0/16\n  peering pcx-x db <-> other',
        );
        await check(text, 'route-target-other-vpc', ['pcx-x']);
    });

    it("targets of the table's own VPC, a peering of the VPC and a TGW are fine", async () => {
        const text = topo(
            '      0.0.0.0/0 -> nat-a\n      10.1.0.0/16 -> pcx-db\n      172.16.0.0/12 -> tgw',
            '',
            '  peering pcx-db web <-> db',
        );
        await check(text, 'route-target-other-vpc', []);
    });
});

describe('route-more-specific-than-local', () => {
    it('a more specific user route beats the local route only when it equals a subnet CIDR', async () => {
        const text = topo('      0.0.0.0/0 -> nat-a\n      10.0.2.0/25 -> fw');
        const [d] = await check(text, 'route-more-specific-than-local', ['10.0.2.0/25']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['10.0.0.0/16']);
    });

    it('a route more specific than local must target a NAT gateway, ENI or GWLB endpoint, not a TGW', async () => {
        const text = topo('      0.0.0.0/0 -> nat-a\n      10.0.2.0/24 -> tgw');
        const [d] = await check(text, 'route-more-specific-than-local', ['tgw']);
        expect(related(text, d)).toEqual(['10.0.0.0/16', 'app-c']);
    });

    it('subnet-CIDR routes to a GWLB endpoint, an appliance ENI or a NAT gateway are middlebox routing and allowed', async () => {
        await check(
            topo(
                '      0.0.0.0/0 -> ep-a\n      10.0.2.0/24 -> ep-a\n      10.0.0.0/24 -> fw\n      10.0.3.0/24 -> nat-a',
            ),
            'route-more-specific-than-local',
            [],
        );
    });

    it('routes that contain a VPC block (10.0.0.0/8 -> tgw) or equal it (replacing local) are not more specific than local', async () => {
        await check(
            topo('      0.0.0.0/0 -> nat-a\n      10.0.0.0/8 -> tgw\n      10.0.0.0/16 -> fw'),
            'route-more-specific-than-local',
            [],
        );
    });
});

describe('route-blackhole', () => {
    it('a route to blackhole drops the traffic it wins', async () => {
        const text = topo('      0.0.0.0/0 -> nat-a\n      10.66.0.0/16 -> blackhole');
        const [d] = await check(text, 'route-blackhole', ['blackhole']);
        expect(d.severity).toBe(2);
    });

    it('a peering connection that is not accepted carries no traffic', async () => {
        const text = topo(
            '      0.0.0.0/0 -> nat-a\n      10.1.0.0/16 -> pcx-db',
            '',
            '  peering pcx-db web <-> db pending',
        );
        const [d] = await check(text, 'route-blackhole', ['pcx-db']);
        expect(related(text, d)).toEqual(['pcx-db']);
    });

    it('a GWLB endpoint pending acceptance by its service carries no traffic', async () => {
        const text = topo(
            '      0.0.0.0/0 -> ep-b',
            '    endpoint ep-b gwlb strict-svc in gwlbe-a',
            '  endpoint-service strict-svc backed-by inspect acceptance-required allow *',
        );
        const [d] = await check(text, 'route-blackhole', ['ep-b']);
        expect(related(text, d)).toEqual(['ep-b']);
        expect(d.message).toContain('pending acceptance');
    });

    it('an accepted peering, an accepted endpoint and a service without acceptance forward traffic', async () => {
        const text = topo(
            '      0.0.0.0/0 -> ep-b\n      10.1.0.0/16 -> pcx-db\n      10.0.2.0/24 -> ep-a',
            '    endpoint ep-b gwlb strict-svc in gwlbe-a accepted',
            '  endpoint-service strict-svc backed-by inspect acceptance-required allow *\n  peering pcx-db web <-> db',
        );
        await check(text, 'route-blackhole', []);
    });
});

describe('route-gateway-endpoint-manual', () => {
    it('routes to a gateway endpoint exist only through route-table association, never written by hand', async () => {
        const text = topo('      0.0.0.0/0 -> nat-a\n      52.219.0.0/20 -> s3', '    endpoint s3 gateway s3');
        const [d] = await check(text, 'route-gateway-endpoint-manual', ['s3']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['s3']);
    });

    it('a gateway endpoint associated through `routes` adds its prefix-list route without a finding', async () => {
        await check(
            topo('      0.0.0.0/0 -> nat-a', '    endpoint s3 gateway s3 routes rt-app'),
            'route-gateway-endpoint-manual',
            [],
        );
    });
});

describe('route-prefix-list-ambiguous', () => {
    it('two prefix lists with overlapping entries and different targets: AWS picks one at random', async () => {
        const text = topo(
            '      0.0.0.0/0 -> nat-a\n      corp-a -> tgw\n      corp-b -> corp',
            '    prefix-list corp-a 10.50.0.0/16, 10.60.0.0/16\n    prefix-list corp-b 10.70.0.0/16, 10.50.0.0/16',
        );
        const [d] = await check(text, 'route-prefix-list-ambiguous', ['corp-b']);
        expect(d.severity).toBe(2);
        expect(related(text, d)).toEqual(['corp-a -> tgw']);
    });

    it('disjoint prefix lists, or overlapping ones with the same target, are unambiguous', async () => {
        const text = topo(
            '      0.0.0.0/0 -> nat-a\n      corp-a -> tgw\n      corp-b -> corp\n      corp-c -> tgw',
            '    prefix-list corp-a 10.50.0.0/16\n    prefix-list corp-b 10.70.0.0/16\n    prefix-list corp-c 10.50.0.0/20',
        );
        await check(text, 'route-prefix-list-ambiguous', []);
    });
});

describe('route-shadowed', () => {
    it('longest prefix match: a route whose whole destination is covered by more specific routes never wins', async () => {
        const text = topo(
            '      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> tgw\n      172.16.0.0/13 -> corp\n      172.24.0.0/13 -> corp',
        );
        const [d] = await check(text, 'route-shadowed', ['172.16.0.0/12']);
        expect(d.severity).toBe(3);
        expect(related(text, d)).toEqual(['172.16.0.0/13 -> corp', '172.24.0.0/13 -> corp']);
    });

    it('a route with any address left uncovered still wins there (0.0.0.0/0 beside more specific routes)', async () => {
        await check(
            topo('      0.0.0.0/0 -> nat-a\n      172.16.0.0/12 -> tgw\n      172.16.0.0/13 -> corp'),
            'route-shadowed',
            [],
        );
    });
});

/** Each docs/rules page's first example must raise its code and the fixed one must not. */
describe('docs/rules examples', () => {
    for (const code of [
        'subnet-multiple-route-tables',
        'route-duplicate-destination',
        'route-target-other-vpc',
        'route-more-specific-than-local',
        'route-blackhole',
        'route-gateway-endpoint-manual',
        'route-prefix-list-ambiguous',
        'route-shadowed',
    ]) {
        it(`${code}: the documented failing example fires and the fixed one does not`, async () => {
            const md = readFileSync(`docs/rules/${code}.md`, 'utf8');
            const [bad, good] = [...md.matchAll(/```topo\n([\s\S]*?)```/g)].map((m) => m[1]);
            expect((await analyze(bad)).diagnostics.map((d) => d.code)).toContain(code);
            expect((await analyze(good)).diagnostics.map((d) => d.code)).not.toContain(code);
        });
    }
});
