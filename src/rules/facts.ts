/**
 * The words and anchors the rule families share: how to name a route, a target or an AZ in a message, where to
 * anchor a finding on a route, which elements play which part (GWLB endpoints, hosts, ENI-based hops), and the
 * probe addresses that stand for a route's traffic. Which route carries a packet is never decided here: rules ask
 * `ctx.engine` (src/trace/engine.ts), the same engine the tracer uses.
 */
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import { type Cidr, containsIp, formatIp, mustParse } from '../net/cidr.js';
import type { TraceEngine } from '../trace/engine.js';
import type { FlowOptions } from '../trace/trace-request.js';
import type { FlowStart, TraceEnd, TraceOptions, TraceResult } from '../trace/types.js';
import type { Anchor, FlowClaim, RelatedAnchor } from './types.js';

/** A representative internet address: "where does this table send internet-bound traffic?". */
export const INTERNET_PROBE: number = mustParse('8.8.8.8/32').first;

/** Keeps related information short: a diagnostic with 40 related items helps no one. */
export const MAX_RELATED = 8;

/** Private and shared ranges (RFC 1918, RFC 6598, link-local): traffic to them is not internet-bound. */
const NON_INTERNET: readonly Cidr[] = [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '169.254.0.0/16',
].map(mustParse);

export function isInternetBound(block: Cidr): boolean {
    return !NON_INTERNET.some((p) => p.first <= block.first && block.last <= p.last);
}

// ------------------------------------------------------------------ names in messages

function elementName(index: TopologyIndex, id: T.Id): string {
    return index.get(id)?.name ?? id.slice(id.indexOf(':') + 1);
}

/** `0.0.0.0/0` or the prefix list's name, as written. */
export function destinationLabel(index: TopologyIndex, route: T.Route): string {
    return route.destination.kind === 'cidr'
        ? route.destination.cidr.text
        : elementName(index, route.destination.prefixList);
}

/** The target as written: `igw`, `ep-a`, `local`, `blackhole`. */
export function targetLabel(index: TopologyIndex, route: T.Route): string {
    const t = route.target;
    return t.kind === 'element' ? elementName(index, t.id) : t.kind;
}

/** `10.0.1.0/24 -> gwlbe-a`, as the user wrote it. */
export function routeLabel(index: TopologyIndex, route: T.Route): string {
    return `${destinationLabel(index, route)} -> ${targetLabel(index, route)}`;
}

/** `inspect-svc` for a GWLBE's service, as the user can reference it. */
export function serviceLabel(ep: T.Endpoint): string {
    if (ep.service.kind === 'unresolved') return ep.service.text;
    return ep.service.id.slice(ep.service.id.indexOf(':') + 1);
}

// ------------------------------------------------------------------ anchors

export function destinationAnchor(route: T.Route): Anchor {
    return { src: route.src, prop: route.destination.kind === 'cidr' ? 'cidr' : 'prefixList' };
}

/** Points at the route's target token (`ep-a`, `igw`, `local`, `blackhole`). */
export function targetAnchor(route: T.Route): Anchor {
    const prop = route.target.kind === 'local' ? 'local' : route.target.kind === 'blackhole' ? 'blackhole' : 'target';
    return { src: route.src, prop };
}

/** The whole route as related information; implicit routes point at what caused them. */
export function routeRelated(index: TopologyIndex, route: T.Route, message: string): RelatedAnchor {
    const src = route.src ?? index.get(route.origin_element)?.src;
    return { src, message };
}

export function elementRelated(index: TopologyIndex, id: T.Id | undefined, message: string): RelatedAnchor {
    return { src: index.get(id)?.src, message };
}

// ------------------------------------------------------------------ keys

/** A stable key for a route's target, to compare targets. */
export function targetKey(route: T.Route): string {
    return route.target.kind === 'element' ? route.target.id : route.target.kind;
}

/** The key to group GWLBEs by service. */
export function serviceKey(ep: T.Endpoint): string {
    return ep.service.kind === 'unresolved' ? `unresolved:${ep.service.text}` : ep.service.id;
}

export function azKey(az: T.AzRef): string {
    return az.id ?? az.name;
}

// ------------------------------------------------------------------ what plays which part

/** A Gateway Load Balancer endpoint (a Network Firewall endpoint counts as one: it is a GWLBE AWS manages). */
export function isGwlbe(e: T.Element | undefined): e is T.Endpoint & { readonly endpointType: 'gwlb' } {
    return e?.kind === 'endpoint' && e.endpointType === 'gwlb';
}

export function isHost(e: T.Element | undefined): e is T.Host {
    return e?.kind === 'instance' || e?.kind === 'eni';
}

export function targetElement(index: TopologyIndex, route: T.Route): T.Element | undefined {
    return route.target.kind === 'element' ? index.get(route.target.id) : undefined;
}

/** The GWLBE a route sends traffic to, if its target is one. */
export function gwlbeTarget(index: TopologyIndex, route: T.Route | undefined): T.Endpoint | undefined {
    if (!route || route.target.kind !== 'element' || route.target.elementKind !== 'endpoint') return undefined;
    const e = index.get(route.target.id);
    return isGwlbe(e) ? e : undefined;
}

/** A GWLBE lives in one subnet and so in one AZ (GWLB User Guide); the first ENI is that home. */
export function gwlbeAz(ep: T.Endpoint): T.AzRef | undefined {
    return ep.enis[0]?.az;
}

export function gwlbesOfVpc(index: TopologyIndex, vpcId: T.Id<'vpc'>): T.Endpoint[] {
    return (index.endpointsByVpc.get(vpcId) ?? []).filter(isGwlbe);
}

/** Subnets that hold a GWLBE ENI: infrastructure, not the workloads whose traffic is inspected. */
export function gwlbeSubnets(index: TopologyIndex, vpcId: T.Id<'vpc'>): Set<T.Id<'subnet'>> {
    const out = new Set<T.Id<'subnet'>>();
    for (const ep of gwlbesOfVpc(index, vpcId)) for (const eni of ep.enis) out.add(eni.subnet);
    return out;
}

// ------------------------------------------------------------------ tables and blocks

/** Routes the user wrote (implicit local and gateway-endpoint routes have no source). */
export function writtenRoutes(table: T.RouteTable): T.Route[] {
    return table.routes.filter((r) => r.src !== undefined);
}

/** Tables of the VPC that some subnet uses (its association or the main table). */
export function subnetTables(index: TopologyIndex, vpcId: T.Id<'vpc'>): T.RouteTable[] {
    const seen = new Map<T.Id<'route-table'>, T.RouteTable>();
    for (const s of index.subnetsByVpc.get(vpcId) ?? []) {
        const rt = index.get(s.routeTable);
        if (rt && !seen.has(rt.id)) seen.set(rt.id, rt);
    }
    return [...seen.values()];
}

/**
 * The subnets whose traffic a table routes: those associated with it, or with no association when it is the main table.
 */
export function subnetsUsing(index: TopologyIndex, table: T.RouteTable): T.Subnet[] {
    return (index.subnetsByVpc.get(table.vpc) ?? []).filter((s) => s.routeTable === table.id);
}

/** Gateway route tables of the VPC's internet gateways (VPC User Guide, "Gateway route tables"). */
export function igwEdgeTables(index: TopologyIndex, vpcId: T.Id<'vpc'>): T.RouteTable[] {
    const vpc = index.get(vpcId);
    if (!vpc || vpc.kind !== 'vpc') return [];
    return vpc.igws.flatMap((g) => index.edgeTables.get(g) ?? []);
}

/** The blocks a route stands for (its CIDR, or its prefix list's entries). */
export function destinationBlocks(index: TopologyIndex, route: T.Route): readonly Cidr[] {
    if (route.destination.kind === 'cidr') return [route.destination.cidr];
    return index.get(route.destination.prefixList)?.entries ?? [];
}

/**
 * The address that stands for the traffic a route carries: a public address when the destination covers the
 * internet (0.0.0.0/0 and other broad ranges), else the first address of its first block.
 */
export function probeFor(index: TopologyIndex, route: T.Route): { ip: number; label: string } | undefined {
    const blocks = destinationBlocks(index, route);
    if (blocks.some((b) => containsIp(b, INTERNET_PROBE)))
        return { ip: INTERNET_PROBE, label: `internet-bound traffic (e.g. ${formatIp(INTERNET_PROBE)})` };
    const first = blocks[0];
    if (!first) return undefined;
    return { ip: first.first, label: `traffic for ${destinationLabel(index, route)}` };
}

/**
 * An address whose traffic `route` carries in `table`: the route's probe (probeFor) unless a more specific route takes
 * it, else an address just beside a more specific route or a block of the table's own VPC (the local routes), or the
 * last address of the destination; never one inside the `source` subnet. Undefined when other routes take the whole
 * destination.
 */
export function winningProbe(
    engine: TraceEngine,
    table: T.RouteTable,
    route: T.Route,
    source?: T.Subnet,
): { ip: number; label: string } | undefined {
    const first = probeFor(engine.index, route);
    if (!first) return undefined;
    // Traffic within the source's own subnet never consults a route table (VPC User Guide, "Route tables": the local
    // route), so such an address stands for no traffic of this route.
    const wins = (ip: number): boolean =>
        !(source?.cidr && containsIp(source.cidr, ip)) && engine.route(table, ip).winner?.route === route;
    if (wins(first.ip)) return first;
    const blocks = destinationBlocks(engine.index, route);
    const candidates: number[] = blocks.map((b) => b.last);
    if (source?.cidr) candidates.push(source.cidr.first - 1, source.cidr.last + 1);
    for (const other of table.routes)
        for (const o of destinationBlocks(engine.index, other)) candidates.push(o.first - 1, o.last + 1);
    for (const ip of candidates) {
        if (ip < 0 || ip > 0xffffffff || !blocks.some((b) => containsIp(b, ip)) || !wins(ip)) continue;
        return { ip, label: `traffic for ${destinationLabel(engine.index, route)} (e.g. ${formatIp(ip)})` };
    }
    return undefined;
}

/** The trace end that stands for an address: the internet for the internet probe, else the address. */
export function probeEnd(ip: number): TraceEnd {
    return ip === INTERNET_PROBE ? { kind: 'internet' } : { kind: 'ip', ip: formatIp(ip) };
}

/** The VPC block a CIDR lies strictly inside, if any. */
export function enclosingBlock(vpc: T.Vpc, c: Cidr): { block: Cidr; index: number } | undefined {
    for (let i = 0; i < vpc.cidrs.length; i++) {
        const b = vpc.cidrs[i];
        if (b.first <= c.first && c.last <= b.last && !(b.first === c.first && b.last === c.last))
            return { block: b, index: i };
    }
    return undefined;
}

export function isVpcBlock(vpc: T.Vpc, c: Cidr): boolean {
    return vpc.cidrs.some((b) => b.first === c.first && b.last === c.last);
}

/** The subnet of the VPC whose CIDR is exactly `c`. */
export function subnetWithCidr(subnets: readonly T.Subnet[] | undefined, c: Cidr): T.Subnet | undefined {
    return subnets?.find((s) => s.cidr !== undefined && s.cidr.first === c.first && s.cidr.last === c.last);
}

// ------------------------------------------------------------------ flows

/** The claim a finding makes about a flow it traced: the tracer's own verdict, reason and stopping point. */
export function flowClaim(
    from: FlowStart,
    to: TraceEnd,
    result: TraceResult,
    options?: TraceOptions & FlowOptions,
): FlowClaim {
    const stop =
        result.stoppedIn === 'forward'
            ? result.forward[result.stoppedAt ?? -1]
            : result.stoppedIn === 'return'
              ? result.return[result.stoppedAt ?? -1]
              : undefined;
    return {
        from,
        to,
        ...(options ? { options } : {}),
        verdict: result.verdict,
        reason: result.reason,
        ...(stop?.id ? { stopsAt: stop.id } : {}),
    };
}
