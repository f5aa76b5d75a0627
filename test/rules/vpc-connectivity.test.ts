/**
 * Connectivity between VPCs (docs/rules/README.md, vpc-connectivity): the overlap rules that know
 * PrivateLink. The headline case: the same two overlapping VPCs are an error when peered or when both
 * propagate into one TGW route table, and draw no diagnostic at all when joined only through an endpoint
 * service (PrivateLink Guide: overlapping consumer and provider CIDRs are fine).
 */
import { describe, expect, it } from 'vitest';
import { analyze, check, lineOf } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

const ERROR = 1;
const WARNING = 2;

/**
 * Two VPCs with the same block, each complete enough to draw no diagnostic of its own: subnets in two AZs,
 * a provider NLB with targets in both, a consumer interface endpoint in both AZs.
 */
const overlappingPair = (join: string): string => `account provider id 111111111111
account consumer id 222222222222
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc app 10.0.0.0/16 account consumer dns-hostnames {
    subnet app-a 10.0.0.0/24 az a
    subnet app-c 10.0.1.0/24 az c
    instance client in app-a ip 10.0.0.10
    endpoint api interface api-svc in app-a, app-c accepted
  }
  vpc svc 10.0.0.0/16 account provider dns-hostnames {
    subnet svc-a 10.0.0.0/24 az a
    subnet svc-c 10.0.1.0/24 az c
    instance api-1 in svc-a ip 10.0.0.20
    instance api-2 in svc-c ip 10.0.1.20
    nlb api-nlb in svc-a, svc-c targets api-1, api-2
    endpoint-service api-svc backed-by api-nlb allow consumer
  }
${join}
}
`;

describe('PrivateLink, peering and TGW between the same two overlapping VPCs', () => {
    it('overlapping VPCs joined only through an endpoint service get no diagnostic of any kind (PrivateLink allows overlapping CIDRs)', async () => {
        const { diagnostics } = await analyze(overlappingPair(''));
        expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    });

    it('overlapping VPCs joined only through a GWLB endpoint service get no diagnostic of any kind (GWLBE and GWLB are joined by PrivateLink)', async () => {
        const text = `region ap-northeast-1 {
  az a = apne1-az4
  vpc spoke 10.0.0.0/16 {
    igw igw
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet gwlbe-a 10.0.2.0/24 az a routes rt-gwlbe
    instance web in app-a ip 10.0.1.10 public-ip
    endpoint insp-a gwlb insp-svc in gwlbe-a
    route-table rt-app { 0.0.0.0/0 -> insp-a }
    route-table rt-gwlbe { 0.0.0.0/0 -> igw }
    route-table rt-edge edge igw { 10.0.1.0/24 -> insp-a }
  }
  vpc inspection 10.0.0.0/16 {
    subnet appl-a 10.0.0.0/24 az a
    instance fw in appl-a ip 10.0.0.10 appliance
    gwlb inspect in appl-a targets fw
    endpoint-service insp-svc backed-by inspect
  }
}
`;
        const { diagnostics } = await analyze(text);
        expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    });

    it('the same two VPCs, peered: AWS refuses the peering (peering-cidr-overlap), related to both blocks', async () => {
        const text = overlappingPair('  peering pcx app <-> svc');
        const ds = await check(text, 'peering-cidr-overlap', ['pcx']);
        expect(ds[0].severity).toBe(ERROR);
        expect(ds[0].related).toEqual(['10.0.0.0/16', '10.0.0.0/16']);
        expect(ds[0].message).toContain('app and svc');
    });

    it('the same two VPCs, both propagating into one TGW route table: AWS drops the later propagation (tgw-cidr-overlap)', async () => {
        const text = overlappingPair(`  transit-gateway tgw {
    attachment att-app vpc app in app-a, app-c associate rt propagate rt
    attachment att-svc vpc svc in svc-a, svc-c associate rt propagate rt
    route-table rt
  }`);
        // Points at `propagate rt` of the later attachment; related: the earlier attachment's propagation.
        const ds = await check(text, 'tgw-cidr-overlap', ['rt']);
        expect(ds[0].severity).toBe(ERROR);
        expect(ds[0].range.start.line).toBe(lineOf(text, 'attachment att-svc'));
        expect(ds[0].relatedInformation![0].location.range.start.line).toBe(lineOf(text, 'attachment att-app'));
        expect(ds[0].message).toContain('identical to 10.0.0.0/16');
        expect(ds[0].message).toContain('att-app');
    });
});

ruleTester('peering-cidr-overlap', {
    valid: [
        {
            name: 'VPCs whose blocks are all disjoint can peer',
            text: `region ap-northeast-1 {
  vpc web 10.0.0.0/16, 100.64.0.0/16
  vpc db 10.1.0.0/16, 100.65.0.0/16
  peering web-db web <-> db
}`,
        },
    ],
    invalid: [
        {
            name: 'peering is refused when any block overlaps, secondary blocks included',
            text: `region ap-northeast-1 {
  vpc web 10.0.0.0/16, 100.64.0.0/16
  vpc db 10.1.0.0/16, 100.64.128.0/17
  peering web-db web <-> db
}`,
            tokens: ['web-db'],
            related: ['100.64.0.0/16', '100.64.128.0/17'],
        },
    ],
});

ruleTester('tgw-cidr-overlap', {
    valid: [
        {
            // Both spokes use 10.0.0.0/16; each reaches the shared VPC through its own table, and the shared
            // VPC reaches each spoke's NAT-translated range by a static route (AWS's overlapping-CIDR pattern).
            name: 'the NAT-based overlapping pattern (static routes in separate TGW route tables) is not flagged',
            text: `region ap-northeast-1 {
  vpc spoke-1 10.0.0.0/16, 100.64.1.0/24 { subnet s 100.64.1.0/24 }
  vpc spoke-2 10.0.0.0/16, 100.64.2.0/24 { subnet s 100.64.2.0/24 }
  vpc shared 10.200.0.0/16 { subnet s 10.200.0.0/24 }
  transit-gateway tgw {
    attachment att-1 vpc spoke-1 in spoke-1.s associate rt-1
    attachment att-2 vpc spoke-2 in spoke-2.s associate rt-2
    attachment att-shared vpc shared in shared.s associate rt-shared propagate rt-1, rt-2
    route-table rt-1
    route-table rt-2
    route-table rt-shared { 100.64.1.0/24 -> att-1   100.64.2.0/24 -> att-2 }
  }
}`,
        },
        {
            name: 'overlapping VPCs propagating into different TGW route tables do not clash',
            text: `region ap-northeast-1 {
  vpc a 10.0.0.0/16 { subnet s 10.0.0.0/24 }
  vpc b 10.0.0.0/16 { subnet s 10.0.0.0/24 }
  transit-gateway tgw {
    attachment att-a vpc a in a.s associate rt-a propagate rt-a
    attachment att-b vpc b in b.s associate rt-b propagate rt-b
    route-table rt-a
    route-table rt-b
  }
}`,
        },
    ],
    invalid: [
        {
            name: 'a partly overlapping block is not propagated either (identical or overlapping, Transit Gateway Guide)',
            text: `region ap-northeast-1 {
  vpc a 10.0.0.0/16 { subnet s 10.0.0.0/24 }
  vpc b 10.0.128.0/17 { subnet s 10.0.128.0/24 }
  transit-gateway tgw {
    attachment att-a vpc a in a.s associate shared propagate shared
    attachment att-b vpc b in b.s associate shared propagate shared
    route-table shared
  }
}`,
            tokens: ['shared'],
            message: ['overlapping 10.0.0.0/16', "att-b's 10.0.128.0/17"],
        },
    ],
});

ruleTester('peering-duplicate', {
    valid: [
        {
            name: 'peerings between different pairs are not duplicates',
            text: `region ap-northeast-1 {
  vpc web 10.0.0.0/16
  vpc db 10.1.0.0/16
  vpc ops 10.2.0.0/16
  peering web-db web <-> db
  peering web-ops web <-> ops
}`,
        },
    ],
    invalid: [
        {
            name: 'only one peering connection may join the same two VPCs, whichever side requests',
            text: `region ap-northeast-1 {
  vpc web 10.0.0.0/16
  vpc db 10.1.0.0/16
  peering first web <-> db
  peering second db <-> web
}`,
            tokens: ['second'],
            related: ['first'],
        },
    ],
});

ruleTester('peering-same-vpc', {
    title: 'peering-same-vpc: a VPC peering connection cannot join a VPC to itself',
    valid: [
        {
            name: 'a peering between two different VPCs is fine',
            text: `region ap-northeast-1 {
  vpc web 10.0.0.0/16
  vpc db 10.1.0.0/16
  peering web-db web <-> db
}`,
            clean: true,
        },
    ],
    invalid: [
        {
            name: 'AWS cannot create a VPC peering connection between a VPC and itself',
            text: `region ap-northeast-1 {
  vpc web 10.0.0.0/16
  peering web-web web <-> web
}`,
            tokens: ['web'],
            severity: 1,
            line: 'peering web-web',
            message: 'joins VPC web to itself',
        },
    ],
});

/** VPC a peered with b; `aRoutes` are a's table routes, `bMembers` extra members of b. */
const peered = (aRoutes: string, bMembers = '', extra = ''): string => `region ap-northeast-1 {
  az a = apne1-az4
  vpc a 10.0.0.0/16 {
    subnet s 10.0.0.0/24 az a routes rt
    route-table rt { ${aRoutes} }
  }
  vpc b 10.1.0.0/16, 10.2.0.0/16 {
    subnet s 10.1.0.0/24 az a routes rt
${bMembers}
  }
  peering pcx a <-> b
${extra}
}`;

ruleTester('peering-route-outside-peer', {
    valid: [
        {
            name: "routes to the peer's primary and secondary blocks, or a supernet they tile exactly, are fine: the blocks",
            text: peered('10.1.0.0/16 -> pcx   10.2.128.0/17 -> pcx', '    route-table rt { 10.0.0.0/16 -> pcx }'),
        },
        {
            name: "routes to the peer's primary and secondary blocks, or a supernet they tile exactly, are fine: a tiled supernet",
            text: `region ap-northeast-1 {
  vpc a 10.0.0.0/16 { route-table rt { 10.2.0.0/15 -> pcx } }
  vpc b 10.2.0.0/16, 10.3.0.0/16
  peering pcx a <-> b
}`,
        },
    ],
    invalid: [
        {
            name: "a peering only carries traffic to the peer's blocks: a destination outside them all is an error",
            text: peered('10.9.0.0/16 -> pcx', '    route-table rt { 10.0.0.0/16 -> pcx }'),
            tokens: ['10.9.0.0/16'],
            severity: ERROR,
            related: ['10.1.0.0/16'],
        },
        {
            name: 'a destination broader than the peer, like 10.0.0.0/8 -> pcx, is accepted by AWS but drops the rest: a warning',
            text: peered('10.0.0.0/8 -> pcx', '    route-table rt { 10.0.0.0/16 -> pcx }'),
            tokens: ['10.0.0.0/8'],
            severity: WARNING,
        },
    ],
});

ruleTester('peering-transitive', {
    valid: [
        {
            name: 'a broad summary route is not transit just because b has its own default route to a NAT',
            text: peered(
                '10.0.0.0/8 -> pcx',
                '    subnet pub 10.1.1.0/24 az a\n    nat n in pub\n    route-table rt { 0.0.0.0/0 -> n   10.0.0.0/16 -> pcx }',
            ),
        },
        {
            name: "routes to the peer's own blocks are not transit, whatever b routes onward",
            text: peered(
                '10.1.0.0/16 -> pcx   10.2.0.0/16 -> pcx',
                '    igw igw\n    route-table rt { 0.0.0.0/0 -> igw   10.0.0.0/16 -> pcx }',
            ),
        },
        {
            name: 'a destination outside b that b does not route onward is not transit (only an outside-peer error)',
            text: peered('10.9.0.0/16 -> pcx', '    route-table rt { 10.0.0.0/16 -> pcx }'),
        },
    ],
    invalid: [
        {
            name: "peering is edge-to-edge free: a can't use b's internet gateway with 0.0.0.0/0 -> pcx",
            text: peered(
                '0.0.0.0/0 -> pcx',
                '    igw igw\n    route-table rt { 0.0.0.0/0 -> igw   10.0.0.0/16 -> pcx }',
            ),
            tokens: ['0.0.0.0/0'],
            related: ['0.0.0.0/0 -> igw'],
            message: 'internet gateway igw',
        },
        {
            name: 'peering is not transitive: a route to a third VPC peered with b is flagged',
            text: peered(
                '10.3.0.0/16 -> pcx',
                '    route-table rt { 10.0.0.0/16 -> pcx   10.3.0.0/16 -> pcx-bc }',
                `  vpc c 10.3.0.0/16
  peering pcx-bc b <-> c`,
            ),
            tokens: ['10.3.0.0/16'],
            message: 'peering pcx-bc to VPC c',
        },
        {
            name: "a peer cannot lend its VPN: on-premises ranges behind b's virtual private gateway are flagged",
            text: peered(
                '172.16.0.0/12 -> pcx',
                '    vgw vgw\n    route-table rt { 10.0.0.0/16 -> pcx   172.16.0.0/12 -> vgw }',
            ),
            tokens: ['172.16.0.0/12'],
        },
        {
            name: "a peer's gateway endpoint is not usable across the peering",
            text: peered(
                '52.219.0.0/16 -> pcx',
                '    endpoint s3 gateway s3 routes rt\n    route-table rt { 10.0.0.0/16 -> pcx }',
            ),
            tokens: ['52.219.0.0/16'],
            message: 'gateway endpoint s3',
            related: ['s3'],
        },
    ],
});
