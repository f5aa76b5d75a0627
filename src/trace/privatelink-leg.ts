/**
 * The PrivateLink leg of a trace (traceRequest, trace-request.ts): a request delivered to an interface endpoint's ENI
 * goes on to the AWS service, or to the endpoint service: its connection (acceptance, allowed principals, Region),
 * the load balancer of the ENI's AZ (compared by AZ ID, one per AZ when the service has several), and from that NLB's
 * node on to a target through lb-leg.ts. It returns the hops the reply takes back to the endpoint ENI, or where and
 * why the request stopped.
 */
import { formatIp } from '../net/cidr.js';
import { azLabel, sameAz } from '../model/az.js';
import { endpointConnection, loadBalancerInAz, serviceLoadBalancers } from '../model/endpoint-facts.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import { lbLeg, type LbLegResult, type LbNode } from './lb-leg.js';
import type { Hop, Reason, TraceEnd } from './types.js';
import type { Delivery, WalkContext } from './walker.js';

/** The NLB leg behind an endpoint service lost the target's reply. */
type ReplyLost = Extract<LbLegResult, { stoppedIn: 'return' }>;

/** From an interface endpoint's ENI into the service behind it; `{}` when the delivery is no such ENI. */
export function enterService(
    engine: TraceEngine,
    ctx: WalkContext,
    delivered: Delivery,
    to: TraceEnd,
): { replyFrom?: Hop[] } | { blocked: string; reason: Reason; stoppedIn?: 'forward' } | ReplyLost {
    if (delivered.kind !== 'endpoint-eni') return {};
    const ep = delivered.endpoint;
    const target = to.kind === 'element' ? engine.index.get(to.id) : undefined;
    if (
        ep.endpointType !== 'interface' ||
        (target && target.kind !== 'aws-service' && target.kind !== 'endpoint-service' && target.id !== ep.id)
    )
        return {};
    const conn = endpointConnection(engine.index, ep);
    if (ep.service.kind === 'aws') {
        ctx.hops.push({
            kind: 'endpoint',
            id: ep.id,
            name: ep.name,
            az: delivered.az,
            detail: `interface endpoint for ${ep.service.name} (PrivateLink)`,
        });
        // Only the AWS services marked cross-region serve interface endpoints in other Regions (PrivateLink Guide,
        // "Cross-Region enabled AWS services").
        if (conn.regionDenied)
            return {
                blocked: `${ep.service.name} does not offer cross-Region interface endpoints: endpoint ${ep.name} in ${conn.consumerRegion} cannot reach it in ${conn.serviceRegion}.`,
                reason: 'region-not-enabled',
            };
        ctx.hops.push({
            kind: 'aws-service',
            id: ep.service.id,
            name: ep.service.name,
            detail: `${ep.service.name} in ${ep.serviceRegion} over PrivateLink`,
        });
        return {
            replyFrom: [
                {
                    kind: 'aws-service',
                    id: ep.service.id,
                    name: ep.service.name,
                    detail: 'replies over PrivateLink',
                },
                {
                    kind: 'endpoint',
                    id: ep.id,
                    name: ep.name,
                    az: delivered.az,
                    detail: 'back out of the endpoint ENI',
                },
            ],
        };
    }
    const svc = conn.service;
    ctx.hops.push({
        kind: 'endpoint',
        id: ep.id,
        name: ep.name,
        az: delivered.az,
        detail: `interface endpoint for ${svc?.name ?? 'an unresolved service'}`,
    });
    if (!svc) return { blocked: `Endpoint ${ep.name} names no existing service.`, reason: 'no-route' };
    if (conn.pending)
        return {
            blocked: `Endpoint ${ep.name} is pending acceptance by ${svc.name}; no traffic flows until the provider accepts it.`,
            reason: 'pending-acceptance',
        };
    if (conn.principalDenied)
        return {
            blocked: `Account ${conn.consumerAccount} is not an allowed principal of ${svc.name}.`,
            reason: 'principal-not-allowed',
        };
    // An interface endpoint reaches a service in another Region only when the provider enabled the endpoint's
    // Region (PrivateLink Guide, "Share your services through AWS PrivateLink", "Cross-Region access").
    if (conn.regionDenied)
        return {
            blocked: `${svc.name} is in ${conn.serviceRegion} and has not enabled ${conn.consumerRegion}, where endpoint ${ep.name} is.`,
            reason: 'region-not-enabled',
        };
    ctx.hops.push({
        kind: 'endpoint-service',
        id: svc.id,
        name: svc.name,
        detail: `endpoint service${svc.region ? ` in ${svc.region}` : ''}`,
    });
    const nlbs = serviceLoadBalancers(engine.index, svc, ep);
    if (nlbs.length === 0)
        return { blocked: `Service ${svc.name} is not backed by a Network Load Balancer.`, reason: 'no-route' };
    const crossRegion = !!conn.serviceRegion && !!conn.consumerRegion && conn.serviceRegion !== conn.consumerRegion;
    // Within a region, the endpoint ENI connects to the load balancer enabled in its AZ, compared by AZ ID: with
    // several, one per AZ, never simply the first (PrivateLink Guide, "Create a service powered by AWS
    // PrivateLink"). Across Regions the AZ comparison does not apply.
    const az = delivered.az;
    const lb = crossRegion || !az ? nlbs[0] : loadBalancerInAz(nlbs, az);
    if (!lb)
        return {
            blocked: `${nlbs.length > 1 ? `No NLB of ${svc.name}` : `NLB ${nlbs[0].name} of ${svc.name}`} is enabled in ${azLabel(az)}, where this endpoint ENI is.`,
            reason: 'az-not-served',
        };
    const nodeAz = crossRegion ? lb.azs[0] : az;
    // The NLB's node in that AZ, as lb-ends.ts builds one: from there the leg to a target (instance, IP address,
    // an ALB and whatever the ALB serves, a Lambda function included) is walked by lb-leg.ts through the
    // provider VPC's routing, and so is the target's reply back to the node (Network Load Balancers Guide, "Use
    // an Application Load Balancer as a target"; ALB User Guide, "Lambda functions as targets").
    const nodes = lb.subnets
        .map((s) => engine.index.get(s))
        .filter((s): s is T.Subnet => !!s && engine.plan.lbNodeIp(lb.id, s.id) !== undefined);
    const subnet = nodeAz ? nodes.find((s) => sameAz(s.az, nodeAz)) : nodes[0];
    if (!subnet) return { blocked: `NLB ${lb.name} has no node in ${azLabel(nodeAz)}.`, reason: 'no-route' };
    const node: LbNode = { kind: 'lb-node', lb, subnet: subnet.id, az: subnet.az };
    ctx.hops.push({
        kind: 'load-balancer',
        id: lb.id,
        name: lb.name,
        az: node.az,
        detail: `${lb.lbType.toUpperCase()} node${lb.crossZone ? ', cross-zone on' : ''}`,
    });
    const nlbAt = ctx.hops.length;
    const leg = lbLeg(engine, ctx, node);
    if ('blocked' in leg) return leg;
    // Traffic through an interface endpoint reaches the application from the NLB node's private address, not the
    // consumer's (PrivateLink Guide, "Create a service powered by AWS PrivateLink", Considerations:
    // https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html).
    const nodeIp = engine.plan.lbNodeIp(lb.id, subnet.id);
    for (let i = nlbAt; i < ctx.hops.length; i++) {
        const h = ctx.hops[i];
        if (nodeIp !== undefined && h.detail?.startsWith(`target of ${lb.name} (`))
            ctx.hops[i] = {
                ...h,
                detail: `target of ${lb.name} (sees the NLB's address ${formatIp(nodeIp)}, not the client's: PrivateLink does not preserve it)`,
            };
    }
    // The leg's reply ends at the NLB node, which carries it back over PrivateLink to the endpoint ENI.
    const replyFrom = [...leg.replyFrom];
    const last = replyFrom[replyFrom.length - 1];
    if (last?.kind === 'load-balancer' && last.id === lb.id)
        replyFrom[replyFrom.length - 1] = { ...last, detail: `${last.detail}, back over PrivateLink` };
    else
        replyFrom.push({
            kind: 'load-balancer',
            id: lb.id,
            name: lb.name,
            az: node.az,
            detail: 'back over PrivateLink',
        });
    replyFrom.push({ kind: 'endpoint', id: ep.id, name: ep.name, az, detail: 'out of the endpoint ENI' });
    return { replyFrom };
}
