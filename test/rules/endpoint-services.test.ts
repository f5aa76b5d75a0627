/**
 * Endpoint services (provider side): endpoint-type-mismatch, endpoint-service-no-lb, endpoint-principal-not-allowed,
 * endpoint-pending-acceptance, endpoint-service-public, nlb-target-type, nlb-multiple-services, lb-no-targets-in-az.
 * Facts: PrivateLink Guide "Share your services through AWS PrivateLink", "Manage permissions", "Accept or reject
 * connection requests"; ELB User Guides (target types, cross-zone load balancing); DOMAIN.md §1, §4, §5.
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

/**
 * Provider VPC `prov` (account 111111111111) with subnets in AZs a and c, instances, an NLB, an ALB and a GWLB;
 * `provider` adds members to it, `rest` adds region items (services, the consumer VPC).
 */
function topo(provider: string, rest: string, consumerAccount = ' account cons'): string {
    return `
account prov id 111111111111
account cons id 222222222222
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc prov 10.9.0.0/16 account prov {
    subnet lb-a 10.9.1.0/24 az a
    subnet lb-c 10.9.2.0/24 az c
    instance web-a in lb-a ip 10.9.1.10
    instance web-c in lb-c ip 10.9.2.10
${provider}
  }
  vpc cons 10.1.0.0/16${consumerAccount} dns-hostnames {
    subnet cons-a 10.1.1.0/24 az a
    subnet cons-c 10.1.2.0/24 az c
  }
${rest}
}`;
}

const NLB = '    nlb api in lb-a, lb-c targets web-a, web-c';
const GWLB = '    gwlb inspect in lb-a, lb-c targets web-a, web-c';

/** A consumer endpoint inside VPC cons: `endpoint(...)` is injected after cons's subnets. */
function withConsumer(provider: string, services: string, endpoint: string, consumerAccount?: string): string {
    return topo(provider, services, consumerAccount).replace(
        '    subnet cons-c 10.1.2.0/24 az c\n',
        `    subnet cons-c 10.1.2.0/24 az c\n    ${endpoint}\n`,
    );
}

describe('endpoint-type-mismatch', () => {
    it('a GWLB-backed service is consumed by GWLB endpoints, not interface endpoints', async () => {
        const text = withConsumer(
            GWLB,
            '  endpoint-service svc backed-by prov.inspect allow *',
            'endpoint ep interface svc in cons-a, cons-c',
        );
        const [d] = await check(text, 'endpoint-type-mismatch', ['interface']);
        expect(related(text, d)).toEqual(['svc']);
    });

    it('an NLB-backed service is consumed by interface endpoints, not GWLB endpoints', async () => {
        await check(
            withConsumer(NLB, '  endpoint-service svc backed-by prov.api allow *', 'endpoint ep gwlb svc in cons-a'),
            'endpoint-type-mismatch',
            ['gwlb'],
        );
    });

    it('a GWLB endpoint cannot connect to an AWS service', async () => {
        await check(withConsumer('', '', 'endpoint ep gwlb ssm in cons-a'), 'endpoint-type-mismatch', ['gwlb']);
    });

    it('a gateway endpoint cannot connect to an endpoint service', async () => {
        await check(
            withConsumer(NLB, '  endpoint-service svc backed-by prov.api allow *', 'endpoint ep gateway svc'),
            'endpoint-type-mismatch',
            ['gateway'],
        );
    });

    it('interface -> NLB-backed and GWLB endpoint -> GWLB-backed services match', async () => {
        const services =
            '  endpoint-service api-svc backed-by prov.api allow *\n  endpoint-service insp-svc backed-by prov.inspect allow *';
        const text = withConsumer(
            `${NLB}\n${GWLB}`,
            services,
            'endpoint e1 interface api-svc in cons-a, cons-c\n    endpoint e2 gwlb insp-svc in cons-a',
        );
        await check(text, 'endpoint-type-mismatch', []);
    });
});

describe('endpoint-service-no-lb', () => {
    it('an endpoint service needs a load balancer', async () => {
        const [d] = await check(topo('', '  endpoint-service svc allow *'), 'endpoint-service-no-lb', ['svc']);
        expect(d.severity).toBe(1);
    });

    it('only NLBs or GWLBs can back an endpoint service, never an ALB', async () => {
        const text = topo(
            '    alb web in lb-a, lb-c targets web-a, web-c',
            '  endpoint-service svc backed-by prov.web allow *',
        );
        const [d] = await check(text, 'endpoint-service-no-lb', ['prov.web']);
        expect(related(text, d)).toEqual(['web']);
    });

    it('a service is backed by NLBs or by GWLBs, never a mix', async () => {
        const text = topo(`${NLB}\n${GWLB}`, '  endpoint-service svc backed-by prov.api, prov.inspect allow *');
        const [d] = await check(text, 'endpoint-service-no-lb', ['prov.api']);
        expect(related(text, d)).toEqual(['api', 'inspect']);
    });

    it('one NLB backing a service is enough', async () => {
        await check(topo(NLB, '  endpoint-service svc backed-by prov.api allow *'), 'endpoint-service-no-lb', []);
    });
});

describe('endpoint-principal-not-allowed', () => {
    const consumer = (allow: string, consumerAccount?: string): string =>
        withConsumer(
            NLB,
            `  endpoint-service svc backed-by prov.api${allow} acceptance-required`,
            'endpoint ep interface svc in cons-a, cons-c accepted',
            consumerAccount,
        );

    it("the consumer's account must be in the allowed principals", async () => {
        const text = consumer(' allow 333333333333');
        const [d] = await check(text, 'endpoint-principal-not-allowed', ['svc']);
        expect(d.message).toContain('222222222222');
        expect(related(text, d)).toEqual(['333333333333']);
    });

    it('a service with no allowed principals admits nobody', async () => {
        const text = consumer('');
        const [d] = await check(text, 'endpoint-principal-not-allowed', ['svc']);
        expect(related(text, d)).toEqual(['svc']);
    });

    it('*, the account by name, its 12-digit id or an ARN of the account admit the consumer', async () => {
        for (const allow of [
            ' allow *',
            ' allow cons',
            ' allow 222222222222',
            ' allow "arn:aws:iam::222222222222:root"',
            ' allow prov, "arn:aws:iam::222222222222:role/consumer"',
        ]) {
            await check(consumer(allow), 'endpoint-principal-not-allowed', []);
        }
    });

    it('a consumer VPC without an account cannot be checked, so nothing is reported', async () => {
        await check(consumer(' allow 333333333333', ''), 'endpoint-principal-not-allowed', []);
    });
});

describe('endpoint-pending-acceptance', () => {
    const text = (accepted: string): string =>
        withConsumer(
            NLB,
            '  endpoint-service svc backed-by prov.api allow cons acceptance-required',
            `endpoint ep interface svc in cons-a, cons-c${accepted}`,
        );

    it('an endpoint of a service that requires acceptance carries no traffic until accepted', async () => {
        const t = text('');
        const [d] = await check(t, 'endpoint-pending-acceptance', ['svc']);
        expect(d.severity).toBe(2);
        expect(related(t, d)).toEqual(['acceptance-required']);
    });

    it('an accepted endpoint, or a service without acceptance, carries traffic', async () => {
        await check(text(' accepted'), 'endpoint-pending-acceptance', []);
        await check(
            withConsumer(
                NLB,
                '  endpoint-service svc backed-by prov.api allow cons',
                'endpoint ep interface svc in cons-a, cons-c',
            ),
            'endpoint-pending-acceptance',
            [],
        );
    });
});

describe('endpoint-service-public', () => {
    it('principals * with auto-accept let any AWS account connect', async () => {
        const [d] = await check(
            topo(NLB, '  endpoint-service svc backed-by prov.api allow cons, *'),
            'endpoint-service-public',
            ['*'],
        );
        expect(d.severity).toBe(2);
    });

    it('acceptance-required or a list of accounts keeps the service private', async () => {
        await check(
            topo(NLB, '  endpoint-service svc backed-by prov.api allow * acceptance-required'),
            'endpoint-service-public',
            [],
        );
        await check(topo(NLB, '  endpoint-service svc backed-by prov.api allow cons'), 'endpoint-service-public', []);
    });
});

describe('nlb-target-type', () => {
    it('NLB targets are instance, ip or alb: another NLB is refused', async () => {
        const text = topo('    nlb inner in lb-a targets web-a\n    nlb outer in lb-a targets inner', '');
        const [d] = await check(text, 'nlb-target-type', ['inner']);
        expect(d.range.start.line).toBe(text.split('\n').findIndex((l) => l.includes('nlb outer')));
        expect(related(text, d)).toEqual(['inner']);
    });

    it("an ALB target must be in the NLB's own VPC", async () => {
        const text = topo('    nlb front in lb-a targets cons.web', '').replace(
            '    subnet cons-c 10.1.2.0/24 az c\n',
            '    subnet cons-c 10.1.2.0/24 az c\n    alb web in cons-a, cons-c\n',
        );
        await check(text, 'nlb-target-type', ['cons.web']);
    });

    it('GWLB targets are instance or ip: an ALB is refused', async () => {
        await check(
            topo('    alb web in lb-a, lb-c targets web-a\n    gwlb inspect in lb-a targets web-a, web', ''),
            'nlb-target-type',
            ['web'],
        );
    });

    it('instances, IP addresses and an ALB in the same VPC are valid NLB targets', async () => {
        await check(
            topo(
                '    alb web in lb-a, lb-c targets web-a, 10.9.2.10\n    nlb front in lb-a, lb-c targets web, web-a, 10.9.2.10 cross-zone',
                '',
            ),
            'nlb-target-type',
            [],
        );
    });
});

describe('nlb-multiple-services', () => {
    it('a load balancer can back only one endpoint service', async () => {
        const text = topo(
            NLB,
            '  endpoint-service one backed-by prov.api allow cons\n  endpoint-service two backed-by prov.api allow cons',
        );
        const [d] = await check(text, 'nlb-multiple-services', ['prov.api']);
        expect(d.range.start.line).toBe(text.split('\n').findIndex((l) => l.includes('service two')));
        expect(related(text, d)).toEqual(['prov.api']);
    });

    it('two services on two NLBs are fine', async () => {
        const text = topo(
            `${NLB}\n    nlb api2 in lb-a, lb-c targets web-a, web-c`,
            '  endpoint-service one backed-by prov.api allow cons\n  endpoint-service two backed-by prov.api2 allow cons',
        );
        await check(text, 'nlb-multiple-services', []);
    });
});

describe('lb-no-targets-in-az', () => {
    it('with cross-zone off (the NLB default) an enabled AZ without a target has nowhere to send traffic', async () => {
        const text = topo('    nlb api in lb-a, lb-c targets web-a', '');
        const [d] = await check(text, 'lb-no-targets-in-az', ['lb-c']);
        expect(d.severity).toBe(2);
        expect(d.message).toContain('apne1-az1');
        expect(related(text, d)).toEqual(['web-a']);
    });

    it('GWLB cross-zone is off by default too: each enabled AZ needs an appliance', async () => {
        await check(topo('    gwlb inspect in lb-a, lb-c targets web-c', ''), 'lb-no-targets-in-az', ['lb-a']);
    });

    it("an ip target counts for the AZ of the LB VPC's subnet that contains it", async () => {
        await check(topo('    nlb api in lb-a, lb-c targets web-a, 10.9.2.20', ''), 'lb-no-targets-in-az', []);
        await check(topo('    nlb api in lb-a, lb-c targets web-a, 10.9.1.20', ''), 'lb-no-targets-in-az', ['lb-c']);
    });

    it('an ip target outside the VPC is registered for AZ "all" and serves every enabled AZ', async () => {
        await check(topo('    nlb api in lb-a, lb-c targets 172.16.0.10', ''), 'lb-no-targets-in-az', []);
    });

    it('an ALB target counts for every AZ the ALB is enabled in', async () => {
        await check(
            topo('    alb web in lb-a, lb-c targets web-a, web-c\n    nlb api in lb-a, lb-c targets web', ''),
            'lb-no-targets-in-az',
            [],
        );
    });

    it('cross-zone on lets every node use targets in any AZ', async () => {
        await check(topo('    nlb api in lb-a, lb-c cross-zone targets web-a', ''), 'lb-no-targets-in-az', []);
    });
});
