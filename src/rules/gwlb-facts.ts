/**
 * Facts the GWLB rules share: which route targets a GWLBE, where a GWLBE lives, which tables a VPC uses
 * for subnets and for its IGW (ingress routing), and the probe address that stands for a route's traffic.
 * Route selection always goes through RouteLookup (src/trace/route-lookup.ts), never a copy of it.
 */
import { containsIp, formatIp, mustParse, type Cidr } from '../net/cidr.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { AzRef, Endpoint, Id, PrefixList, Route, RouteTable, Topology } from '../model/topology.js';
import { routeLookupFor } from '../trace/route-lookup.js';
import type { Anchor } from './types.js';

/** The Topology's shared RouteLookup (one per Topology, also used by the tracer and the other rule families). */
export { routeLookupFor };

/** A public address that stands for "the internet" when asking a table where internet-bound traffic goes. */
export const INTERNET_PROBE: number = mustParse('8.8.8.8/32').first;

export function isGwlbe(e: unknown): e is Endpoint {
    return !!e && (e as Endpoint).kind === 'endpoint' && (e as Endpoint).endpointType === 'gwlb';
}

/** The GWLBE a route sends traffic to, if its target is one. */
export function gwlbeTarget(index: TopologyIndex, route: Route | undefined): Endpoint | undefined {
    if (!route || route.target.kind !== 'element' || route.target.elementKind !== 'endpoint') return undefined;
    const e = index.get(route.target.id);
    return isGwlbe(e) ? e : undefined;
}

/** A GWLBE lives in one subnet and so in one AZ (GWLB User Guide); the first ENI is that home. */
export function gwlbeAz(ep: Endpoint): AzRef | undefined {
    return ep.enis[0]?.az;
}

export function gwlbesOfVpc(index: TopologyIndex, vpcId: Id<'vpc'>): Endpoint[] {
    return (index.endpointsByVpc.get(vpcId) ?? []).filter(isGwlbe);
}

/** Subnets that hold a GWLBE ENI: infrastructure, not the workloads whose traffic is inspected. */
export function gwlbeSubnets(index: TopologyIndex, vpcId: Id<'vpc'>): Set<Id<'subnet'>> {
    const out = new Set<Id<'subnet'>>();
    for (const ep of gwlbesOfVpc(index, vpcId)) for (const eni of ep.enis) out.add(eni.subnet);
    return out;
}

/** Tables of the VPC that some subnet uses (its association or the main table). */
export function subnetTables(index: TopologyIndex, vpcId: Id<'vpc'>): RouteTable[] {
    const seen = new Map<Id<'route-table'>, RouteTable>();
    for (const s of index.subnetsByVpc.get(vpcId) ?? []) {
        const rt = index.get(s.routeTable);
        if (rt && !seen.has(rt.id)) seen.set(rt.id, rt);
    }
    return [...seen.values()];
}

/** Gateway route tables of the VPC's internet gateways (VPC User Guide, "Gateway route tables"). */
export function igwEdgeTables(index: TopologyIndex, vpcId: Id<'vpc'>): RouteTable[] {
    const vpc = index.get(vpcId);
    if (!vpc) return [];
    return vpc.igws.flatMap((g) => index.edgeTables.get(g) ?? []);
}

/** `inspect-svc` for a GWLBE's service, as the user can reference it; also the key to group GWLBEs by service. */
export function serviceLabel(ep: Endpoint): string {
    if (ep.service.kind === 'unresolved') return ep.service.text;
    return ep.service.id.slice(ep.service.id.indexOf(':') + 1);
}

export function serviceKey(ep: Endpoint): string {
    return ep.service.kind === 'unresolved' ? `unresolved:${ep.service.text}` : ep.service.id;
}

export function azKey(az: AzRef): string {
    return az.id ?? az.name;
}

/** The blocks a route stands for (its CIDR, or its prefix list's entries). */
export function destinationBlocks(topology: Topology, route: Route): readonly Cidr[] {
    if (route.destination.kind === 'cidr') return [route.destination.cidr];
    const pl = topology.byId[route.destination.prefixList] as PrefixList | undefined;
    return pl?.entries ?? [];
}

/** `0.0.0.0/0` or the prefix list's name, as written. */
export function destinationText(topology: Topology, route: Route): string {
    if (route.destination.kind === 'cidr') return route.destination.cidr.text;
    return topology.byId[route.destination.prefixList]?.name ?? route.destination.prefixList;
}

export function targetText(index: TopologyIndex, route: Route): string {
    if (route.target.kind === 'local') return 'local';
    if (route.target.kind === 'blackhole') return 'blackhole';
    return index.get(route.target.id)?.name ?? route.target.id;
}

/** `0.0.0.0/0 -> ep-a` */
export function routeText(index: TopologyIndex, route: Route): string {
    return `${destinationText(index.topology, route)} -> ${targetText(index, route)}`;
}

/** Points at the route's target token (`ep-a`, `igw`, `blackhole`). */
export function routeTargetAnchor(route: Route): Anchor {
    const prop = route.target.kind === 'blackhole' ? 'blackhole' : route.target.kind === 'local' ? 'local' : 'target';
    return { src: route.src, prop };
}

/**
 * The address that stands for the traffic a route carries: a public address when the destination covers
 * the internet (0.0.0.0/0 and other broad ranges), else the first address of its first block.
 */
export function probeFor(topology: Topology, route: Route): { ip: number; label: string } | undefined {
    const blocks = destinationBlocks(topology, route);
    if (blocks.some((b) => containsIp(b, INTERNET_PROBE)))
        return { ip: INTERNET_PROBE, label: `internet-bound traffic (e.g. ${formatIp(INTERNET_PROBE)})` };
    const first = blocks[0];
    if (!first) return undefined;
    return { ip: first.first, label: `traffic for ${destinationText(topology, route)}` };
}

/** Keeps related information short: a diagnostic with 40 related items helps no one. */
export const MAX_RELATED = 8;
