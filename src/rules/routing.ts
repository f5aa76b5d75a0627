/**
 * Rule family: routing (subnet route tables). Codes and severities are in docs/rules/README.md;
 * the semantics are the VPC User Guide's ("Route tables", "Route priority", "Middlebox scenarios").
 * The two rules about overlapping routes live in route-overlaps.ts.
 */
import type * as T from '../model/topology.js';
import * as facts from './facts.js';
import { routePrefixListAmbiguous, routeShadowed } from './route-overlaps.js';
import type { TraceEngine } from '../trace/engine.js';
import { defineCheck, type FlowClaim, type RuleCheck } from './types.js';

/** VPC User Guide, "Subnet route tables": a subnet is associated with exactly one route table at a time. */
const subnetMultipleRouteTables = defineCheck('subnet-multiple-route-tables', ({ topology, index, report }) => {
    for (const subnet of topology.subnets) {
        if (subnet.associations.length < 2) continue;
        const names = subnet.associations.map((id) => index.get(id)?.name ?? id);
        report({
            at: { src: subnet.src, prop: subnet.src?.props['routeTable'] ? 'routeTable' : undefined },
            message: `Subnet ${subnet.name} is associated with ${names.length} route tables (${names.join(', ')}), but AWS associates a subnet with exactly one route table; keep one association (a subnet with none uses the VPC's main table).`,
            related: subnet.associations.map((id) =>
                facts.elementRelated(
                    index,
                    id,
                    `Route table ${index.get(id)?.name ?? id} is associated with ${subnet.name}.`,
                ),
            ),
        });
    }
});

/**
 * VPC User Guide, "Route tables": a table holds at most one route per destination (CreateRoute fails with
 * RouteAlreadyExists).
 */
const routeDuplicateDestination = defineCheck('route-duplicate-destination', ({ topology, index, report }) => {
    for (const table of topology.routeTables) {
        const seen = new Map<string, T.Route>();
        for (const route of facts.writtenRoutes(table)) {
            // Propagated routes may share a static route's destination (the static one wins); only static ones
            // clash.
            if (route.origin === 'propagated') continue;
            const key =
                route.destination.kind === 'cidr'
                    ? `cidr:${route.destination.cidr.canonical}`
                    : `pl:${route.destination.prefixList}`;
            const first = seen.get(key);
            if (!first) {
                seen.set(key, route);
                continue;
            }
            const same =
                route.destination.kind === 'cidr' &&
                first.destination.kind === 'cidr' &&
                route.destination.cidr.text !== first.destination.cidr.text
                    ? ` (${facts.destinationLabel(index, first)} and ${facts.destinationLabel(index, route)} are the same block)`
                    : '';
            report({
                at: facts.destinationAnchor(route),
                message: `Route table ${table.name} already has a route to ${facts.destinationLabel(index, first)}${same}; AWS allows only one static route per destination in a table, so ${facts.routeLabel(index, route)} would be rejected.`,
                related: [
                    facts.routeRelated(
                        index,
                        first,
                        `The first route to this destination: ${facts.routeLabel(index, first)}.`,
                    ),
                ],
            });
        }
    }
});

/** Targets that live inside one VPC: a route may only use its own VPC's ones (VPC User Guide, route targets). */
const VPC_MEMBER_TARGETS = new Set<T.ElementKind>(['igw', 'vgw', 'nat', 'instance', 'eni', 'endpoint']);

const routeTargetOtherVpc = defineCheck('route-target-other-vpc', ({ topology, index, report }) => {
    for (const table of topology.routeTables) {
        const vpcName = index.get(table.vpc)?.name ?? table.vpc;
        for (const route of facts.writtenRoutes(table)) {
            const target = facts.targetElement(index, route);
            if (!target) continue;
            if (VPC_MEMBER_TARGETS.has(target.kind)) {
                const owner = index.vpcOf(target.id);
                if (!owner || owner === table.vpc) continue;
                report({
                    at: facts.targetAnchor(route),
                    message: `Route ${facts.routeLabel(index, route)} in ${table.name} (VPC ${vpcName}) targets ${target.kind} ${target.name} of VPC ${index.get(owner)?.name ?? owner}; a route can only target gateways, NAT gateways, endpoints and network interfaces of the table's own VPC.`,
                    related: [
                        facts.elementRelated(
                            index,
                            target.id,
                            `${target.name} belongs to VPC ${index.get(owner)?.name ?? owner}.`,
                        ),
                    ],
                });
            } else if (target.kind === 'peering' && target.requester !== table.vpc && target.accepter !== table.vpc) {
                report({
                    at: facts.targetAnchor(route),
                    message: `Route ${facts.routeLabel(index, route)} in ${table.name} (VPC ${vpcName}) targets peering ${target.name}, which does not involve ${vpcName}; a route can only use a peering connection of its own VPC.`,
                    related: [facts.elementRelated(index, target.id, `Peering ${target.name} joins other VPCs.`)],
                });
            }
        }
    }
});

/**
 * VPC User Guide, "Subnet route tables" / middlebox routing: a route more specific than a
 * local route must be exactly a subnet CIDR of the VPC and target a NAT gateway, network interface or GWLB
 * (or firewall) endpoint. Routes that contain a VPC block are ordinary routes; a route equal to a block
 * replaces the local route and is checked elsewhere. Gateway route tables have their own rules (edge-routing).
 */
const routeMoreSpecificThanLocal = defineCheck('route-more-specific-than-local', ({ topology, index, report }) => {
    for (const table of topology.routeTables) {
        if (table.edges.length > 0) continue;
        const vpc = index.get(table.vpc);
        if (!vpc) continue;
        const subnets = index.subnetsByVpc.get(vpc.id);
        for (const route of facts.writtenRoutes(table)) {
            if (route.origin !== 'static' && route.origin !== 'local') continue;
            if (route.destination.kind !== 'cidr') continue;
            const dest = route.destination.cidr;
            const inside = facts.enclosingBlock(vpc, dest);
            if (!inside) continue;
            const subnet = facts.subnetWithCidr(subnets, dest);
            const target = facts.targetElement(index, route);
            const okTarget =
                target?.kind === 'nat' ||
                target?.kind === 'eni' ||
                target?.kind === 'instance' ||
                facts.isGwlbe(target);
            if (subnet && okTarget) continue;
            const related = [
                {
                    src: vpc.src,
                    prop: 'cidrs',
                    index: inside.index,
                    message: `The local route for VPC block ${inside.block.text} of ${vpc.name}.`,
                },
            ];
            const why =
                'AWS accepts a route more specific than the local route only for a whole subnet CIDR of the VPC, targeting a NAT gateway, network interface or Gateway Load Balancer endpoint';
            if (!subnet) {
                report({
                    at: facts.destinationAnchor(route),
                    message: `Route ${facts.routeLabel(index, route)} in ${table.name} lies inside VPC block ${inside.block.text} but is not the CIDR of any subnet of ${vpc.name}; ${why}.`,
                    related,
                });
            } else {
                report({
                    at: facts.targetAnchor(route),
                    message: `Route ${facts.routeLabel(index, route)} in ${table.name} is more specific than the local route for ${inside.block.text}, but its target ${facts.targetLabel(index, route)} is not a NAT gateway, network interface or GWLB endpoint; ${why}.`,
                    related: [
                        ...related,
                        facts.elementRelated(index, subnet.id, `Subnet ${subnet.name} has this CIDR.`),
                    ],
                });
            }
        }
    }
});

/**
 * A route whose target cannot forward shows as a blackhole (VPC User Guide, route table "Status: blackhole"):
 * an explicit blackhole, a peering not yet accepted, an endpoint pending acceptance (PrivateLink Guide,
 * "Accept or reject connection requests"), a zonal NAT gateway that has no subnet and so cannot exist.
 */
const routeBlackhole = defineCheck('route-blackhole', ({ topology, index, engine, report }) => {
    for (const table of topology.routeTables) {
        for (const route of facts.writtenRoutes(table)) {
            if (route.target.kind === 'blackhole') {
                report({
                    at: facts.targetAnchor(route),
                    ...blackholeFlows(engine, table, route),
                    message: `Route ${facts.routeLabel(index, route)} in ${table.name} is a blackhole: AWS drops all traffic to ${facts.destinationLabel(index, route)} that this route wins.`,
                });
                continue;
            }
            const target = facts.targetElement(index, route);
            if (!target) continue;
            let why: string | undefined;
            if (target.kind === 'peering' && target.pending) {
                why = `peering ${target.name} is pending acceptance, and a peering connection carries no traffic until the accepter accepts it`;
            } else if (target.kind === 'endpoint' && !target.accepted && target.service.kind === 'endpoint-service') {
                const svc = index.get(target.service.id);
                if (svc?.acceptanceRequired)
                    why = `endpoint ${target.name} is pending acceptance by endpoint service ${svc.name} (acceptance required), and a pending endpoint carries no traffic`;
            } else if (target.kind === 'nat' && !target.regional && !target.subnet && !target.src?.props['subnet']) {
                why = `zonal NAT gateway ${target.name} has no subnet, so it cannot exist (write \`in <subnet>\`, or \`regional\`)`;
            }
            if (!why) continue;
            report({
                at: facts.targetAnchor(route),
                ...blackholeFlows(engine, table, route),
                message: `Route ${facts.routeLabel(index, route)} in ${table.name} is a blackhole: ${why}.`,
                related: [facts.elementRelated(index, target.id, `${target.name} cannot forward traffic yet.`)],
            });
        }
    }
});

/**
 * The route's status is a fact of the route whether or not traffic uses it, so the finding stands on its own; where a
 * subnet sends traffic that the route wins, the finding also states that the tracer drops that traffic at this table.
 */
function blackholeFlows(engine: TraceEngine, table: T.RouteTable, route: T.Route): { flows?: FlowClaim[] } {
    const subnet = facts.subnetsUsing(engine.index, table)[0];
    const probe = subnet ? facts.winningProbe(engine, table, route, subnet) : undefined;
    if (!subnet || !probe) return {};
    const from = { kind: 'element', id: subnet.id } as const;
    const to = facts.probeEnd(probe.ip);
    return { flows: [facts.flowClaim(from, to, engine.trace(from, to, { forwardOnly: true }), { forwardOnly: true })] };
}

/**
 * Source/destination check (EC2 User Guide, "Change the source or destination checking"): an instance or network
 * interface drops traffic that is neither from nor to its own address unless the check is off, as it is on firewalls,
 * routers and NAT instances (VPC User Guide, "NAT instances"); in Topo, `appliance` says it is off. So a route to an
 * ordinary host carries nothing: the traffic it wins is dropped there. Gateway route tables are edge-route-target's
 * (which says the same of their targets), and another VPC's host is route-target-other-vpc's.
 */
const routeTargetSourceDestCheck = defineCheck(
    'route-target-source-dest-check',
    ({ topology, index, engine, report }) => {
        for (const table of topology.routeTables) {
            if (table.edges.length > 0) continue;
            for (const route of facts.writtenRoutes(table)) {
                const target = facts.targetElement(index, route);
                if (!facts.isHost(target) || target.appliance || index.vpcOf(target.id) !== table.vpc) continue;
                // Traffic addressed to the host itself passes the check: a route for its own address alone is fine.
                const own = engine.plan.privateIp(target.id);
                const blocks = facts.destinationBlocks(index, route);
                if (own !== undefined && blocks.length > 0 && blocks.every((b) => b.first === own && b.last === own))
                    continue;
                report({
                    at: facts.targetAnchor(route),
                    ...sourceDestFlows(engine, table, route),
                    message: `Route ${facts.routeLabel(index, route)} in ${table.name} targets ${target.kind} ${target.name}, which is not an appliance: its source/destination check is on, so it drops the traffic this route sends it (traffic neither from nor to its own address). Mark ${target.name} \`appliance\` if it is a firewall, router or NAT instance with the check turned off, or route to a NAT gateway or GWLB endpoint instead.`,
                    related: [
                        facts.elementRelated(
                            index,
                            target.id,
                            `${target.name} keeps its source/destination check on (no \`appliance\`).`,
                        ),
                    ],
                });
            }
        }
    },
);

/** Where a subnet sends traffic that the route wins, the finding states that the tracer drops it at the host. */
function sourceDestFlows(engine: TraceEngine, table: T.RouteTable, route: T.Route): { flows?: FlowClaim[] } {
    const subnet = facts.subnetsUsing(engine.index, table)[0];
    const probe = subnet ? facts.winningProbe(engine, table, route, subnet) : undefined;
    if (!subnet || !probe) return {};
    const from = { kind: 'element', id: subnet.id } as const;
    const to = facts.probeEnd(probe.ip);
    const result = engine.trace(from, to, { forwardOnly: true });
    if (result.reason !== 'source-dest-check') return {};
    return { flows: [facts.flowClaim(from, to, result, { forwardOnly: true })] };
}

/**
 * PrivateLink Guide, gateway endpoints: the route to the service's prefix list is added by associating the
 * endpoint with the route table; it cannot be written by hand.
 */
const routeGatewayEndpointManual = defineCheck('route-gateway-endpoint-manual', ({ topology, index, report }) => {
    for (const table of topology.routeTables) {
        for (const route of facts.writtenRoutes(table)) {
            const target = facts.targetElement(index, route);
            if (target?.kind !== 'endpoint' || target.endpointType !== 'gateway') continue;
            report({
                at: facts.targetAnchor(route),
                message: `Route ${facts.routeLabel(index, route)} in ${table.name} targets gateway endpoint ${target.name}; routes to a gateway endpoint exist only through route-table association, so add ${table.name} to the endpoint's \`routes\` instead.`,
                related: [
                    facts.elementRelated(
                        index,
                        target.id,
                        `Gateway endpoint ${target.name}: list route tables in its \`routes\`.`,
                    ),
                ],
            });
        }
    }
});

export const routingRules = [
    subnetMultipleRouteTables,
    routeDuplicateDestination,
    routeTargetOtherVpc,
    routeMoreSpecificThanLocal,
    routeBlackhole,
    routeGatewayEndpointManual,
    routeTargetSourceDestCheck,
    routePrefixListAmbiguous,
    routeShadowed,
] as const satisfies readonly RuleCheck[];
