/**
 * The DNS leg of a trace (PrivateLink Guide, "DNS hostnames"; Route 53 Developer Guide,
 * "Private hosted zones"): the AWS-managed private hosted zone of an interface endpoint with private DNS,
 * inside its own VPC only and only with both VPC DNS attributes; public answers otherwise; user private
 * hosted zones (centralized endpoints); the endpoint's own regional and zonal names.
 */
import { describe, expect, it } from 'vitest';
import { edit, hop, trace } from './trace-helpers.js';

/** A hub VPC with SSM (private DNS) and KMS (no private DNS) endpoints, a peered VPC and a TGW spoke. */
const HUB = `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc hub 10.0.0.0/16 dns-hostnames {
    igw igw
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet app-c 10.0.2.0/24 az c routes rt-app
    subnet ep-a  10.0.9.0/24 az a routes rt-app
    subnet ep-c  10.0.10.0/24 az c routes rt-app
    nat nat-a in pub-a eip
    // Centralized egress: the NAT subnet sends replies for the spoke back to the TGW.
    route-table rt-pub { 0.0.0.0/0 -> igw  10.2.0.0/16 -> tgw }
    route-table rt-app { 0.0.0.0/0 -> nat-a  10.1.0.0/16 -> pcx  10.2.0.0/16 -> tgw }
    endpoint vpce-ssm interface ssm in ep-a, ep-c private-dns
    endpoint vpce-kms interface kms in ep-a, ep-c
    instance hub-1a in app-a ip 10.0.1.10
    instance hub-1c in app-c ip 10.0.2.10
  }
  vpc peer 10.1.0.0/16 dns-hostnames {
    subnet app-a 10.1.1.0/24 az a routes rt-app
    route-table rt-app { 10.0.0.0/16 -> pcx }
    instance peer-1a in app-a ip 10.1.1.10
  }
  vpc spoke 10.2.0.0/16 dns-hostnames {
    subnet app-a 10.2.1.0/24 az a routes rt-app
    subnet tgw-a 10.2.255.0/28 az a
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance spoke-1a in app-a ip 10.2.1.10
  }
  peering pcx hub <-> peer
  transit-gateway tgw {
    attachment att-hub vpc hub in app-a, app-c associate rt-from-spokes propagate rt-from-hub
    attachment att-spoke vpc spoke in tgw-a associate rt-from-hub propagate rt-from-spokes
    route-table rt-from-spokes
    route-table rt-from-hub { 0.0.0.0/0 -> att-hub }
  }
}`;

describe('private DNS: the AWS-managed private hosted zone answers inside the endpoint VPC', () => {
    it('with private DNS on and both VPC DNS attributes, the service name resolves to the ENI in the client AZ', async () => {
        for (const [client, az] of [
            ['hub-1a', 'ap-northeast-1a'],
            ['hub-1c', 'ap-northeast-1c'],
        ] as const) {
            const t = await trace(HUB, client, 'ssm');
            expect(t.verdict).toBe('reachable');
            const dns = hop(t, 'dns');
            expect(dns?.dns).toMatchObject({
                name: 'ssm.ap-northeast-1.amazonaws.com',
                answeredBy: 'aws-managed-private-zone',
                via: 'vpce-ssm',
            });
            expect(dns?.dns?.addresses).toHaveLength(2);
            expect(hop(t, 'endpoint-eni')?.az?.name).toBe(az);
            expect(t.kinds).toEqual(['instance', 'dns', 'route-table', 'endpoint-eni', 'endpoint', 'aws-service']);
        }
    });

    it('the endpoint wins over an existing NAT path: the choice is made in DNS, and the local route carries the packet', async () => {
        const t = await trace(HUB, 'hub-1a', 'ssm');
        expect(t.names).not.toContain('nat-a');
        expect(hop(t, 'route-table')?.route).toMatchObject({ target: 'local', origin: 'local' });
    });

    it('with private DNS off, the service name resolves publicly and leaves through the NAT gateway', async () => {
        const t = await trace(HUB, 'hub-1a', 'kms');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns).toMatchObject({ name: 'kms.ap-northeast-1.amazonaws.com', answeredBy: 'public' });
        expect(t.path).toEqual([
            'instance:hub-1a',
            'dns:kms.ap-northeast-1.amazonaws.com',
            'route-table:rt-app',
            'nat:nat-a',
            'route-table:rt-pub',
            'igw:igw',
            'internet:internet',
        ]);
        expect(t.notes).toEqual(expect.arrayContaining(['public-dns', 'via-internet']));
        expect(t.names).not.toContain('vpce-kms');
    });

    it('with private DNS off and no internet path, the public answer has nowhere to go: dns-resolves-public', async () => {
        const t = await trace(edit(HUB, ['0.0.0.0/0 -> nat-a  ', '']), 'hub-1a', 'kms');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'dns-resolves-public', stoppedIn: 'forward' });
        expect(t.kinds).toEqual(['instance', 'dns', 'route-table']);
    });
});

/** One VPC with an SSM endpoint with private DNS and no other way out. */
const LONE = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc lone 10.3.0.0/16 dns-hostnames {
    subnet app-a 10.3.1.0/24 az a
    endpoint vpce-ssm interface ssm in app-a private-dns
    instance lone-1a in app-a ip 10.3.1.10
  }
}`;

describe('private DNS needs enableDnsSupport and enableDnsHostnames on the VPC', () => {
    it('with both attributes the name resolves to the endpoint', async () => {
        const t = await trace(LONE, 'lone-1a', 'ssm');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('aws-managed-private-zone');
    });

    for (const [title, from, to] of [
        ['without enableDnsHostnames (off by default) the name resolves publicly', ' dns-hostnames {', ' {'],
        ['without enableDnsSupport the name resolves publicly', ' dns-hostnames {', ' dns-hostnames no-dns-support {'],
    ] as const) {
        it(`${title}: dns-resolves-public when there is no internet path`, async () => {
            const t = await trace(edit(LONE, [from, to]), 'lone-1a', 'ssm');
            expect(t).toMatchObject({ verdict: 'blocked', reason: 'dns-resolves-public' });
            expect(hop(t, 'dns')?.dns?.answeredBy).toBe('public');
            expect(hop(t, 'dns')?.notes?.join(' ')).toMatch(/enableDnsSupport and enableDnsHostnames/);
        });
    }

    it('an unrelated VPC with private DNS for the same service does not turn a missing attribute into private-dns-not-shared', async () => {
        const text = edit(
            LONE,
            [' dns-hostnames {', ' {'],
            [
                '\n}',
                `
  vpc other 10.4.0.0/16 dns-hostnames {
    subnet app-a 10.4.1.0/24 az a
    endpoint vpce-ssm interface ssm in app-a private-dns
  }
}`,
            ],
        );
        const t = await trace(text, 'lone-1a', 'ssm');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'dns-resolves-public' });
        expect(t.notes).not.toContain('private-dns-not-shared');
    });
});

describe('private DNS does not reach peered or TGW-connected clients', () => {
    it('private DNS does not reach a peered client: it gets the public answer, and with no other path the trace is private-dns-not-shared', async () => {
        const t = await trace(HUB, 'peer-1a', 'ssm');
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('public');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'private-dns-not-shared', stoppedIn: 'forward' });
        expect(t.kinds).toEqual(['instance', 'dns', 'route-table']);
    });

    it('private DNS does not reach a TGW spoke: it gets the public answer and goes out through the central NAT, with a note', async () => {
        const t = await trace(HUB, 'spoke-1a', 'ssm');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('public');
        expect(t.names).not.toContain('vpce-ssm');
        expect(t.notes).toEqual(expect.arrayContaining(['private-dns-not-shared', 'via-internet']));
        expect(t.path.slice(2)).toEqual([
            'route-table:rt-app',
            'tgw-attachment:att-spoke',
            'transit-gateway:tgw',
            'tgw-attachment:att-hub',
            'route-table:rt-app',
            'nat:nat-a',
            'route-table:rt-pub',
            'igw:igw',
            'internet:internet',
        ]);
        // The NAT translates the reply back; the NAT subnet's table returns it to the TGW.
        expect(t.retPath).toEqual([
            'internet:internet',
            'igw:igw',
            'nat:nat-a',
            'route-table:rt-pub',
            'tgw-attachment:att-hub',
            'transit-gateway:tgw',
            'tgw-attachment:att-spoke',
            'route-table:(main)',
            'instance:spoke-1a',
        ]);
    });

    it('centralized egress needs a return route from the NAT subnet to the TGW: without it the reply is lost', async () => {
        const t = await trace(
            edit(HUB, ['0.0.0.0/0 -> igw  10.2.0.0/16 -> tgw', '0.0.0.0/0 -> igw']),
            'spoke-1a',
            'ssm',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route', stoppedIn: 'return' });
        expect(t.ret).toContain('nat-a');
    });

    it('a peered client reaches the endpoint by its regional name: interface endpoints are reachable across peering', async () => {
        const t = await trace(HUB, 'peer-1a', 'hub.vpce-kms');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns).toMatchObject({ answeredBy: 'endpoint-name', via: 'vpce-kms' });
        expect(t.kinds).toEqual([
            'instance',
            'dns',
            'route-table',
            'peering',
            'endpoint-eni',
            'endpoint',
            'aws-service',
        ]);
        expect(t.retPath).toEqual([
            'aws-service:kms',
            'endpoint:vpce-kms',
            'route-table:rt-app',
            'peering:pcx',
            'instance:peer-1a',
        ]);
    });
});

const CENTRAL = edit(
    HUB,
    ['endpoint vpce-ssm interface ssm in ep-a, ep-c private-dns', 'endpoint vpce-ssm interface ssm in ep-a, ep-c'],
    [
        '  peering pcx hub <-> peer',
        '  peering pcx hub <-> peer\n  private-zone ssm.ap-northeast-1.amazonaws.com vpcs hub, spoke, peer alias hub.vpce-ssm',
    ],
);

describe('user private hosted zones: the centralized interface endpoints pattern', () => {
    it('a private hosted zone with an apex alias to the hub endpoint makes a TGW spoke resolve the service to the hub ENI', async () => {
        const t = await trace(CENTRAL, 'spoke-1a', 'ssm');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns).toMatchObject({
            name: 'ssm.ap-northeast-1.amazonaws.com',
            answeredBy: 'private-hosted-zone',
            via: 'ssm.ap-northeast-1.amazonaws.com',
        });
        expect(t.path.slice(2)).toEqual([
            'route-table:rt-app',
            'tgw-attachment:att-spoke',
            'transit-gateway:tgw',
            'tgw-attachment:att-hub',
            'route-table:rt-app',
            'endpoint-eni:vpce-ssm',
            'endpoint:vpce-ssm',
            'aws-service:ssm',
        ]);
        expect(t.notes).not.toContain('via-internet');
    });

    it('the same zone associated with a peered VPC takes it to the hub ENI over the peering', async () => {
        const t = await trace(CENTRAL, 'peer-1a', 'ssm');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds).toEqual([
            'instance',
            'dns',
            'route-table',
            'peering',
            'endpoint-eni',
            'endpoint',
            'aws-service',
        ]);
    });

    it('an IP destination involves no DNS leg', async () => {
        const t = await trace(CENTRAL, 'spoke-1a', '10.0.1.10');
        expect(t.kinds).not.toContain('dns');
        expect(t.verdict).toBe('reachable');
    });
});

describe('a private hosted zone answers only in VPCs with enableDnsSupport and enableDnsHostnames', () => {
    it('a private hosted zone answers only in VPCs with both DNS attributes: without enableDnsHostnames the spoke gets the public answer', async () => {
        const t = await trace(
            edit(CENTRAL, ['vpc spoke 10.2.0.0/16 dns-hostnames {', 'vpc spoke 10.2.0.0/16 {']),
            'spoke-1a',
            'ssm',
        );
        const dns = hop(t, 'dns');
        expect(dns?.dns?.answeredBy).toBe('public');
        expect(dns?.notes?.join(' ')).toContain('private zone ssm.ap-northeast-1.amazonaws.com needs');
        expect(t.names).not.toContain('vpce-ssm');
    });

    it('a private hosted zone answers only in VPCs with both DNS attributes: no-dns-support silences it too', async () => {
        const t = await trace(
            edit(CENTRAL, [
                'vpc peer 10.1.0.0/16 dns-hostnames {',
                'vpc peer 10.1.0.0/16 no-dns-support dns-hostnames {',
            ]),
            'peer-1a',
            'ssm',
        );
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('public');
        expect(t.names).not.toContain('vpce-ssm');
    });
});

describe("an endpoint's own regional and zonal names", () => {
    it('the regional name resolves to every ENI, and the client uses the one in its own AZ', async () => {
        const t = await trace(HUB, 'hub-1c', 'hub.vpce-kms');
        expect(t.verdict).toBe('reachable');
        const dns = hop(t, 'dns');
        expect(dns?.dns).toMatchObject({ answeredBy: 'endpoint-name', via: 'vpce-kms' });
        expect(dns?.dns?.name).toMatch(/\.kms\.ap-northeast-1\.vpce\.amazonaws\.com$/);
        expect(dns?.dns?.addresses).toHaveLength(2);
        expect(hop(t, 'endpoint-eni')?.az?.name).toBe('ap-northeast-1c');
    });

    it('a client in an AZ without an ENI is served cross-AZ by the regional name', async () => {
        const text = edit(
            LONE,
            [
                '    instance lone-1a in app-a ip 10.3.1.10',
                '    subnet app-c 10.3.2.0/24 az c\n    instance lone-1a in app-a ip 10.3.1.10\n    instance lone-1c in app-c ip 10.3.2.10',
            ],
            ['  az a = apne1-az4', '  az a = apne1-az4\n  az c = apne1-az1'],
        );
        const t = await trace(text, 'lone-1c', 'ssm');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'endpoint-eni')?.az?.name).toBe('ap-northeast-1a');
        expect(t.notes).toContain('cross-az');
    });

    it('the zonal name (az c) resolves to the ENI in that AZ, even from a client in another AZ', async () => {
        const t = await trace(HUB, 'hub-1a', 'hub.vpce-kms', { zone: 'c' });
        expect(t.verdict).toBe('reachable');
        const dns = hop(t, 'dns');
        expect(dns?.dns?.name).toMatch(/-ap-northeast-1c\.kms\.ap-northeast-1\.vpce\.amazonaws\.com$/);
        expect(dns?.dns?.addresses).toHaveLength(1);
        expect(hop(t, 'endpoint-eni')?.az?.name).toBe('ap-northeast-1c');
        expect(t.notes).toContain('cross-az');
    });

    it('the zonal name also accepts the full AZ name', async () => {
        const t = await trace(HUB, 'hub-1a', 'hub.vpce-kms', { zone: 'ap-northeast-1c' });
        expect(hop(t, 'endpoint-eni')?.az?.name).toBe('ap-northeast-1c');
    });

    it('a zonal name for an AZ where the endpoint has no ENI does not exist: az-not-served', async () => {
        const t = await trace(LONE, 'lone-1a', 'lone.vpce-ssm', { zone: 'c' });
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'az-not-served', stoppedIn: 'forward' });
        expect(t.kinds).toEqual(['instance', 'dns']);
    });
});

/** S3 with a gateway endpoint and an interface endpoint with private DNS in the same VPC. */
const S3_BOTH = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc data 10.0.0.0/16 dns-hostnames {
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet ep-a  10.0.9.0/24 az a
    route-table rt-app
    endpoint s3-gw gateway s3 routes rt-app
    endpoint s3-if interface s3 in ep-a private-dns
    instance data-1a in app-a ip 10.0.1.10
  }
}`;

describe('S3 with both a gateway and an interface endpoint', () => {
    it('an S3 interface endpoint with private DNS makes S3 resolve to its ENI, bypassing the gateway endpoint', async () => {
        const t = await trace(S3_BOTH, 'data-1a', 's3');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('aws-managed-private-zone');
        expect(t.names).toContain('s3-if');
        expect(t.names).not.toContain('s3-gw');
    });

    it('"private DNS only for inbound Resolver endpoint" makes same-VPC clients resolve publicly and use the gateway endpoint', async () => {
        const t = await trace(edit(S3_BOTH, ['private-dns\n', 'private-dns inbound-only\n']), 'data-1a', 's3');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('public');
        expect(t.path.slice(2)).toEqual(['route-table:rt-app', 'endpoint:s3-gw', 'aws-service:s3']);
        expect(hop(t, 'route-table')?.route).toMatchObject({ origin: 'gateway-endpoint', target: 's3-gw' });
        expect(t.notes).not.toContain('private-dns-not-shared');
    });
});
