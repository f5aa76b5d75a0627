/**
 * Interface endpoints and DNS: interface-endpoint-duplicate-az, -az-unsupported, -single-az,
 * private-dns-needs-vpc-dns, private-dns-conflict.
 * Facts: PrivateLink Guide "Interface VPC endpoints", "DNS hostnames", endpoint services "Availability Zones";
 * DOMAIN.md §3, §4.
 */
import { describe, expect, it } from 'vitest';
import { findings, rangeText } from '../helpers.js';

type Found = Awaited<ReturnType<typeof findings>>;

async function check(text: string, code: string, tokens: string[]): Promise<Found> {
    const found = await findings(text, code);
    expect(found.map((d) => rangeText(text, d))).toEqual(tokens);
    return found;
}

function related(text: string, d: Found[number]): string[] {
    return (d.relatedInformation ?? []).map((r) => rangeText(text, r.location));
}

/** One VPC with subnets in AZs a, a (second) and c; `extra` goes inside the VPC. */
function vpc(extra: string, vpcAttrs = ' dns-hostnames'): string {
    return `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc web 10.0.0.0/16${vpcAttrs} {
    subnet app-a  10.0.1.0/24 az a
    subnet app-a2 10.0.3.0/24 az a
    subnet app-c  10.0.2.0/24 az c
${extra}
  }
}`;
}

describe('interface-endpoint-duplicate-az', () => {
    it('an interface endpoint takes one subnet per AZ (AWS returns DuplicateSubnetsInSameZone)', async () => {
        const text = vpc('    endpoint ssm interface ssm in app-a, app-a2');
        const [d] = await check(text, 'interface-endpoint-duplicate-az', ['app-a2']);
        expect(d.severity).toBe(1);
        expect(related(text, d)).toEqual(['app-a']);
    });

    it('one subnet in each of two AZs is accepted', async () => {
        await check(vpc('    endpoint ssm interface ssm in app-a, app-c'), 'interface-endpoint-duplicate-az', []);
    });
});

/** Provider (NLB in AZ `providerAz` of account prov) and a consumer VPC; accounts may override AZ IDs. */
function providerConsumer(opts: {
    providerAz: string;
    consumerSubnets: string;
    consumerAccount?: string;
    consumerRegion?: string;
}): string {
    const consumerRegion = opts.consumerRegion ?? 'ap-northeast-1';
    const consumer = `
  vpc cons 10.1.0.0/16 account ${opts.consumerAccount ?? 'cons'} dns-hostnames {
    subnet cons-a 10.1.1.0/24 az a
    subnet cons-c 10.1.2.0/24 az c
    endpoint api interface api-svc in ${opts.consumerSubnets}
  }`;
    const sameRegion = consumerRegion === 'ap-northeast-1';
    return `
account prov id 111111111111
account cons id 222222222222
account swapped id 333333333333 { az ap-northeast-1a = apne1-az1  az ap-northeast-1c = apne1-az4 }
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc prov 10.9.0.0/16 account prov {
    subnet lb-a 10.9.1.0/24 az a
    subnet lb-c 10.9.2.0/24 az c
    instance web-a in lb-a
    instance web-c in lb-c
    nlb api-nlb in lb-${opts.providerAz} targets web-${opts.providerAz}
  }
  endpoint-service api-svc backed-by prov.api-nlb allow cons, swapped${sameRegion ? '' : ` regions ${consumerRegion}`}
${sameRegion ? consumer : ''}
}
${sameRegion ? '' : `region ${consumerRegion} {\n  az a\n  az c\n${consumer}\n}`}`;
}

describe('interface-endpoint-az-unsupported', () => {
    it("in the same region a consumer can use only AZs where the provider's NLB is enabled", async () => {
        const text = providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a, cons-c' });
        const [d] = await check(text, 'interface-endpoint-az-unsupported', ['cons-c']);
        expect(d.message).toContain('apne1-az1');
        expect(related(text, d)).toEqual(['api-nlb']);
    });

    it("an endpoint only in the NLB's AZ is accepted", async () => {
        await check(
            providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a' }),
            'interface-endpoint-az-unsupported',
            [],
        );
    });

    it('AZ names map per account: a different name with the same AZ ID is the same zone (no diagnostic)', async () => {
        // Provider ap-northeast-1c = apne1-az1; account swapped has ap-northeast-1a = apne1-az1.
        await check(
            providerConsumer({ providerAz: 'c', consumerSubnets: 'cons-a', consumerAccount: 'swapped' }),
            'interface-endpoint-az-unsupported',
            [],
        );
    });

    it('AZ names map per account: the same name with a different AZ ID is another zone (diagnostic)', async () => {
        // Provider ap-northeast-1c = apne1-az1; account swapped has ap-northeast-1c = apne1-az4.
        const text = providerConsumer({ providerAz: 'c', consumerSubnets: 'cons-c', consumerAccount: 'swapped' });
        const [d] = await check(text, 'interface-endpoint-az-unsupported', ['cons-c']);
        expect(d.message).toContain('apne1-az4');
    });

    it('cross-region endpoints are exempt from the AZ comparison', async () => {
        await check(
            providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a, cons-c', consumerRegion: 'us-east-1' }),
            'interface-endpoint-az-unsupported',
            [],
        );
    });

    const gwlb = (endpointSubnet: string): string => `
region ap-northeast-1 {
  vpc insp 192.168.0.0/24 {
    subnet appl-a 192.168.0.0/28 az a
    instance fw-a in appl-a appliance
    gwlb inspect in appl-a targets fw-a
  }
  endpoint-service insp-svc backed-by insp.inspect allow *
  vpc web 10.0.0.0/16 {
    subnet gwlbe-a 10.0.0.0/28 az a
    subnet gwlbe-c 10.0.0.16/28 az c
    endpoint ep gwlb insp-svc in ${endpointSubnet}
  }
}`;

    it('a GWLB endpoint can be placed only in an AZ where the GWLB is enabled', async () => {
        const text = gwlb('gwlbe-c');
        const [d] = await check(text, 'interface-endpoint-az-unsupported', ['gwlbe-c']);
        expect(related(text, d)).toEqual(['inspect']);
        await check(gwlb('gwlbe-a'), 'interface-endpoint-az-unsupported', []);
    });
});

describe('interface-endpoint-single-az', () => {
    it('an ENI in one AZ while instances run in two makes the other AZ depend on it', async () => {
        const text = vpc(
            '    instance w-a in app-a\n    instance w-c in app-c\n    endpoint ssm interface ssm in app-a',
        );
        const [d] = await check(text, 'interface-endpoint-single-az', ['app-a']);
        expect(d.severity).toBe(2);
        expect(related(text, d)).toEqual(['app-c']);
    });

    it('an ENI in every AZ with workloads is enough', async () => {
        await check(
            vpc('    instance w-a in app-a\n    instance w-c in app-c\n    endpoint ssm interface ssm in app-a, app-c'),
            'interface-endpoint-single-az',
            [],
        );
    });

    it('a single-AZ endpoint is fine when the workloads use only that AZ', async () => {
        await check(
            vpc('    instance w-a in app-a\n    instance w-a2 in app-a2\n    endpoint ssm interface ssm in app-a'),
            'interface-endpoint-single-az',
            [],
        );
    });
});

describe('private-dns-needs-vpc-dns', () => {
    it('private DNS needs enableDnsHostnames on the VPC (it is off unless written)', async () => {
        const text = vpc('    endpoint ssm interface ssm in app-a, app-c private-dns', '');
        const [d] = await check(text, 'private-dns-needs-vpc-dns', ['private-dns']);
        expect(d.message).toContain('enableDnsHostnames');
        expect(related(text, d)).toEqual(['web']);
        const data = d.data as {
            missing: string[];
            insert: { text: string; position: { line: number; character: number } };
        };
        expect(data.missing).toEqual(['dns-hostnames']);
        expect(data.insert.text).toBe(' dns-hostnames');
        // The fix goes right after the VPC's last block.
        const line = text.split('\n')[data.insert.position.line];
        expect(line.slice(0, data.insert.position.character)).toMatch(/10\.0\.0\.0\/16$/);
    });

    it('private DNS needs enableDnsSupport too: no-dns-support breaks it', async () => {
        const text = vpc('    endpoint ssm interface ssm in app-a, app-c private-dns', ' no-dns-support dns-hostnames');
        const [d] = await check(text, 'private-dns-needs-vpc-dns', ['private-dns']);
        expect((d.data as { missing: string[] }).missing).toEqual(['dns-support']);
    });

    it('dns-support (the default) and dns-hostnames are enough; private DNS off needs neither', async () => {
        await check(vpc('    endpoint ssm interface ssm in app-a, app-c private-dns'), 'private-dns-needs-vpc-dns', []);
        await check(vpc('    endpoint ssm interface ssm in app-a, app-c', ''), 'private-dns-needs-vpc-dns', []);
    });
});

describe('private-dns-conflict', () => {
    it('a second endpoint with private DNS for ssm in the same VPC conflicts with the first', async () => {
        const text = vpc(
            '    endpoint ssm-1 interface ssm in app-a private-dns\n    endpoint ssm-2 interface ssm in app-c private-dns',
        );
        const [d] = await check(text, 'private-dns-conflict', ['private-dns']);
        expect(d.range.start.line).toBe(text.split('\n').findIndex((l) => l.includes('ssm-2')));
        expect(related(text, d)).toEqual(['private-dns']);
    });

    it('endpoints of one endpoint service share its private DNS name, so two in one VPC conflict', async () => {
        const text = vpc(`
    nlb api in app-a targets 10.0.1.10
    endpoint-service api-svc backed-by api allow * private-dns api.example.com
    endpoint e1 interface api-svc in app-a private-dns
    endpoint e2 interface api-svc in app-c private-dns`);
        await check(text, 'private-dns-conflict', ['private-dns']);
    });

    const hub = (hubPrivateDns: boolean, zoneVpcs: string): string => `
region ap-northeast-1 {
  vpc hub 10.0.0.0/16 dns-hostnames {
    subnet ep-a 10.0.1.0/24 az a
    subnet ep-c 10.0.2.0/24 az c
    endpoint ssm interface ssm in ep-a, ep-c${hubPrivateDns ? ' private-dns' : ''}
  }
  vpc spoke 10.1.0.0/16 dns-hostnames
  private-zone ssm.ap-northeast-1.amazonaws.com vpcs ${zoneVpcs} alias hub.ssm
}`;

    it('centralized endpoints: a hub zone of the same name associated with the VPC conflicts with private DNS there', async () => {
        const text = hub(true, 'spoke, hub');
        const [d] = await check(text, 'private-dns-conflict', ['private-dns']);
        expect(related(text, d)).toEqual(['hub']);
    });

    it('centralized endpoints: the hub zone shared only with spokes does not conflict', async () => {
        await check(hub(true, 'spoke'), 'private-dns-conflict', []);
        await check(hub(false, 'spoke, hub'), 'private-dns-conflict', []);
    });

    it('private DNS for different services or in different VPCs does not conflict', async () => {
        await check(
            vpc(
                '    endpoint ssm interface ssm in app-a private-dns\n    endpoint kms interface kms in app-a private-dns',
            ),
            'private-dns-conflict',
            [],
        );
    });
});
