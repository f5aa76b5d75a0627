/**
 * Interface endpoints to endpoint services (PrivateLink Guide, "Share your services
 * through AWS PrivateLink" and its "Cross-Region access", "Create a service powered by AWS PrivateLink", "Manage
 * permissions", "Accept or reject connection requests"): endpoint -> endpoint service -> NLB -> target, per AZ by AZ
 * ID across accounts (the NLB of the ENI's AZ when there are several), with acceptance, principals (the owner's
 * account always) and supported Regions, and only ever consumer-initiated.
 */
import { describe, expect, it } from 'vitest';
import type { Hop } from '../../src/trace/types.js';
import { edit, hop, inOrder, trace, type Traced } from './trace-helpers.js';

/** The hop the forward trace ends at: the target the NLB (or the ALB behind it) hands the flow to. */
function targetOf(t: Traced): Hop | undefined {
    return t.result.forward[t.result.forward.length - 1];
}

/**
 * The consumer's account maps its AZ names differently: its ap-northeast-1a is apne1-az1, which is the
 * provider's ap-northeast-1c. Both VPCs use 10.0.0.0/16: overlap is fine over PrivateLink.
 */
const SAAS = `
account customer id 999999999999 {
  az ap-northeast-1a = apne1-az1
  az ap-northeast-1c = apne1-az4
}
account provider id 888888888888

region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1

  vpc cust 10.0.0.0/16 account customer dns-hostnames {
    subnet app-a 10.0.1.0/24 az a
    subnet app-c 10.0.2.0/24 az c
    subnet ep-a  10.0.9.0/24 az a
    subnet ep-c  10.0.10.0/24 az c
    instance client-1a in app-a ip 10.0.1.20
    instance client-1c in app-c ip 10.0.2.20
    endpoint api-ep interface api-svc in ep-a, ep-c private-dns accepted
    endpoint raw-ep interface raw-svc in ep-a, ep-c
  }

  vpc prov 10.0.0.0/16 account provider {
    subnet api-a 10.0.1.0/24 az a
    subnet api-c 10.0.2.0/24 az c
    instance api-1a in api-a ip 10.0.1.10
    instance api-1c in api-c ip 10.0.2.10
    nlb api-nlb in api-a, api-c targets api-1a, api-1c
    nlb raw-nlb in api-a, api-c targets 10.0.1.10, 10.0.2.10
  }

  endpoint-service api-svc backed-by prov.api-nlb acceptance-required allow customer private-dns api.example.com
  endpoint-service raw-svc backed-by prov.raw-nlb allow customer
}`;

describe('endpoint -> endpoint service -> NLB -> target', () => {
    it('the provider private DNS name resolves to the endpoint ENI, then the endpoint service, the NLB node and a target', async () => {
        const t = await trace(SAAS, 'client-1a', 'api-svc');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds).toEqual([
            'instance',
            'dns',
            'route-table',
            'endpoint-eni',
            'endpoint',
            'endpoint-service',
            'load-balancer',
            'instance',
        ]);
        expect(hop(t, 'dns')?.dns).toMatchObject({
            name: 'api.example.com',
            answeredBy: 'aws-managed-private-zone',
            via: 'api-ep',
        });
        expect(t.names.slice(3)).toEqual(['api-ep', 'api-ep', 'api-svc', 'api-nlb', expect.any(String)]);
    });

    it('the NLB serves each endpoint ENI from the node in the same AZ ID: AZ names differ across accounts', async () => {
        // Consumer ap-northeast-1a = apne1-az1 = the provider's ap-northeast-1c.
        const a = await trace(SAAS, 'client-1a', 'api-svc');
        expect(hop(a, 'endpoint-eni')?.az).toMatchObject({ name: 'ap-northeast-1a', id: 'apne1-az1' });
        expect(targetOf(a)?.name).toBe('api-1c');
        expect(targetOf(a)?.az).toMatchObject({ name: 'ap-northeast-1c', id: 'apne1-az1' });
        const c = await trace(SAAS, 'client-1c', 'api-svc');
        expect(targetOf(c)?.name).toBe('api-1a');
        // Same AZ ID on both sides: no AZ change, although the names differ.
        expect(a.notes).not.toContain('cross-az');
    });

    it('the reply comes back through the NLB and out of the same endpoint ENI; targets see the NLB, not the client', async () => {
        const t = await trace(SAAS, 'client-1a', 'api-svc');
        expect(t.retPath).toEqual([
            'instance:api-1c',
            'load-balancer:api-nlb',
            'endpoint:api-ep',
            'route-table:(main)',
            'instance:client-1a',
        ]);
        expect(targetOf(t)?.detail).toMatch(/NLB's address/);
    });

    it("without a provider private DNS name, the service is reached by the endpoint's own regional name", async () => {
        const t = await trace(SAAS, 'client-1c', 'raw-svc');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns).toMatchObject({ answeredBy: 'endpoint-name', via: 'raw-ep' });
        expect(hop(t, 'dns')?.dns?.name).toMatch(/\.vpce\.amazonaws\.com$/);
    });

    it('NLB targets may be IP addresses: the target is the host holding that address', async () => {
        const t = await trace(SAAS, 'client-1a', 'raw-svc');
        expect(t.verdict).toBe('reachable');
        expect(targetOf(t)?.name).toBe('api-1c');
    });

    it('a trace to the endpoint itself goes on through the service to a target', async () => {
        const t = await trace(SAAS, 'client-1a', 'cust.api-ep');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds.slice(-4)).toEqual(['endpoint', 'endpoint-service', 'load-balancer', 'instance']);
    });

    it('the zonal name (az c) takes the flow to the ENI and NLB node of that AZ', async () => {
        const t = await trace(SAAS, 'client-1a', 'cust.api-ep', { zone: 'c' });
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'endpoint-eni')?.az?.name).toBe('ap-northeast-1c');
        expect(targetOf(t)?.name).toBe('api-1a');
        expect(t.notes).toContain('cross-az');
    });
});

describe('AZ coverage of the provider NLB (compared by AZ ID)', () => {
    // The NLB only in the provider's ap-northeast-1a (apne1-az4) = the consumer's ap-northeast-1c.
    const ONE_AZ = edit(SAAS, [
        'nlb api-nlb in api-a, api-c targets api-1a, api-1c',
        'nlb api-nlb in api-a targets api-1a, api-1c',
    ]);

    it('an endpoint ENI in an AZ where the NLB is not enabled cannot be served: az-not-served', async () => {
        const t = await trace(ONE_AZ, 'client-1a', 'api-svc');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'az-not-served', stoppedIn: 'forward' });
        expect(t.kinds).not.toContain('load-balancer');
    });

    it('the ENI in the AZ with the same AZ ID as the NLB works, although its AZ name is different', async () => {
        const t = await trace(ONE_AZ, 'client-1c', 'api-svc');
        expect(t.verdict).toBe('reachable');
        expect(targetOf(t)?.name).toBe('api-1a');
    });

    const ONE_TARGET = edit(SAAS, [
        'nlb api-nlb in api-a, api-c targets api-1a, api-1c',
        'nlb api-nlb in api-a, api-c targets api-1a',
    ]);

    it('with no target in the AZ and cross-zone off, the NLB node has nowhere to send it: lb-no-healthy-target', async () => {
        const t = await trace(ONE_TARGET, 'client-1a', 'api-svc');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'lb-no-healthy-target' });
        expect(t.stoppedHop?.kind).toBe('load-balancer');
    });

    it('with cross-zone on, the NLB node sends it to a target in another AZ', async () => {
        const t = await trace(
            edit(ONE_TARGET, ['targets api-1a\n', 'cross-zone targets api-1a\n']),
            'client-1a',
            'api-svc',
        );
        expect(t.verdict).toBe('reachable');
        expect(targetOf(t)?.name).toBe('api-1a');
        expect(t.notes).toContain('cross-az');
    });
});

/**
 * SAAS plus a provider service in us-east-1 whose supported Regions are `regions`, an endpoint to it in the consumer's
 * ap-northeast-1, and interface endpoints to AWS services in us-east-1: kms (cross-Region) and ssm (not).
 */
const east = (regions: string): string =>
    edit(
        SAAS,
        [
            'region ap-northeast-1 {',
            `region us-east-1 {
  az a = use1-az1
  vpc east 10.60.0.0/16 account provider {
    subnet s-a 10.60.1.0/24 az a
    instance east-1 in s-a ip 10.60.1.10
    nlb east-nlb in s-a targets east-1
  }
  endpoint-service east-svc backed-by east.east-nlb allow customer${regions}
}
region ap-northeast-1 {`,
        ],
        [
            '    endpoint raw-ep interface raw-svc in ep-a, ep-c',
            `    endpoint raw-ep interface raw-svc in ep-a, ep-c
    endpoint east-ep interface east-svc in ep-a, ep-c region us-east-1
    endpoint kms-east interface kms in ep-a region us-east-1
    endpoint ssm-east interface ssm in ep-a region us-east-1`,
        ],
    );

describe('cross-region interface endpoints', () => {
    it('for a cross-region endpoint the AZ comparison does not apply: the provider NLB serves from its own region', async () => {
        const t = await trace(east(' regions ap-northeast-1'), 'client-1c', 'east-svc');
        expect(t.verdict, t.result.summary).toBe('reachable');
        expect(targetOf(t)?.name).toBe('east-1');
        expect(hop(t, 'dns')?.dns?.name).toMatch(/\.us-east-1\.vpce\.amazonaws\.com$/);
    });

    it('an interface endpoint in a Region the service has not enabled is blocked at the endpoint: region-not-enabled', async () => {
        for (const regions of ['', ' regions eu-west-1']) {
            const t = await trace(east(regions), 'client-1c', 'east-svc');
            expect(t, regions).toMatchObject({
                verdict: 'blocked',
                reason: 'region-not-enabled',
                stoppedIn: 'forward',
            });
            expect(t.stoppedHop).toMatchObject({ kind: 'endpoint', name: 'east-ep' });
            expect(t.kinds).not.toContain('endpoint-service');
        }
    });

    it('only the AWS services marked cross-region serve interface endpoints in other Regions: kms does, ssm does not', async () => {
        const kms = await trace(east(''), 'client-1a', 'cust.kms-east');
        expect(kms.verdict, kms.result.summary).toBe('reachable');
        expect(kms.path).toContain('aws-service:kms');
        const ssm = await trace(east(''), 'client-1a', 'cust.ssm-east');
        expect(ssm).toMatchObject({ verdict: 'blocked', reason: 'region-not-enabled' });
        expect(ssm.stoppedHop).toMatchObject({ kind: 'endpoint', name: 'ssm-east' });
    });
});

describe('an endpoint service backed by several load balancers', () => {
    // One NLB per AZ, the first in the provider's ap-northeast-1a (apne1-az4) = the consumer's ap-northeast-1c.
    const PER_AZ = edit(
        SAAS,
        [
            'nlb raw-nlb in api-a, api-c targets 10.0.1.10, 10.0.2.10',
            'nlb raw-a in api-a targets 10.0.1.10\n    nlb raw-c in api-c targets 10.0.2.10',
        ],
        ['backed-by prov.raw-nlb', 'backed-by prov.raw-a, prov.raw-c'],
    );

    it('each endpoint ENI connects to the NLB enabled in its own AZ (by AZ ID), not the first one', async () => {
        const a = await trace(PER_AZ, 'client-1a', 'raw-svc');
        expect(a.verdict, a.result.summary).toBe('reachable');
        expect(a.names.slice(-2)).toEqual(['raw-c', 'api-1c']);
        expect(a.notes).not.toContain('cross-az');
        const c = await trace(PER_AZ, 'client-1c', 'raw-svc');
        expect(c.verdict, c.result.summary).toBe('reachable');
        expect(c.names.slice(-2)).toEqual(['raw-a', 'api-1a']);
        expect(c.retPath).toContain('load-balancer:raw-a');
    });

    it('an ENI in an AZ where none of the NLBs is enabled cannot be served: az-not-served', async () => {
        const t = await trace(
            edit(PER_AZ, ['nlb raw-c in api-c targets 10.0.2.10', 'nlb raw-c in api-a targets 10.0.1.10']),
            'client-1a',
            'raw-svc',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'az-not-served' });
    });
});

describe('acceptance and allowed principals', () => {
    it('an endpoint of a service that requires acceptance carries no traffic until accepted: pending-acceptance', async () => {
        const t = await trace(edit(SAAS, ['private-dns accepted', 'private-dns']), 'client-1a', 'api-svc');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'pending-acceptance', stoppedIn: 'forward' });
        expect(t.stoppedHop).toMatchObject({ kind: 'endpoint', name: 'api-ep' });
        expect(t.kinds).not.toContain('load-balancer');
    });

    it('a consumer account that is not an allowed principal gets no connection: principal-not-allowed', async () => {
        const t = await trace(
            edit(SAAS, ['backed-by prov.raw-nlb allow customer', 'backed-by prov.raw-nlb allow provider']),
            'client-1a',
            'raw-svc',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'principal-not-allowed' });
        expect(t.stoppedHop).toMatchObject({ kind: 'endpoint', name: 'raw-ep' });
    });

    it('the service owner account may always connect to its own endpoint service: allow lists other principals', async () => {
        const t = await trace(
            edit(
                SAAS,
                ['backed-by prov.raw-nlb allow customer', 'backed-by prov.raw-nlb'],
                ['vpc cust 10.0.0.0/16 account customer', 'vpc cust 10.0.0.0/16 account provider'],
            ),
            'client-1a',
            'raw-svc',
        );
        expect(t.verdict, t.result.summary).toBe('reachable');
        expect(t.kinds.slice(-3)).toEqual(['endpoint-service', 'load-balancer', 'instance']);
    });

    it("without the provider's account the consumer may be the service owner: the trace is not refused", async () => {
        const t = await trace(
            edit(
                SAAS,
                ['backed-by prov.raw-nlb allow customer', 'backed-by prov.raw-nlb'],
                ['vpc prov 10.0.0.0/16 account provider', 'vpc prov 10.0.0.0/16'],
            ),
            'client-1a',
            'raw-svc',
        );
        expect(t.verdict, t.result.summary).toBe('reachable');
    });

    it('principal * admits every consumer account', async () => {
        const t = await trace(
            edit(SAAS, ['backed-by prov.raw-nlb allow customer', 'backed-by prov.raw-nlb allow *']),
            'client-1a',
            'raw-svc',
        );
        expect(t.verdict).toBe('reachable');
    });
});

describe('PrivateLink is consumer-initiated', () => {
    it("the provider target cannot open a connection to the consumer: the overlapping address is its own VPC's", async () => {
        const t = await trace(SAAS, 'api-1a', 'client-1a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
        expect(t.kinds).not.toContain('endpoint');
    });

    it('without overlap the provider still has no route to the consumer', async () => {
        const t = await trace(
            edit(
                SAAS,
                ['vpc prov 10.0.0.0/16', 'vpc prov 10.1.0.0/16'],
                ['api-a 10.0.1.0/24', 'api-a 10.1.1.0/24'],
                ['api-c 10.0.2.0/24', 'api-c 10.1.2.0/24'],
                ['api-1a in api-a ip 10.0.1.10', 'api-1a in api-a ip 10.1.1.10'],
                ['api-1c in api-c ip 10.0.2.10', 'api-1c in api-c ip 10.1.2.10'],
            ),
            'api-1a',
            'client-1a',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
    });
});

describe('a service name in a user private hosted zone', () => {
    it('a private hosted zone record aliasing a hub endpoint lets a peered VPC use the hub endpoint of an endpoint service', async () => {
        const text = edit(
            SAAS,
            [
                'endpoint api-ep interface api-svc in ep-a, ep-c private-dns accepted',
                'endpoint api-ep interface api-svc in ep-a, ep-c accepted',
            ],
            [
                '  vpc prov 10.0.0.0/16',
                `  vpc branch 10.50.0.0/16 account customer dns-hostnames {
    subnet app-a 10.50.1.0/24 az a routes rt-app
    route-table rt-app { 10.0.0.0/16 -> pcx }
    instance branch-1a in app-a ip 10.50.1.10
  }
  peering pcx cust <-> branch
  private-zone example.com vpcs branch, cust { record api -> cust.api-ep }
  vpc prov 10.0.0.0/16`,
            ],
            [
                '    subnet ep-c  10.0.10.0/24 az c',
                '    subnet ep-c  10.0.10.0/24 az c\n    route-table rt-main main { 10.50.0.0/16 -> pcx }',
            ],
        );
        const t = await trace(text, 'branch-1a', 'api-svc');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns).toMatchObject({
            name: 'api.example.com',
            answeredBy: 'private-hosted-zone',
            via: 'example.com',
        });
        expect(t.kinds).toEqual([
            'instance',
            'dns',
            'route-table',
            'peering',
            'endpoint-eni',
            'endpoint',
            'endpoint-service',
            'load-balancer',
            'instance',
        ]);
        expect(t.retPath).toContain('peering:pcx');
    });
});

/**
 * An ALB behind PrivateLink: the provider registers the ALB as the NLB's target (Network Load Balancers Guide,
 * "Target groups": NLB targets are instance, IP address or ALB). The NLB node hands the connection to the ALB's node in its AZ; the ALB, which
 * balances across zones by default (ELB User Guide), picks any of its targets.
 */
const ALB_BEHIND_NLB = `
region ap-northeast-1 {
  vpc cust 10.0.0.0/16 dns-hostnames {
    subnet app-a 10.0.1.0/24 az a
    subnet ep-a 10.0.9.0/24 az a
    instance client in app-a ip 10.0.1.20
    endpoint web-ep interface web-svc in ep-a
  }
  vpc prov 10.1.0.0/16 {
    subnet lb-a 10.1.1.0/24 az a
    subnet lb-c 10.1.2.0/24 az c
    subnet web-c 10.1.3.0/24 az c
    instance web-1c in web-c ip 10.1.3.10
    alb web-alb in lb-a, lb-c targets web-1c
    nlb front in lb-a, lb-c targets web-alb
  }
  endpoint-service web-svc backed-by prov.front allow *
}`;

describe('endpoint -> endpoint service -> NLB -> ALB -> target', () => {
    it('the NLB hands the flow to the ALB in its AZ, and the ALB to a target in any AZ', async () => {
        const t = await trace(ALB_BEHIND_NLB, 'client', 'web-svc');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds).toEqual([
            'instance',
            'dns',
            'route-table',
            'endpoint-eni',
            'endpoint',
            'endpoint-service',
            'load-balancer',
            'load-balancer',
            'route-table',
            'instance',
        ]);
        expect(t.names.slice(6)).toEqual(['front', 'web-alb', '(main)', 'web-1c']);
        expect(targetOf(t)?.detail).toMatch(/sees the ALB node's address/);
        // The ALB node is the one in the NLB node's AZ; its target is in another: the flow changes AZ there.
        expect(t.result.forward[7]?.az?.name).toBe('ap-northeast-1a');
        expect(t.notes).toContain('cross-az');
    });

    it('the reply goes back through the ALB, the NLB and the endpoint ENI', async () => {
        const t = await trace(ALB_BEHIND_NLB, 'client', 'web-svc');
        expect(t.retPath.slice(0, 5)).toEqual([
            'instance:web-1c',
            'route-table:(main)',
            'load-balancer:web-alb',
            'load-balancer:front',
            'endpoint:web-ep',
        ]);
    });

    it('an ALB with no targets leaves the NLB with none: lb-no-healthy-target', async () => {
        const t = await trace(
            edit(ALB_BEHIND_NLB, ['alb web-alb in lb-a, lb-c targets web-1c', 'alb web-alb in lb-a, lb-c']),
            'client',
            'web-svc',
        );
        expect(t.verdict).toBe('blocked');
        expect(t.reason).toBe('lb-no-healthy-target');
    });

    it("an ALB not enabled in the NLB node's AZ is no target there while the NLB's cross-zone is off", async () => {
        const off = await trace(
            edit(ALB_BEHIND_NLB, ['alb web-alb in lb-a, lb-c', 'alb web-alb in lb-c']),
            'client',
            'web-svc',
        );
        expect(off.reason).toBe('lb-no-healthy-target');
        const on = await trace(
            edit(
                ALB_BEHIND_NLB,
                ['alb web-alb in lb-a, lb-c', 'alb web-alb in lb-c'],
                ['nlb front in lb-a, lb-c', 'nlb front in lb-a, lb-c cross-zone'],
            ),
            'client',
            'web-svc',
        );
        expect(on.verdict).toBe('reachable');
        // The NLB node in AZ a (cross-zone on) hands the flow to the ALB's node in AZ c, its only one.
        expect(hop(on, 'load-balancer', 1)).toMatchObject({ name: 'web-alb', az: { name: 'ap-northeast-1c' } });
    });
});

/**
 * What the ALB behind the NLB serves is the ALB's own business: a Lambda function (ALB User Guide, "Lambda functions
 * as targets") or an IP address (ALB User Guide, "Target groups": target type ip), held by no declared host.
 */
describe('endpoint -> endpoint service -> NLB -> ALB -> a Lambda function or an IP address', () => {
    it('an endpoint service whose NLB targets an ALB with a Lambda target serves the consumer: the trace ends at the function', async () => {
        const t = await trace(
            edit(ALB_BEHIND_NLB, [
                'alb web-alb in lb-a, lb-c targets web-1c',
                'alb web-alb in lb-a, lb-c targets lambda resize',
            ]),
            'client',
            'web-svc',
        );
        expect(t.verdict).toBe('reachable');
        expect(t.path.slice(-3)).toEqual(['load-balancer:front', 'load-balancer:web-alb', 'lambda:resize']);
        // The function's response goes back through the ALB and the NLB, then out of the endpoint ENI to the client.
        expect(
            inOrder(t.retPath, [
                'lambda:resize',
                'load-balancer:web-alb',
                'load-balancer:front',
                'endpoint:web-ep',
                'instance:client',
            ]),
        ).toBe('');
    });

    it('an endpoint service whose NLB targets an ALB whose target is an IP address no declared host holds serves the consumer', async () => {
        const t = await trace(
            edit(ALB_BEHIND_NLB, [
                'alb web-alb in lb-a, lb-c targets web-1c',
                'alb web-alb in lb-a, lb-c targets 10.1.3.77',
            ]),
            'client',
            'web-svc',
        );
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['load-balancer:front', 'load-balancer:web-alb', 'address:10.1.3.77'])).toBe('');
        expect(t.path[t.path.length - 1]).toBe('address:10.1.3.77');
        expect(
            inOrder(t.retPath, [
                'address:10.1.3.77',
                'load-balancer:web-alb',
                'load-balancer:front',
                'endpoint:web-ep',
                'instance:client',
            ]),
        ).toBe('');
    });

    it("a target's reply that no route carries back to the ALB loses the consumer's request: the reply is lost", async () => {
        // The provider's target subnet sends everything, its own VPC included, to a blackhole.
        const t = await trace(
            edit(ALB_BEHIND_NLB, [
                '    subnet web-c 10.1.3.0/24 az c',
                '    subnet web-c 10.1.3.0/24 az c routes rt-web\n    route-table rt-web { 10.1.1.0/24 -> blackhole  10.1.2.0/24 -> blackhole }',
            ]),
            'client',
            'web-svc',
        );
        expect(t).toMatchObject({ verdict: 'blocked', stoppedIn: 'return' });
        expect(t.retPath[0]).toBe('instance:web-1c');
    });
});
