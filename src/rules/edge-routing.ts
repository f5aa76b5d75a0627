/**
 * Rule family: edge-routing (gateway route tables and ingress routing). Codes and severities are in
 * docs/rules/README.md; semantics from the VPC User Guide, "Gateway route
 * tables": targets only local, a Gateway Load Balancer endpoint or a middlebox network interface;
 * destinations only the whole VPC block or a whole subnet CIDR; no prefix lists, no propagation; for traffic
 * through an internet gateway the target network interface must have a public IP address.
 */
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import { contains } from '../net/cidr.js';
import type { TraceEngine } from '../trace/engine.js';
import * as facts from './facts.js';
import { defineCheck, type RuleCheck } from './types.js';

function edgeTables(topology: T.Topology): T.RouteTable[] {
    return topology.routeTables.filter((t) => t.edges.length > 0);
}

function edgeNames(index: TopologyIndex, table: T.RouteTable): string {
    return table.edges.map((id) => index.get(id)?.name ?? id).join(', ');
}

function hasIgwEdge(index: TopologyIndex, table: T.RouteTable): boolean {
    return table.edges.some((id) => index.get(id)?.kind === 'igw');
}

/** The message of a route that a gateway route table does not accept, and why. */
function notAllowed(index: TopologyIndex, table: T.RouteTable, route: T.Route, why: string): string {
    return `Edge route ${facts.routeLabel(index, route)} in ${table.name} (associated with ${edgeNames(index, table)}) is not allowed: ${why}.`;
}

const edgeRouteTarget = defineCheck('edge-route-target', ({ topology, index, report }) => {
    for (const table of edgeTables(topology)) {
        const igw = hasIgwEdge(index, table);
        for (const route of facts.writtenRoutes(table)) {
            // A propagated route is refused as a whole (edge-route-destination); do not report it twice.
            if (route.origin === 'propagated' || route.target.kind === 'local') continue;
            const target = facts.targetElement(index, route);
            if (facts.isGwlbe(target)) continue;
            let why: string | undefined;
            if (facts.isHost(target)) {
                const problems: string[] = [];
                if (!target.appliance)
                    problems.push(
                        `${target.name} is not marked \`appliance\` (a middlebox must forward traffic addressed to others, with the source/destination check off)`,
                    );
                if (igw && !target.publicIp)
                    problems.push(
                        `${target.name} has no public IP, and a network interface that receives traffic through an internet gateway must have one`,
                    );
                if (problems.length === 0) continue;
                why = problems.join('; ');
            } else {
                why = `a gateway route table may target only local, a Gateway Load Balancer endpoint or a middlebox network interface, not ${target ? `${target.kind === 'endpoint' ? `${target.endpointType} endpoint` : target.kind} ${target.name}` : route.target.kind}`;
            }
            report({
                at: facts.targetAnchor(route),
                message: notAllowed(index, table, route, why),
                related: target ? [facts.elementRelated(index, target.id, `The target ${target.name}.`)] : [],
            });
        }
    }
});

const edgeRouteDestination = defineCheck('edge-route-destination', ({ topology, index, report }) => {
    for (const table of edgeTables(topology)) {
        const vpc = index.get(table.vpc);
        if (!vpc) continue;
        const subnets = index.subnetsByVpc.get(vpc.id);
        for (const route of table.routes) {
            if (route.origin === 'gateway-endpoint') {
                // A gateway endpoint adds a prefix-list route to every table it is associated with.
                const ep = index.get(route.origin_element);
                const at = ep?.routeTables.indexOf(table.id) ?? -1;
                report({
                    at: { src: ep?.src, prop: 'routeTables', index: at >= 0 ? at : 0 },
                    message: `Gateway endpoint ${ep?.name ?? ''} is associated with gateway route table ${table.name} (associated with ${edgeNames(index, table)}); that adds a prefix-list route, and a gateway route table accepts no prefix-list destinations.`,
                    related: [{ src: table.src, message: `Gateway route table ${table.name}.` }],
                });
                continue;
            }
            if (!route.src) continue;
            let why: string | undefined;
            if (route.origin === 'propagated') {
                why = 'route propagation cannot be enabled on a gateway route table';
            } else if (route.destination.kind === 'prefix-list') {
                why = 'a gateway route table cannot use a prefix list as destination';
            } else {
                const dest = route.destination.cidr;
                if (facts.isVpcBlock(vpc, dest) || facts.subnetWithCidr(subnets, dest)) continue;
                why = `its destination must be a whole CIDR block of VPC ${vpc.name} (${vpc.cidrs.map((c) => c.text).join(', ')}) or exactly the CIDR of one of its subnets`;
            }
            report({
                at: facts.destinationAnchor(route),
                message: notAllowed(index, table, route, why),
            });
        }
    }
});

/**
 * A gateway has one gateway route table: AWS associates a route table with an internet gateway or a virtual private
 * gateway, and changing it replaces that association (VPC User Guide, "Gateway route tables"; EC2 API Reference,
 * ReplaceRouteTableAssociation), so a second table's association fails. The first written table is the one the
 * model keeps first for the gateway (TopologyIndex.edgeTables), which the tracer routes ingress traffic by.
 */
const gatewayRouteTableMultiple = defineCheck('gateway-route-table-multiple', ({ index, report }) => {
    for (const [gatewayId, tables] of index.edgeTables) {
        if (tables.length < 2) continue;
        const gateway = index.get(gatewayId);
        const kind = gateway?.kind === 'vgw' ? 'virtual private gateway' : 'internet gateway';
        const name = gateway?.name ?? gatewayId;
        const [first, ...others] = tables;
        for (const table of others) {
            report({
                at: { src: table.src, prop: 'edges', index: Math.max(0, table.edges.indexOf(gatewayId)) },
                message: `Route table ${table.name} is associated with ${kind} ${name}, which already has gateway route table ${first.name}; a gateway is associated with one route table, so AWS refuses this second association (VPC User Guide, "Gateway route tables"). Topo routes ${name}'s traffic by ${first.name}, the first written.`,
                related: [
                    {
                        src: first.src,
                        prop: 'edges',
                        index: Math.max(0, first.edges.indexOf(gatewayId)),
                        message: `${first.name}, ${name}'s gateway route table`,
                    },
                ],
            });
        }
    }
});

/**
 * The subnets an ingress redirect is meant for: every subnet of an exact subnet-CIDR route; for a whole-VPC
 * route, the subnets that answer internet traffic back through the same middlebox or through an IGW (the
 * others are private and are not reachable from the internet anyway).
 */
function redirectedSubnets(index: TopologyIndex, engine: TraceEngine, route: T.Route, vpc: T.Vpc): T.Subnet[] {
    if (route.destination.kind !== 'cidr') return [];
    const dest = route.destination.cidr;
    const subnets = index.subnetsByVpc.get(vpc.id) ?? [];
    const exact = facts.subnetWithCidr(subnets, dest);
    if (exact) return [exact];
    const target = facts.targetElement(index, route);
    const own = new Set<T.Id<'subnet'>>(
        target?.kind === 'endpoint' ? target.subnets : facts.isHost(target) && target.subnet ? [target.subnet] : [],
    );
    const out: T.Subnet[] = [];
    for (const s of subnets) {
        if (!s.cidr || !contains(dest, s.cidr) || own.has(s.id)) continue;
        const rt = index.routeTableOfSubnet(s.id);
        const back = rt ? engine.route(rt, facts.INTERNET_PROBE).winner?.route : undefined;
        if (!back) continue;
        const via = facts.targetKey(back);
        if (via === facts.targetKey(route) || facts.targetElement(index, back)?.kind === 'igw') out.push(s);
    }
    return out;
}

const ingressNeedsPublicIp = defineCheck('ingress-needs-public-ip', ({ topology, index, engine, report }) => {
    for (const table of edgeTables(topology)) {
        if (!hasIgwEdge(index, table)) continue;
        const vpc = index.get(table.vpc);
        if (!vpc) continue;
        const gateways = edgeNames(index, table);
        // An internet-facing load balancer's nodes hold public addresses of their own: its subnets are not judged
        // by their hosts.
        const lbSubnets = new Set((index.lbsByVpc.get(vpc.id) ?? []).flatMap((lb) => lb.subnets));
        for (const route of facts.writtenRoutes(table)) {
            if (route.origin === 'propagated') continue;
            const target = facts.targetElement(index, route);
            if (!facts.isGwlbe(target) && !facts.isHost(target)) continue;
            for (const subnet of redirectedSubnets(index, engine, route, vpc)) {
                if (lbSubnets.has(subnet.id)) continue;
                const hosts = (index.hostsBySubnet.get(subnet.id) ?? []).filter((h) => h.id !== target.id);
                // A subnet with at least one public host is meant to be public; its private hosts are simply not
                // exposed. (Such a host never gets igw-needs-public-ip, so there is nothing to trace.)
                if (hosts.length === 0 || hosts.some((h) => h.publicIp || h.eip)) continue;
                // The tracer judges: the internet reaches a host only through a public address
                // (igw-needs-public-ip).
                const traced = hosts.map((h) => {
                    const to = { kind: 'element', id: h.id } as const;
                    return {
                        host: h,
                        claim: facts.flowClaim({ kind: 'internet' }, to, engine.trace({ kind: 'internet' }, to)),
                    };
                });
                if (traced.some((t) => t.claim.reason !== 'igw-needs-public-ip')) continue;
                for (const { host, claim } of traced) {
                    report({
                        at: { src: host.src },
                        flows: [claim],
                        message: `Internet traffic for subnet ${subnet.name} is redirected by edge route ${facts.routeLabel(index, route)} (${table.name}, ${gateways}), but ${host.kind} ${host.name} has no public IP or EIP; the internet gateway only accepts inbound traffic addressed to a public IP, so nothing from the internet reaches it.`,
                        related: [
                            facts.routeRelated(
                                index,
                                route,
                                `The edge route that redirects internet traffic to ${subnet.name}.`,
                            ),
                        ],
                    });
                }
            }
        }
    }
});

export const edgeRoutingRules = [
    edgeRouteTarget,
    edgeRouteDestination,
    gatewayRouteTableMultiple,
    ingressNeedsPublicIp,
] as const satisfies readonly RuleCheck[];
