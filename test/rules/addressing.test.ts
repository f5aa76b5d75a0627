/**
 * Addressing rules (docs/rules/README.md, addressing). Each case is a small topology; titles name the AWS fact
 * (VPC User Guide, "VPC CIDR blocks" / "Subnet CIDR blocks"; ELB guides for free addresses).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

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

ruleTester('subnet-capacity', {
    valid: [
        {
            name: 'an NLB in a /28 with two hosts still has its 8 free addresses',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet lb-a 10.0.0.0/28 az a
    instance w1 in lb-a
    instance w2 in lb-a
    nlb api in lb-a targets w1, w2
  }`),
        },
    ],
    invalid: [
        {
            name: 'a /28 keeps 11 addresses after the 5 AWS reserves; an NLB needs 8 of them free',
            text: region(`  vpc web 10.0.0.0/16 {
    subnet lb-a 10.0.0.0/28 az a
    instance w1 in lb-a
    instance w2 in lb-a
    instance w3 in lb-a
    nlb api in lb-a targets w1, w2, w3
  }`),
            tokens: ['10.0.0.0/28'],
            severity: 2,
            message: ['11 usable', 'NLB api needs 8 free'],
            related: ['api'],
        },
        {
            name: 'a GWLB counts NAT gateways and endpoint ENIs sharing its subnet',
            text: region(`  vpc insp 10.0.0.0/16 {
    subnet s 10.0.0.0/28 az a
    nat n in s private
    instance fw in s appliance
    gwlb inspect in s targets fw
    endpoint-service svc backed-by inspect
    endpoint e1 gwlb svc in s
  }`),
            tokens: ['10.0.0.0/28'],
            message: 'GWLB inspect',
        },
        {
            name: 'a subnet with more hosts than usable addresses has run out',
            text: region(
                `  vpc web 10.0.0.0/16 {\n    subnet s 10.0.0.0/28 az a\n${Array.from({ length: 12 }, (_, i) => `    instance h${i} in s`).join('\n')}\n  }`,
            ),
            tokens: ['10.0.0.0/28'],
            message: 'run out',
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
