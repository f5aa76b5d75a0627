/**
 * asymmetric-inspection: the reply of a flow must pass the same GWLBE (so the same GWLB node and appliance) as the
 * request, or the GWLB drops it; the GWLB is sticky per flow (Gateway Load Balancer User Guide, "Gateway Load
 * Balancer endpoints"). The rule picks the flows worth probing and asks the tracer (`ctx.engine.trace`) for both
 * directions; the verdict, and each finding's flows, are the tracer's: no path logic lives here.
 *
 * Only flows that can start are probed: from hosts (instances, ENIs) and load balancers, or from the internet through
 * the IGW's edge table. A NAT gateway, a GWLBE or a TGW attachment ENI never opens a connection, so a subnet that holds
 * only those starts nothing (which is what lets the NAT subnet of a "VPC routing enhancements" design route the app
 * subnet's range back through the GWLBE). A load balancer opens connections only to its targets, and answers the
 * internet rather than calling it. The flows:
 *  - ingress: the IGW edge table sends a subnet's traffic to a GWLBE; internet -> the subnet's host or load balancer;
 *  - egress: every host of a VPC with GWLBEs -> the internet (through a GWLBE, a NAT gateway, or both);
 *  - between subnets: a subnet's table sends another subnet's range (in its VPC, or a peered or TGW-connected one) to a
 *    GWLBE; one flow per pair;
 *  - through a transit gateway: a spoke's TGW route table sends the internet or another spoke's range to an attachment
 *    of a VPC with GWLBEs (centralized inspection: Transit Gateway Guide, "Appliance in a shared services VPC"); spoke
 *    host -> internet, spoke host -> other spoke (one subnet per AZ and route table stands for its peers).
 * A reply that takes another AZ's attachment of a TGW without appliance mode is tgw-appliance-mode's finding, not this
 * one's. A finding points at the route that sends the reply (or, for a missing edge route, the request) the wrong way;
 * flows that two mismatched routes break are one finding, however many flows and from which side.
 */
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import { sameAz } from '../model/az.js';
import { parseIdOf } from '../model/ids.js';
import { containsIp, parseIp } from '../net/cidr.js';
import type { TraceEngine } from '../trace/engine.js';
import type { FlowStart, Hop, TraceEnd, TraceResult } from '../trace/types.js';
import * as facts from './facts.js';
import type { DiagnosticData } from './diagnostic-data.js';
import { type Anchor, defineCheck, type Finding, type FlowClaim, type RelatedAnchor } from './types.js';

type AsymmetricData = DiagnosticData['asymmetric-inspection'];

export const asymmetricInspection = defineCheck('asymmetric-inspection', ({ topology, index, engine, report }) => {
    const inspected = new Set(topology.endpoints.filter(facts.isGwlbe).map((e) => e.vpc));
    if (inspected.size === 0) return;
    const origins = new Origins(index);
    const prober = new Prober(engine, origins);
    const vpcs = topology.vpcs.filter((v) => inspected.has(v.id));
    // Ingress first: a mismatch that breaks both an inbound and an outbound flow points at the reply route of the
    // inbound one, the subnet's own table.
    for (const vpc of vpcs) ingress(engine, prober, origins, vpc);
    for (const vpc of vpcs) egress(prober, origins, vpc);
    for (const vpc of vpcs) betweenSubnets(engine, prober, origins, vpc);
    throughTransitGateways(engine, prober, origins, inspected);
    for (const f of prober.findings()) report(f);
});

// ------------------------------------------------------------------ where flows start

/** The subnets where flows start: those with a host or a load balancer's node (GWLBs aside: they carry GENEVE). */
class Origins {
    private readonly lbs = new Map<T.Id<'subnet'>, T.LoadBalancer[]>();

    constructor(private readonly index: TopologyIndex) {
        for (const lb of index.topology.loadBalancers) {
            if (lb.lbType === 'gwlb') continue;
            for (const s of lb.subnets) this.lbs.set(s, [...(this.lbs.get(s) ?? []), lb]);
        }
    }

    hosts(s: T.Subnet): readonly T.Host[] {
        return this.index.hostsBySubnet.get(s.id) ?? [];
    }

    has(s: T.Subnet): boolean {
        return !!s.cidr && (this.hosts(s).length > 0 || this.lbs.has(s.id));
    }

    of(vpc: T.Id<'vpc'>): T.Subnet[] {
        return (this.index.subnetsByVpc.get(vpc) ?? []).filter((s) => this.has(s));
    }

    /** One subnet per AZ and route table: its peers route alike, so it stands for them. */
    representatives(vpc: T.Id<'vpc'>, hostsOnly = false): T.Subnet[] {
        const seen = new Set<string>();
        return this.of(vpc).filter((s) => {
            const key = `${s.az ? facts.azKey(s.az) : ''}|${s.routeTable}`;
            if ((hostsOnly && this.hosts(s).length === 0) || seen.has(key)) return false;
            seen.add(key);
            return true;
        });
    }

    /** The end a probe uses: the subnet's first host, else the subnet (an address of a load balancer node in it). */
    end(s: T.Subnet): TraceEnd {
        const host = this.hosts(s)[0];
        return { kind: 'element', id: host ? host.id : s.id };
    }

    /** How a message names a flow's end: `web-a (app-a)`, `ALB shop (public-a)`, `the internet`. */
    name(e: FlowStart): string {
        if (e.kind === 'internet' || e.kind === 'igw-edge') return 'the internet';
        if (e.kind === 'ip') return e.ip;
        if (e.kind === 'dns') return e.name;
        const el = this.index.get(e.id);
        const subnet = facts.isHost(el) ? this.index.get(el.subnet) : el?.kind === 'subnet' ? el : undefined;
        if (!subnet) return el?.name ?? e.id;
        if (facts.isHost(el)) return `${el.name} (${subnet.name})`;
        const lb = this.lbs.get(subnet.id)?.[0];
        return lb ? `${lb.lbType.toUpperCase()} ${lb.name} (${subnet.name})` : subnet.name;
    }

    /** A flow between a and b can start: a host at either end, or a load balancer with a target at the other. */
    canFlow(a: T.Subnet, b: T.Subnet): boolean {
        return this.hosts(a).length > 0 || this.hosts(b).length > 0 || this.targets(a, b) || this.targets(b, a);
    }

    private targets(from: T.Subnet, to: T.Subnet): boolean {
        return (this.lbs.get(from.id) ?? []).some((lb) =>
            lb.targets.some((t) => {
                if (t.kind === 'ip') {
                    const ip = parseIp(t.ip);
                    return ip.ok && !!to.cidr && containsIp(to.cidr, ip.value);
                }
                // A Lambda function target is invoked by the ALB, not reached through a subnet.
                if (t.kind === 'lambda') return false;
                const e = this.index.get(t.id);
                return facts.isHost(e) ? e.subnet === to.id : e?.kind === 'load-balancer' && e.subnets.includes(to.id);
            }),
        );
    }
}

// ------------------------------------------------------------------ which flows

function ingress(engine: TraceEngine, prober: Prober, origins: Origins, vpc: T.Vpc): void {
    const igw = engine.index.get(vpc.igws[0]);
    const edges = facts.igwEdgeTables(engine.index, vpc.id);
    if (!igw || edges.length === 0) return;
    for (const s of origins.of(vpc.id)) {
        const sent = edges.some((et) => facts.gwlbeTarget(engine.index, engine.route(et, s.cidr!.first).winner?.route));
        if (sent) prober.probe({ kind: 'igw-edge', igw: igw.id }, origins.end(s));
    }
}

function egress(prober: Prober, origins: Origins, vpc: T.Vpc): void {
    for (const s of origins.of(vpc.id)) if (origins.hosts(s).length > 0) prober.probe(origins.end(s), INTERNET);
}

/** Pairs of subnets one of whose tables sends the other's range to a GWLBE. */
function betweenSubnets(engine: TraceEngine, prober: Prober, origins: Origins, vpc: T.Vpc): void {
    const index = engine.index;
    const candidates = [...origins.of(vpc.id), ...connectedVpcs(index, vpc).flatMap((v) => origins.representatives(v))];
    const probed = new Set<string>();
    for (const table of facts.subnetTables(index, vpc.id)) {
        if (!table.routes.some((r) => facts.gwlbeTarget(index, r))) continue;
        const sources = facts.subnetsUsing(index, table).filter((s) => origins.has(s));
        for (const b of candidates) {
            if (!facts.gwlbeTarget(index, engine.route(table, b.cidr!.first).winner?.route)) continue;
            for (const a of sources) {
                // The mismatch seen from both sides of a pair is one problem, probed once.
                const pair = [a.id, b.id].sort().join('|');
                if (a.id === b.id || probed.has(pair) || !origins.canFlow(a, b)) continue;
                probed.add(pair);
                prober.probe(origins.end(a), origins.end(b));
            }
        }
    }
}

/** VPCs a VPC's traffic can reach without the internet: its peers and the VPCs attached to its TGWs. */
function connectedVpcs(index: TopologyIndex, vpc: T.Vpc): T.Id<'vpc'>[] {
    const out = new Set<T.Id<'vpc'>>();
    for (const p of index.peeringsByVpc.get(vpc.id) ?? []) out.add(index.peerOf(p, vpc.id));
    for (const att of index.attachmentsByVpc.get(vpc.id) ?? [])
        for (const other of index.get(att.tgw)?.attachments ?? []) {
            const v = index.get(other)?.vpc;
            if (v) out.add(v);
        }
    out.delete(vpc.id);
    return [...out];
}

/** Spoke flows a TGW route table sends to an attachment of a VPC with GWLBEs. */
function throughTransitGateways(
    engine: TraceEngine,
    prober: Prober,
    origins: Origins,
    inspected: ReadonlySet<T.Id<'vpc'>>,
): void {
    const index = engine.index;
    for (const tgw of index.topology.transitGateways) {
        const atts = tgw.attachments.map((id) => index.get(id)).filter((a): a is T.TgwAttachment => !!a);
        if (!atts.some((a) => inspected.has(a.vpc))) continue;
        for (const src of atts) {
            const table = index.get(src.association);
            if (!table) continue;
            // The TGW hands this traffic to an inspected VPC other than the spoke's own.
            const toInspection = (ip: number): boolean => {
                const r = engine.tgwRoute(table, ip);
                const next = r?.target.kind === 'attachment' ? index.get(r.target.id) : undefined;
                return !!next && next.vpc !== src.vpc && inspected.has(next.vpc);
            };
            const viaTgw = (s: T.Subnet, ip: number): boolean => {
                const rt = index.get(s.routeTable);
                const t = rt ? engine.route(rt, ip).winner?.route.target : undefined;
                return t?.kind === 'element' && t.id === tgw.id;
            };
            const sources = origins.representatives(src.vpc);
            if (toInspection(facts.INTERNET_PROBE))
                for (const a of sources)
                    if (origins.hosts(a).length > 0 && viaTgw(a, facts.INTERNET_PROBE))
                        prober.probe(origins.end(a), INTERNET);
            for (const dst of atts) {
                if (dst.vpc === src.vpc) continue;
                for (const b of origins.representatives(dst.vpc)) {
                    if (!toInspection(b.cidr!.first)) continue;
                    for (const a of sources)
                        if (origins.canFlow(a, b) && viaTgw(a, b.cidr!.first))
                            prober.probe(origins.end(a), origins.end(b));
                }
            }
        }
    }
}

const INTERNET: TraceEnd = { kind: 'internet' };

// ------------------------------------------------------------------ tracing and grouping

interface Group {
    readonly at: Anchor;
    readonly subjects: string[];
    readonly flows: FlowClaim[];
    readonly message: (subjects: string) => string;
    readonly related: readonly RelatedAnchor[];
    /** For the quick fix: retarget the reported route to `retarget`, or add `addRoute` to a table. */
    readonly data?: AsymmetricData;
}

/** What one asymmetric flow says: where to point, and the key of the two routes that disagree. */
type Explained = Omit<Group, 'subjects' | 'flows'> & { readonly key: string };

class Prober {
    private readonly probed = new Set<string>();
    private readonly groups = new Map<string, Group>();

    constructor(
        private readonly engine: TraceEngine,
        private readonly origins: Origins,
    ) {}

    probe(from: FlowStart, to: TraceEnd): void {
        const key = JSON.stringify([from, to]);
        if (this.probed.has(key)) return;
        this.probed.add(key);
        const result = this.engine.trace(from, to);
        if (result.verdict !== 'blocked' || result.reason !== 'asymmetric-return') return;
        const e = explain(this.engine.index, from, to, result);
        if (!e) return;
        const subject = `from ${this.origins.name(from)} to ${this.origins.name(to)}`;
        const claim = facts.flowClaim(from, to, result);
        const g = this.groups.get(e.key);
        if (g) {
            if (!g.subjects.includes(subject)) g.subjects.push(subject);
            g.flows.push(claim);
        } else this.groups.set(e.key, { ...e, subjects: [subject], flows: [claim] });
    }

    findings(): Finding<AsymmetricData>[] {
        return [...this.groups.values()].map((g) => ({
            at: g.at,
            message: g.message(subjectList(g.subjects)),
            related: g.related.slice(0, facts.MAX_RELATED),
            flows: g.flows,
            ...(g.data ? { data: g.data } : {}),
        }));
    }
}

function subjectList(subjects: readonly string[]): string {
    const shown = subjects.slice(0, 3).join(', ');
    return subjects.length > 3 ? `${shown} and ${subjects.length - 3} more` : shown;
}

// ------------------------------------------------------------------ which route is wrong

/** A route decision of the trace, as a model route. */
interface Leg {
    readonly table: T.RouteTable;
    readonly route: T.Route;
    readonly i: number;
}

function leg(index: TopologyIndex, hops: readonly Hop[], i: number): Leg | undefined {
    const h = hops[i];
    if (h?.kind !== 'route-table' || !h.route) return undefined;
    const table = index.get(h.route.table);
    const route = table?.routes[h.route.index];
    return table && route ? { table, route, i } : undefined;
}

/** The last route decision before hop `i`: the one that sent the packet there. */
function legBefore(index: TopologyIndex, hops: readonly Hop[], i: number): Leg | undefined {
    for (let j = i - 1; j >= 0; j--) if (hops[j].kind === 'route-table') return leg(index, hops, j);
    return undefined;
}

/** The first route decision taken in a VPC's tables, from hop `from` on. */
function firstLegIn(index: TopologyIndex, hops: readonly Hop[], vpc: T.Id<'vpc'>, from = 0): Leg | undefined {
    for (let j = from; j < hops.length; j++) {
        const l = leg(index, hops, j);
        if (l?.table.vpc === vpc) return l;
    }
    return undefined;
}

const legKey = (l: Leg | undefined, fallback: string): string =>
    l ? `${l.table.id}#${l.table.routes.indexOf(l.route)}` : fallback;

/** The GWLBEs a path passes, in order, with the index of each one's ENI hop. */
function gwlbeHops(index: TopologyIndex, hops: readonly Hop[]): Array<{ ep: T.Endpoint; i: number }> {
    const out: Array<{ ep: T.Endpoint; i: number }> = [];
    hops.forEach((h, i) => {
        const e = h.kind === 'endpoint-eni' ? index.get(parseIdOf(h.id ?? '', 'endpoint')) : undefined;
        if (facts.isGwlbe(e)) out.push({ ep: e, i });
    });
    return out;
}

/**
 * Before hop `until` of the reply, the reply entered an attachment without appliance mode in another AZ than the
 * request did: the TGW, not a route, sent it to another AZ's endpoint (tgw-appliance-mode's finding).
 */
function azFlip(index: TopologyIndex, r: TraceResult, until: number): boolean {
    return r.return
        .slice(0, until)
        .some(
            (b) =>
                b.kind === 'tgw-attachment' &&
                !!b.az &&
                !index.get(parseIdOf(b.id ?? '', 'tgw-attachment'))?.applianceMode &&
                r.forward.some((f) => f.kind === 'tgw-attachment' && f.id === b.id && !!f.az && !sameAz(f.az, b.az)),
        );
}

/** Where to point when the offending route is implicit: the table if written, else a subnet that uses it. */
function tableAnchor(index: TopologyIndex, table: T.RouteTable): Anchor {
    if (table.src && !table.implicit) return { src: table.src };
    return { src: facts.subnetsUsing(index, table)[0]?.src, prop: 'routeTable' };
}

const routeAnchor = (index: TopologyIndex, l: Leg): Anchor =>
    l.route.src ? facts.targetAnchor(l.route) : tableAnchor(index, l.table);

const requestRelated = (l: Leg | undefined, message: string): RelatedAnchor[] =>
    l ? [{ src: l.route.src ?? l.table.src, message }] : [];

/** The subnet a trace end lives in (a host's, or the subnet itself). */
function subnetOf(index: TopologyIndex, e: FlowStart): T.Subnet | undefined {
    if (e.kind !== 'element') return undefined;
    const el = index.get(e.id);
    if (el?.kind === 'subnet') return el;
    return facts.isHost(el) ? index.get(el.subnet) : undefined;
}

const DROP = 'the GWLB drops a flow whose reply does not pass the same endpoint (GWLB User Guide)';

function explain(index: TopologyIndex, from: FlowStart, to: TraceEnd, r: TraceResult): Explained | undefined {
    const fwd = gwlbeHops(index, r.forward);
    const back = gwlbeHops(index, r.return);
    if (fwd.length === 0 && back.length === 0) return undefined;
    const missing = fwd.find((f) => !back.some((b) => b.ep.id === f.ep.id));
    const extra = back.find((b) => !fwd.some((f) => f.ep.id === b.ep.id));
    if (extra) {
        // The reply is sent to an endpoint that never saw the request: the route that sent it there is wrong.
        const y = extra.ep;
        const reply = legBefore(index, r.return, extra.i);
        if (!reply || azFlip(index, r, extra.i)) return undefined;
        const x = missing?.ep;
        const request = missing ? legBefore(index, r.forward, missing.i) : firstLegIn(index, r.forward, y.vpc);
        const requestText = request ? ` (${request.table.name}: ${facts.routeLabel(index, request.route)})` : '';
        return {
            key: [legKey(request, 'none'), legKey(reply, '')].sort().join('|'),
            at: routeAnchor(index, reply),
            message: (subjects) =>
                `Traffic ${subjects} passes ${x ? x.name : 'no GWLB endpoint'}${requestText}, but ${reply.table.name} sends the replies to ${y.name} (${facts.routeLabel(index, reply.route)})${x ? `, not back through ${x.name}` : ''}: ${DROP}.`,
            related: [
                ...requestRelated(request, `${request?.table.name} sends the request ${x ? `to ${x.name}` : 'here'}`),
                x
                    ? { src: x.src, message: `${x.name} saw the request` }
                    : { src: y.src, message: `${y.name} sees only the reply` },
            ],
            ...(x && reply.route.src && reply.route.target.kind === 'element' ? { data: { retarget: x.name } } : {}),
        };
    }
    if (!missing) return undefined;
    const x = missing.ep;
    const request = legBefore(index, r.forward, missing.i);
    if (!request) return undefined;
    if (r.return[0]?.kind === 'internet') return missedEdgeRoute(index, r, x, request);
    // The reply skips the endpoint: the first route its VPC's tables choose for it is the one that should name it.
    const reply = firstLegIn(index, r.return, x.vpc);
    if (reply && azFlip(index, r, reply.i)) return undefined;
    if (!reply) return unroutableReply(index, from, x, request);
    const source = subnetOf(index, from);
    const destination = from.kind === 'element' ? source?.cidr?.canonical : '0.0.0.0/0';
    const replier = subnetOf(index, to);
    return {
        key: [legKey(request, ''), legKey(reply, '')].sort().join('|'),
        at: routeAnchor(index, reply),
        message: (subjects) =>
            `${request.table.name} sends traffic ${subjects} through ${x.name} (${facts.routeLabel(index, request.route)}), but ${reply.table.name} sends the replies ${describeBack(index, reply.route, x)}: ${DROP}; route the source's range in ${reply.table.name} to ${x.name}.`,
        related: [
            ...requestRelated(request, `${request.table.name} sends the request through ${x.name}`),
            { src: x.src, message: `${x.name} saw the request` },
            ...(reply.table.implicit && replier
                ? [{ src: replier.src, message: `${replier.name} uses ${reply.table.name}` }]
                : []),
        ],
        ...(reply.route.src && reply.route.target.kind === 'element'
            ? { data: { retarget: x.name } }
            : !reply.table.implicit && destination
              ? { data: { addRoute: { table: reply.table.id, destination, target: x.name } } }
              : {}),
    };
}

/**
 * A request that passes a GWLBE on its way out to the IGW, whose reply comes back from the internet without passing it:
 * the IGW's edge table has no route that sends it there. The finding points at the request's route (there is no
 * route to point at) and offers to add the edge route (VPC User Guide, "Gateway route tables").
 */
function missedEdgeRoute(index: TopologyIndex, r: TraceResult, x: T.Endpoint, request: Leg): Explained | undefined {
    const at = r.return.findIndex((h) => h.kind === 'igw');
    const igw = at >= 0 ? index.get(parseIdOf(r.return[at].id ?? '', 'igw')) : undefined;
    if (!igw) return undefined;
    const edge = leg(index, r.return, at + 1);
    // Where the IGW delivered the reply: the NAT gateway that translated the request, or the host itself.
    let target: T.Subnet | undefined;
    for (const h of r.return.slice(at + 1)) {
        const e = index.get(h.id);
        target = e?.kind === 'nat' || facts.isHost(e) ? index.get(e.subnet) : e?.kind === 'subnet' ? e : undefined;
        if (target) break;
    }
    const edges = index.edgeTables.get(igw.id) ?? [];
    // An edge route written for the subnet that names something else (an appliance ENI) is the one to retarget.
    const wrongEdge = edge?.route.src && edge.route.target.kind === 'element' ? edge : undefined;
    return {
        key: [legKey(request, ''), legKey(edge, igw.id)].sort().join('|'),
        at: routeAnchor(index, wrongEdge ?? request),
        message: (subjects) =>
            `${request.table.name} sends traffic ${subjects} through ${x.name} and ${igw.name}, but no edge route of ${igw.name} sends the replies${target ? ` for ${target.name}` : ''} back to ${x.name}, so they reach ${target ? 'it' : 'the VPC'} directly, bypassing the appliance: add an edge route for the subnet to ${x.name} (VPC User Guide, gateway route tables).`,
        related: [
            { src: x.src, message: `${x.name} sees the outbound traffic` },
            ...edges.slice(0, 1).map((et) => ({
                src: et.src,
                message: `${et.name} has no route${target ? ` for ${target.name}` : ''} to ${x.name}`,
            })),
        ],
        ...(wrongEdge
            ? { data: { retarget: x.name } }
            : edges[0] && target?.cidr
              ? { data: { addRoute: { table: edges[0].id, destination: target.cidr.canonical, target: x.name } } }
              : {}),
    };
}

/**
 * A request that passes a GWLBE on its way to another VPC, whose reply comes back over peering (or the TGW) to the
 * source without any route of the GWLBE's VPC choosing its way: nothing can send it through the endpoint (traffic
 * that arrives over a peering connection is delivered by the local route: VPC Peering Guide).
 */
function unroutableReply(index: TopologyIndex, from: FlowStart, x: T.Endpoint, request: Leg): Explained {
    const source = subnetOf(index, from);
    return {
        key: legKey(request, ''),
        at: routeAnchor(index, request),
        message: (subjects) =>
            `${request.table.name} sends traffic ${subjects} through ${x.name} (${facts.routeLabel(index, request.route)}), but the replies reach ${source?.name ?? 'the source'} without any route of its VPC choosing their way, so none can send them through ${x.name}: ${DROP}; inspect this traffic where both directions are routed.`,
        related: [{ src: x.src, message: `${x.name} saw the request` }],
    };
}

function describeBack(index: TopologyIndex, back: T.Route, x: T.Endpoint): string {
    if (back.target.kind === 'local') return `directly over the local route, bypassing ${x.name}`;
    return `via ${facts.routeLabel(index, back)}, bypassing ${x.name}`;
}
