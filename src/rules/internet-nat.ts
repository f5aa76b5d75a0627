/**
 * Rule family: internet-nat. Codes and severities are RULES.md's "Internet and NAT gateways" section;
 * semantics DOMAIN.md §7 (VPC User Guide: internet gateways, NAT gateways). Regional NAT gateways have no
 * subnet and span AZs, so the zonal-only checks never apply to them.
 */
import { azLabel, sameAz } from '../model/az.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import { type Cidr, containsIp } from '../net/cidr.js';
import { type RouteLookup, routeLookupFor } from '../trace/route-lookup.js';
import {
    elementRelated,
    hopSubnet,
    INTERNET_PROBE,
    isGwlbEndpoint,
    isHost,
    isInternetBound,
    routeLabel,
    routeRelated,
    targetAnchor,
    targetElement,
} from './route-facts.js';
import { defineRule, type RelatedAnchor, type Rule } from './types.js';

/** VPC User Guide, internet gateways: a VPC can have only one internet gateway attached at a time. */
const igwMultiple = defineRule({
    code: 'igw-multiple',
    severity: 'error',
    summary: 'More than one internet gateway is attached to a VPC.',
    check({ topology, index, report }) {
        for (const vpc of topology.vpcs) {
            const [first, ...extra] = vpc.igws;
            for (const id of extra) {
                const igw = index.get(id);
                report({
                    at: { src: igw?.src },
                    message: `VPC ${vpc.name} already has internet gateway ${index.get(first)?.name ?? first}; AWS attaches at most one internet gateway to a VPC, so ${igw?.name ?? id} cannot be attached.`,
                    related: [elementRelated(index, first, `The internet gateway already attached to ${vpc.name}.`)],
                });
            }
        }
    },
});

/** A route that sends internet-bound traffic to `nat`, and an address of that traffic. */
interface InternetFeed {
    readonly table: T.RouteTable;
    readonly route: T.Route;
    readonly probe: number;
}

/** Routes of the NAT's VPC whose destination reaches beyond private ranges and whose target is the NAT. */
function internetFeeds(
    index: TopologyIndex,
    vpc: T.Vpc | undefined,
    tables: readonly T.RouteTable[],
): Map<string, InternetFeed> {
    const feeds = new Map<string, InternetFeed>();
    // The VPC's own blocks are not internet-bound either, even when they are public ranges (subnet-CIDR middlebox
    // routes).
    const inVpc = (c: Cidr): boolean => vpc?.cidrs.some((b) => b.first <= c.first && c.last <= b.last) ?? false;
    for (const table of tables) {
        // Gateway route tables carry traffic entering the VPC, never internet-bound traffic (DOMAIN.md §6).
        if (table.edges.length > 0) continue;
        for (const route of table.routes) {
            if (route.target.kind !== 'element' || route.target.elementKind !== 'nat') continue;
            const blocks =
                route.destination.kind === 'cidr'
                    ? [route.destination.cidr]
                    : (index.get(route.destination.prefixList)?.entries ?? []);
            const outside = blocks.find((c) => isInternetBound(c) && !inVpc(c));
            if (!outside) continue;
            const probe = containsIp(outside, INTERNET_PROBE) ? INTERNET_PROBE : outside.first;
            const known = feeds.get(route.target.id);
            // Prefer a default route as the example: it is what readers look for.
            if (!known || (probe === INTERNET_PROBE && known.probe !== INTERNET_PROBE))
                feeds.set(route.target.id, { table, route, probe });
        }
    }
    return feeds;
}

type Onward = { readonly kind: 'igw' | 'tgw-vgw' | 'none'; readonly route?: T.Route; readonly table?: T.RouteTable };

/**
 * Where a NAT gateway's translated traffic goes: its own subnet's table (DOMAIN.md §2.8), following a GWLB
 * endpoint or appliance in between, since each ENI-based hop forwards with its own subnet's table.
 */
function onward(index: TopologyIndex, lookup: RouteLookup, nat: T.Nat, probe: number): Onward {
    let subnet = nat.subnet;
    let first: Onward | undefined;
    const seen = new Set<string>([nat.id]);
    for (let hop = 0; hop < 6 && subnet; hop++) {
        const table = index.routeTableOfSubnet(subnet);
        if (!table) break;
        const route = lookup.resolve(table, probe).winner?.route;
        const here: Onward = { kind: 'none', route, table };
        first ??= here;
        const target = route ? targetElement(index, route) : undefined;
        if (!route || !target || seen.has(target.id)) return first;
        seen.add(target.id);
        if (target.kind === 'igw') return { kind: 'igw', route: first.route, table: first.table };
        if (target.kind === 'transit-gateway' || target.kind === 'vgw')
            return { kind: 'tgw-vgw', route: first.route, table: first.table };
        // A regional NAT gateway egresses on its own; a zonal one forwards with its subnet's table like any ENI hop.
        if (target.kind === 'nat' && target.regional) return { kind: 'igw', route: first.route, table: first.table };
        if (!isGwlbEndpoint(target) && !isHost(target) && target.kind !== 'nat') return first;
        subnet = hopSubnet(target);
    }
    return first ?? { kind: 'none' };
}

/**
 * VPC User Guide, NAT gateways: a zonal public NAT gateway needs an Elastic IP, and for internet-bound
 * traffic its subnet's route table must route to the internet gateway. One that only forwards to a transit
 * gateway or virtual private gateway needs no IGW route; a regional NAT gateway has no subnet at all.
 */
const natInPrivateSubnet = defineRule({
    code: 'nat-in-private-subnet',
    severity: 'error',
    summary:
        'Internet-bound traffic reaches a zonal public NAT gateway whose subnet has no route to an IGW, or that has no EIP.',
    check({ topology, index, report }) {
        const lookup = routeLookupFor(topology);
        const tablesByVpc = new Map<string, T.RouteTable[]>();
        for (const t of topology.routeTables) {
            const list = tablesByVpc.get(t.vpc);
            if (list) list.push(t);
            else tablesByVpc.set(t.vpc, [t]);
        }
        const feedsByVpc = new Map<string, Map<string, InternetFeed>>();
        for (const nat of topology.nats) {
            if (nat.regional || nat.connectivity !== 'public' || !nat.subnet) continue;
            let feeds = feedsByVpc.get(nat.vpc);
            if (!feeds) {
                feeds = internetFeeds(index, index.get(nat.vpc), tablesByVpc.get(nat.vpc) ?? []);
                feedsByVpc.set(nat.vpc, feeds);
            }
            const feed = feeds.get(nat.id);
            if (!feed) continue;
            const out = onward(index, lookup, nat, feed.probe);
            if (out.kind === 'tgw-vgw') continue;
            if (out.kind === 'igw' && nat.eip) continue;
            const subnetName = index.get(nat.subnet)?.name ?? nat.subnet;
            const related: RelatedAnchor[] = [
                routeRelated(
                    index,
                    feed.route,
                    `Internet-bound traffic reaches ${nat.name} here: ${routeLabel(index, feed.route)} in ${feed.table.name}.`,
                ),
            ];
            if (out.kind === 'igw') {
                report({
                    at: { src: nat.src },
                    message: `Public NAT gateway ${nat.name} receives internet-bound traffic but has no EIP; a zonal public NAT gateway needs an Elastic IP to translate to (write \`eip\`, or \`private\` for a private NAT gateway).`,
                    related,
                });
                continue;
            }
            const table = out.table ?? index.routeTableOfSubnet(nat.subnet);
            if (out.route)
                related.push(
                    routeRelated(
                        index,
                        out.route,
                        `${table?.name ?? 'Its table'} sends that traffic to ${routeLabel(index, out.route)}.`,
                    ),
                );
            else if (table)
                related.push({
                    src: table.src ?? index.get(nat.vpc)?.src,
                    message: `Route table ${table.name} of ${subnetName} has no route for internet traffic.`,
                });
            const sends = out.route
                ? `sends internet traffic to ${routeLabel(index, out.route)}`
                : 'has no route for internet traffic';
            report({
                at: { src: nat.src, prop: 'subnet' },
                message: `Public NAT gateway ${nat.name} receives internet-bound traffic, but the route table of its subnet ${subnetName} (${table?.name ?? 'main'}) ${sends}, not to an internet gateway; a zonal NAT gateway forwards with its own subnet's table, so put it in a public subnet${nat.eip ? '' : ' and give it an EIP'}.`,
                related,
            });
        }
    },
});

/**
 * VPC User Guide, NAT gateways: a zonal NAT gateway lives in one AZ; subnets that use another AZ's NAT depend on that
 * AZ.
 */
const natCrossAz = defineRule({
    code: 'nat-cross-az',
    severity: 'warning',
    summary: 'A subnet sends 0.0.0.0/0 to a zonal NAT gateway in another AZ.',
    check({ topology, index, report }) {
        for (const table of topology.routeTables) {
            if (table.subnets.length === 0) continue;
            for (const route of table.routes) {
                if (!route.src || route.destination.kind !== 'cidr' || route.destination.cidr.prefix !== 0) continue;
                const nat = targetElement(index, route);
                if (nat?.kind !== 'nat' || nat.regional) continue;
                const natAz = nat.az ?? index.azOf(nat.id);
                if (!natAz) continue;
                const away = table.subnets
                    .map((id) => index.get(id))
                    .filter((s): s is T.Subnet => !!s?.az && !sameAz(s.az, natAz));
                if (away.length === 0) continue;
                const list = away.map((s) => `${s.name} (${azLabel(s.az)})`).join(', ');
                report({
                    at: targetAnchor(route),
                    message: `Route ${routeLabel(index, route)} in ${table.name} sends internet traffic of ${list} to zonal NAT gateway ${nat.name} in ${azLabel(natAz)}; those subnets then depend on another AZ (and pay cross-AZ data charges), so give each AZ its own NAT gateway or use a regional NAT gateway.`,
                    related: [
                        elementRelated(index, nat.id, `NAT gateway ${nat.name} is in ${azLabel(natAz)}.`),
                        ...away.map((s) => elementRelated(index, s.id, `Subnet ${s.name} is in ${azLabel(s.az)}.`)),
                    ],
                });
            }
        }
    },
});

export const internetNatRules = [igwMultiple, natInPrivateSubnet, natCrossAz] as const satisfies readonly Rule[];
