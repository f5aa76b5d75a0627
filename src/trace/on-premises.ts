/**
 * On-premises networks in a trace. A network written `on-premises dc 192.168.0.0/16 via vgw-a` is reached through
 * its virtual private gateways (VPN or Direct Connect); a VGW alone stands for the network behind it. As a source, a
 * flow enters the VPC at the VGW and is routed by the VGW's edge table when it has one, else by the local route (VPC
 * User Guide, "Gateway route tables"); as a destination, it leaves through a subnet's route to the VGW (static or
 * propagated: Site-to-Site VPN User Guide, "Route tables and VPN route priority").
 *
 * A VGW carries traffic only to and from its own VPC: traffic from on-premises cannot go on through the VPC's
 * internet gateway, NAT gateway, gateway endpoint, peering connections or transit gateway (VPC Peering Guide, "Edge
 * to edge routing through a gateway or private connection",
 * https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#edge-to-edge-vgw).
 */
import { containsIp, formatIp, type Cidr } from '../net/cidr.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import type { Hop, Reason } from './types.js';
import type { Start } from './walker.js';

/** An on-premises end: the address that stands for it, the VGWs that reach it, and the one a flow uses. */
interface OnPremisesEnd {
    readonly ip: number;
    readonly vgws: readonly T.Id<'vgw'>[];
    readonly vgw: T.Vgw;
    readonly hop: Hop;
}

/** The on-premises network that holds an address outside every VPC. */
export function onPremisesOf(engine: TraceEngine, ip: number): T.OnPremises | undefined {
    if (engine.topology.vpcs.some((v) => v.cidrs.some((c) => containsIp(c, ip)))) return undefined;
    return engine.topology.onPremises.find((n) => n.cidrs.some((c) => containsIp(c, ip)));
}

/** The hop of an address in an on-premises network, if it is in one. */
export function onPremisesHop(engine: TraceEngine, ip: number, what: string): Hop | undefined {
    const net = onPremisesOf(engine, ip);
    return net ? { kind: 'on-premises', id: net.id, name: net.name, detail: `${what} (${formatIp(ip)})` } : undefined;
}

/** A readable address in a block: the tenth, or the block's last for a tiny one (192.168.0.10). */
function representative(c: Cidr): number {
    return Math.min(c.first + 10, c.last);
}

/**
 * An on-premises network or a VGW as a trace end. `ip`: the address written, when the end is an address. `towards`:
 * the VPC at the other end, whose VGW the flow uses (else the first one written).
 */
export function onPremisesEnd(
    engine: TraceEngine,
    end: T.OnPremises | T.Vgw,
    towards: T.Id<'vpc'> | undefined,
    ip?: number,
): OnPremisesEnd | { readonly fail: string } {
    const index = engine.index;
    if (end.kind === 'vgw') {
        const block = ip === undefined ? blockBehind(engine, end) : undefined;
        const address = ip ?? (block ? representative(block) : undefined);
        if (address === undefined)
            return {
                fail: `Nothing is known to lie behind VGW ${end.name}: declare the network (on-premises <name> <cidr> via ${end.name}) or a route to the VGW.`,
            };
        const net = onPremisesOf(engine, address);
        return {
            ip: address,
            vgws: [end.id],
            vgw: end,
            hop: {
                kind: 'on-premises',
                ...(net ? { id: net.id } : {}),
                name: net?.name ?? `on-premises (${end.name})`,
                detail: `an address behind VGW ${end.name} (${formatIp(address)})`,
            },
        };
    }
    const vgws = end.vgws.map((v) => index.get(v)).filter((v): v is T.Vgw => !!v);
    const vgw = vgws.find((v) => v.vpc === towards) ?? vgws[0];
    if (!vgw) return { fail: `On-premises network ${end.name} is reached through no VGW.` };
    const address = ip ?? (end.cidrs[0] ? representative(end.cidrs[0]) : undefined);
    if (address === undefined) return { fail: `On-premises network ${end.name} has no valid CIDR block.` };
    return {
        ip: address,
        vgws: end.vgws,
        vgw,
        hop: {
            kind: 'on-premises',
            id: end.id,
            name: end.name,
            detail: `an address in on-premises network ${end.name} (${formatIp(address)}), through VGW ${vgw.name}`,
        },
    };
}

/** The first block a route of the VGW's VPC sends to it: what the VPC knows lies behind it. */
function blockBehind(engine: TraceEngine, vgw: T.Vgw): Cidr | undefined {
    const net = engine.topology.onPremises.find((n) => n.vgws.includes(vgw.id) && n.cidrs.length > 0);
    if (net) return net.cidrs[0];
    for (const table of engine.topology.routeTables) {
        if (table.vpc !== vgw.vpc) continue;
        for (const r of table.routes)
            if (r.target.kind === 'element' && r.target.id === vgw.id && r.destination.kind === 'cidr')
                return r.destination.cidr;
    }
    return undefined;
}

/** Where a flow from on-premises starts: at the VGW, with the on-premises address as source. */
export function onPremisesSource(end: OnPremisesEnd): { start: Start; ip: number; hop: Hop } {
    return { start: { at: 'edge', igw: end.vgw, vpc: end.vgw.vpc }, ip: end.ip, hop: end.hop };
}

/**
 * Edge to edge: a packet that arrives at a VGW for an address outside the VGW's VPC goes no further. The reason names
 * what the VPC would have used, as for peering: its gateway endpoint (`gateway-endpoint-not-transitive`), its NAT
 * gateway (`nat-source-not-in-vpc`: VPC User Guide, "NAT gateways"), else `vgw-not-transitive`.
 */
export function vgwEdgeToEdge(
    engine: TraceEngine,
    vgw: T.Vgw,
    dst: number,
): { readonly reason: Reason; readonly message: string } | undefined {
    const index = engine.index;
    const vpc = index.get(vgw.vpc);
    if (!vpc || vpc.cidrs.some((c) => containsIp(c, dst))) return undefined;
    const gw = (index.endpointsByVpc.get(vpc.id) ?? []).find(
        (e) => e.endpointType === 'gateway' && inServicePrefixList(engine, e, dst),
    );
    if (gw)
        return {
            reason: 'gateway-endpoint-not-transitive',
            message: `${formatIp(dst)} is behind gateway endpoint ${gw.name} of VPC ${vpc.name}, which traffic from on-premises (VGW ${vgw.name}) cannot use.`,
        };
    const nat = natFor(engine, vpc.id, dst);
    if (nat)
        return {
            reason: 'nat-source-not-in-vpc',
            message: `${formatIp(dst)} would need NAT gateway ${nat.name} of VPC ${vpc.name}, which does not translate traffic that entered through VGW ${vgw.name}.`,
        };
    return {
        reason: 'vgw-not-transitive',
        message: `${formatIp(dst)} is not in VPC ${vpc.name}; VGW ${vgw.name} carries traffic only to and from its own VPC, never on through its internet gateway, peering or transit gateway.`,
    };
}

/** A NAT gateway the VPC's own subnets would use for this destination, if any. */
/** A NAT gateway that the VPC's own subnets would use for this destination, if any (for the edge-to-edge reasons). */
export function natFor(engine: TraceEngine, vpc: T.Id<'vpc'>, dst: number): T.Nat | undefined {
    for (const s of engine.index.subnetsByVpc.get(vpc) ?? []) {
        const table = engine.index.get(s.routeTable);
        const t = table ? engine.route(table, dst).winner?.route.target : undefined;
        if (t?.kind === 'element' && t.elementKind === 'nat') return engine.index.get(t.id);
    }
    return undefined;
}

/** Is the address in the AWS-managed prefix list of the gateway endpoint's service, in its region? */
export function inServicePrefixList(engine: TraceEngine, ep: T.Endpoint, ip: number): boolean {
    return engine.topology.prefixLists.some(
        (pl) =>
            pl.managed &&
            ep.service.kind === 'aws' &&
            pl.managed.service === ep.service.name &&
            pl.managed.region === ep.serviceRegion &&
            pl.entries.some((c) => containsIp(c, ip)),
    );
}
