/**
 * Endpoint services (provider side): endpoint-type-mismatch, endpoint-service-no-lb, endpoint-principal-not-allowed,
 * endpoint-region-not-enabled, endpoint-pending-acceptance, endpoint-service-public, nlb-target-type,
 * nlb-multiple-services, lb-no-targets-in-az.
 * Facts: PrivateLink Guide "Share your services through AWS PrivateLink" (and its "Cross-Region access"), "Cross-Region
 * enabled AWS services", "Manage permissions", "Accept or reject connection requests"; ELB User Guides (target types,
 * cross-zone load balancing).
 */
import { expect } from 'vitest';
import { ruleTester } from './rule-tester.js';

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

ruleTester('endpoint-type-mismatch', {
    valid: [
        {
            name: 'interface -> NLB-backed and GWLB endpoint -> GWLB-backed services match',
            text: withConsumer(
                `${NLB}\n${GWLB}`,
                '  endpoint-service api-svc backed-by prov.api allow *\n  endpoint-service insp-svc backed-by prov.inspect allow *',
                'endpoint e1 interface api-svc in cons-a, cons-c\n    endpoint e2 gwlb insp-svc in cons-a',
            ),
        },
    ],
    invalid: [
        {
            name: 'a GWLB-backed service is consumed by GWLB endpoints, not interface endpoints',
            text: withConsumer(
                GWLB,
                '  endpoint-service svc backed-by prov.inspect allow *',
                'endpoint ep interface svc in cons-a, cons-c',
            ),
            tokens: ['interface'],
            related: ['svc'],
        },
        {
            name: 'an NLB-backed service is consumed by interface endpoints, not GWLB endpoints',
            text: withConsumer(
                NLB,
                '  endpoint-service svc backed-by prov.api allow *',
                'endpoint ep gwlb svc in cons-a',
            ),
            tokens: ['gwlb'],
        },
        {
            name: 'a GWLB endpoint cannot connect to an AWS service',
            text: withConsumer('', '', 'endpoint ep gwlb ssm in cons-a'),
            tokens: ['gwlb'],
        },
        {
            name: 'a gateway endpoint cannot connect to an endpoint service',
            text: withConsumer(NLB, '  endpoint-service svc backed-by prov.api allow *', 'endpoint ep gateway svc'),
            tokens: ['gateway'],
        },
    ],
});

ruleTester('endpoint-service-no-lb', {
    valid: [
        {
            name: 'one NLB backing a service is enough',
            text: topo(NLB, '  endpoint-service svc backed-by prov.api allow *'),
        },
    ],
    invalid: [
        {
            name: 'an endpoint service needs a load balancer',
            text: topo('', '  endpoint-service svc allow *'),
            tokens: ['svc'],
            severity: 1,
        },
        {
            name: 'only NLBs or GWLBs can back an endpoint service, never an ALB',
            text: topo(
                '    alb web in lb-a, lb-c targets web-a, web-c',
                '  endpoint-service svc backed-by prov.web allow *',
            ),
            tokens: ['prov.web'],
            related: ['web'],
        },
        {
            name: 'a service is backed by NLBs or by GWLBs, never a mix',
            text: topo(`${NLB}\n${GWLB}`, '  endpoint-service svc backed-by prov.api, prov.inspect allow *'),
            tokens: ['prov.api'],
            related: ['api', 'inspect'],
        },
    ],
});

/** A consumer endpoint (accepted) of an NLB service that requires acceptance and admits `allow`. */
const principals = (allow: string, consumerAccount?: string): string =>
    withConsumer(
        NLB,
        `  endpoint-service svc backed-by prov.api${allow} acceptance-required`,
        'endpoint ep interface svc in cons-a, cons-c accepted',
        consumerAccount,
    );

ruleTester('endpoint-principal-not-allowed', {
    valid: [
        ...[
            ' allow *',
            ' allow cons',
            ' allow 222222222222',
            ' allow "arn:aws:iam::222222222222:root"',
            ' allow prov, "arn:aws:iam::222222222222:role/consumer"',
        ].map((allow) => ({
            name: `*, the account by name, its 12-digit id or an ARN of the account admit the consumer:${allow}`,
            text: principals(allow),
        })),
        {
            name: 'a consumer VPC without an account cannot be checked, so nothing is reported',
            text: principals(' allow 333333333333', ''),
        },
        {
            name: 'the service owner account may always connect to its own endpoint service; allow lists other principals',
            text: principals('', ' account prov'),
        },
        {
            name: 'the service owner account may always connect to its own endpoint service, whatever allow lists',
            text: principals(' allow 333333333333', ' account prov'),
        },
        {
            name: "without the provider's account the consumer may be the service owner, so nothing is reported",
            text: () => {
                const text = principals('', ' account cons');
                expect(text).toContain('vpc prov 10.9.0.0/16 account prov');
                return text.replace('vpc prov 10.9.0.0/16 account prov', 'vpc prov 10.9.0.0/16');
            },
        },
    ],
    invalid: [
        {
            name: "the consumer's account must be in the allowed principals",
            text: principals(' allow 333333333333'),
            tokens: ['svc'],
            message: '222222222222',
            related: ['333333333333'],
        },
        {
            name: 'a service with no allowed principals admits nobody but its owner',
            text: principals(''),
            tokens: ['svc'],
            related: ['svc'],
            message: 'account 111111111111',
        },
    ],
});

/**
 * A provider in us-east-1 (account prov, NLB `far-nlb` and GWLB `far-gwlb`) whose services enable `regions`, and a
 * consumer VPC in ap-northeast-1 with `endpoint`.
 */
function crossRegion(regions: string, endpoint: string): string {
    return `
account prov id 111111111111
account cons id 222222222222
region us-east-1 {
  az a = use1-az1
  vpc far 10.8.0.0/16 account prov {
    subnet f-a 10.8.1.0/24 az a
    instance far-1 in f-a
    instance fw-1 in f-a appliance
    nlb far-nlb in f-a targets far-1
    gwlb far-gwlb in f-a targets fw-1
  }
  endpoint-service far-svc backed-by far.far-nlb allow cons${regions}
  endpoint-service far-insp backed-by far.far-gwlb allow cons${regions}
}
region ap-northeast-1 {
  az a = apne1-az4
  vpc cons 10.1.0.0/16 account cons {
    subnet cons-a 10.1.1.0/24 az a
    ${endpoint}
  }
}`;
}

ruleTester('endpoint-region-not-enabled', {
    valid: [
        {
            name: "an interface endpoint may connect to a service in another Region that enabled the consumer's Region",
            text: crossRegion(' regions eu-west-1, ap-northeast-1', 'endpoint ep interface far-svc in cons-a'),
        },
        {
            name: "the service's home Region is always supported: an endpoint in it needs no regions",
            text: () => {
                const text = crossRegion('', 'endpoint ep interface far-svc in cons-a');
                return text.replace('  vpc cons 10.1.0.0/16', '}\nregion us-east-1 {\n  vpc cons 10.1.0.0/16');
            },
            alsoNot: ['interface-endpoint-az-unsupported'],
        },
        {
            name: 'AWS services marked cross-region (kms, s3) serve interface endpoints in other Regions',
            text: crossRegion(
                '',
                'endpoint k interface kms in cons-a region us-east-1\n    endpoint b interface s3 in cons-a region us-east-1',
            ),
        },
        {
            name: "an AWS service in the endpoint's own Region needs no cross-Region support",
            text: crossRegion('', 'endpoint ssm interface ssm in cons-a region ap-northeast-1'),
        },
    ],
    invalid: [
        {
            name: 'an interface endpoint in a Region the service has not enabled is refused: the service lists no regions',
            text: crossRegion('', 'endpoint ep interface far-svc in cons-a'),
            tokens: ['far-svc'],
            severity: 1,
            message: ['ap-northeast-1', 'us-east-1'],
            related: ['far-svc'],
            data: { consumerRegion: 'ap-northeast-1', serviceRegion: 'us-east-1' },
        },
        {
            name: 'an interface endpoint in a Region the service has not enabled is refused: regions lists others',
            text: crossRegion(' regions eu-west-1', 'endpoint ep interface far-svc in cons-a'),
            tokens: ['far-svc'],
            related: ['eu-west-1'],
        },
        {
            name: 'GWLB-backed services are same-Region only, whatever regions says',
            text: crossRegion(' regions ap-northeast-1', 'endpoint ep gwlb far-insp in cons-a'),
            tokens: ['far-insp'],
            message: 'same-Region only',
        },
        {
            name: 'an AWS service not marked cross-region (ssm) cannot be reached by an interface endpoint in another Region',
            text: crossRegion('', 'endpoint ssm interface ssm in cons-a region us-east-1'),
            tokens: ['ssm'],
            line: 'endpoint ssm',
            data: { consumerRegion: 'ap-northeast-1', serviceRegion: 'us-east-1' },
        },
    ],
});

/** A consumer endpoint (`accepted` or not) of an NLB service that requires acceptance. */
const acceptance = (accepted: string): string =>
    withConsumer(
        NLB,
        '  endpoint-service svc backed-by prov.api allow cons acceptance-required',
        `endpoint ep interface svc in cons-a, cons-c${accepted}`,
    );

ruleTester('endpoint-pending-acceptance', {
    valid: [
        {
            name: 'an accepted endpoint, or a service without acceptance, carries traffic: an accepted endpoint',
            text: acceptance(' accepted'),
        },
        {
            name: 'an accepted endpoint, or a service without acceptance, carries traffic: a service without acceptance',
            text: withConsumer(
                NLB,
                '  endpoint-service svc backed-by prov.api allow cons',
                'endpoint ep interface svc in cons-a, cons-c',
            ),
        },
    ],
    invalid: [
        {
            name: 'an endpoint of a service that requires acceptance carries no traffic until accepted',
            text: acceptance(''),
            tokens: ['svc'],
            severity: 2,
            related: ['acceptance-required'],
        },
    ],
});

ruleTester('endpoint-service-public', {
    valid: [
        {
            name: 'acceptance-required or a list of accounts keeps the service private: acceptance-required',
            text: topo(NLB, '  endpoint-service svc backed-by prov.api allow * acceptance-required'),
        },
        {
            name: 'acceptance-required or a list of accounts keeps the service private: a list of accounts',
            text: topo(NLB, '  endpoint-service svc backed-by prov.api allow cons'),
        },
    ],
    invalid: [
        {
            name: 'principals * with auto-accept let any AWS account connect',
            text: topo(NLB, '  endpoint-service svc backed-by prov.api allow cons, *'),
            tokens: ['*'],
            severity: 2,
        },
    ],
});

ruleTester('nlb-target-type', {
    valid: [
        {
            name: 'instances, IP addresses and an ALB in the same VPC are valid NLB targets',
            text: topo(
                '    alb web in lb-a, lb-c targets web-a, 10.9.2.10\n    nlb front in lb-a, lb-c targets web, web-a, 10.9.2.10 cross-zone',
                '',
            ),
        },
        {
            name: 'ALB targets may be Lambda functions',
            text: topo('    alb fn in lb-a, lb-c targets lambda thumbnailer', ''),
        },
    ],
    invalid: [
        {
            name: 'NLB targets are instance, ip or alb: another NLB is refused',
            text: topo('    nlb inner in lb-a targets web-a\n    nlb outer in lb-a targets inner', ''),
            tokens: ['inner'],
            line: 'nlb outer',
            related: ['inner'],
        },
        {
            name: "an ALB target must be in the NLB's own VPC",
            text: topo('    nlb front in lb-a targets cons.web', '').replace(
                '    subnet cons-c 10.1.2.0/24 az c\n',
                '    subnet cons-c 10.1.2.0/24 az c\n    alb web in cons-a, cons-c\n',
            ),
            tokens: ['cons.web'],
        },
        {
            name: 'GWLB targets are instance or ip: an ALB is refused',
            text: topo('    alb web in lb-a, lb-c targets web-a\n    gwlb inspect in lb-a targets web-a, web', ''),
            tokens: ['web'],
        },
        {
            name: 'only an ALB can target a Lambda function: an NLB with one is refused',
            text: topo('    nlb api in lb-a, lb-c targets web-a, lambda thumbnailer', ''),
            tokens: ['lambda thumbnailer'],
        },
    ],
});

ruleTester('nlb-multiple-services', {
    valid: [
        {
            name: 'two services on two NLBs are fine',
            text: topo(
                `${NLB}\n    nlb api2 in lb-a, lb-c targets web-a, web-c`,
                '  endpoint-service one backed-by prov.api allow cons\n  endpoint-service two backed-by prov.api2 allow cons',
            ),
        },
    ],
    invalid: [
        {
            name: 'a load balancer can back only one endpoint service',
            text: topo(
                NLB,
                '  endpoint-service one backed-by prov.api allow cons\n  endpoint-service two backed-by prov.api allow cons',
            ),
            tokens: ['prov.api'],
            line: 'service two',
            related: ['prov.api'],
        },
    ],
});

ruleTester('lb-no-targets-in-az', {
    valid: [
        {
            name: "an ip target counts for the AZ of the LB VPC's subnet that contains it: 10.9.2.20 is in lb-c",
            text: topo('    nlb api in lb-a, lb-c targets web-a, 10.9.2.20', ''),
        },
        {
            name: 'an ip target outside the VPC is registered for AZ "all" and serves every enabled AZ',
            text: topo('    nlb api in lb-a, lb-c targets 172.16.0.10', ''),
        },
        {
            name: 'an ALB target counts for every AZ the ALB is enabled in',
            text: topo('    alb web in lb-a, lb-c targets web-a, web-c\n    nlb api in lb-a, lb-c targets web', ''),
        },
        {
            name: 'cross-zone on lets every node use targets in any AZ',
            text: topo('    nlb api in lb-a, lb-c cross-zone targets web-a', ''),
        },
    ],
    invalid: [
        {
            name: 'with cross-zone off (the NLB default) an enabled AZ without a target has nowhere to send traffic',
            text: topo('    nlb api in lb-a, lb-c targets web-a', ''),
            tokens: ['lb-c'],
            severity: 2,
            message: 'apne1-az1',
            related: ['web-a'],
        },
        {
            name: 'GWLB cross-zone is off by default too: each enabled AZ needs an appliance',
            text: topo('    gwlb inspect in lb-a, lb-c targets web-c', ''),
            tokens: ['lb-a'],
        },
        {
            name: "an ip target counts for the AZ of the LB VPC's subnet that contains it: 10.9.1.20 is in lb-a, so lb-c has none",
            text: topo('    nlb api in lb-a, lb-c targets web-a, 10.9.1.20', ''),
            tokens: ['lb-c'],
        },
    ],
});
