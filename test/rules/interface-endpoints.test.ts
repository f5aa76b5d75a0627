/**
 * Interface endpoints and DNS: interface-endpoint-duplicate-az, -az-unsupported, -single-az,
 * private-dns-needs-vpc-dns, private-zone-needs-vpc-dns, private-dns-conflict.
 * Facts: PrivateLink Guide "Interface VPC endpoints", "DNS hostnames", endpoint services "Availability Zones";
 * Route 53 Developer Guide "Considerations when working with a private hosted zone".
 */
import { expect } from 'vitest';
import { ruleTester } from './rule-tester.js';

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

ruleTester('interface-endpoint-duplicate-az', {
    valid: [
        {
            name: 'one subnet in each of two AZs is accepted',
            text: vpc('    endpoint ssm interface ssm in app-a, app-c'),
        },
    ],
    invalid: [
        {
            name: 'an interface endpoint takes one subnet per AZ (AWS returns DuplicateSubnetsInSameZone)',
            text: vpc('    endpoint ssm interface ssm in app-a, app-a2'),
            tokens: ['app-a2'],
            severity: 1,
            related: ['app-a'],
        },
    ],
});

/** Applies [from, to] edits to a fixture; an edit whose `from` is absent fails the test. */
function edit(base: string, ...edits: ReadonlyArray<readonly [string, string]>): string {
    let text = base;
    for (const [from, to] of edits) {
        expect(text, `fixture has '${from}'`).toContain(from);
        text = text.replace(from, to);
    }
    return text;
}

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

/** A GWLB enabled in AZ a only, and a GWLB endpoint in `endpointSubnet` (gwlbe-a in AZ a, gwlbe-c in AZ c). */
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

ruleTester('interface-endpoint-az-unsupported', {
    valid: [
        {
            name: "an endpoint only in the NLB's AZ is accepted",
            text: providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a' }),
        },
        {
            // Provider ap-northeast-1c = apne1-az1; account swapped has ap-northeast-1a = apne1-az1.
            name: 'AZ names map per account: a different name with the same AZ ID is the same zone (no diagnostic)',
            text: providerConsumer({ providerAz: 'c', consumerSubnets: 'cons-a', consumerAccount: 'swapped' }),
        },
        {
            name: 'cross-region endpoints are exempt from the AZ comparison',
            text: providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a, cons-c', consumerRegion: 'us-east-1' }),
        },
        {
            name: 'a GWLB endpoint can be placed only in an AZ where the GWLB is enabled: one there is accepted',
            text: gwlb('gwlbe-a'),
        },
        {
            name: 'with several NLBs, each endpoint ENI connects to the NLB enabled in its own AZ',
            text: () =>
                edit(
                    providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a, cons-c' }),
                    ['targets web-a\n', 'targets web-a\n    nlb api-nlb-c in lb-c targets web-c\n'],
                    ['backed-by prov.api-nlb', 'backed-by prov.api-nlb, prov.api-nlb-c'],
                ),
        },
        {
            name: 'with several GWLBs, each GWLB endpoint connects to the GWLB enabled in its own AZ',
            text: () =>
                edit(
                    gwlb('gwlbe-c'),
                    [
                        '    gwlb inspect in appl-a targets fw-a\n',
                        '    gwlb inspect in appl-a targets fw-a\n    subnet appl-c 192.168.0.16/28 az c\n    instance fw-c in appl-c appliance\n    gwlb inspect-c in appl-c targets fw-c\n',
                    ],
                    ['backed-by insp.inspect', 'backed-by insp.inspect, insp.inspect-c'],
                ),
        },
    ],
    invalid: [
        {
            name: "in the same region a consumer can use only AZs where the provider's NLB is enabled",
            text: providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a, cons-c' }),
            tokens: ['cons-c'],
            message: 'apne1-az1',
            related: ['api-nlb'],
        },
        {
            // Provider ap-northeast-1c = apne1-az1; account swapped has ap-northeast-1c = apne1-az4.
            name: 'AZ names map per account: the same name with a different AZ ID is another zone (diagnostic)',
            text: providerConsumer({ providerAz: 'c', consumerSubnets: 'cons-c', consumerAccount: 'swapped' }),
            tokens: ['cons-c'],
            message: 'apne1-az4',
        },
        {
            name: 'a GWLB endpoint can be placed only in an AZ where the GWLB is enabled',
            text: gwlb('gwlbe-c'),
            tokens: ['gwlbe-c'],
            related: ['inspect'],
        },
        {
            name: 'with several NLBs, an ENI in an AZ where none of them is enabled is refused',
            text: () =>
                edit(
                    providerConsumer({ providerAz: 'a', consumerSubnets: 'cons-a, cons-c' }),
                    ['targets web-a\n', 'targets web-a\n    nlb api-nlb-2 in lb-a targets web-a\n'],
                    ['backed-by prov.api-nlb', 'backed-by prov.api-nlb, prov.api-nlb-2'],
                ),
            tokens: ['cons-c'],
            related: ['api-nlb', 'api-nlb-2'],
        },
    ],
});

ruleTester('interface-endpoint-single-az', {
    valid: [
        {
            name: 'an ENI in every AZ with workloads is enough',
            text: vpc(
                '    instance w-a in app-a\n    instance w-c in app-c\n    endpoint ssm interface ssm in app-a, app-c',
            ),
        },
        {
            name: 'a single-AZ endpoint is fine when the workloads use only that AZ',
            text: vpc(
                '    instance w-a in app-a\n    instance w-a2 in app-a2\n    endpoint ssm interface ssm in app-a',
            ),
        },
    ],
    invalid: [
        {
            name: 'an ENI in one AZ while instances run in two makes the other AZ depend on it',
            text: vpc('    instance w-a in app-a\n    instance w-c in app-c\n    endpoint ssm interface ssm in app-a'),
            tokens: ['app-a'],
            severity: 2,
            related: ['app-c'],
        },
    ],
});

ruleTester('private-dns-needs-vpc-dns', {
    valid: [
        {
            name: 'dns-support (the default) and dns-hostnames are enough',
            text: vpc('    endpoint ssm interface ssm in app-a, app-c private-dns'),
        },
        {
            name: 'dns-support (the default) and dns-hostnames are enough; private DNS off needs neither',
            text: vpc('    endpoint ssm interface ssm in app-a, app-c', ''),
        },
    ],
    invalid: [
        {
            name: 'private DNS needs enableDnsHostnames on the VPC (it is off unless written)',
            text: vpc('    endpoint ssm interface ssm in app-a, app-c private-dns', ''),
            tokens: ['private-dns'],
            message: 'enableDnsHostnames',
            related: ['web'],
            data: { missing: ['dns-hostnames'], insert: { text: ' dns-hostnames' } },
            assert: ([d], text) => {
                const data = d.data as {
                    missing: string[];
                    insert: { text: string; position: { line: number; character: number } };
                };
                // The fix goes right after the VPC's last block.
                const line = text.split('\n')[data.insert.position.line];
                expect(line.slice(0, data.insert.position.character)).toMatch(/10\.0\.0\.0\/16$/);
            },
        },
        {
            name: 'private DNS needs enableDnsSupport too: no-dns-support breaks it',
            text: vpc('    endpoint ssm interface ssm in app-a, app-c private-dns', ' no-dns-support dns-hostnames'),
            tokens: ['private-dns'],
            assert: ([d]) => expect((d.data as { missing: string[] }).missing).toEqual(['dns-support']),
        },
    ],
});

/** Two VPCs, `a` and `b` (with the given attributes), and a private zone associated with both. */
const zoneIn = (aAttrs: string, bAttrs: string): string => `
region ap-northeast-1 {
  vpc a 10.0.0.0/16${aAttrs}
  vpc b 10.1.0.0/16${bAttrs}
  private-zone corp.internal vpcs a, b {
    record db.corp.internal -> 10.0.0.50
  }
}`;

ruleTester('private-zone-needs-vpc-dns', {
    valid: [
        {
            name: 'a private hosted zone answers in VPCs with enableDnsSupport (the default) and enableDnsHostnames',
            text: zoneIn(' dns-hostnames', ' dns-support dns-hostnames'),
            clean: true,
        },
    ],
    invalid: [
        {
            name: 'a private hosted zone answers only in VPCs with both DNS attributes: enableDnsHostnames is off unless written',
            text: zoneIn(' dns-hostnames', ''),
            tokens: ['b'],
            severity: 1,
            message: ['enableDnsHostnames', "VPC 'b'"],
            related: ['b'],
            data: { vpc: 'vpc:b', missing: ['dns-hostnames'], insert: { text: ' dns-hostnames' } },
        },
        {
            name: 'a private hosted zone answers only in VPCs with both DNS attributes: no-dns-support turns enableDnsSupport off',
            text: zoneIn(' no-dns-support dns-hostnames', ' no-dns-support'),
            tokens: ['a', 'b'],
            findings: [
                { data: { missing: ['dns-support'] } },
                {
                    data: { missing: ['dns-support', 'dns-hostnames'] },
                    message: 'enableDnsSupport and enableDnsHostnames',
                },
            ],
        },
    ],
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

ruleTester('private-dns-conflict', {
    valid: [
        {
            name: 'centralized endpoints: the hub zone shared only with spokes does not conflict',
            text: hub(true, 'spoke'),
        },
        {
            name: 'centralized endpoints: the hub zone shared only with spokes does not conflict; nor with the hub when its endpoint has no private DNS',
            text: hub(false, 'spoke, hub'),
        },
        {
            name: 'private DNS for different services or in different VPCs does not conflict',
            text: vpc(
                '    endpoint ssm interface ssm in app-a private-dns\n    endpoint kms interface kms in app-a private-dns',
            ),
        },
    ],
    invalid: [
        {
            name: 'a second endpoint with private DNS for ssm in the same VPC conflicts with the first',
            text: vpc(
                '    endpoint ssm-1 interface ssm in app-a private-dns\n    endpoint ssm-2 interface ssm in app-c private-dns',
            ),
            tokens: ['private-dns'],
            line: 'ssm-2',
            related: ['private-dns'],
        },
        {
            name: 'endpoints of one endpoint service share its private DNS name, so two in one VPC conflict',
            text: vpc(`
    nlb api in app-a targets 10.0.1.10
    endpoint-service api-svc backed-by api allow * private-dns api.example.com
    endpoint e1 interface api-svc in app-a private-dns
    endpoint e2 interface api-svc in app-c private-dns`),
            tokens: ['private-dns'],
        },
        {
            name: 'centralized endpoints: a hub zone of the same name associated with the VPC conflicts with private DNS there',
            text: hub(true, 'spoke, hub'),
            tokens: ['private-dns'],
            related: ['hub'],
        },
    ],
});
