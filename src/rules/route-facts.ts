/**
 * Small facts about VPC routes shared by the routing, edge-routing and internet-nat families: how to name a
 * route in a message, where to anchor a finding on it, and what kind of thing its target is.
 */
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import { type Cidr, mustParse, parseIp } from '../net/cidr.js';
import type { Anchor, RelatedAnchor } from './types.js';

/** A representative internet address: "where does this table send internet-bound traffic?". */
export const INTERNET_PROBE: number = (() => {
    const p = parseIp('8.8.8.8');
    return p.ok ? p.value : 0x08080808;
})();

/** Private and shared ranges (RFC 1918, RFC 6598): traffic to them is not internet-bound. */
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

/** Routes the user wrote (implicit local and gateway-endpoint routes have no source). */
export function writtenRoutes(table: T.RouteTable): T.Route[] {
    return table.routes.filter((r) => r.src !== undefined);
}

export function elementName(index: TopologyIndex, id: T.Id): string {
    return index.get(id)?.name ?? id.slice(id.indexOf(':') + 1);
}

export function destinationLabel(index: TopologyIndex, route: T.Route): string {
    return route.destination.kind === 'cidr'
        ? route.destination.cidr.text
        : elementName(index, route.destination.prefixList);
}

export function targetLabel(index: TopologyIndex, route: T.Route): string {
    const t = route.target;
    return t.kind === 'element' ? elementName(index, t.id) : t.kind;
}

/** `10.0.1.0/24 -> gwlbe-a`, as the user wrote it. */
export function routeLabel(index: TopologyIndex, route: T.Route): string {
    return `${destinationLabel(index, route)} -> ${targetLabel(index, route)}`;
}

export function destinationAnchor(route: T.Route): Anchor {
    return { src: route.src, prop: route.destination.kind === 'cidr' ? 'cidr' : 'prefixList' };
}

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

/** A stable key for a route's target, to compare targets. */
export function targetKey(route: T.Route): string {
    return route.target.kind === 'element' ? route.target.id : route.target.kind;
}

export function targetElement(index: TopologyIndex, route: T.Route): T.Element | undefined {
    return route.target.kind === 'element' ? index.get(route.target.id) : undefined;
}

/** A Gateway Load Balancer endpoint (a firewall endpoint would count as one too: DOMAIN.md §2.4). */
export function isGwlbEndpoint(e: T.Element | undefined): e is T.Endpoint & { readonly endpointType: 'gwlb' } {
    return e?.kind === 'endpoint' && e.endpointType === 'gwlb';
}

export function isHost(e: T.Element | undefined): e is T.Host {
    return e?.kind === 'instance' || e?.kind === 'eni';
}

/** The subnet an ENI-based hop sits in (GWLBE, appliance, zonal NAT): it forwards with that subnet's table. */
export function hopSubnet(e: T.Element | undefined): T.Id<'subnet'> | undefined {
    if (!e) return undefined;
    if (e.kind === 'endpoint') return e.subnets[0];
    if (e.kind === 'instance' || e.kind === 'eni') return e.subnet;
    if (e.kind === 'nat') return e.subnet;
    return undefined;
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
