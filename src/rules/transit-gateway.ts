/**
 * Rule family: transit-gateway. Codes and severities are the public contract in docs/rules/README.md; the AWS
 * facts are from the Transit Gateway Guide ("Transit gateway attachments to a VPC", "Route tables",
 * "Appliance in a shared services VPC" / appliance mode) and the VPC User Guide ("Middlebox scenarios": every
 * ENI-based hop forwards with its own subnet's table). VPC route questions go through RouteLookup.
 */
import { azLabel, sameAz } from '../model/az.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type {
    AzRef,
    Element,
    Id,
    Route,
    RouteTable,
    Subnet,
    TgwAttachment,
    TgwRoute,
    TgwRouteTable,
    Vpc,
} from '../model/topology.js';
import { contains, containsIp } from '../net/cidr.js';
import type { TraceEngine } from '../trace/engine.js';
import { flowClaim, probeEnd, winningProbe } from './facts.js';
import { defineCheck, type FlowClaim, type RelatedAnchor, type RuleCheck } from './types.js';

/**
 * A VPC attachment has one ENI per chosen subnet, one subnet per AZ; a subnet in an AZ without one
 * cannot reach the TGW (Transit Gateway Guide, "VPC attachments").
 */
const attachmentMissingAz = defineCheck('tgw-attachment-missing-az', ({ topology, index, engine, report }) => {
    for (const vpc of topology.vpcs) {
        const atts = index.attachmentsByVpc.get(vpc.id) ?? [];
        if (atts.length === 0) continue;
        // Per table (shared by many subnets): the first route to each TGW.
        const tgwRoutes = new Map<Id<'route-table'>, Map<Id<'transit-gateway'>, Route>>();
        // Per TGW: this VPC's attachments to it, or undefined when there are none or one cannot be judged
        // (no attachment at all is another problem; an attachment subnet without an AZ cannot be judged).
        const attachmentsTo = new Map<Id<'transit-gateway'>, TgwAttachment[] | undefined>();
        const judged = (tgwId: Id<'transit-gateway'>): TgwAttachment[] | undefined => {
            if (attachmentsTo.has(tgwId)) return attachmentsTo.get(tgwId);
            const mine = atts.filter((a) => a.tgw === tgwId);
            const result =
                mine.length === 0 || mine.some((a) => attachmentSubnets(index, a).some((x) => !x.az))
                    ? undefined
                    : mine;
            attachmentsTo.set(tgwId, result);
            return result;
        };
        for (const s of index.subnetsByVpc.get(vpc.id) ?? []) {
            if (!s.az) continue;
            const rt = index.routeTableOfSubnet(s.id);
            let byTgw = rt ? tgwRoutes.get(rt.id) : undefined;
            if (!byTgw) {
                byTgw = new Map<Id<'transit-gateway'>, Route>();
                for (const r of rt?.routes ?? []) {
                    if (
                        r.target.kind === 'element' &&
                        r.target.elementKind === 'transit-gateway' &&
                        !byTgw.has(r.target.id)
                    )
                        byTgw.set(r.target.id, r);
                }
                if (rt) tgwRoutes.set(rt.id, byTgw);
            }
            for (const [tgwId, route] of byTgw) {
                const mine = judged(tgwId);
                if (!mine) continue;
                if (mine.some((a) => a.azs.some((az) => sameAz(az, s.az)))) continue;
                // The tracer judges: traffic of this subnet that the route carries to the TGW is refused there.
                const flow = tgwFlow(engine, s, rt, route);
                if (!flow) continue;
                const tgwName = index.get(tgwId)?.name ?? tgwId;
                const related: RelatedAnchor[] = mine.map((a) => ({
                    src: a.src,
                    prop: 'subnets',
                    message: `${a.name} has subnets in ${a.azs.map(azLabel).join(', ') || 'no AZ'} only`,
                }));
                related.push({
                    src: route.src,
                    message: `${rt?.name ?? 'its route table'} sends traffic to ${tgwName}`,
                });
                report({
                    at: { src: s.src, prop: 'az' },
                    flows: [flow],
                    message: `${s.name} is in ${azLabel(s.az)} and its table ${rt?.name ?? ''} routes to ${tgwName}, but ${mine.map((a) => a.name).join(', ')} has no subnet in that AZ: a VPC attachment only carries traffic from AZs where it has a subnet (Transit Gateway Guide), so add one there.`,
                    related,
                    data: { az: s.az.name, azId: s.az.id, attachment: mine[0].name },
                });
            }
        }
    }
});

/**
 * The flow of a subnet's traffic that `route` carries to the TGW, when the tracer finds it refused for want of an
 * attachment subnet in the AZ (Transit Gateway Guide, "VPC attachments").
 */
function tgwFlow(engine: TraceEngine, s: Subnet, rt: RouteTable | undefined, route: Route): FlowClaim | undefined {
    const probe = rt ? winningProbe(engine, rt, route, s) : undefined;
    if (!probe) return undefined;
    const from = { kind: 'element', id: s.id } as const;
    const to = probeEnd(probe.ip);
    const result = engine.trace(from, to, { forwardOnly: true });
    return result.reason === 'tgw-no-attachment-in-az' ? flowClaim(from, to, result, { forwardOnly: true }) : undefined;
}

/**
 * A VPC attachment takes one subnet per AZ: "You can specify only one subnet per Availability Zone" (EC2 API
 * Reference, CreateTransitGatewayVpcAttachment; Transit Gateway Guide, "Transit gateway attachments to a VPC").
 */
const attachmentDuplicateAz = defineCheck('tgw-attachment-duplicate-az', ({ topology, index, report }) => {
    for (const a of topology.tgwAttachments) {
        const seen: Array<{ az: AzRef; at: number }> = [];
        a.subnets.forEach((id, i) => {
            const az = index.get(id)?.az;
            if (!az) return;
            const first = seen.find((x) => sameAz(x.az, az));
            if (!first) {
                seen.push({ az, at: i });
                return;
            }
            const x = index.get(a.subnets[first.at]);
            const y = index.get(id);
            report({
                at: { src: a.src, prop: 'subnets', index: i },
                message: `TGW attachment '${a.name}' has subnets '${x?.name}' and '${y?.name}' in the same AZ ${azLabel(az)}; a VPC attachment takes at most one subnet per AZ (Transit Gateway Guide, "Transit gateway attachments to a VPC"), so AWS refuses it.`,
                related: [
                    {
                        src: a.src,
                        prop: 'subnets',
                        index: first.at,
                        message: `'${x?.name}' is already this attachment's subnet in ${azLabel(az)}.`,
                    },
                ],
            });
        });
    }
});

function attachmentSubnets(index: TopologyIndex, a: TgwAttachment): Subnet[] {
    return a.subnets.map((id) => index.get(id)).filter((s): s is Subnet => !!s);
}

/**
 * Each attachment is associated with exactly one TGW route table; without one it cannot route (Transit Gateway Guide).
 */
const attachmentUnassociated = defineCheck('tgw-attachment-unassociated', ({ topology, report }) => {
    for (const a of topology.tgwAttachments) {
        // A written but unresolved `associate x` is reported by the linker, not here.
        if (a.association || a.src?.props['association']) continue;
        report({
            at: { src: a.src },
            message: `${a.name} is associated with no route table of its transit gateway, so the TGW has no route for traffic arriving from it (Transit Gateway Guide, route table association); add \`associate <route-table>\`.`,
        });
    }
});

/**
 * Appliance mode (Transit Gateway Guide, "Appliance mode"): when traffic between two OTHER attachments
 * enters a VPC, passes a stateful device there and goes back to the TGW, and the attachment spans several
 * AZs, the TGW picks the AZ of each direction independently and the reply may reach an appliance that has
 * no state for the flow. Decided structurally:
 *  1. a TGW table associated with another attachment sends a third attachment's range to this one;
 *  2. the attachment subnet's table (VPC User Guide, "Middlebox scenarios") sends that range to a GWLBE or an
 *     appliance;
 *  3. the device's own subnet table sends it back to the same TGW.
 * NAT gateways are not such devices: they translate, so replies come back to them by address (the
 * centralized-egress pattern needs no appliance mode). Spokes whose GWLBEs only inspect their own IGW
 * traffic never receive other attachments' traffic from the TGW, so step 1 leaves them out.
 */
const applianceMode = defineCheck('tgw-appliance-mode', ({ topology, index, engine, report }) => {
    const routesTo = routesByAttachment();
    for (const tgw of topology.transitGateways) {
        const atts = tgw.attachments
            .map((id) => index.get(id))
            .filter((a): a is TgwAttachment => a?.kind === 'tgw-attachment');
        if (atts.length < 3) continue;
        const assoc = associations(atts, index);
        for (const ai of atts) {
            if (ai.applianceMode || distinctAzs(ai) < 2) continue;
            const vpc = index.get(ai.vpc);
            if (!vpc || !receivesTransit(ai, vpc, assoc, routesTo)) continue;
            const hit = findTransitThroughDevice(ai, vpc, atts, assoc, index, engine);
            if (!hit) continue;
            report({
                at: { src: ai.src },
                flows: [hit.flow],
                message: `${ai.name} carries traffic from ${hit.from.name} to ${hit.to.name} through ${hit.device.name} in VPC ${vpc.name} and back to ${tgw.name}, and spans ${distinctAzs(ai)} AZs, but appliance mode is off: the TGW may send the reply into another AZ, whose appliance has no state for the flow, and it is dropped (Transit Gateway Guide, appliance mode).`,
                related: [
                    {
                        src: hit.tgwRoute.src ?? hit.tgwTable.src,
                        message: `${hit.tgwTable.name} sends ${hit.to.name}'s traffic to ${ai.name}`,
                    },
                    {
                        src: hit.toDevice.src,
                        message: `${hit.attachTable.name} (attachment subnet ${hit.attachSubnet.name}) sends it to ${hit.device.name}`,
                    },
                    { src: hit.back.src, message: `${hit.deviceTable.name} sends it back to ${tgw.name}` },
                ],
                data: { attachment: ai.name },
            });
        }
    }
});

/** TGW route tables of one TGW with the attachments associated with each. */
type Associations = ReadonlyMap<TgwRouteTable, readonly TgwAttachment[]>;

function associations(atts: readonly TgwAttachment[], index: TopologyIndex): Associations {
    const out = new Map<TgwRouteTable, TgwAttachment[]>();
    for (const a of atts) {
        const t = index.get(a.association);
        if (!t || t.kind !== 'tgw-route-table') continue;
        const list = out.get(t);
        if (list) list.push(a);
        else out.set(t, [a]);
    }
    return out;
}

/** Some attachment other than `a` is associated with `table`, and it is not `but` either. */
function usedByOther(
    assoc: Associations,
    table: TgwRouteTable,
    a: TgwAttachment,
    but?: TgwAttachment,
): TgwAttachment | undefined {
    return assoc.get(table)?.find((x) => x !== a && x !== but);
}

function distinctAzs(a: TgwAttachment): number {
    const seen: TgwAttachment['azs'][number][] = [];
    for (const az of a.azs) if (!seen.some((s) => sameAz(s, az))) seen.push(az);
    return seen.length;
}

/** Some table associated with another attachment routes a destination outside ai's own VPC to ai. */
function receivesTransit(ai: TgwAttachment, vpc: Vpc, assoc: Associations, routesTo: RoutesByAttachment): boolean {
    for (const t of assoc.keys()) {
        if (!usedByOther(assoc, t, ai)) continue;
        for (const r of routesTo(t).get(ai.id) ?? []) {
            if (!vpc.cidrs.some((b) => contains(b, r.cidr))) return true;
        }
    }
    return false;
}

/** A TGW route table's routes by target attachment, grouped once per table (tables hold a route per VPC block). */
type RoutesByAttachment = (table: TgwRouteTable) => ReadonlyMap<string, readonly TgwRoute[]>;

function routesByAttachment(): RoutesByAttachment {
    const cache = new Map<TgwRouteTable, Map<string, TgwRoute[]>>();
    return (table) => {
        let byAtt = cache.get(table);
        if (!byAtt) {
            byAtt = new Map();
            for (const r of table.routes) {
                if (r.target.kind !== 'attachment') continue;
                const list = byAtt.get(r.target.id);
                if (list) list.push(r);
                else byAtt.set(r.target.id, [r]);
            }
            cache.set(table, byAtt);
        }
        return byAtt;
    };
}

interface TransitHit {
    readonly from: TgwAttachment;
    readonly to: TgwAttachment;
    readonly tgwTable: TgwRouteTable;
    readonly tgwRoute: TgwRoute;
    readonly attachSubnet: Subnet;
    readonly attachTable: RouteTable;
    readonly toDevice: Route;
    readonly device: Element;
    readonly deviceTable: RouteTable;
    readonly back: Route;
    /** A flow from `from`'s VPC to `to`'s that the tracer finds dropped on its way back (asymmetric-return). */
    readonly flow: FlowClaim;
}

/** The part of a hit found inside the VPC of the attachment. */
type DeviceHop = Omit<TransitHit, 'from' | 'to' | 'tgwTable' | 'tgwRoute' | 'flow'>;

/** At most this many flows are traced to confirm one candidate (pairs across AZs first). */
const MAX_FLOWS_PER_HIT = 8;

/**
 * A flow between subnets of the two VPCs whose reply the tracer finds dropped
 * because it passes another appliance or endpoint than the request did. Pairs in different AZs come first: without
 * appliance mode the TGW keeps each direction in its sender's AZ, so those are the flows that can split.
 */
function asymmetricFlow(engine: TraceEngine, from: TgwAttachment, to: TgwAttachment): FlowClaim | undefined {
    const subnets = (a: TgwAttachment): Subnet[] => engine.index.subnetsByVpc.get(a.vpc) ?? [];
    // Attachment subnets usually hold nothing but the TGW's ENIs: they come after the workload subnets.
    const rank = ([x, y]: [Subnet, Subnet]): number =>
        2 * Number(sameAz(x.az, y.az)) + Number(from.subnets.includes(x.id) || to.subnets.includes(y.id));
    const pairs: Array<[Subnet, Subnet]> = [];
    for (const x of subnets(from)) for (const y of subnets(to)) pairs.push([x, y]);
    pairs.sort((p, q) => rank(p) - rank(q));
    for (const [x, y] of pairs.slice(0, MAX_FLOWS_PER_HIT)) {
        const f = { kind: 'element', id: x.id } as const;
        const t = { kind: 'element', id: y.id } as const;
        const result = engine.trace(f, t);
        if (result.reason === 'asymmetric-return') return flowClaim(f, t, result);
    }
    return undefined;
}

function findTransitThroughDevice(
    ai: TgwAttachment,
    vpc: Vpc,
    atts: readonly TgwAttachment[],
    assoc: Associations,
    index: TopologyIndex,
    engine: TraceEngine,
): TransitHit | undefined {
    const deviceCache = new Map<number, DeviceHop | null>();
    for (const t of assoc.keys()) {
        if (!usedByOther(assoc, t, ai)) continue;
        for (const ak of atts) {
            // Traffic from some attachment aj (not ai, not ak) associated with t, towards ak.
            const aj = ak === ai ? undefined : usedByOther(assoc, t, ai, ak);
            if (!aj) continue;
            for (const block of index.get(ak.vpc)?.cidrs ?? []) {
                const p = block.first;
                if (vpc.cidrs.some((b) => containsIp(b, p))) continue;
                const w = engine.tgwRoute(t, p);
                if (w?.target.kind !== 'attachment' || w.target.id !== ai.id) continue;
                let dev = deviceCache.get(p);
                if (dev === undefined) {
                    dev = deviceHop(ai, p, index, engine) ?? null;
                    deviceCache.set(p, dev);
                }
                if (!dev) continue;
                // The tracer judges whether a reply really splits from its request (a single appliance, say, sees
                // both directions whatever AZ the TGW picks).
                const flow = asymmetricFlow(engine, aj, ak);
                if (flow) return { from: aj, to: ak, tgwTable: t, tgwRoute: w, ...dev, flow };
            }
        }
    }
    return undefined;
}

/** Inside the VPC: attachment subnet table -> stateful device -> device subnet table -> the same TGW. */
function deviceHop(ai: TgwAttachment, ip: number, index: TopologyIndex, engine: TraceEngine): DeviceHop | undefined {
    for (const subnetId of ai.subnets) {
        const attachSubnet = index.get(subnetId);
        const attachTable = index.routeTableOfSubnet(subnetId);
        if (!attachSubnet || !attachTable) continue;
        const toDevice = engine.route(attachTable, ip).winner?.route;
        if (toDevice?.target.kind !== 'element') continue;
        const device = index.get(toDevice.target.id);
        const deviceSubnet = statefulDeviceSubnet(device);
        const deviceTable = index.routeTableOfSubnet(deviceSubnet);
        if (!device || !deviceTable) continue;
        const back = engine.route(deviceTable, ip).winner?.route;
        if (back?.target.kind === 'element' && back.target.id === ai.tgw)
            return { attachSubnet, attachTable, toDevice, device, deviceTable, back };
    }
    return undefined;
}

/** The subnet of a GWLBE or of an instance/ENI marked `appliance`; undefined for anything else (NAT, IGW, ...). */
function statefulDeviceSubnet(e: Element | undefined): Id<'subnet'> | undefined {
    if (!e) return undefined;
    if (e.kind === 'endpoint') return e.endpointType === 'gwlb' ? e.enis[0]?.subnet : undefined;
    if (e.kind === 'instance' || e.kind === 'eni') return e.appliance ? e.subnet : undefined;
    return undefined;
}

/**
 * A transit gateway's route tables hold routes to its own attachments, and its attachments are associated with and
 * propagate to its own route tables (Transit Gateway Guide, "Transit gateway route tables",
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html). Two transit gateways exchange traffic only
 * through a peering attachment, an attachment of each ("Transit gateway peering attachments",
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html), which the language does not describe yet: a route to
 * another TGW's VPC attachment, or an association with another TGW's table, is one AWS refuses. The tracer does not
 * use them either (TraceEngine.tgwRoute, the walker's viaTgw).
 */
const referenceOtherTgw = defineCheck('tgw-reference-other-tgw', ({ topology, index, report }) => {
    const tgwName = (id: Id<'transit-gateway'>): string => index.get(id)?.name ?? id;
    for (const table of topology.tgwRouteTables) {
        for (const r of table.routes) {
            if (r.origin !== 'static' || r.target.kind !== 'attachment') continue;
            const att = index.get(r.target.id);
            if (!att || att.tgw === table.tgw) continue;
            report({
                at: { src: r.src, prop: 'attachment' },
                message: `Route ${r.cidr.text} in ${table.name} of transit gateway ${tgwName(table.tgw)} targets ${att.name}, an attachment of ${tgwName(att.tgw)}: a TGW route table routes only to its own transit gateway's attachments, and two transit gateways exchange traffic only through a peering attachment (Transit Gateway Guide).`,
                related: [{ src: att.src, message: `${att.name} is attached to ${tgwName(att.tgw)}` }],
            });
        }
    }
    for (const att of topology.tgwAttachments) {
        const tables = [att.association, ...att.propagations];
        tables.forEach((id, i) => {
            const table = index.get(id);
            if (!table || table.tgw === att.tgw) return;
            const associates = i === 0;
            report({
                at: associates
                    ? { src: att.src, prop: 'association' }
                    : { src: att.src, prop: 'propagations', index: att.propagationsWritten?.[i - 1] ?? i - 1 },
                message: `${att.name}, an attachment of transit gateway ${tgwName(att.tgw)}, ${associates ? 'is associated with' : 'propagates to'} ${table.name}, a route table of ${tgwName(table.tgw)}: an attachment is associated with and propagates to route tables of its own transit gateway only (Transit Gateway Guide, "Transit gateway route tables").`,
                related: [{ src: table.src, message: `${table.name} belongs to ${tgwName(table.tgw)}` }],
            });
        });
    }
});

export const transitGatewayRules = [
    attachmentMissingAz,
    attachmentDuplicateAz,
    attachmentUnassociated,
    applianceMode,
    referenceOtherTgw,
] as const satisfies readonly RuleCheck[];
