/**
 * Rule family: gwlb (Gateway Load Balancer endpoints). Codes and severities are the public contract in
 * docs/rules/README.md; the AWS facts are from the GWLB User Guide and the VPC User Guide ("Middlebox scenarios",
 * "Gateway route tables").
 *
 * Path questions go to `ctx.engine`: "where does this table send X?" to its route lookup, and whether inspected
 * traffic gets onward to its tracer, as asymmetric-inspection (gwlb-symmetry.ts) asks it of flows.
 */
import { sameAz, azLabel } from '../model/az.js';
import type { AzRef, Endpoint, Id, Route, RouteTable, Subnet } from '../model/topology.js';
import { formatIp } from '../net/cidr.js';
import type { TraceEngine } from '../trace/engine.js';
import type { FlowStart } from '../trace/types.js';
import * as facts from './facts.js';
import { asymmetricInspection } from './gwlb-symmetry.js';
import { defineCheck, type FlowClaim, type RelatedAnchor, type RuleCheck } from './types.js';

/**
 * GWLB User Guide: put one GWLBE in every AZ whose traffic is inspected, so flows stay in their AZ.
 * Cross-AZ use works but makes the AZ depend on another one, hence a warning.
 */
const missingInAz = defineCheck('gwlbe-missing-in-az', ({ topology, index, engine, report }) => {
    for (const vpc of topology.vpcs) {
        const gwlbes = facts.gwlbesOfVpc(index, vpc.id);
        if (gwlbes.length === 0) continue;
        const infra = facts.gwlbeSubnets(index, vpc.id);
        const edges = facts.igwEdgeTables(index, vpc.id);
        const groups = new Map<string, { az: AzRef; service: Endpoint; subnets: Subnet[]; used: Set<Endpoint> }>();
        for (const s of index.subnetsByVpc.get(vpc.id) ?? []) {
            if (!s.az || infra.has(s.id)) continue;
            const used = new Set<Endpoint>();
            // The subnet's own table sends (some of) its traffic to a GWLBE.
            for (const r of index.routeTableOfSubnet(s.id)?.routes ?? []) {
                const x = facts.gwlbeTarget(index, r);
                if (x && x.vpc === vpc.id) used.add(x);
            }
            // The IGW's edge table sends traffic for this subnet to a GWLBE (ingress routing).
            if (s.cidr) {
                for (const et of edges) {
                    const x = facts.gwlbeTarget(index, engine.route(et, s.cidr.first).winner?.route);
                    if (x && x.vpc === vpc.id) used.add(x);
                }
            }
            for (const x of used) {
                const key = `${facts.azKey(s.az)}|${facts.serviceKey(x)}`;
                let g = groups.get(key);
                if (!g) groups.set(key, (g = { az: s.az, service: x, subnets: [], used: new Set() }));
                if (!g.subnets.includes(s)) g.subnets.push(s);
                g.used.add(x);
            }
        }
        for (const g of groups.values()) {
            const svc = facts.serviceKey(g.service);
            if (gwlbes.some((e) => facts.serviceKey(e) === svc && e.enis.some((eni) => sameAz(eni.az, g.az)))) continue;
            const first = g.subnets[0];
            const used = [...g.used];
            const related: RelatedAnchor[] = [
                ...g.subnets.slice(0, facts.MAX_RELATED).map((s) => ({
                    src: s.src,
                    message: `${s.name} is in ${azLabel(g.az)} and its traffic is inspected`,
                })),
                ...used.map((x) => ({
                    src: x.src,
                    message: `${x.name} is the GWLBE it uses, in ${azLabel(facts.gwlbeAz(x))}`,
                })),
            ];
            report({
                at: { src: first.src, prop: 'az' },
                message: `Traffic of ${azLabel(g.az)} in VPC ${vpc.name} is inspected through ${used.map((x) => x.name).join(', ')}, but no GWLBE of ${facts.serviceLabel(g.service)} is in that AZ, so the AZ depends on another AZ's endpoint; AWS recommends one GWLBE per AZ (GWLB User Guide).`,
                related,
                data: {
                    az: g.az.name,
                    azId: g.az.id,
                    service: facts.serviceLabel(g.service),
                    vpc: vpc.name,
                    subnets: g.subnets.map((s) => s.name),
                },
            });
        }
    }
});

/**
 * A subnet in AZ x sending a broad range (0.0.0.0/0, a client range, a replaced local route) to a GWLBE in
 * AZ y depends on AZ y. A route to a subnet in the GWLBE's own AZ is the return leg that keeps a cross-AZ
 * flow symmetric (docs/rules/asymmetric-inspection.md), so it is exempt. Edge tables are not subnet tables: they are
 * not checked.
 */
const crossAz = defineCheck('gwlbe-cross-az', ({ topology, index, report }) => {
    // Subnet CIDRs (canonical) -> their AZs, to recognise return legs, across VPCs (a spoke subnet too).
    const subnetAzs = new Map<string, AzRef[]>();
    for (const s of topology.subnets) {
        if (!s.cidr || !s.az) continue;
        const list = subnetAzs.get(s.cidr.canonical);
        if (list) list.push(s.az);
        else subnetAzs.set(s.cidr.canonical, [s.az]);
    }
    for (const vpc of topology.vpcs) {
        if (facts.gwlbesOfVpc(index, vpc.id).length === 0) continue;
        for (const rt of facts.subnetTables(index, vpc.id)) {
            for (const route of rt.routes) {
                const x = facts.gwlbeTarget(index, route);
                const xAz = x ? facts.gwlbeAz(x) : undefined;
                if (!x || !xAz || !route.src) continue;
                if (isReturnLeg(route, xAz, subnetAzs)) continue;
                const away = rt.subnets
                    .map((id) => index.get(id))
                    .filter((s): s is Subnet => !!s?.az && !sameAz(s.az, xAz));
                if (away.length === 0) continue;
                report({
                    at: facts.targetAnchor(route),
                    message: `${rt.name} sends ${facts.destinationLabel(index, route)} from ${away.map((s) => `${s.name} (${azLabel(s.az)})`).join(', ')} to ${x.name} in ${azLabel(xAz)}, so that traffic depends on another AZ; use the GWLBE of the subnet's own AZ (GWLB User Guide: one endpoint per AZ).`,
                    related: [
                        { src: x.src, message: `${x.name} is in ${azLabel(xAz)}` },
                        ...away.slice(0, facts.MAX_RELATED).map((s) => ({
                            src: s.src,
                            message: `${s.name} uses ${rt.name} and is in ${azLabel(s.az)}`,
                        })),
                    ],
                });
            }
        }
    }
});

function isReturnLeg(route: Route, gwlbeAzRef: AzRef, subnetAzs: ReadonlyMap<string, readonly AzRef[]>): boolean {
    if (route.destination.kind !== 'cidr' || route.replacesLocal) return false;
    return (subnetAzs.get(route.destination.cidr.canonical) ?? []).some((az) => sameAz(az, gwlbeAzRef));
}

/**
 * Traffic leaving a GWLBE is forwarded by its own subnet's table (VPC User Guide, "Middlebox scenarios"). If that table
 * sends traffic back to the same GWLBE, inspected traffic loops. Only the GWLBE's own subnet's table counts:
 * other tables covering that subnet, and GWLB nodes, appliances, NAT or TGW ENIs sharing it, are fine.
 */
const sharesAppSubnet = defineCheck('gwlbe-shares-app-subnet', ({ topology, index, report }) => {
    for (const ep of topology.endpoints) {
        if (!facts.isGwlbe(ep)) continue;
        const seenTables = new Set<string>();
        for (const eni of ep.enis) {
            const subnet = index.get(eni.subnet);
            const rt = index.get(subnet?.routeTable);
            if (!subnet || !rt || seenTables.has(rt.id)) continue;
            seenTables.add(rt.id);
            for (const route of rt.routes) {
                if (facts.gwlbeTarget(index, route) !== ep) continue;
                report({
                    at: facts.targetAnchor(route),
                    message: `${rt.name} is the table of ${subnet.name}, the subnet of ${ep.name}, and sends ${facts.destinationLabel(index, route)} back to ${ep.name}: traffic leaving a GWLBE is forwarded by its own subnet's table, so it loops; put the workloads to inspect in another subnet (GWLB User Guide).`,
                    related: [{ src: ep.src, prop: 'subnets', message: `${ep.name} lives in ${subnet.name}` }],
                });
            }
        }
    }
});

/**
 * The GWLBE's own subnet table must carry each kind of traffic the GWLBE receives onward (VPC User Guide,
 * "Middlebox scenarios"): internet-bound traffic from app tables' default routes, and traffic for app subnets from the
 * IGW's edge table. No route, a blackhole, or a route back to the same GWLBE all drop it.
 */
const noOnwardRoute = defineCheck('gwlbe-no-onward-route', ({ topology, index, engine, report }) => {
    for (const vpc of topology.vpcs) {
        const gwlbes = facts.gwlbesOfVpc(index, vpc.id);
        if (gwlbes.length === 0) continue;
        const igw = vpc.igws[0];
        // Every table that can hand traffic to a GWLBE: subnet tables and the IGW's edge tables.
        const senders = [
            ...facts.subnetTables(index, vpc.id),
            ...facts.igwEdgeTables(index, vpc.id).filter((t) => t.subnets.length === 0),
        ];
        for (const ep of gwlbes) {
            const subnet = index.get(ep.enis[0]?.subnet);
            const own = index.get(subnet?.routeTable);
            if (!subnet || !own) continue;
            const byProbe = new Map<number, { label: string; routes: Array<{ table: RouteTable; route: Route }> }>();
            for (const table of senders) {
                if (table.id === own.id) continue;
                for (const route of table.routes) {
                    if (facts.gwlbeTarget(index, route) !== ep) continue;
                    const probe = facts.probeFor(index, route);
                    if (!probe) continue;
                    let entry = byProbe.get(probe.ip);
                    if (!entry) byProbe.set(probe.ip, (entry = { label: probe.label, routes: [] }));
                    entry.routes.push({ table, route });
                }
            }
            for (const [ip, entry] of byProbe) {
                // The own table carries this traffic on (a route, not a blackhole nor back to the GWLBE): no
                // trace can stop there, so none is needed. Healthy VPCs take this path for every probe.
                const onward = engine.route(own, ip).winner?.route;
                if (onward && onward.target.kind !== 'blackhole' && facts.gwlbeTarget(index, onward) !== ep) continue;
                // Ask the tracer to carry this traffic from a sender through the GWLBE; the finding is a
                // trace that stops at the GWLBE's own subnet table (VPC User Guide, "Middlebox scenarios": every
                // ENI-based hop forwards with its own subnet's table).
                const stop = stopsAtOwnTable(engine, entry.routes, ip, own, igw);
                if (!stop) continue;
                const winner = stop.route;
                const why = !winner
                    ? 'has no route for it'
                    : winner.target.kind === 'blackhole'
                      ? `drops it (${facts.routeLabel(index, winner)})`
                      : `sends it back to ${ep.name} (${facts.routeLabel(index, winner)})`;
                const senderText = entry.routes
                    .map((r) => `${r.table.name} (${facts.routeLabel(index, r.route)})`)
                    .join(', ');
                const at = winner?.src
                    ? facts.targetAnchor(winner)
                    : own.src && !own.implicit
                      ? { src: own.src }
                      : { src: subnet.src, prop: 'routeTable' };
                report({
                    at,
                    flows: [stop.claim],
                    message: `${ep.name} receives ${entry.label} from ${senderText}, but ${own.name}, the table of its subnet ${subnet.name}, ${why}: traffic leaving a GWLBE is forwarded by its own subnet's table, so inspected traffic is dropped (VPC User Guide, middlebox routing).`,
                    related: [
                        {
                            src: ep.src,
                            prop: 'subnets',
                            message: `${ep.name} lives in ${subnet.name}, which uses ${own.name}`,
                        },
                        ...entry.routes.slice(0, facts.MAX_RELATED).map((r) => ({
                            src: r.route.src,
                            message: `${r.table.name} sends this traffic to ${ep.name}`,
                        })),
                    ],
                });
            }
        }
    }
});

/**
 * Traces the traffic of one sender route to `ip` and returns the decision of the GWLBE's own table when the
 * trace stops there (no route, blackhole, or straight back to the GWLBE); undefined when it goes on.
 */
function stopsAtOwnTable(
    engine: TraceEngine,
    senders: ReadonlyArray<{ table: RouteTable; route: Route }>,
    ip: number,
    own: RouteTable,
    igw: Id<'igw'> | undefined,
): { route?: Route; claim: FlowClaim } | undefined {
    for (const { table } of senders) {
        const from: FlowStart | undefined =
            table.edges.length > 0
                ? igw
                    ? { kind: 'igw-edge', igw }
                    : undefined
                : table.subnets[0]
                  ? { kind: 'element', id: table.subnets[0] }
                  : undefined;
        if (!from) continue;
        const to = { kind: 'ip', ip: formatIp(ip) } as const;
        const r = engine.trace(from, to, { forwardOnly: true });
        const hop = r.stoppedIn === 'forward' ? r.forward[r.stoppedAt ?? -1] : undefined;
        if (r.verdict !== 'blocked' || hop?.kind !== 'route-table' || hop.id !== own.id) continue;
        return {
            route: hop.route ? own.routes[hop.route.index] : undefined,
            claim: facts.flowClaim(from, to, r, { forwardOnly: true }),
        };
    }
    return undefined;
}

/** PrivateLink Guide: a GWLBE has no security group, no endpoint policy and no private DNS. */
const unsupportedOption = defineCheck('gwlbe-unsupported-option', ({ topology, report }) => {
    for (const ep of topology.endpoints) {
        if (!facts.isGwlbe(ep)) continue;
        const options: Array<[boolean, string, string]> = [
            [ep.securityGroups.length > 0, 'securityGroups', 'a security group'],
            [ep.policy, 'policy', 'an endpoint policy'],
            [ep.privateDns, 'privateDns', 'private DNS'],
        ];
        for (const [set, prop, what] of options) {
            if (!set) continue;
            report({
                at: { src: ep.src, prop },
                message: `${ep.name} is a Gateway Load Balancer endpoint, which supports no ${what.replace(/^an? /, '')}: AWS accepts neither security groups, endpoint policies nor private DNS on a GWLBE (PrivateLink Guide); remove it.`,
            });
        }
    }
});

export const gwlbRules = [
    missingInAz,
    crossAz,
    sharesAppSubnet,
    noOnwardRoute,
    unsupportedOption,
    asymmetricInspection,
] as const satisfies readonly RuleCheck[];
