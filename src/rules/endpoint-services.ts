/**
 * Rule family: endpoint services, the provider side of PrivateLink (PrivateLink Guide, "Share your services
 * through AWS PrivateLink"; ELB User Guides for target types). Each rule names the AWS fact
 * it encodes.
 */
import { endpointConnection } from '../model/endpoint-facts.js';
import { azLabel, sameAz } from '../model/az.js';
import type { AzRef, Endpoint, EndpointService, LbTargetRef, LoadBalancer } from '../model/topology.js';
import { containsIp, parseIp } from '../net/cidr.js';
import { defineCheck, type FlowClaim, type RelatedAnchor, type RuleCheck, type RuleContext } from './types.js';

const LB_LABEL: Record<LoadBalancer['lbType'], string> = { nlb: 'NLB', gwlb: 'GWLB', alb: 'ALB' };

function serviceOf(ctx: RuleContext, ep: Endpoint): EndpointService | undefined {
    return ep.service.kind === 'endpoint-service' ? ctx.index.get(ep.service.id) : undefined;
}

/**
 * The flow a connection finding speaks of: a client in the endpoint's own subnet (no route table decides traffic within
 * a subnet) to the interface endpoint. The finding states that the tracer blocks it for `reason`.
 */
function connectionFlow(
    ep: Endpoint,
    reason: 'pending-acceptance' | 'principal-not-allowed' | 'region-not-enabled',
): { flows?: FlowClaim[] } {
    const subnet = ep.subnets[0];
    if (ep.endpointType !== 'interface' || !subnet) return {};
    const from = { kind: 'element', id: subnet } as const;
    return { flows: [{ from, to: { kind: 'element', id: ep.id }, verdict: 'blocked', reason }] };
}

function serviceAnchor(svc: EndpointService, message: string, prop?: string): RelatedAnchor {
    return { src: svc.src, prop, message };
}

/**
 * NLB-backed services are consumed by interface endpoints; GWLB-backed services by GWLB endpoints (or TGW
 * network-function attachments); gateway endpoints reach only S3 and DynamoDB (PrivateLink Guide, "Types of VPC
 * endpoints").
 */
const endpointTypeMismatch = defineCheck('endpoint-type-mismatch', (ctx) => {
    for (const ep of ctx.topology.endpoints) {
        const svc = serviceOf(ctx, ep);
        let problem: string | undefined;
        if (svc) {
            if (ep.endpointType === 'interface' && svc.backing === 'gwlb') {
                problem = `is an interface endpoint, but service '${svc.name}' is backed by a GWLB; GWLB-backed services are consumed by GWLB endpoints or TGW network-function attachments.`;
            } else if (ep.endpointType === 'gwlb' && svc.backing === 'nlb') {
                problem = `is a GWLB endpoint, but service '${svc.name}' is backed by an NLB; NLB-backed services are consumed by interface endpoints.`;
            } else if (ep.endpointType === 'gateway') {
                problem = `is a gateway endpoint, but '${svc.name}' is an endpoint service; endpoint services are consumed by interface or GWLB endpoints, gateway endpoints exist only for s3 and dynamodb.`;
            }
        } else if (ep.service.kind === 'aws') {
            const aws = ctx.index.get(ep.service.id);
            if (ep.endpointType === 'gwlb') {
                problem = `is a GWLB endpoint, but '${ep.service.name}' is an AWS service; GWLB endpoints connect only to GWLB-backed endpoint services.`;
            } else if (ep.endpointType === 'interface' && aws && !aws.interface) {
                problem = `is an interface endpoint, but AWS service '${aws.name}' offers no interface endpoint.`;
            }
        }
        if (!problem) continue;
        ctx.report({
            at: { src: ep.src, prop: 'kind' },
            message: `Endpoint '${ep.name}' ${problem}`,
            related: svc
                ? [
                      serviceAnchor(
                          svc,
                          `Endpoint service '${svc.name}' is backed by ${svc.backing === 'nlb' ? 'an NLB' : svc.backing === 'gwlb' ? 'a GWLB' : 'no usable load balancer'}.`,
                      ),
                  ]
                : [],
            data: { endpointType: ep.endpointType, backing: svc?.backing },
        });
    }
});

/**
 * An endpoint service needs Network Load Balancers or Gateway Load Balancers, never both kinds; an ALB cannot
 * back one directly (PrivateLink Guide, "Create an endpoint service").
 */
const endpointServiceNoLb = defineCheck('endpoint-service-no-lb', (ctx) => {
    for (const svc of ctx.topology.endpointServices) {
        if (svc.backing === 'nlb' || svc.backing === 'gwlb') continue;
        const lbs = svc.loadBalancers.map((id) => ctx.index.get(id)).filter((l): l is LoadBalancer => !!l);
        const written = svc.src?.props['loadBalancers']?.length ?? 0;
        // Written but unresolved load balancers are reported by the linker; do not pile on.
        if (lbs.length === 0 && written > 0) continue;
        const alb = lbs.find((l) => l.lbType === 'alb');
        const related = lbs.map((l) => ({
            src: l.src,
            message: `'${l.name}' is ${l.lbType === 'alb' ? 'an' : 'a'} ${LB_LABEL[l.lbType]}.`,
        }));
        if (lbs.length === 0) {
            ctx.report({
                at: { src: svc.src },
                message: `Endpoint service '${svc.name}' has no load balancer; an endpoint service must be backed by NLBs or by GWLBs (backed-by).`,
            });
        } else if (alb) {
            ctx.report({
                at: { src: svc.src, prop: 'loadBalancers', index: svc.loadBalancers.indexOf(alb.id) },
                message: `Endpoint service '${svc.name}' is backed by ALB '${alb.name}', but only NLBs or GWLBs can back an endpoint service; put an NLB in front of the ALB (an ALB is a valid NLB target).`,
                related,
            });
        } else {
            ctx.report({
                at: { src: svc.src, prop: 'loadBalancers', index: 0 },
                message: `Endpoint service '${svc.name}' mixes NLBs and GWLBs (${lbs.map((l) => `${l.name}: ${LB_LABEL[l.lbType]}`).join(', ')}); a service is backed by one kind only.`,
                related,
            });
        }
    }
});

/**
 * Consumers can connect only when their account (or an IAM principal of it) is in the service's allowed
 * principals; by default nobody is, but the service owner's own account can always connect, so `allow` names the
 * other accounts (PrivateLink Guide, "Manage permissions"). The owner is the account of the load balancers' VPC; when
 * either account is unknown nothing is reported.
 */
const principalNotAllowed = defineCheck('endpoint-principal-not-allowed', (ctx) => {
    for (const ep of ctx.topology.endpoints) {
        const conn = endpointConnection(ctx.index, ep);
        const svc = conn.service;
        const account = conn.consumerAccount;
        if (!svc || !account || !conn.principalDenied) continue;
        const none = svc.principals.length === 0;
        ctx.report({
            at: { src: ep.src, prop: 'service' },
            // The tracer names a pending connection before a refused principal, so a flow of an endpoint that is both
            // is endpoint-pending-acceptance's to claim.
            ...(conn.pending ? {} : connectionFlow(ep, 'principal-not-allowed')),
            message: none
                ? `Endpoint '${ep.name}' (account ${account}) connects to service '${svc.name}' of account ${svc.account}, which allows no other principals; nobody outside the owner's account can connect until the provider adds the consumer's account.`
                : `Endpoint '${ep.name}' (account ${account}) connects to service '${svc.name}' of account ${svc.account}, whose allowed principals do not include account ${account}; AWS refuses the connection.`,
            related: [
                serviceAnchor(
                    svc,
                    none ? `Service '${svc.name}' has no 'allow' list.` : `Allowed principals of '${svc.name}'.`,
                    none ? undefined : 'principals',
                ),
            ],
            data: { account, service: svc.id },
        });
    }
});

/**
 * An endpoint reaches a service in another Region only when the provider added the endpoint's Region to the service's
 * supported Regions (`regions`); its home Region is always supported, and GWLB-backed services are same-Region only
 * (PrivateLink Guide, "Share your services through AWS PrivateLink", "Cross-Region access"). Of the AWS services, only
 * those marked `cross-region` serve interface endpoints in other Regions ("Cross-Region enabled AWS services").
 */
const regionNotEnabled = defineCheck('endpoint-region-not-enabled', (ctx) => {
    for (const ep of ctx.topology.endpoints) {
        const conn = endpointConnection(ctx.index, ep);
        if (!conn.regionDenied || !conn.consumerRegion || !conn.serviceRegion) continue;
        const svc = conn.service;
        const region = conn.consumerRegion;
        // The tracer names a pending connection and a refused principal first; those findings claim such flows.
        const flow = conn.pending || conn.principalDenied ? {} : connectionFlow(ep, 'region-not-enabled');
        let message: string;
        let related: RelatedAnchor[] = [];
        if (!svc) {
            const name = ep.service.kind === 'aws' ? ep.service.name : 'the service';
            message = `Interface endpoint '${ep.name}' in ${region} connects to ${name} in ${conn.serviceRegion}, but ${name} does not offer cross-Region interface endpoints; create the endpoint in ${conn.serviceRegion} (and reach it over peering or a transit gateway), or use the service in ${region}.`;
        } else if (ep.endpointType === 'gwlb') {
            message = `GWLB endpoint '${ep.name}' in ${region} connects to service '${svc.name}' in ${conn.serviceRegion}, but GWLB-backed services are same-Region only; put the endpoint, or a GWLB service, in one Region.`;
            related = [serviceAnchor(svc, `Service '${svc.name}' is in ${conn.serviceRegion}.`)];
        } else {
            const written = svc.supportedRegions.length > 0;
            message = `Interface endpoint '${ep.name}' in ${region} connects to service '${svc.name}' in ${conn.serviceRegion}, but the service has not enabled ${region}${written ? ` (its regions: ${svc.supportedRegions.join(', ')})` : ''}; the provider must add ${region} to the service's supported Regions.`;
            related = [
                serviceAnchor(
                    svc,
                    written
                        ? `Supported Regions of '${svc.name}'.`
                        : `Service '${svc.name}' has no 'regions': only ${conn.serviceRegion}.`,
                    written ? 'regions' : undefined,
                ),
            ];
        }
        ctx.report({
            at: { src: ep.src, prop: 'service' },
            ...flow,
            message,
            related,
            data: { consumerRegion: region, serviceRegion: conn.serviceRegion },
        });
    }
});

/**
 * An endpoint of a service that requires acceptance carries no traffic until accepted (PrivateLink Guide, "Accept or
 * reject connection requests").
 */
const pendingAcceptance = defineCheck('endpoint-pending-acceptance', (ctx) => {
    for (const ep of ctx.topology.endpoints) {
        const svc = serviceOf(ctx, ep);
        if (!svc?.acceptanceRequired || ep.accepted) continue;
        ctx.report({
            at: { src: ep.src, prop: 'service' },
            ...connectionFlow(ep, 'pending-acceptance'),
            message: `Endpoint '${ep.name}' is pending acceptance: service '${svc.name}' requires acceptance and the endpoint is not marked accepted, so no traffic flows.`,
            related: [serviceAnchor(svc, `Service '${svc.name}' requires acceptance.`, 'acceptanceRequired')],
        });
    }
});

/**
 * Principals `*` with auto-accept let any AWS account connect (PrivateLink Guide, "Manage permissions").
 */
const servicePublic = defineCheck('endpoint-service-public', (ctx) => {
    for (const svc of ctx.topology.endpointServices) {
        if (svc.acceptanceRequired) continue;
        const i = svc.principals.findIndex((p) => p.kind === 'any');
        if (i < 0) continue;
        ctx.report({
            at: { src: svc.src, prop: 'principals', index: i },
            message: `Endpoint service '${svc.name}' allows principal * and does not require acceptance, so any AWS account can connect to it; list the consumer accounts or add acceptance-required.`,
        });
    }
});

/**
 * Target types: NLB -> instance, ip or alb (the ALB in the NLB's VPC); GWLB -> instance or ip; ALB -> instance,
 * ip or lambda (ELB User Guides, target groups). An ENI target is an ip target.
 */
const nlbTargetType = defineCheck('nlb-target-type', (ctx) => {
    for (const lb of ctx.topology.loadBalancers) {
        for (const t of lb.targets) {
            if (t.kind === 'lambda') {
                if (lb.lbType !== 'alb')
                    ctx.report({
                        at: { src: lb.src, prop: 'targets', index: t.index },
                        message: `${LB_LABEL[lb.lbType]} '${lb.name}' targets Lambda function '${t.function}', but only an ALB can target a Lambda function.`,
                    });
                continue;
            }
            if (t.kind !== 'element' || t.elementKind !== 'load-balancer') continue;
            const target = ctx.index.get(t.id);
            if (!target) continue;
            let problem: string | undefined;
            if (lb.lbType !== 'nlb') {
                problem = `${LB_LABEL[lb.lbType]} '${lb.name}' targets ${LB_LABEL[target.lbType]} '${target.name}', but ${LB_LABEL[lb.lbType]} targets must be instances or IP addresses.`;
            } else if (target.lbType !== 'alb') {
                problem = `NLB '${lb.name}' targets ${LB_LABEL[target.lbType]} '${target.name}', but an NLB's targets must be instances, IP addresses or an ALB.`;
            } else if (target.vpc !== lb.vpc) {
                const vpc = ctx.index.get(target.vpc);
                problem = `NLB '${lb.name}' targets ALB '${target.name}' in VPC '${vpc?.name ?? target.vpc}', but an ALB target must be in the NLB's own VPC.`;
            }
            if (!problem) continue;
            ctx.report({
                at: { src: lb.src, prop: 'targets', index: t.index },
                message: problem,
                related: target.src
                    ? [{ src: target.src, message: `${LB_LABEL[target.lbType]} '${target.name}'.` }]
                    : [],
            });
        }
    }
});

/**
 * A load balancer can be associated with only one endpoint service (PrivateLink Guide, endpoint service
 * considerations).
 */
const nlbMultipleServices = defineCheck('nlb-multiple-services', (ctx) => {
    for (const lb of ctx.topology.loadBalancers) {
        if (lb.lbType !== 'nlb') continue;
        const services = ctx.index.servicesByLb.get(lb.id) ?? [];
        const [first, ...rest] = services;
        if (!first) continue;
        for (const svc of rest) {
            ctx.report({
                at: { src: svc.src, prop: 'loadBalancers', index: svc.loadBalancers.indexOf(lb.id) },
                message: `NLB '${lb.name}' already backs endpoint service '${first.name}'; a load balancer can back only one endpoint service, so '${svc.name}' cannot use it.`,
                related: [
                    {
                        src: first.src,
                        prop: 'loadBalancers',
                        index: first.loadBalancers.indexOf(lb.id),
                        message: `'${first.name}' is backed by '${lb.name}'.`,
                    },
                ],
            });
        }
    }
});

/**
 * With cross-zone load balancing off (the default for NLB and GWLB), each load balancer node sends only to
 * targets in its own AZ, so an enabled AZ without a target drops what reaches it (ELB User Guide, "Cross-zone
 * load balancing"). ALBs are left out: their cross-zone is always on at the load balancer level.
 */
const lbNoTargetsInAz = defineCheck('lb-no-targets-in-az', (ctx) => {
    for (const lb of ctx.topology.loadBalancers) {
        if (lb.lbType === 'alb' || lb.crossZone || lb.targets.length === 0 || lb.azs.length === 0) continue;
        const coverage = targetAzs(ctx, lb);
        if (!coverage || coverage.all) continue;
        for (const az of lb.azs) {
            if (coverage.azs.some((c) => sameAz(c.az, az))) continue;
            const index = lb.subnets.findIndex((s) => sameAz(ctx.index.get(s)?.az, az));
            ctx.report({
                at: { src: lb.src, prop: 'subnets', index: Math.max(0, index) },
                message: `${LB_LABEL[lb.lbType]} '${lb.name}' is enabled in ${azLabel(az)} but has no target there and cross-zone is off, so its node in that AZ has nowhere to send traffic.`,
                related: coverage.azs
                    .filter((c, i, list) => list.findIndex((o) => o.target.index === c.target.index) === i)
                    .slice(0, 10)
                    .map((c) => ({
                        src: lb.src,
                        prop: 'targets',
                        index: c.target.index,
                        message: `This target is in ${azLabel(c.az)}.`,
                    })),
                data: { az },
            });
        }
    }
});

interface Coverage {
    readonly azs: Array<{ az: AzRef; target: LbTargetRef }>;
    /**
     * An IP target outside the VPC is registered for AZ "all" and serves every enabled AZ (ELB User Guide, IP targets).
     */
    readonly all: boolean;
}

/** The AZs the targets serve, or undefined when one target's AZ is unknown (then the rule stays silent). */
function targetAzs(ctx: RuleContext, lb: LoadBalancer): Coverage | undefined {
    const azs: Coverage['azs'] = [];
    let all = false;
    const subnets = ctx.index.subnetsByVpc.get(lb.vpc) ?? [];
    const vpc = ctx.index.get(lb.vpc);
    for (const t of lb.targets) {
        if (t.kind === 'ip') {
            const ip = parseIp(t.ip);
            if (!ip.ok) return undefined;
            const subnet = subnets.find((s) => s.cidr && containsIp(s.cidr, ip.value));
            if (subnet?.az) azs.push({ az: subnet.az, target: t });
            else if (!subnet && vpc && !vpc.cidrs.some((c) => containsIp(c, ip.value))) all = true;
            else return undefined;
        } else if (t.kind === 'lambda') {
            // Only an ALB takes a Lambda target (nlb-target-type); this rule leaves ALBs out.
            return undefined;
        } else if (t.elementKind === 'load-balancer') {
            // An ALB target receives traffic in every AZ the ALB is enabled in.
            const alb = ctx.index.get(t.id);
            if (!alb || alb.azs.length === 0) return undefined;
            for (const az of alb.azs) azs.push({ az, target: t });
        } else {
            const az = ctx.index.azOf(t.id);
            if (!az) return undefined;
            azs.push({ az, target: t });
        }
    }
    return { azs, all };
}

export const endpointServicesRules = [
    endpointTypeMismatch,
    endpointServiceNoLb,
    principalNotAllowed,
    regionNotEnabled,
    pendingAcceptance,
    servicePublic,
    nlbTargetType,
    nlbMultipleServices,
    lbNoTargetsInAz,
] as const satisfies readonly RuleCheck[];
