/**
 * Gateway endpoints (S3, DynamoDB): gateway-endpoint-service, -region, -duplicate, -overridden, -unused.
 * Facts: PrivateLink Guide "Gateway endpoints"; VPC User Guide "Route priority"; DOMAIN.md §1, §2.6.
 * The bundled ap-northeast-1 S3 prefix list holds 52.219.0.0/20 (src/net/prefix-lists.ts).
 */
import { describe, expect, it } from 'vitest';
import { findings, rangeText } from '../helpers.js';

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

/** One VPC in ap-northeast-1 with two app subnets; `extra` goes inside the VPC. */
function vpc(extra: string, vpcAttrs = ''): string {
    return `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc web 10.0.0.0/16${vpcAttrs} {
    igw igw
    subnet app-a 10.0.1.0/24 az a routes rt-a
    subnet app-c 10.0.2.0/24 az c routes rt-c
    route-table rt-a { 0.0.0.0/0 -> igw }
    route-table rt-c { 0.0.0.0/0 -> igw }
${extra}
  }
}`;
}

describe('gateway-endpoint-service', () => {
    it('gateway endpoints exist only for S3 and DynamoDB: one for ssm is refused', async () => {
        const text = vpc('    endpoint ssm-gw gateway ssm routes rt-a');
        const [d] = await check(text, 'gateway-endpoint-service', ['ssm']);
        expect(d.severity).toBe(1);
        expect(d.message).toContain("'ssm-gw'");
    });

    it('gateway endpoints exist only for S3 and DynamoDB: both are accepted', async () => {
        await check(
            vpc('    endpoint s3 gateway s3 routes rt-a\n    endpoint ddb gateway dynamodb routes rt-c'),
            'gateway-endpoint-service',
            [],
        );
    });

    it('a gateway endpoint cannot target an endpoint service (those use PrivateLink endpoints)', async () => {
        const text = vpc(`
    nlb api in app-a targets 10.0.1.10
    endpoint-service api-svc backed-by api
    endpoint ep gateway api-svc routes rt-a`);
        const [d] = await check(text, 'gateway-endpoint-service', ['api-svc']);
        expect(related(text, d)).toEqual(['api-svc']);
    });
});

describe('gateway-endpoint-region', () => {
    it('managed prefix lists are per region: an S3 gateway endpoint for another region is refused', async () => {
        const text = vpc('    endpoint s3 gateway s3 routes rt-a region us-west-2');
        const [d] = await check(text, 'gateway-endpoint-region', ['us-west-2']);
        expect(d.message).toContain('ap-northeast-1');
        expect(related(text, d)).toEqual(['web']);
    });

    it('managed prefix lists are per region: the VPC region (written or implied) is fine', async () => {
        await check(
            vpc(
                '    endpoint s3 gateway s3 routes rt-a region ap-northeast-1\n    endpoint ddb gateway dynamodb routes rt-c',
            ),
            'gateway-endpoint-region',
            [],
        );
    });
});

describe('gateway-endpoint-duplicate', () => {
    it('a route table holds one route per service prefix list: a second S3 gateway endpoint on rt-a is refused', async () => {
        const text = vpc(
            '    endpoint s3-one gateway s3 routes rt-a\n    endpoint s3-two gateway s3 routes rt-c, rt-a',
        );
        const [d] = await check(text, 'gateway-endpoint-duplicate', ['rt-a']);
        expect(d.range.start.line).toBe(text.split('\n').findIndex((l) => l.includes('s3-two')));
        expect(d.message).toContain("'s3-one'");
        expect(related(text, d)).toEqual(['rt-a']);
    });

    it('different services, or the same service in different tables, may share a VPC', async () => {
        await check(
            vpc(
                '    endpoint s3-one gateway s3 routes rt-a\n    endpoint s3-two gateway s3 routes rt-c\n    endpoint ddb gateway dynamodb routes rt-a',
            ),
            'gateway-endpoint-duplicate',
            [],
        );
    });
});

describe('gateway-endpoint-overridden', () => {
    it('longest prefix wins: a /24 inside the S3 entry 52.219.0.0/20 beats the gateway endpoint (like AWS 54.123.165.0/24 -> igw over 54.123.160.0/19)', async () => {
        const text = vpc(
            '    endpoint s3 gateway s3 routes rt-x\n    subnet app-b 10.0.3.0/24 az a routes rt-x\n    route-table rt-x { 0.0.0.0/0 -> igw  52.219.5.0/24 -> igw }',
        );
        const [d] = await check(text, 'gateway-endpoint-overridden', ['52.219.5.0/24']);
        expect(d.severity).toBe(2);
        expect(d.message).toContain('52.219.0.0/20');
        expect(related(text, d)).toEqual(['rt-x']);
    });

    it('for identical prefixes a static route beats the prefix-list route of the gateway endpoint', async () => {
        const text = vpc(
            '    endpoint s3 gateway s3 routes rt-a\n    nat n in app-c eip\n    route-table rt-x subnets app-a { 52.219.0.0/20 -> n }\n    endpoint s3b gateway s3 routes rt-x',
        );
        await check(text, 'gateway-endpoint-overridden', ['52.219.0.0/20']);
    });

    it('each entry of a user prefix-list route is a candidate: an entry inside the S3 list overrides it', async () => {
        const text = vpc(
            '    prefix-list corp 52.219.8.0/24\n    endpoint s3 gateway s3 routes rt-x\n    route-table rt-x { corp -> igw }',
        );
        await check(text, 'gateway-endpoint-overridden', ['corp']);
    });

    it('0.0.0.0/0 and other blocks broader than the entry lose by longest prefix, so nothing is overridden', async () => {
        const text = vpc(
            '    endpoint s3 gateway s3 routes rt-x\n    route-table rt-x { 0.0.0.0/0 -> igw  52.218.0.0/15 -> igw }',
        );
        await check(text, 'gateway-endpoint-overridden', []);
    });

    it('a more specific route only matters in a table that has the gateway endpoint route', async () => {
        const text = vpc('    endpoint s3 gateway s3 routes rt-a\n    route-table rt-x { 52.219.5.0/24 -> igw }');
        await check(text, 'gateway-endpoint-overridden', []);
    });
});

describe('gateway-endpoint-unused', () => {
    it('a gateway endpoint works only through route tables that subnets use: one only on an unused table is idle', async () => {
        const text = vpc('    route-table rt-spare { 0.0.0.0/0 -> igw }\n    endpoint s3 gateway s3 routes rt-spare');
        const [d] = await check(text, 'gateway-endpoint-unused', ['rt-spare']);
        expect(d.severity).toBe(3);
    });

    it('a gateway endpoint with no route table at all serves no subnet', async () => {
        await check(vpc('    endpoint s3 gateway s3'), 'gateway-endpoint-unused', ['s3']);
    });

    it('a table used by a subnet, explicitly or as the main table, makes the endpoint used', async () => {
        const text = `
region ap-northeast-1 {
  vpc web 10.0.0.0/16 {
    subnet app-a 10.0.1.0/24 az a
    route-table rt-main main
    route-table rt-spare
    endpoint s3 gateway s3 routes rt-main, rt-spare
  }
}`;
        await check(text, 'gateway-endpoint-unused', []);
        await check(vpc('    endpoint s3 gateway s3 routes rt-a'), 'gateway-endpoint-unused', []);
    });
});
