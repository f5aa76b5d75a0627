/**
 * Addressing rules (docs/rules/README.md, addressing). Each case is a small topology; titles name the AWS fact
 * (VPC User Guide, "VPC CIDR blocks" and its "IPv4 CIDR block association restrictions" table, "Subnet CIDR blocks";
 * ELB guides for free addresses).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

const CODES = [
    'vpc-cidr-size',
    'vpc-cidr-overlap',
    'vpc-cidr-restricted',
    'cidr-not-canonical',
    'cidr-reserved-range',
    'cidr-docker-range',
    'subnet-outside-vpc',
    'subnet-size',
    'subnet-overlap',
    'host-ip-unusable',
    'subnet-capacity',
    'eni-attachment-az',
];

const region = (body: string): string =>
    `region ap-northeast-1 {\n  az a = apne1-az4\n  az c = apne1-az1\n${body}\n}\n`;

ruleTester('vpc-cidr-size', {
    valid: [{ name: '/16 and /28 blocks are accepted', text: region(`  vpc web 10.0.0.0/16, 10.9.0.0/28`) }],
    invalid: [
        {
            name: 'a VPC block, primary or secondary, must be /16 to /28',
            text: region(`  vpc web 10.0.0.0/16, 100.64.0.0/15, 10.9.0.0/29`),
            tokens: ['100.64.0.0/15', '10.9.0.0/29'],
            message: '/16 to /28',
        },
        {
            name: 'points at the right block when an earlier block does not parse',
            text: region(`  vpc web 300.0.0.0/16, 10.1.0.0/12`),
            tokens: ['10.1.0.0/12'],
        },
    ],
});

ruleTester('vpc-cidr-overlap', {
    valid: [
        {
            name: 'disjoint primary and secondary blocks are fine',
            text: region(`  vpc web 10.0.0.0/16, 10.1.0.0/16, 100.64.0.0/16`),
        },
    ],
    invalid: [
        {
            name: 'a secondary block may not overlap a block the VPC already has',
            text: region(`  vpc web 10.0.0.0/16, 10.0.128.0/17`),
            tokens: ['10.0.128.0/17'],
            related: ['10.0.0.0/16'],
        },
    ],
});

ruleTester('vpc-cidr-restricted', {
    title: "vpc-cidr-restricted: secondary blocks follow AWS's association restrictions, by the primary block's range",
    valid: [
        {
            name: 'the permitted associations of every row stay silent: the same private range, 100.64.0.0/10, public space',
            text: region(`  vpc ten 10.0.0.0/16, 10.1.0.0/16, 100.64.0.0/16, 52.0.0.0/16
  vpc one72 172.16.0.0/16, 172.20.0.0/16, 100.64.0.0/16, 52.1.0.0/16
  vpc one92 192.168.0.0/20, 192.168.16.0/20, 100.64.0.0/16, 52.2.0.0/16
  vpc bench 198.19.0.0/16, 100.64.0.0/16, 52.3.0.0/16
  vpc cgnat 100.64.0.0/16, 100.65.0.0/16, 52.4.0.0/16
  vpc pub 52.5.0.0/16, 100.64.0.0/16, 52.6.0.0/16`),
            clean: true,
        },
        {
            name: 'a VPC created with an RFC 1918 block may still add public and 100.64.0.0/10 blocks, then more of its own range',
            text: region(`  vpc web 10.0.0.0/16, 100.64.0.0/16, 10.2.0.0/16`),
            clean: true,
        },
        {
            name: 'a block that overlaps one the VPC has is refused for that overlap (vpc-cidr-overlap), not twice',
            text: region(`  vpc web 10.0.0.0/24, 10.0.0.0/25`),
            alsoNot: [],
            assert: async (text) => {
                expect((await analyze(text)).diagnostics.map((d) => d.code)).toEqual(['vpc-cidr-overlap']);
            },
        },
    ],
    invalid: [
        {
            name: 'a VPC whose primary block is in 10.0.0.0/8 cannot add 192.168.0.0/16, 172.16.0.0/12 or 198.19.0.0/16 blocks',
            text: region(`  vpc web 10.0.0.0/16, 192.168.0.0/16, 198.19.0.0/16, 172.16.0.0/16, 100.64.0.0/16`),
            tokens: ['192.168.0.0/16', '198.19.0.0/16', '172.16.0.0/16'],
            severity: 1,
            related: ['10.0.0.0/16'],
            message: ['from 192.168.0.0/16', 'primary block (10.0.0.0/16) is in 10.0.0.0/8'],
        },
        {
            name: 'a VPC whose primary block is in 172.16.0.0/12 cannot add 10.0.0.0/8, 192.168.0.0/16, 172.31.0.0/16 or 198.19.0.0/16 blocks',
            text: region(
                `  vpc web 172.16.0.0/16, 10.0.0.0/16, 192.168.0.0/16, 172.31.0.0/16, 198.19.0.0/16, 172.20.0.0/16`,
            ),
            tokens: ['10.0.0.0/16', '192.168.0.0/16', '172.31.0.0/16', '198.19.0.0/16'],
            findings: [undefined, undefined, { message: 'from 172.31.0.0/16' }],
        },
        {
            name: 'a VPC whose primary block is in 192.168.0.0/16 cannot add 10.0.0.0/8, 172.16.0.0/12 or 198.19.0.0/16 blocks',
            text: region(`  vpc web 192.168.0.0/16, 10.0.0.0/16, 172.16.0.0/16, 198.19.0.0/16`),
            tokens: ['10.0.0.0/16', '172.16.0.0/16', '198.19.0.0/16'],
        },
        {
            name: 'a VPC whose primary block is in 198.19.0.0/16 cannot add RFC 1918 blocks',
            text: region(`  vpc web 198.19.0.0/16, 10.0.0.0/16, 172.16.0.0/16, 192.168.0.0/16`),
            tokens: ['10.0.0.0/16', '172.16.0.0/16', '192.168.0.0/16'],
        },
        {
            name: 'a VPC whose primary block is public or in 100.64.0.0/10 cannot add RFC 1918 or 198.19.0.0/16 blocks',
            text: region(`  vpc cgnat 100.64.0.0/16, 10.0.0.0/16, 198.19.0.0/16
  vpc pub 52.0.0.0/16, 192.168.0.0/16`),
            tokens: ['10.0.0.0/16', '198.19.0.0/16', '192.168.0.0/16'],
            findings: [{ message: 'publicly routable space or 100.64.0.0/10' }],
        },
        {
            name: 'once a VPC has a block in 10.0.0.0/15, AWS refuses blocks from 10.0.0.0/16',
            text: region(`  vpc web 10.1.0.0/16, 10.0.0.0/16
  vpc db 10.5.0.0/16, 10.1.128.0/20, 10.0.4.0/24`),
            tokens: ['10.0.0.0/16', '10.0.4.0/24'],
            related: ['10.1.0.0/16'],
            message: 'once the VPC has a block in 10.0.0.0/15 (10.1.0.0/16)',
            findings: [undefined, { related: ['10.1.128.0/20'] }],
        },
    ],
});

ruleTester('cidr-not-canonical', {
    valid: [
        {
            name: 'network addresses are left alone',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet app 10.0.1.0/24 az a
    route-table rt { 10.20.0.0/16 -> blackhole }
  }`),
        },
    ],
    invalid: [
        {
            name: 'AWS stores the network address: host bits are flagged wherever a block is written, with the canonical form for the quick fix',
            text: region(`  vpc web 10.0.0.5/16 {
    subnet app 10.0.1.7/24 az a
    route-table rt { 10.20.3.0/16 -> blackhole }
    prefix-list corp 10.50.0.1/16
  }
  transit-gateway tgw {
    route-table spokes { 10.30.1.1/16 -> blackhole }
  }`),
            tokens: ['10.0.0.5/16', '10.0.1.7/24', '10.20.3.0/16', '10.50.0.1/16', '10.30.1.1/16'],
            findings: [
                undefined,
                {
                    data: { canonical: '10.0.1.0/24' },
                    severity: 2,
                    message: 'AWS stores this block as 10.0.1.0/24',
                },
            ],
        },
    ],
});

ruleTester('cidr-reserved-range', {
    valid: [
        {
            name: 'ordinary private blocks and routes are fine',
            text: region(`  vpc web 10.0.0.0/16 {
    route-table rt { 10.9.0.0/16 -> blackhole }
  }`),
        },
    ],
    invalid: [
        {
            name: '169.254.0.0/16 is link-local and cannot be a VPC block',
            text: region(`  vpc web 10.0.0.0/16, 169.254.0.0/16`),
            tokens: ['169.254.0.0/16'],
            message: '169.254.0.0/16 lies in 169.254.0.0/16',
        },
        {
            name: 'a block larger than 169.254.0.0/16 that covers it contains the link-local range (it does not lie in it)',
            text: region(`  vpc web 0.0.0.0/0`),
            tokens: ['0.0.0.0/0'],
            message: '0.0.0.0/0 contains 169.254.0.0/16',
            assert: (found) => expect(found[0].message).not.toContain('lies in'),
        },
        {
            name: 'AWS reserves 169.254.168.0/22 for its services: no route may point into it',
            text: region(`  vpc web 10.0.0.0/16 {
    route-table rt { 169.254.169.0/24 -> blackhole   169.254.0.0/24 -> blackhole }
  }`),
            tokens: ['169.254.169.0/24'],
            severity: 1,
        },
    ],
});

ruleTester('cidr-docker-range', {
    valid: [
        {
            name: '172.16.0.0/16 and 172.18.0.0/16 do not collide with Docker',
            text: region(`  vpc web 172.16.0.0/16, 172.18.0.0/16`),
        },
    ],
    invalid: [
        {
            name: 'AWS recommends avoiding 172.17.0.0/16 (Docker bridge, used by Cloud9 and SageMaker)',
            text: region(`  vpc web 10.0.0.0/16, 172.17.0.0/24`),
            tokens: ['172.17.0.0/24'],
            severity: 2,
        },
    ],
});

ruleTester('subnet-outside-vpc', {
    valid: [
        {
            name: 'subnets in a secondary block are inside the VPC',
            text: region(`  vpc web 10.0.0.0/16, 100.64.0.0/16 {
    subnet a 10.0.1.0/24 az a
    subnet b 100.64.0.0/16 az c
  }`),
        },
    ],
    invalid: [
        {
            name: "a subnet's block must lie inside one of its VPC's blocks",
            text: region(`  vpc web 10.0.0.0/16, 100.64.0.0/16 {
    subnet ok 100.64.1.0/24 az a
    subnet stray 10.1.0.0/24 az a
  }`),
            tokens: ['10.1.0.0/24'],
            message: 'outside every block of VPC web',
        },
        {
            name: 'a subnet may not straddle two adjacent VPC blocks',
            text: region(`  vpc web 10.0.0.0/16, 10.1.0.0/16 {
    subnet wide 10.0.0.0/15 az a
  }`),
            tokens: ['10.0.0.0/15'],
        },
    ],
});

ruleTester('subnet-size', {
    valid: [
        {
            name: '/16 and /28 subnets are accepted',
            text: region(`  vpc web 10.0.0.0/16, 10.1.0.0/16 {
    subnet all 10.1.0.0/16 az a
    subnet small 10.0.0.16/28 az a
  }`),
        },
    ],
    invalid: [
        {
            name: 'an IPv4 subnet must be /16 to /28',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet tiny 10.0.1.0/29 az a
    subnet ok 10.0.2.0/28 az a
  }`),
            tokens: ['10.0.1.0/29'],
        },
    ],
});

ruleTester('subnet-overlap', {
    valid: [
        {
            name: 'the same block in two different VPCs is not a subnet overlap',
            text: region(`  vpc web 10.0.0.0/16 { subnet a 10.0.1.0/24 az a }
  vpc db 10.0.0.0/16 { subnet a 10.0.1.0/24 az a }`),
        },
    ],
    invalid: [
        {
            name: 'two subnets of one VPC may not overlap; the other subnet is related',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet a 10.0.0.0/23 az a
    subnet b 10.0.1.0/24 az a
    subnet c 10.0.2.0/24 az c
  }`),
            tokens: ['10.0.1.0/24'],
            related: ['10.0.0.0/23'],
            message: 'subnet a',
        },
    ],
});

ruleTester('host-ip-unusable', {
    title: "host-ip-unusable: a host's address lies in its subnet and is none of the five AWS reserves there",
    valid: [
        {
            name: 'the first address after the four reserved ones and the one before the broadcast address are assignable',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet app 10.0.1.0/24 az a
    subnet small 10.0.2.16/28 az a
    instance first in app ip 10.0.1.4
    eni last in app ip 10.0.1.254
    instance lone in small ip 10.0.2.20
    instance edge in small ip 10.0.2.30
    instance auto in app
  }`),
            clean: true,
        },
    ],
    invalid: [
        {
            name: "the first four addresses and the last one of a subnet are AWS's: no host may use them",
            text: region(`  vpc web 10.0.0.0/16 {
    subnet app 10.0.1.0/24 az a
    subnet small 10.0.2.16/28 az a
    instance h0 in app ip 10.0.1.0
    instance h1 in app ip 10.0.1.1
    eni h2 in app ip 10.0.1.2
    instance h3 in app ip 10.0.1.3
    instance h4 in app ip 10.0.1.255
    instance h5 in small ip 10.0.2.31
    instance h6 in small ip 10.0.2.19
  }`),
            tokens: ['10.0.1.0', '10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.255', '10.0.2.31', '10.0.2.19'],
            severity: 1,
            related: ['10.0.1.0/24'],
            message: 'the network address',
            findings: [
                undefined,
                { message: 'the VPC router' },
                { message: ['ENI h2', 'the Amazon DNS server'] },
                { message: 'reserved for future use' },
                { message: 'the last address (broadcast)' },
                { message: 'the last address (broadcast)', related: ['10.0.2.16/28'] },
                { message: 'reserved for future use' },
            ],
        },
        {
            name: "a host's address must lie inside its own subnet",
            text: region(`  vpc web 10.0.0.0/16 {
    subnet app 10.0.1.0/24 az a
    subnet db 10.0.2.0/24 az a
    instance other-subnet in app ip 10.0.2.10
    eni outside-vpc in db ip 192.168.0.10
  }`),
            tokens: ['10.0.2.10', '192.168.0.10'],
            message: 'outside its subnet app (10.0.1.0/24)',
            related: ['10.0.1.0/24'],
        },
    ],
});

ruleTester('subnet-capacity', {
    title: 'subnet-capacity: the network interfaces AWS places in a subnet fit its usable addresses (size - 5)',
    valid: [
        {
            name: "AWS's /28 appliance subnet (a GWLB, two appliances, a GWLB endpoint and interface endpoints) fits its 11 usable addresses",
            text: region(`  vpc insp 10.0.0.0/16 {
    subnet s 10.0.0.0/28 az a
    instance fw1 in s appliance
    instance fw2 in s appliance
    gwlb inspect in s targets fw1, fw2
    endpoint-service svc backed-by inspect
    endpoint e1 gwlb svc in s
    endpoint ssm interface ssm in s
    endpoint ec2 interface ec2 in s
    endpoint logs interface logs in s
  }`),
        },
        {
            name: 'an NLB keeps one address per subnet: its 8 free addresses are asked only when it is created there',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet lb-a 10.0.0.0/28 az a
    instance w1 in lb-a
    instance w2 in lb-a
    instance w3 in lb-a
    nlb api in lb-a targets w1, w2, w3
  }`),
        },
        {
            name: 'an ALB in a /27 with 8 addresses left free can scale',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet lb-a 10.0.0.0/27 az a
    subnet lb-c 10.0.0.32/27 az c
${Array.from({ length: 18 }, (_, i) => `    instance w${i} in lb-a`).join('\n')}
    alb web in lb-a, lb-c targets w0
  }`),
        },
        {
            name: 'a full /28 whose 11 usable addresses are all taken has not run out',
            text: region(
                `  vpc web 10.0.0.0/16 {\n    subnet s 10.0.0.0/28 az a\n${Array.from({ length: 11 }, (_, i) => `    instance h${i} in s`).join('\n')}\n  }`,
            ),
        },
    ],
    invalid: [
        {
            name: 'an ALB needs 8 free addresses in each of its subnets to scale',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet lb-a 10.0.0.0/28 az a
    subnet lb-c 10.0.0.32/27 az c
    instance w1 in lb-a
    instance w2 in lb-a
    instance w3 in lb-a
    alb api in lb-a, lb-c targets w1, w2, w3
  }`),
            tokens: ['10.0.0.0/28'],
            severity: 2,
            message: ['11 usable', 'ALB api needs 8 free', 'only 7 are left'],
            related: ['api'],
        },
        {
            name: 'a subnet with more network interfaces than usable addresses has run out',
            text: region(
                `  vpc web 10.0.0.0/16 {\n    subnet s 10.0.0.0/28 az a\n${Array.from({ length: 12 }, (_, i) => `    instance h${i} in s`).join('\n')}\n  }`,
            ),
            tokens: ['10.0.0.0/28'],
            message: ['12 network interfaces', 'cannot place them all'],
        },
        {
            name: 'each NAT gateway, endpoint ENI, TGW attachment and load balancer node in a subnet takes an address',
            text: region(`  vpc insp 10.0.0.0/16 {
    subnet s 10.0.0.0/28 az a
${Array.from({ length: 6 }, (_, i) => `    instance fw${i} in s appliance`).join('\n')}
    nat n in s private
    gwlb inspect in s targets fw0
    nlb api in s targets fw1
    endpoint-service svc backed-by inspect
    endpoint e1 gwlb svc in s
    endpoint ssm interface ssm in s
  }
  transit-gateway tgw {
    attachment att vpc insp in s associate rt
    route-table rt
  }`),
            tokens: ['10.0.0.0/28'],
            message: '12 network interfaces',
        },
    ],
});

ruleTester('eni-attachment-az', {
    valid: [
        {
            name: "an ENI in another subnet of the instance's AZ may be attached to it",
            text: region(`  vpc edge 10.40.0.0/16 {
    subnet trust-a   10.40.1.0/24 az a
    subnet untrust-a 10.40.0.0/24 az apne1-az4
    instance fw-a in trust-a appliance
    eni fw-a-untrust in untrust-a attach fw-a
  }`),
        },
        {
            name: 'nothing is said when an AZ is unknown',
            text: region(`  vpc edge 10.40.0.0/16 {
    subnet trust-a   10.40.1.0/24
    subnet untrust-c 10.40.10.0/24 az c
    instance fw-a in trust-a appliance
    eni fw-a-untrust in untrust-c attach fw-a
  }`),
        },
    ],
    invalid: [
        {
            name: "a network interface can be attached only to an instance in its own AZ (EC2 User Guide, 'Elastic network interfaces')",
            text: region(`  vpc edge 10.40.0.0/16 {
    subnet trust-a   10.40.1.0/24 az a
    subnet untrust-c 10.40.10.0/24 az c
    instance fw-a in trust-a appliance
    eni fw-a-untrust in untrust-c attach fw-a
  }`),
            tokens: ['fw-a'],
            message: 'only to an instance in its own Availability Zone',
        },
    ],
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
