/**
 * asymmetric-inspection: the return path of a flow must pass the same GWLBE (so the same GWLB node and
 * appliance) as the forward path, or the GWLB drops it; the GWLB is sticky per flow (GWLB User Guide).
 * The rule picks the flows worth probing and asks the tracer (`ctx.engine.trace`) for both directions, and each
 * finding carries the flows it stands for; the path logic lives only in src/trace. Three shapes:
 *  - ingress: the IGW edge table sends an app subnet's traffic to GWLBE X; the probe is internet -> subnet;
 *  - egress: an app subnet's internet-bound traffic goes through GWLBE Y to the IGW; the probe is subnet -> internet;
 *  - east-west: a replaced local or subnet route in A's table sends traffic for B through X; the probe is A -> B.
 * A finding points at the route that sends the reply (or the request) the wrong way.
 */
import type { TopologyIndex } from '../model/topology-index.js';
import type { Endpoint, Route, RouteTable, Subnet, Vpc } from '../model/topology.js';
import { contains } from '../net/cidr.js';
import type { TraceEngine } from '../trace/engine.js';
import type { FlowStart, Hop, TraceEnd, TraceResult } from '../trace/types.js';
import * as facts from './facts.js';
import type { DiagnosticData } from './diagnostic-data.js';
import { type Anchor, defineCheck, type Finding, type FlowClaim, type RelatedAnchor } from './types.js';

type AsymmetricData = DiagnosticData['asymmetric-inspection'];

export const asymmetricInspection = defineCheck('asymmetric-inspection', ({ topology, index, engine, report }) => {
    for (const vpc of topology.vpcs) {
        if (!(index.endpointsByVpc.get(vpc.id) ?? []).some((e) => e.endpointType === 'gwlb')) continue;
        const infra = facts.gwlbeSubnets(index, vpc.id);
        // TGW attachment subnets carry other VPCs' flows; they originate nothing to probe from.
        for (const att of index.attachmentsByVpc.get(vpc.id) ?? []) {
            for (const s of att.subnets) if (!(index.hostsBySubnet.get(s) ?? []).length) infra.add(s);
        }
        const apps = (index.subnetsByVpc.get(vpc.id) ?? []).filter((s) => s.cidr && !infra.has(s.id));
        for (const f of northSouthFindings(engine, vpc, apps)) report(f);
        for (const f of eastWestFindings(engine, vpc, apps)) report(f);
    }
});

/** Where to point when the offending route is implicit: the table if written, else the subnet. */
function tableOrSubnet(table: RouteTable | undefined, subnet: Subnet): Anchor {
    return table?.src && !table.implicit ? { src: table.src } : { src: subnet.src, prop: 'routeTable' };
}

/** The route a route-table hop of the tracer chose, as a model Route. */
function hopRoute(index: TopologyIndex, hop: Hop | undefined): { table: RouteTable; route: Route } | undefined {
    if (!hop?.route) return undefined;
    const table = index.get(hop.route.table);
    const route = table?.routes[hop.route.index];
    return table && route ? { table, route } : undefined;
}

function firstRouteHop(hops: readonly Hop[]): Hop | undefined {
    return hops.find((h) => h.kind === 'route-table');
}

interface Group {
    readonly at: Anchor;
    readonly subnets: Subnet[];
    /** The asymmetric flow traced for each subnet of the group. */
    readonly flows: FlowClaim[];
    readonly message: (names: string) => string;
    readonly related: RelatedAnchor[];
    /** For the quick fix: retarget the reported route to `retarget`, or add `addRoute` to a table. */
    readonly data?: AsymmetricData;
}

function flush(groups: Map<string, Group>): Finding<AsymmetricData>[] {
    return [...groups.values()].map((g) => ({
        at: g.at,
        message: g.message(g.subnets.map((s) => s.name).join(', ')),
        related: g.related,
        flows: g.flows,
        ...(g.data ? { data: g.data } : {}),
    }));
}

function addTo(
    groups: Map<string, Group>,
    key: string,
    subnet: Subnet,
    flow: FlowClaim,
    make: () => Omit<Group, 'subnets' | 'flows'>,
): void {
    const g = groups.get(key);
    if (g) {
        if (!g.subnets.includes(subnet)) g.subnets.push(subnet);
        g.flows.push(flow);
        return;
    }
    groups.set(key, { ...make(), subnets: [subnet], flows: [flow] });
}

/** Traces a flow and returns it with its claim when the reply is dropped for taking another endpoint. */
function asymmetricFlow(
    engine: TraceEngine,
    from: FlowStart,
    to: TraceEnd,
): { result: TraceResult; claim: FlowClaim } | undefined {
    const result = engine.trace(from, to);
    return asymmetric(result) ? { result, claim: facts.flowClaim(from, to, result) } : undefined;
}

function asymmetric(r: TraceResult): boolean {
    return r.verdict === 'blocked' && r.reason === 'asymmetric-return';
}

function northSouthFindings(engine: TraceEngine, vpc: Vpc, apps: readonly Subnet[]): Finding<AsymmetricData>[] {
    const index = engine.index;
    const igw = index.get(vpc.igws[0]);
    if (!igw) return [];
    const edges = facts.igwEdgeTables(index, vpc.id);
    const groups = new Map<string, Group>();
    for (const s of apps) {
        const table = index.get(s.routeTable);
        if (!table) continue;
        const edge = edges
            .map((et) => ({ et, route: engine.route(et, s.cidr!.first).winner?.route }))
            .find((x) => facts.gwlbeTarget(index, x.route));
        const x = facts.gwlbeTarget(index, edge?.route);
        if (edge?.route && x) {
            // Inbound from the internet passes x: the reply must come back through x.
            const flow = asymmetricFlow(engine, { kind: 'igw-edge', igw: igw.id }, { kind: 'element', id: s.id });
            if (!flow) continue;
            const r = flow.result;
            const back = hopRoute(index, firstRouteHop(r.return));
            if (!back) continue;
            const via = facts.gwlbeTarget(index, back.route);
            const er = edge.route;
            const et = edge.et;
            addTo(
                groups,
                `in|${back.table.id}|${back.route === undefined ? '' : back.table.routes.indexOf(back.route)}|${x.id}`,
                s,
                flow.claim,
                () => ({
                    at: back.route.src ? facts.targetAnchor(back.route) : tableOrSubnet(back.table, s),
                    message: (names) =>
                        `Traffic from the internet to ${names} passes ${x.name} (${et.name}: ${facts.routeLabel(index, er)}), but ${back.table.name} sends the replies ${via ? `to ${via.name}` : `to ${facts.targetLabel(index, back.route)}`} (${facts.routeLabel(index, back.route)}), not back through ${x.name}: the GWLB drops a flow whose reply does not pass the same endpoint (GWLB User Guide).`,
                    related: [
                        { src: er.src, message: `${et.name} sends traffic for this subnet to ${x.name}` },
                        { src: x.src, message: `${x.name} saw the request` },
                    ],
                    data:
                        back.route.src && back.route.target.kind === 'element'
                            ? { retarget: x.name }
                            : { addRoute: { table: back.table.id, destination: '0.0.0.0/0', target: x.name } },
                }),
            );
            continue;
        }
        // Outbound through a GWLBE to the IGW: the replies come back through the edge table, which must
        // send them through the same GWLBE, not straight to the subnet.
        const out = engine.route(table, 0x08080808).winner?.route;
        const y = facts.gwlbeTarget(index, out);
        if (!y || !out) continue;
        const flow = asymmetricFlow(engine, { kind: 'element', id: s.id }, { kind: 'internet' });
        if (!flow) continue;
        const r = flow.result;
        const onward = r.forward
            .filter((h) => h.kind === 'route-table')
            .map((h) => hopRoute(index, h))
            .find((x) => x?.route.target.kind === 'element' && x.route.target.elementKind === 'igw');
        addTo(groups, `out|${table.id}|${table.routes.indexOf(out)}|${y.id}`, s, flow.claim, () => ({
            at: out.src ? facts.targetAnchor(out) : tableOrSubnet(table, s),
            message: (names) =>
                `${table.name} sends internet-bound traffic of ${names} through ${y.name} and ${igw.name}, but no edge route of ${igw.name} sends the replies back to ${y.name}, so they reach the subnet directly, bypassing the appliance: add an edge route for the subnet to ${y.name} (VPC User Guide, gateway route tables).`,
            related: [
                { src: y.src, message: `${y.name} sees the outbound traffic` },
                ...(onward
                    ? [{ src: onward.route.src, message: `${onward.table.name} sends it on to ${igw.name}` }]
                    : []),
                ...edges
                    .slice(0, 1)
                    .map((et) => ({ src: et.src, message: `${et.name} has no route for the subnet to ${y.name}` })),
            ],
            ...(edges[0]
                ? { data: { addRoute: { table: edges[0].id, destination: s.cidr!.canonical, target: y.name } } }
                : {}),
        }));
    }
    return flush(groups);
}

function eastWestFindings(engine: TraceEngine, vpc: Vpc, apps: readonly Subnet[]): Finding<AsymmetricData>[] {
    const index = engine.index;
    const appIds = new Set(apps.map((s) => s.id));
    const groups = new Map<string, Group>();
    const probed = new Set<string>();
    for (const ta of facts.subnetTables(index, vpc.id)) {
        const sources = ta.subnets.filter((id) => appIds.has(id)).map((id) => index.get(id)!);
        if (sources.length === 0) continue;
        for (const r of ta.routes) {
            const x = facts.gwlbeTarget(index, r);
            if (!x || x.vpc !== vpc.id || r.destination.kind !== 'cidr') continue;
            const dest = r.destination.cidr;
            // East-west only: a destination inside the VPC (replaced local route or a subnet route).
            if (!vpc.cidrs.some((b) => contains(b, dest))) continue;
            for (const b of apps) {
                if (!contains(dest, b.cidr!) || engine.route(ta, b.cidr!.first).winner?.route !== r) continue;
                for (const a of sources) {
                    // The mismatch seen from both sides of a pair is one problem, probed once.
                    const pair = [a.id, b.id].sort().join('|');
                    if (a.id === b.id || probed.has(pair)) continue;
                    probed.add(pair);
                    const flow = asymmetricFlow(engine, { kind: 'element', id: a.id }, { kind: 'element', id: b.id });
                    if (!flow) continue;
                    const back = hopRoute(index, firstRouteHop(flow.result.return));
                    const tb = back?.table ?? index.get(b.routeTable);
                    addTo(
                        groups,
                        `ew|${tb?.id}|${back ? back.table.routes.indexOf(back.route) : -1}|${ta.id}|${ta.routes.indexOf(r)}`,
                        a,
                        flow.claim,
                        () => ({
                            at: back?.route.src ? facts.targetAnchor(back.route) : tableOrSubnet(tb, b),
                            message: (names) =>
                                `${ta.name} sends traffic from ${names} to ${b.name} through ${x.name} (${facts.routeLabel(index, r)}), but ${tb?.name ?? 'its table'} sends the replies from ${b.name} ${describeBack(index, back?.route, x)}: the GWLB drops a flow whose reply does not pass the same endpoint (GWLB User Guide); route the source's range in ${tb?.name ?? 'that table'} to ${x.name}.`,
                            related: [
                                { src: r.src, message: `${ta.name} sends the request through ${x.name}` },
                                { src: x.src, message: `${x.name} saw the request` },
                                ...(tb?.src && !tb.implicit
                                    ? []
                                    : [{ src: b.src, message: `${b.name} uses ${tb?.name ?? 'the main table'}` }]),
                            ].slice(0, facts.MAX_RELATED),
                            data:
                                back?.route.src &&
                                back.route.target.kind === 'element' &&
                                facts.gwlbeTarget(index, back.route)
                                    ? { retarget: x.name }
                                    : tb && !tb.implicit
                                      ? { addRoute: { table: tb.id, destination: a.cidr!.canonical, target: x.name } }
                                      : undefined,
                        }),
                    );
                }
            }
        }
    }
    return flush(groups);
}

function describeBack(index: TopologyIndex, back: Route | undefined, x: Endpoint): string {
    if (!back) return `without passing ${x.name}`;
    const y = facts.gwlbeTarget(index, back);
    if (y) return `through ${y.name} instead (${facts.routeLabel(index, back)})`;
    if (back.target.kind === 'local') return `directly over the local route, bypassing ${x.name}`;
    return `via ${facts.routeLabel(index, back)}, bypassing ${x.name}`;
}
