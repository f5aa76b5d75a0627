/**
 * asymmetric-inspection: the return path of a flow must pass the same GWLBE (so the same GWLB node and
 * appliance) as the forward path, or the GWLB drops it; the GWLB is sticky per flow (GWLB User Guide,
 * DOMAIN.md §5, §6). Two shapes are checked, both with RouteLookup:
 *  - ingress: the IGW edge table sends an app subnet's traffic to GWLBE X, so the app subnet's table must
 *    send internet-bound replies to X; and, the other way round, an app subnet whose internet-bound traffic
 *    goes X -> IGW needs the edge table to bring the replies back through X;
 *  - east-west: a replaced local or subnet route in A's table sends traffic for B through X, so B's table
 *    must send A's addresses back through X.
 * The tracer (a later issue) will take over this path logic; the rule will then ask it for return paths.
 */
import type { TopologyIndex } from '../model/topology-index.js';
import type { Endpoint, Route, RouteTable, Subnet, Vpc } from '../model/topology.js';
import { contains } from '../net/cidr.js';
import type { RouteLookup } from '../trace/route-lookup.js';
import { INTERNET_PROBE, MAX_RELATED, gwlbeSubnets, gwlbeTarget, igwEdgeTables, routeLookupFor, routeTargetAnchor, routeText, subnetTables, targetText } from './gwlb-facts.js';
import type { Anchor, Finding, RelatedAnchor, Rule } from './types.js';

export const asymmetricInspection: Rule = {
    code: 'asymmetric-inspection',
    severity: 'error',
    summary: 'The return path of a flow does not pass through the same GWLBE as the forward path.',
    check({ topology, index, report }) {
        const lookup = routeLookupFor(topology);
        for (const vpc of topology.vpcs) {
            if (!(index.endpointsByVpc.get(vpc.id) ?? []).some((e) => e.endpointType === 'gwlb')) continue;
            const infra = gwlbeSubnets(index, vpc.id);
            const apps = (index.subnetsByVpc.get(vpc.id) ?? []).filter((s) => s.cidr && !infra.has(s.id));
            for (const f of ingressFindings(vpc, apps, index, lookup)) report(f);
            for (const f of eastWestFindings(vpc, apps, index, lookup)) report(f);
        }
    },
};

/** Where to point when the offending route is implicit: the table if written, else the subnet. */
function tableOrSubnet(table: RouteTable | undefined, subnet: Subnet): Anchor {
    return table?.src && !table.implicit ? { src: table.src } : { src: subnet.src, prop: 'routeTable' };
}

interface Group {
    readonly at: Anchor;
    readonly subnets: Subnet[];
    readonly message: (names: string) => string;
    readonly related: RelatedAnchor[];
}

function flush(groups: Map<string, Group>): Finding[] {
    return [...groups.values()].map((g) => ({ at: g.at, message: g.message(g.subnets.map((s) => s.name).join(', ')), related: g.related }));
}

function ingressFindings(vpc: Vpc, apps: readonly Subnet[], index: TopologyIndex, lookup: RouteLookup): Finding[] {
    const edges = igwEdgeTables(index, vpc.id);
    const groups = new Map<string, Group>();
    for (const s of apps) {
        const table = index.get<RouteTable>(s.routeTable);
        if (!table) continue;
        let edgeRoute: Route | undefined;
        let edgeTable: RouteTable | undefined;
        for (const et of edges) {
            const w = lookup.resolve(et, s.cidr!.first).winner?.route;
            if (gwlbeTarget(index, w)) {
                edgeRoute = w;
                edgeTable = et;
                break;
            }
        }
        const reply = lookup.resolve(table, INTERNET_PROBE).winner?.route;
        const x = gwlbeTarget(index, edgeRoute);
        if (x && edgeRoute && edgeTable) {
            // Inbound from the internet passes x; the reply leaves by the app table's internet route.
            // No route at all is a dropped reply (the tracer's no-route), not an asymmetric one.
            if (!reply || gwlbeTarget(index, reply) === x) continue;
            const key = `in|${table.id}|${table.routes.indexOf(reply)}|${x.id}`;
            const group = groups.get(key);
            if (group) {
                group.subnets.push(s);
                continue;
            }
            const et = edgeTable;
            const er = edgeRoute;
            const via = gwlbeTarget(index, reply);
            groups.set(key, {
                at: reply.src ? routeTargetAnchor(reply) : tableOrSubnet(table, s),
                subnets: [s],
                message: (names) =>
                    `Traffic from the internet to ${names} passes ${x.name} (${et.name}: ${routeText(index, er)}), but ${table.name} sends the replies ${via ? `to ${via.name}` : `to ${targetText(index, reply)}`} (${routeText(index, reply)}), not back through ${x.name}: the GWLB drops a flow whose reply does not pass the same endpoint (GWLB User Guide).`,
                related: [
                    { src: er.src, message: `${et.name} sends traffic for this subnet to ${x.name}` },
                    { src: x.src, message: `${x.name} saw the request` },
                ],
            });
            continue;
        }
        // No ingress route to a GWLBE: outbound traffic that goes app -> y -> IGW gets its replies from
        // the IGW straight to the app (local route), bypassing y.
        const y = gwlbeTarget(index, reply);
        if (!y || !reply) continue;
        const yTable = index.routeTableOfSubnet(y.enis[0]?.subnet);
        const onward = yTable ? lookup.resolve(yTable, INTERNET_PROBE).winner?.route : undefined;
        if (onward?.target.kind !== 'element' || onward.target.elementKind !== 'igw' || !vpc.igws.includes(onward.target.id)) continue;
        const igw = index.get(onward.target.id);
        const key = `out|${table.id}|${table.routes.indexOf(reply)}|${y.id}`;
        const group = groups.get(key);
        if (group) {
            group.subnets.push(s);
            continue;
        }
        groups.set(key, {
            at: reply.src ? routeTargetAnchor(reply) : tableOrSubnet(table, s),
            subnets: [s],
            message: (names) =>
                `${table.name} sends internet-bound traffic of ${names} through ${y.name} and ${igw?.name ?? 'the internet gateway'}, but no edge route of ${igw?.name ?? 'the internet gateway'} sends the replies back to ${y.name}, so they reach the subnet directly, bypassing the appliance: add an edge route for the subnet to ${y.name} (VPC User Guide, gateway route tables).`,
            related: [
                { src: y.src, message: `${y.name} sees the outbound traffic` },
                { src: onward.src, message: `${yTable?.name ?? 'the GWLBE table'} sends it on to ${igw?.name ?? 'the internet gateway'}` },
                ...edges.slice(0, 1).map((et) => ({ src: et.src, message: `${et.name} has no route for the subnet to ${y.name}` })),
            ],
        });
    }
    return flush(groups);
}

function eastWestFindings(vpc: Vpc, apps: readonly Subnet[], index: TopologyIndex, lookup: RouteLookup): Finding[] {
    const appIds = new Set(apps.map((s) => s.id));
    const groups = new Map<string, Group>();
    const pairOwner = new Map<string, string>();
    const routeKey = (t: RouteTable, r: Route): string => `${t.id}#${t.routes.indexOf(r)}`;
    for (const ta of subnetTables(index, vpc.id)) {
        const sources = ta.subnets.filter((id) => appIds.has(id)).map((id) => index.get<Subnet>(id)!);
        if (sources.length === 0) continue;
        for (const r of ta.routes) {
            const x = gwlbeTarget(index, r);
            if (!x || x.vpc !== vpc.id || r.destination.kind !== 'cidr') continue;
            const dest = r.destination.cidr;
            // East-west only: a destination inside the VPC (replaced local route or a subnet route).
            if (!vpc.cidrs.some((b) => contains(b, dest))) continue;
            // Destinations whose traffic this route really carries (it wins in ta), one per table they use.
            const targets = new Map<string, { table: RouteTable; subnet: Subnet }>();
            for (const b of apps) {
                if (!contains(dest, b.cidr!) || lookup.resolve(ta, b.cidr!.first).winner?.route !== r) continue;
                const tb = index.get<RouteTable>(b.routeTable);
                if (tb && !targets.has(tb.id)) targets.set(tb.id, { table: tb, subnet: b });
            }
            for (const { table: tb, subnet: b } of targets.values()) {
                for (const a of sources) {
                    if (a.id === b.id) continue;
                    const back = lookup.resolve(tb, a.cidr!.first).winner?.route;
                    if (!back || gwlbeTarget(index, back) === x) continue;
                    // The same mismatch seen from the other side is one problem, reported once.
                    const key = `ew|${routeKey(tb, back)}|${routeKey(ta, r)}`;
                    const pair = [routeKey(ta, r), routeKey(tb, back)].sort().join('|');
                    if ((pairOwner.get(pair) ?? key) !== key) continue;
                    pairOwner.set(pair, key);
                    const group = groups.get(key);
                    if (group) {
                        if (!group.subnets.includes(a)) group.subnets.push(a);
                        continue;
                    }
                    groups.set(key, {
                        at: back.src ? routeTargetAnchor(back) : tableOrSubnet(tb, b),
                        subnets: [a],
                        message: (names) =>
                            `${ta.name} sends traffic from ${names} to ${b.name} through ${x.name} (${routeText(index, r)}), but ${tb.name} sends the replies from ${b.name} ${describeBack(index, back, x)}: the GWLB drops a flow whose reply does not pass the same endpoint (GWLB User Guide); route the source's range in ${tb.name} to ${x.name}.`,
                        related: [
                            { src: r.src, message: `${ta.name} sends the request through ${x.name}` },
                            { src: x.src, message: `${x.name} saw the request` },
                            ...(tb.src && !tb.implicit ? [] : [{ src: b.src, message: `${b.name} uses ${tb.name}` }]),
                        ].slice(0, MAX_RELATED),
                    });
                }
            }
        }
    }
    return flush(groups);
}

function describeBack(index: TopologyIndex, back: Route, x: Endpoint): string {
    const y = gwlbeTarget(index, back);
    if (y) return `through ${y.name} instead (${routeText(index, back)})`;
    if (back.target.kind === 'local') return `directly over the local route, bypassing ${x.name}`;
    return `via ${routeText(index, back)}, bypassing ${x.name}`;
}
