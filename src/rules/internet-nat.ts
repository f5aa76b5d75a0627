/**
 * Rule family: internet-nat. Codes and severities are in docs/rules/README.md;
 * semantics from the VPC User Guide, "Internet gateways" and "NAT gateways". Regional NAT gateways have no
 * subnet and span AZs, so the zonal-only checks never apply to them.
 */
import { azLabel, sameAz } from '../model/az.js';
import type * as T from '../model/topology.js';
import { type Cidr, containsIp } from '../net/cidr.js';
import type { TraceEngine } from '../trace/engine.js';
import type { Hop, TraceResult } from '../trace/types.js';
import * as facts from './facts.js';
import { defineCheck, type RelatedAnchor, type RuleCheck } from './types.js';

/** VPC User Guide, internet gateways: a VPC can have only one internet gateway attached at a time. */
const igwMultiple = defineCheck('igw-multiple', ({ topology, index, report }) => {
    for (const vpc of topology.vpcs) {
        const [first, ...extra] = vpc.igws;
        for (const id of extra) {
            const igw = index.get(id);
            report({
                at: { src: igw?.src },
                message: `VPC ${vpc.name} already has internet gateway ${index.get(first)?.name ?? first}; AWS attaches at most one internet gateway to a VPC, so ${igw?.name ?? id} cannot be attached.`,
                related: [facts.elementRelated(index, first, `The internet gateway already attached to ${vpc.name}.`)],
            });
        }
    }
});

/**
 * A subnet whose internet-bound traffic a route of its table sends to a NAT gateway, and an address of that traffic.
 */
interface InternetFeed {
    readonly subnet: T.Subnet;
    readonly table: T.RouteTable;
    readonly route: T.Route;
    readonly probe: number;
}

/**
 * Per NAT gateway of the VPC: a subnet that sends it internet-bound traffic (a route whose destination reaches beyond
 * private ranges and the VPC, and that wins for the probe address). Gateway route tables carry traffic entering the
 * VPC, never internet-bound traffic (VPC User Guide, "Gateway route tables"), and a table no subnet uses sends nothing.
 */
function internetFeeds(engine: TraceEngine, vpc: T.Vpc): Map<string, InternetFeed> {
    const index = engine.index;
    const feeds = new Map<string, InternetFeed>();
    // The VPC's own blocks are not internet-bound either, even when they are public ranges (subnet-CIDR middlebox
    // routes).
    const inVpc = (c: Cidr): boolean => vpc.cidrs.some((b) => b.first <= c.first && c.last <= b.last);
    for (const subnet of index.subnetsByVpc.get(vpc.id) ?? []) {
        const table = index.routeTableOfSubnet(subnet.id);
        if (!table || table.edges.length > 0) continue;
        for (const route of table.routes) {
            if (route.target.kind !== 'element' || route.target.elementKind !== 'nat') continue;
            const outside = facts.destinationBlocks(index, route).find((c) => facts.isInternetBound(c) && !inVpc(c));
            if (!outside) continue;
            const probe = containsIp(outside, facts.INTERNET_PROBE) ? facts.INTERNET_PROBE : outside.first;
            if (engine.route(table, probe).winner?.route !== route) continue;
            const known = feeds.get(route.target.id);
            // Prefer a default route as the example: it is what readers look for.
            if (!known || (probe === facts.INTERNET_PROBE && known.probe !== facts.INTERNET_PROBE))
                feeds.set(route.target.id, { subnet, table, route, probe });
        }
    }
    return feeds;
}

/**
 * VPC User Guide, NAT gateways: a zonal public NAT gateway needs an Elastic IP, and for internet-bound traffic its
 * subnet's route table must route to the internet gateway (a NAT gateway forwards with its own subnet's table, as
 * every network interface does). One that only forwards to a transit gateway or virtual private gateway needs no IGW
 * route; a regional NAT gateway has no subnet at all. The tracer judges: internet-bound traffic of a subnet that
 * feeds the NAT passes it and is then dropped in the NAT's VPC, before any TGW, VGW or peering.
 */
const natInPrivateSubnet = defineCheck('nat-in-private-subnet', ({ topology, index, engine, report }) => {
    const feedsByVpc = new Map<string, Map<string, InternetFeed>>();
    for (const nat of topology.nats) {
        if (nat.regional || nat.connectivity !== 'public' || !nat.subnet) continue;
        const vpc = index.get(nat.vpc);
        if (!vpc) continue;
        let feeds = feedsByVpc.get(nat.vpc);
        if (!feeds) feedsByVpc.set(nat.vpc, (feeds = internetFeeds(engine, vpc)));
        const feed = feeds.get(nat.id);
        if (!feed) continue;
        const from = { kind: 'element', id: feed.subnet.id } as const;
        const to = facts.probeEnd(feed.probe);
        const result = engine.trace(from, to, { forwardOnly: true });
        const dropped = droppedAfter(result, nat.id);
        if (!dropped) continue;
        const flows = [facts.flowClaim(from, to, result, { forwardOnly: true })];
        const subnetName = index.get(nat.subnet)?.name ?? nat.subnet;
        const related: RelatedAnchor[] = [
            facts.routeRelated(
                index,
                feed.route,
                `Internet-bound traffic reaches ${nat.name} here: ${facts.routeLabel(index, feed.route)} in ${feed.table.name}.`,
            ),
        ];
        if (result.reason === 'igw-needs-public-ip') {
            report({
                at: { src: nat.src },
                message: `Public NAT gateway ${nat.name} receives internet-bound traffic but has no EIP; a zonal public NAT gateway needs an Elastic IP to translate to (write \`eip\`, or \`private\` for a private NAT gateway).`,
                related,
                flows,
            });
            continue;
        }
        // The NAT subnet's table: the first route decision after the NAT.
        const decision = dropped.tableHop;
        const decided = index.get(decision?.id);
        const table = decided?.kind === 'route-table' ? decided : index.routeTableOfSubnet(nat.subnet);
        const route = decision?.route ? table?.routes[decision.route.index] : undefined;
        if (route)
            related.push(
                facts.routeRelated(
                    index,
                    route,
                    `${table?.name ?? 'Its table'} sends that traffic to ${facts.routeLabel(index, route)}.`,
                ),
            );
        else if (table)
            related.push({
                src: table.src ?? vpc.src,
                message: `Route table ${table.name} of ${subnetName} has no route for internet traffic.`,
            });
        const sends = route
            ? `sends internet traffic to ${facts.routeLabel(index, route)}`
            : 'has no route for internet traffic';
        report({
            at: { src: nat.src, prop: 'subnet' },
            message: `Public NAT gateway ${nat.name} receives internet-bound traffic, but the route table of its subnet ${subnetName} (${table?.name ?? 'main'}) ${sends}, not to an internet gateway; a zonal NAT gateway forwards with its own subnet's table, so put it in a public subnet${nat.eip ? '' : ' and give it an EIP'}.`,
            related,
            flows,
        });
    }
});

/** Hops that carry traffic out of the VPC other than to the internet: a NAT gateway may forward to them. */
const LEAVES_VPC: ReadonlySet<Hop['kind']> = new Set(['tgw-attachment', 'transit-gateway', 'vgw', 'peering']);

/**
 * A forward trace that passes the NAT gateway `natId` and is then dropped inside the NAT's VPC (no TGW, VGW or peering
 * after it), with the first route decision after the NAT; undefined when the trace goes on or never reaches the NAT.
 */
function droppedAfter(r: TraceResult, natId: string): { tableHop?: Hop } | undefined {
    if (r.verdict !== 'blocked' || r.stoppedIn !== 'forward' || r.stoppedAt === undefined) return undefined;
    const at = r.forward.findIndex((h) => h.kind === 'nat' && h.id === natId);
    if (at < 0 || at > r.stoppedAt) return undefined;
    const after = r.forward.slice(at + 1, r.stoppedAt + 1);
    if (after.some((h) => LEAVES_VPC.has(h.kind))) return undefined;
    return { tableHop: after.find((h) => h.kind === 'route-table') };
}

/**
 * VPC User Guide, NAT gateways: a zonal NAT gateway lives in one AZ; subnets that use another AZ's NAT depend on that
 * AZ.
 */
const natCrossAz = defineCheck('nat-cross-az', ({ topology, index, report }) => {
    for (const table of topology.routeTables) {
        if (table.subnets.length === 0) continue;
        for (const route of table.routes) {
            if (!route.src || route.destination.kind !== 'cidr' || route.destination.cidr.prefix !== 0) continue;
            const nat = facts.targetElement(index, route);
            if (nat?.kind !== 'nat' || nat.regional) continue;
            const natAz = nat.az ?? index.azOf(nat.id);
            if (!natAz) continue;
            const away = table.subnets
                .map((id) => index.get(id))
                .filter((s): s is T.Subnet => !!s?.az && !sameAz(s.az, natAz));
            if (away.length === 0) continue;
            const list = away.map((s) => `${s.name} (${azLabel(s.az)})`).join(', ');
            report({
                at: facts.targetAnchor(route),
                message: `Route ${facts.routeLabel(index, route)} in ${table.name} sends internet traffic of ${list} to zonal NAT gateway ${nat.name} in ${azLabel(natAz)}; those subnets then depend on another AZ (and pay cross-AZ data charges), so give each AZ its own NAT gateway or use a regional NAT gateway.`,
                related: [
                    facts.elementRelated(index, nat.id, `NAT gateway ${nat.name} is in ${azLabel(natAz)}.`),
                    ...away.map((s) => facts.elementRelated(index, s.id, `Subnet ${s.name} is in ${azLabel(s.az)}.`)),
                ],
            });
        }
    }
});

export const internetNatRules = [igwMultiple, natInPrivateSubnet, natCrossAz] as const satisfies readonly RuleCheck[];
