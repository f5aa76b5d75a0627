/**
 * Rule family: connectivity between VPCs (peering, transit gateway). The overlap rules here look only at
 * peerings and TGW propagation, never at CIDRs in general: VPCs joined only through PrivateLink (an
 * endpoint in one, an endpoint service in the other, GWLB endpoints included) may overlap, and that is a
 * main reason to choose PrivateLink (PrivateLink Guide, "Concepts"). So such VPCs get no
 * diagnostic by construction.
 */
import { type Cidr, contains, containsIp, overlaps, size } from '../net/cidr.js';
import { findCrossOverlaps } from '../net/overlap.js';
import type { Id, Peering, Route, RouteTable, TgwAttachment, TgwRouteTable, Vpc } from '../model/topology.js';
import { blockAnchor, writtenIndexes } from './cidr-anchors.js';
import { flowClaim, probeEnd, subnetsUsing } from './facts.js';
import {
    type Anchor,
    defineCheck,
    type FlowClaim,
    type RelatedAnchor,
    type RuleCheck,
    type RuleContext,
} from './types.js';

/** VPC Peering Guide, "Peering limitations": AWS refuses a peering when any IPv4 block of the two VPCs overlaps. */
const peeringCidrOverlap = defineCheck('peering-cidr-overlap', (ctx) => {
    for (const p of ctx.topology.peerings) {
        const a = ctx.index.get(p.requester);
        const b = ctx.index.get(p.accepter);
        if (!a || !b || a.id === b.id) continue;
        const pairs = findCrossOverlaps(
            a.cidrs.map((cidr, i) => ({ cidr, tag: i })),
            b.cidrs.map((cidr, i) => ({ cidr, tag: i })),
        );
        if (pairs.length === 0) continue;
        const ia = writtenIndexes(a.src, 'cidrs', a.cidrs);
        const ib = writtenIndexes(b.src, 'cidrs', b.cidrs);
        const related: RelatedAnchor[] = [];
        const seen = new Set<string>();
        for (const [x, y] of pairs) {
            if (!seen.has(`a${x.tag}`))
                related.push({
                    ...blockAnchor(a, x.tag, ia),
                    message: `${a.name}'s block ${x.cidr.text} overlaps ${b.name}'s ${y.cidr.text}`,
                });
            if (!seen.has(`b${y.tag}`))
                related.push({
                    ...blockAnchor(b, y.tag, ib),
                    message: `${b.name}'s block ${y.cidr.text} overlaps ${a.name}'s ${x.cidr.text}`,
                });
            seen.add(`a${x.tag}`).add(`b${y.tag}`);
        }
        const [x, y] = pairs[0];
        ctx.report({
            at: { src: p.src },
            message: `Peering ${p.name} joins ${a.name} and ${b.name}, whose blocks overlap (${x.cidr.text} and ${y.cidr.text}); AWS refuses a peering when any block of the two VPCs overlaps, secondary blocks included. Use PrivateLink, where overlap is fine, or renumber one VPC.`,
            related,
        });
    }
});

/**
 * Transit Gateway Guide, "Route propagation": a VPC attachment's block that is identical to, or overlaps,
 * a block already propagated into a TGW route table is not propagated. The model records those refusals
 * in `suppressed`, so static routes in separate tables (the NAT-based pattern) never reach this rule.
 */
const tgwCidrOverlap = defineCheck('tgw-cidr-overlap', (ctx) => {
    for (const table of ctx.topology.tgwRouteTables) {
        const groups = new Map<
            string,
            { attachment: Id<'tgw-attachment'>; conflictsWith: Id<'tgw-attachment'> | ''; cidrs: Cidr[] }
        >();
        for (const s of table.suppressed) {
            const key = `${s.attachment}\u0000${s.conflictsWith}`;
            const g = groups.get(key) ?? { attachment: s.attachment, conflictsWith: s.conflictsWith, cidrs: [] };
            g.cidrs.push(s.cidr);
            groups.set(key, g);
        }
        for (const g of groups.values()) reportSuppressed(ctx, table, g.attachment, g.conflictsWith, g.cidrs);
    }
});

function reportSuppressed(
    ctx: RuleContext,
    table: TgwRouteTable,
    attId: Id<'tgw-attachment'>,
    earlierId: Id<'tgw-attachment'> | '',
    cidrs: readonly Cidr[],
): void {
    const att = ctx.index.get(attId);
    if (!att) return;
    const earlier = ctx.index.get(earlierId || undefined);
    const vpc = ctx.index.get(att.vpc);
    const theirs = table.routes.find(
        (r) =>
            r.origin === 'propagated' &&
            r.target.kind === 'attachment' &&
            r.target.id === earlierId &&
            cidrs.some((c) => overlaps(c, r.cidr)),
    );
    const mine = cidrs.map((c) => c.text).join(', ');
    const clash = theirs
        ? `${cidrs.some((c) => c.first === theirs.cidr.first && c.last === theirs.cidr.last) ? 'identical to' : 'overlapping'} ${theirs.cidr.text}`
        : 'overlapping a block';
    ctx.report({
        at: propagationAnchor(att, table),
        message: `AWS does not propagate ${att.name}'s ${mine}${vpc ? ` (VPC ${vpc.name})` : ''} into TGW route table ${table.name}: it is ${clash}, already propagated there by ${earlier?.name ?? 'another attachment'}. Reach overlapping VPCs with static routes in separate TGW route tables (with NAT), or renumber.`,
        related: earlier
            ? [
                  {
                      ...propagationAnchor(earlier, table),
                      message: `${earlier.name} propagates ${theirs?.cidr.text ?? 'its blocks'} into ${table.name} first`,
                  },
              ]
            : undefined,
    });
}

function propagationAnchor(att: TgwAttachment, table: TgwRouteTable): Anchor {
    const i = att.propagations.indexOf(table.id);
    return i >= 0 ? { src: att.src, prop: 'propagations', index: att.propagationsWritten?.[i] ?? i } : { src: att.src };
}

/** VPC Peering Guide: only one peering connection may exist between the same two VPCs. */
const peeringDuplicate = defineCheck('peering-duplicate', (ctx) => {
    const first = new Map<string, Peering>();
    for (const p of ctx.topology.peerings) {
        const key = [p.requester, p.accepter].sort().join('\u0000');
        const earlier = first.get(key);
        if (!earlier) {
            first.set(key, p);
            continue;
        }
        const a = ctx.index.get(p.requester)?.name ?? p.requester;
        const b = ctx.index.get(p.accepter)?.name ?? p.accepter;
        ctx.report({
            at: { src: p.src },
            message: `Peering ${p.name} joins ${a} and ${b}, which ${earlier.name} already joins; AWS allows only one peering connection between the same two VPCs.`,
            related: [{ src: earlier.src, message: `${earlier.name}, the existing peering between ${a} and ${b}` }],
        });
    }
});

type Fit = 'inside' | 'broader' | 'outside';

/** Where a destination falls relative to a VPC's blocks. CIDR blocks either nest or are disjoint. */
function fit(dest: Cidr, blocks: readonly Cidr[]): Fit {
    if (blocks.some((b) => contains(b, dest))) return 'inside';
    const within = blocks.filter((b) => contains(dest, b)).sort((x, y) => x.first - y.first || y.last - x.last);
    if (within.length === 0) return 'outside';
    // A destination exactly tiled by the peer's blocks (10.0.0.0/15 over 10.0.0.0/16 + 10.1.0.0/16) loses nothing.
    let covered = 0;
    let end = -1;
    for (const b of within) {
        if (b.last <= end) continue;
        covered += b.last - Math.max(b.first, end + 1) + 1;
        end = b.last;
    }
    return covered === size(dest) ? 'inside' : 'broader';
}

/** The route's destination blocks and where to point: the CIDR, or each entry of its prefix list. */
function destinations(ctx: RuleContext, r: Route): { blocks: readonly Cidr[]; at: Anchor; label: string } {
    if (r.destination.kind === 'cidr')
        return { blocks: [r.destination.cidr], at: { src: r.src, prop: 'cidr' }, label: r.destination.cidr.text };
    const pl = ctx.index.get(r.destination.prefixList);
    return {
        blocks: pl?.entries ?? [],
        at: { src: r.src, prop: 'prefixList' },
        label: `prefix list ${pl?.name ?? r.destination.prefixList}`,
    };
}

interface PeeringRoute {
    readonly table: RouteTable;
    readonly route: Route;
    readonly peering: Peering;
    readonly vpc: Vpc;
    readonly peer: Vpc;
}

/** Every written route that targets a peering joined to the table's own VPC. */
function peeringRoutes(ctx: RuleContext): PeeringRoute[] {
    const out: PeeringRoute[] = [];
    for (const table of ctx.topology.routeTables) {
        for (const route of table.routes) {
            if (!route.src || route.target.kind !== 'element' || route.target.elementKind !== 'peering') continue;
            const peering = ctx.index.get(route.target.id);
            // A peering of two other VPCs is another rule's business (the target must belong to this VPC).
            if (!peering || (peering.requester !== table.vpc && peering.accepter !== table.vpc)) continue;
            const vpc = ctx.index.get(table.vpc);
            const peer = ctx.index.get(ctx.index.peerOf(peering, table.vpc));
            if (vpc && peer && peer.id !== vpc.id && peer.cidrs.length > 0)
                out.push({ table, route, peering, vpc, peer });
        }
    }
    return out;
}

/**
 * VPC Peering Guide, "Update your route tables for a VPC peering connection": a peering carries only
 * traffic addressed to the peer's blocks. A destination outside all of them sends nothing useful (error);
 * one broader than them is accepted, but the part outside is dropped (warning).
 */
const peeringRouteOutsidePeer = defineCheck('peering-route-outside-peer', (ctx) => {
    for (const { table, route, peering, peer } of peeringRoutes(ctx)) {
        const d = destinations(ctx, route);
        const fits = d.blocks.map((b) => fit(b, peer.cidrs));
        const peerBlocks = peer.cidrs.map((c) => c.text).join(', ');
        if (fits.includes('outside')) {
            const out = d.blocks
                .filter((_, i) => fits[i] === 'outside')
                .map((b) => b.text)
                .join(', ');
            ctx.report({
                at: d.at,
                message: `Route ${d.label} -> ${peering.name} in ${table.name} sends ${out} to peer VPC ${peer.name}, which holds none of it (${peerBlocks}); a peering only delivers traffic addressed to the peer's own blocks, so this traffic is dropped.`,
                related: [{ src: peer.src, prop: 'cidrs', message: `${peer.name}'s blocks: ${peerBlocks}` }],
            });
        } else if (fits.includes('broader')) {
            ctx.report({
                at: d.at,
                severity: 'warning',
                message: `Route ${d.label} -> ${peering.name} in ${table.name} is broader than peer VPC ${peer.name}'s blocks (${peerBlocks}); AWS accepts it, but traffic to addresses outside those blocks is dropped at the peering.`,
                related: [{ src: peer.src, prop: 'cidrs', message: `${peer.name}'s blocks: ${peerBlocks}` }],
            });
        }
    }
});

/** A route in the peer VPC that would carry traffic on beyond it, if peering were transitive. */
interface Forwarder {
    readonly block: Cidr;
    readonly route: Route;
    readonly table: RouteTable;
    readonly via: string;
    /** For a route to another peering: that peering (the onward hop to a third VPC). */
    readonly peering?: Peering;
}

const FORWARD_KINDS = new Set(['igw', 'nat', 'transit-gateway', 'vgw', 'peering', 'endpoint']);

function forwardersOf(ctx: RuleContext, vpc: Vpc, cache: Map<string, Forwarder[]>): Forwarder[] {
    let list = cache.get(vpc.id);
    if (list) return list;
    list = [];
    for (const id of vpc.routeTables) {
        const table = ctx.index.get(id);
        for (const route of table?.routes ?? []) {
            if (route.target.kind !== 'element' || !FORWARD_KINDS.has(route.target.elementKind)) continue;
            const target = ctx.index.get(route.target.id);
            if (!target) continue;
            // Only gateway endpoints forward off the VPC by route; GWLB endpoints inspect and hand back.
            if (target.kind === 'endpoint' && target.endpointType !== 'gateway') continue;
            const via = describe(target.kind, target.name);
            const blocks =
                route.destination.kind === 'cidr'
                    ? [route.destination.cidr]
                    : (ctx.index.get(route.destination.prefixList)?.entries ?? []);
            for (const block of blocks)
                list.push({
                    block,
                    route,
                    table: table!,
                    via,
                    peering: target.kind === 'peering' ? target : undefined,
                });
        }
    }
    cache.set(vpc.id, list);
    return list;
}

function describe(kind: string, name: string): string {
    switch (kind) {
        case 'igw':
            return `internet gateway ${name}`;
        case 'nat':
            return `NAT gateway ${name}`;
        case 'transit-gateway':
            return `transit gateway ${name}`;
        case 'vgw':
            return `virtual private gateway ${name}`;
        case 'endpoint':
            return `gateway endpoint ${name}`;
        default:
            return `peering ${name}`;
    }
}

/**
 * VPC Peering Guide, "Unsupported VPC peering configurations": peering is not transitive, and a VPC cannot
 * use its peer's internet gateway, NAT gateway, VPN/Direct Connect, transit gateway or gateway endpoint
 * ("edge to edge routing"). We fire only when the peer visibly forwards the destination on: a route in
 * the peer that is no broader than ours (so a peer's own default route does not turn a merely broad
 * summary like 10.0.0.0/8 into a finding), or any such route when our destination misses the peer entirely.
 */
const peeringTransitive = defineCheck('peering-transitive', (ctx) => {
    const cache = new Map<string, Forwarder[]>();
    for (const { table, route, peering, vpc, peer } of peeringRoutes(ctx)) {
        const d = destinations(ctx, route);
        let hit: Forwarder | undefined;
        for (const dest of d.blocks) {
            const f = fit(dest, peer.cidrs);
            if (f === 'inside') continue;
            hit = forwardersOf(ctx, peer, cache).find(
                (w) =>
                    overlaps(w.block, dest) &&
                    !peer.cidrs.some((b) => contains(b, w.block)) &&
                    (f === 'outside' || contains(dest, w.block)) &&
                    (!w.peering || (w.peering.id !== peering.id && ctx.index.peerOf(w.peering, peer.id) !== vpc.id)),
            );
            if (hit) break;
        }
        if (!hit) continue;
        const onward = hit.peering ? ctx.index.get(ctx.index.peerOf(hit.peering, peer.id)) : undefined;
        const via = onward ? `${hit.via} to VPC ${onward.name}` : hit.via;
        ctx.report({
            at: d.at,
            ...transitFlows(ctx, table, route, d.blocks, hit.block),
            message: `Route ${d.label} -> ${peering.name} in ${table.name} relies on VPC ${peer.name} forwarding the traffic on through its ${via}; peering is not transitive and a peer cannot use ${peer.name}'s gateways, endpoints or other peerings, so AWS drops it.`,
            related: [
                hit.route.src
                    ? {
                          src: hit.route.src,
                          message: `${peer.name}'s route ${hit.block.text} -> ${hit.via} in ${hit.table.name}`,
                      }
                    : {
                          src: ctx.index.get(hit.route.origin_element)?.src,
                          message: `${peer.name}'s ${hit.via}, whose route in ${hit.table.name} covers ${hit.block.text}`,
                      },
            ],
        });
    }
});

/**
 * The route is refused transit whether or not traffic uses it, so the finding stands on its own; where a subnet that
 * uses the table sends traffic for the forwarded block that this route wins, the finding also states that the tracer
 * drops it on the way through the peer.
 */
function transitFlows(
    ctx: RuleContext,
    table: RouteTable,
    route: Route,
    blocks: readonly Cidr[],
    forwarded: Cidr,
): { flows?: FlowClaim[] } {
    for (const subnet of subnetsUsing(ctx.index, table)) {
        for (const b of blocks) {
            if (!overlaps(b, forwarded)) continue;
            const ip = Math.max(b.first, forwarded.first);
            if (subnet.cidr && containsIp(subnet.cidr, ip)) continue;
            if (ctx.engine.route(table, ip).winner?.route !== route) continue;
            const from = { kind: 'element', id: subnet.id } as const;
            const to = probeEnd(ip);
            const result = ctx.engine.trace(from, to, { forwardOnly: true });
            return { flows: [flowClaim(from, to, result, { forwardOnly: true })] };
        }
    }
    return {};
}

/**
 * VPC Peering Guide, "VPC peering limitations"
 * (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html): "You cannot create a VPC peering
 * connection between a VPC and itself."
 */
const peeringSameVpc = defineCheck('peering-same-vpc', (ctx) => {
    for (const p of ctx.topology.peerings) {
        if (p.requester !== p.accepter) continue;
        // From the id (`vpc:<name>`): a local rule, it may run without the VPC's own file built.
        const vpc = p.requester.slice(p.requester.indexOf(':') + 1);
        ctx.report({
            at: { src: p.src, prop: 'accepter' },
            message: `Peering ${p.name} joins VPC ${vpc} to itself; AWS cannot create a VPC peering connection between a VPC and itself (VPC Peering Guide, "VPC peering limitations"). Its subnets already reach each other over the local route: name the other VPC.`,
        });
    }
});

export const vpcConnectivityRules = [
    peeringCidrOverlap,
    tgwCidrOverlap,
    peeringDuplicate,
    peeringSameVpc,
    peeringRouteOutsidePeer,
    peeringTransitive,
] as const satisfies readonly RuleCheck[];
