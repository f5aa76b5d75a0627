/**
 * Addressing rules (RULES.md "Addressing"). Each case is a small topology; titles name the AWS fact
 * (VPC User Guide, "VPC CIDR blocks" / "Subnet CIDR blocks"; ELB guides for free addresses).
 */
import { describe, expect, it } from 'vitest';
import { analyze, findings, rangeText } from '../helpers.js';

const CODES = [
    'vpc-cidr-size',
    'vpc-cidr-overlap',
    'cidr-not-canonical',
    'cidr-reserved-range',
    'cidr-docker-range',
    'subnet-outside-vpc',
    'subnet-size',
    'subnet-overlap',
    'subnet-capacity',
];

const region = (body: string): string =>
    `region ap-northeast-1 {\n  az a = apne1-az4\n  az c = apne1-az1\n${body}\n}\n`;

/** The diagnostics of one code, with the text each one points at. */
async function check(
    text: string,
    code: string,
): Promise<Array<{ at: string; severity: number | undefined; message: string; related: string[]; data: unknown }>> {
    const found = await findings(text, code);
    return found.map((d) => ({
        at: rangeText(text, d),
        severity: d.severity,
        message: d.message,
        related: (d.relatedInformation ?? []).map((r) => rangeText(text, { range: r.location.range })),
        data: d.data,
    }));
}

describe('vpc-cidr-size', () => {
    it('a VPC block, primary or secondary, must be /16 to /28', async () => {
        const text = region(`  vpc web 10.0.0.0/16, 100.64.0.0/15, 10.9.0.0/29`);
        const ds = await check(text, 'vpc-cidr-size');
        expect(ds.map((d) => d.at)).toEqual(['100.64.0.0/15', '10.9.0.0/29']);
        expect(ds[0].message).toContain('/16 to /28');
    });
    it('/16 and /28 blocks are accepted', async () => {
        expect(await check(region(`  vpc web 10.0.0.0/16, 10.9.0.0/28`), 'vpc-cidr-size')).toEqual([]);
    });
    it('points at the right block when an earlier block does not parse', async () => {
        const text = region(`  vpc web 300.0.0.0/16, 10.1.0.0/12`);
        const ds = await check(text, 'vpc-cidr-size');
        expect(ds.map((d) => d.at)).toEqual(['10.1.0.0/12']);
    });
});

describe('vpc-cidr-overlap', () => {
    it('a secondary block may not overlap a block the VPC already has', async () => {
        const text = region(`  vpc web 10.0.0.0/16, 10.0.128.0/17`);
        const ds = await check(text, 'vpc-cidr-overlap');
        expect(ds).toHaveLength(1);
        expect(ds[0].at).toBe('10.0.128.0/17');
        expect(ds[0].related).toEqual(['10.0.0.0/16']);
    });
    it('disjoint primary and secondary blocks are fine', async () => {
        expect(await check(region(`  vpc web 10.0.0.0/16, 10.1.0.0/16, 100.64.0.0/16`), 'vpc-cidr-overlap')).toEqual(
            [],
        );
    });
});

describe('cidr-not-canonical', () => {
    it('AWS stores the network address: host bits are flagged wherever a block is written, with the canonical form for the quick fix', async () => {
        const text = `${region(`  vpc web 10.0.0.5/16 {
    subnet app 10.0.1.7/24 az a
    route-table rt { 10.20.3.0/16 -> blackhole }
    prefix-list corp 10.50.0.1/16
  }
  transit-gateway tgw {
    route-table spokes { 10.30.1.1/16 -> blackhole }
  }`)}`;
        const ds = await check(text, 'cidr-not-canonical');
        expect(ds.map((d) => d.at).sort()).toEqual([
            '10.0.0.5/16',
            '10.0.1.7/24',
            '10.20.3.0/16',
            '10.30.1.1/16',
            '10.50.0.1/16',
        ]);
        const subnet = ds.find((d) => d.at === '10.0.1.7/24')!;
        expect(subnet.data).toMatchObject({ canonical: '10.0.1.0/24' });
        expect(subnet.severity).toBe(2);
        expect(subnet.message).toContain('AWS stores this block as 10.0.1.0/24');
    });
    it('network addresses are left alone', async () => {
        const text = region(`  vpc web 10.0.0.0/16 {
    subnet app 10.0.1.0/24 az a
    route-table rt { 10.20.0.0/16 -> blackhole }
  }`);
        expect(await check(text, 'cidr-not-canonical')).toEqual([]);
    });
});

describe('cidr-reserved-range', () => {
    it('169.254.0.0/16 is link-local and cannot be a VPC block', async () => {
        const text = region(`  vpc web 10.0.0.0/16, 169.254.0.0/16`);
        const ds = await check(text, 'cidr-reserved-range');
        expect(ds.map((d) => d.at)).toEqual(['169.254.0.0/16']);
    });
    it('AWS reserves 169.254.168.0/22 for its services: no route may point into it', async () => {
        const text = region(`  vpc web 10.0.0.0/16 {
    route-table rt { 169.254.169.0/24 -> blackhole   169.254.0.0/24 -> blackhole }
  }`);
        const ds = await check(text, 'cidr-reserved-range');
        expect(ds.map((d) => d.at)).toEqual(['169.254.169.0/24']);
        expect(ds[0].severity).toBe(1);
    });
    it('ordinary private blocks and routes are fine', async () => {
        const text = region(`  vpc web 10.0.0.0/16 {
    route-table rt { 10.9.0.0/16 -> blackhole }
  }`);
        expect(await check(text, 'cidr-reserved-range')).toEqual([]);
    });
});

describe('cidr-docker-range', () => {
    it('AWS recommends avoiding 172.17.0.0/16 (Docker bridge, used by Cloud9 and SageMaker)', async () => {
        const text = region(`  vpc web 10.0.0.0/16, 172.17.0.0/24`);
        const ds = await check(text, 'cidr-docker-range');
        expect(ds.map((d) => [d.at, d.severity])).toEqual([['172.17.0.0/24', 2]]);
    });
    it('172.16.0.0/16 and 172.18.0.0/16 do not collide with Docker', async () => {
        expect(await check(region(`  vpc web 172.16.0.0/16, 172.18.0.0/16`), 'cidr-docker-range')).toEqual([]);
    });
});

describe('subnet-outside-vpc', () => {
    it("a subnet's block must lie inside one of its VPC's blocks", async () => {
        const text = region(`  vpc web 10.0.0.0/16, 100.64.0.0/16 {
    subnet ok 100.64.1.0/24 az a
    subnet stray 10.1.0.0/24 az a
  }`);
        const ds = await check(text, 'subnet-outside-vpc');
        expect(ds.map((d) => d.at)).toEqual(['10.1.0.0/24']);
        expect(ds[0].message).toContain('outside every block of VPC web');
    });
    it('a subnet may not straddle two adjacent VPC blocks', async () => {
        const text = region(`  vpc web 10.0.0.0/16, 10.1.0.0/16 {
    subnet wide 10.0.0.0/15 az a
  }`);
        const ds = await check(text, 'subnet-outside-vpc');
        expect(ds.map((d) => d.at)).toEqual(['10.0.0.0/15']);
    });
    it('subnets in a secondary block are inside the VPC', async () => {
        const text = region(`  vpc web 10.0.0.0/16, 100.64.0.0/16 {
    subnet a 10.0.1.0/24 az a
    subnet b 100.64.0.0/16 az c
  }`);
        expect(await check(text, 'subnet-outside-vpc')).toEqual([]);
    });
});

describe('subnet-size', () => {
    it('an IPv4 subnet must be /16 to /28', async () => {
        const text = region(`  vpc web 10.0.0.0/16 {
    subnet tiny 10.0.1.0/29 az a
    subnet ok 10.0.2.0/28 az a
  }`);
        const ds = await check(text, 'subnet-size');
        expect(ds.map((d) => d.at)).toEqual(['10.0.1.0/29']);
    });
    it('/16 and /28 subnets are accepted', async () => {
        const text = region(`  vpc web 10.0.0.0/16, 10.1.0.0/16 {
    subnet all 10.1.0.0/16 az a
    subnet small 10.0.0.16/28 az a
  }`);
        expect(await check(text, 'subnet-size')).toEqual([]);
    });
});

describe('subnet-overlap', () => {
    it('two subnets of one VPC may not overlap; the other subnet is related', async () => {
        const text = region(`  vpc web 10.0.0.0/16 {
    subnet a 10.0.0.0/23 az a
    subnet b 10.0.1.0/24 az a
    subnet c 10.0.2.0/24 az c
  }`);
        const ds = await check(text, 'subnet-overlap');
        expect(ds).toHaveLength(1);
        expect(ds[0].at).toBe('10.0.1.0/24');
        expect(ds[0].related).toEqual(['10.0.0.0/23']);
        expect(ds[0].message).toContain('subnet a');
    });
    it('the same block in two different VPCs is not a subnet overlap', async () => {
        const text = region(`  vpc web 10.0.0.0/16 { subnet a 10.0.1.0/24 az a }
  vpc db 10.0.0.0/16 { subnet a 10.0.1.0/24 az a }`);
        expect(await check(text, 'subnet-overlap')).toEqual([]);
    });
});

describe('subnet-capacity', () => {
    it('a /28 keeps 11 addresses after the 5 AWS reserves; an NLB needs 8 of them free', async () => {
        const text = region(`  vpc web 10.0.0.0/16 {
    subnet lb-a 10.0.0.0/28 az a
    instance w1 in lb-a
    instance w2 in lb-a
    instance w3 in lb-a
    nlb api in lb-a targets w1, w2, w3
  }`);
        const ds = await check(text, 'subnet-capacity');
        expect(ds).toHaveLength(1);
        expect(ds[0].at).toBe('10.0.0.0/28');
        expect(ds[0].severity).toBe(2);
        expect(ds[0].message).toContain('11 usable');
        expect(ds[0].message).toContain('NLB api needs 8 free');
        expect(ds[0].related).toEqual(['api']);
    });
    it('a GWLB counts NAT gateways and endpoint ENIs sharing its subnet', async () => {
        const text = region(`  vpc insp 10.0.0.0/16 {
    subnet s 10.0.0.0/28 az a
    nat n in s private
    instance fw in s appliance
    gwlb inspect in s targets fw
    endpoint-service svc backed-by inspect
    endpoint e1 gwlb svc in s
  }`);
        const ds = await check(text, 'subnet-capacity');
        expect(ds.map((d) => d.at)).toEqual(['10.0.0.0/28']);
        expect(ds[0].message).toContain('GWLB inspect');
    });
    it('a subnet with more hosts than usable addresses has run out', async () => {
        const hosts = Array.from({ length: 12 }, (_, i) => `    instance h${i} in s`).join('\n');
        const text = region(`  vpc web 10.0.0.0/16 {\n    subnet s 10.0.0.0/28 az a\n${hosts}\n  }`);
        const ds = await check(text, 'subnet-capacity');
        expect(ds).toHaveLength(1);
        expect(ds[0].message).toContain('run out');
    });
    it('an NLB in a /28 with two hosts still has its 8 free addresses', async () => {
        const text = region(`  vpc web 10.0.0.0/16 {
    subnet lb-a 10.0.0.0/28 az a
    instance w1 in lb-a
    instance w2 in lb-a
    nlb api in lb-a targets w1, w2
  }`);
        expect(await check(text, 'subnet-capacity')).toEqual([]);
    });
});

describe('a clean VPC', () => {
    it('a well-addressed VPC gets no addressing diagnostic', async () => {
        const { diagnostics } = await analyze(
            region(`  vpc web 10.0.0.0/16, 100.64.0.0/16 {
    subnet a 10.0.0.0/24 az a
    subnet c 10.0.1.0/24 az c
    subnet x 100.64.0.0/20 az a
  }`),
        );
        expect(diagnostics.filter((d) => CODES.includes(d.code))).toEqual([]);
    });
});
