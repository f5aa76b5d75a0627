/**
 * Rule family: addressing. VPC blocks and subnets, checked against the VPC User Guide ("VPC CIDR blocks",
 * "Subnet CIDR blocks") and the Elastic Load Balancing guides (free addresses per load balancer subnet).
 * Every loop here is per VPC or per subnet; overlaps go through the sort-and-sweep in net/overlap.ts.
 */
import {
    type Cidr,
    AWS_RESERVED_PER_SUBNET,
    AWS_RESERVED_ROUTE_RANGE,
    DOCKER_BRIDGE,
    LINK_LOCAL,
    contains,
    isCanonical,
    overlaps,
    size,
    usableAddresses,
} from '../net/cidr.js';
import { overlapPartners } from '../net/overlap.js';
import type { Id, LoadBalancer, Vpc } from '../model/topology.js';
import { blockAnchor, writtenIndexes } from './cidr-anchors.js';
import { type Anchor, defineCheck, type RuleCheck, type RuleContext } from './types.js';

/**
 * Each block of each VPC, in order, with its anchor as a thunk: placing an anchor reads source ranges, needed only
 * for the few blocks reported.
 */
function forEachVpcBlock(
    vpcs: readonly Vpc[],
    visit: (block: Cidr, at: () => Anchor, vpc: Vpc, i: number) => void,
): void {
    for (const vpc of vpcs) {
        const idx = writtenIndexes(vpc.src, 'cidrs', vpc.cidrs);
        vpc.cidrs.forEach((c, i) => visit(c, () => blockAnchor(vpc, i, idx), vpc, i));
    }
}

/** Reports, on the block, each VPC block that overlaps `range` (a range AWS reserves or advises against). */
function reportVpcBlocksIn(ctx: RuleContext, range: Cidr, message: (vpc: Vpc, block: Cidr) => string): void {
    forEachVpcBlock(ctx.topology.vpcs, (c, at, vpc) => {
        if (overlaps(c, range)) ctx.report({ at: at(), message: message(vpc, c) });
    });
}

/** VPC User Guide, "VPC CIDR blocks": each IPv4 block, primary or secondary, is between /16 and /28. */
const vpcCidrSize = defineCheck('vpc-cidr-size', (ctx) => {
    forEachVpcBlock(ctx.topology.vpcs, (c, at, vpc, i) => {
        if (c.prefix >= 16 && c.prefix <= 28) return;
        ctx.report({
            at: at(),
            message: `VPC ${vpc.name}'s ${i === 0 ? 'primary' : 'secondary'} block ${c.text} is a /${c.prefix}; AWS only accepts IPv4 VPC blocks from /16 to /28.`,
        });
    });
});

/** VPC User Guide: a secondary block may not overlap a block already associated with the VPC. */
const vpcCidrOverlap = defineCheck('vpc-cidr-overlap', (ctx) => {
    for (const vpc of ctx.topology.vpcs) {
        if (vpc.cidrs.length < 2) continue;
        const idx = writtenIndexes(vpc.src, 'cidrs', vpc.cidrs);
        const tagged = vpc.cidrs.map((cidr, i) => ({ cidr, tag: i }));
        // One finding per block (against the first block it overlaps), however many copies there are.
        for (const [b, a] of overlapPartners(tagged)) {
            ctx.report({
                at: blockAnchor(vpc, b.tag, idx),
                message: `VPC ${vpc.name}'s block ${b.cidr.text} overlaps its block ${a.cidr.text}; AWS refuses to associate a block that overlaps one the VPC already has.`,
                related: [{ ...blockAnchor(vpc, a.tag, idx), message: `${a.cidr.text}, the block it overlaps` }],
            });
        }
    }
});

/**
 * AWS stores a block by its network address (10.0.1.7/24 becomes 10.0.1.0/24), so the written form
 * differs from what the console, the API and every diff show. Checked wherever a block is written.
 */
const cidrNotCanonical = defineCheck('cidr-not-canonical', (ctx) => {
    const t = ctx.topology;
    const flag = (c: Cidr | undefined, at: () => Anchor): void => {
        if (!c || isCanonical(c)) return;
        ctx.report({
            at: at(),
            message: `${c.text} has host bits set; AWS stores this block as ${c.canonical}, so write ${c.canonical}.`,
            data: { canonical: c.canonical },
        });
    };
    forEachVpcBlock(t.vpcs, flag);
    for (const s of t.subnets) flag(s.cidr, () => ({ src: s.src, prop: 'cidr' }));
    for (const rt of t.routeTables) {
        for (const r of rt.routes) {
            if (r.src && r.destination.kind === 'cidr') flag(r.destination.cidr, () => ({ src: r.src, prop: 'cidr' }));
        }
    }
    for (const pl of t.prefixLists) {
        if (!pl.src || pl.managed) continue;
        const idx = writtenIndexes(pl.src, 'entries', pl.entries);
        pl.entries.forEach((c, i) => flag(c, () => ({ src: pl.src, prop: 'entries', index: idx.at(i) })));
    }
    for (const table of t.tgwRouteTables) {
        for (const r of table.routes) if (r.src) flag(r.cidr, () => ({ src: r.src, prop: 'cidr' }));
    }
});

/**
 * VPC User Guide: 169.254.0.0/16 is link-local and cannot be a VPC block; 169.254.168.0/22 is reserved for
 * AWS services inside the VPC (DNS, metadata, time sync), so no route may point at a range inside it.
 */
const cidrReservedRange = defineCheck('cidr-reserved-range', (ctx) => {
    reportVpcBlocksIn(
        ctx,
        LINK_LOCAL,
        (vpc, c) =>
            `VPC ${vpc.name}'s block ${c.text} lies in 169.254.0.0/16, the link-local range; AWS does not allow it as a VPC block.`,
    );
    for (const rt of ctx.topology.routeTables) {
        for (const r of rt.routes) {
            if (!r.src || r.destination.kind !== 'cidr' || !contains(AWS_RESERVED_ROUTE_RANGE, r.destination.cidr))
                continue;
            ctx.report({
                at: { src: r.src, prop: 'cidr' },
                message: `Route ${r.destination.cidr.text} in ${rt.name} points into 169.254.168.0/22, which AWS reserves for its own services in the VPC; AWS does not accept routes to it.`,
            });
        }
    }
});

/**
 * VPC User Guide, "VPC CIDR blocks": some AWS services (Cloud9, SageMaker) use 172.17.0.0/16, the Docker
 * default bridge, and AWS recommends not using it for a VPC.
 */
const cidrDockerRange = defineCheck('cidr-docker-range', (ctx) => {
    reportVpcBlocksIn(
        ctx,
        DOCKER_BRIDGE,
        (vpc, c) =>
            `VPC ${vpc.name}'s block ${c.text} overlaps 172.17.0.0/16, Docker's default bridge; AWS recommends avoiding it because services such as Cloud9 and SageMaker use it and hosts there cannot reach those addresses.`,
    );
});

/** VPC User Guide, "Subnet CIDR blocks": a subnet's block is a subset of one of its VPC's blocks. */
const subnetOutsideVpc = defineCheck('subnet-outside-vpc', (ctx) => {
    for (const vpc of ctx.topology.vpcs) {
        // No valid block: the VPC's own error says so; every subnet would repeat it.
        if (vpc.cidrs.length === 0) continue;
        for (const s of ctx.index.subnetsByVpc.get(vpc.id) ?? []) {
            if (!s.cidr || vpc.cidrs.some((b) => contains(b, s.cidr!))) continue;
            const straddles = vpc.cidrs.filter((b) => overlaps(b, s.cidr!)).length > 0;
            ctx.report({
                at: { src: s.src, prop: 'cidr' },
                message: straddles
                    ? `Subnet ${s.name}'s ${s.cidr.text} is not wholly inside one block of VPC ${vpc.name} (${blocks(vpc)}); a subnet must lie within a single VPC block.`
                    : `Subnet ${s.name}'s ${s.cidr.text} is outside every block of VPC ${vpc.name} (${blocks(vpc)}); AWS only creates subnets inside the VPC's blocks.`,
            });
        }
    }
});

/** VPC User Guide, "Subnet CIDR blocks": an IPv4 subnet is between /16 and /28. */
const subnetSize = defineCheck('subnet-size', (ctx) => {
    for (const s of ctx.topology.subnets) {
        if (!s.cidr || (s.cidr.prefix >= 16 && s.cidr.prefix <= 28)) continue;
        ctx.report({
            at: { src: s.src, prop: 'cidr' },
            message: `Subnet ${s.name}'s ${s.cidr.text} is a /${s.cidr.prefix}; AWS only accepts IPv4 subnets from /16 to /28.`,
        });
    }
});

/** VPC User Guide: the subnets of one VPC cannot overlap. */
const subnetOverlap = defineCheck('subnet-overlap', (ctx) => {
    for (const [vpcId, subnets] of ctx.index.subnetsByVpc) {
        const vpc = ctx.index.get(vpcId);
        const tagged = subnets.filter((s) => s.cidr).map((s) => ({ cidr: s.cidr!, tag: s }));
        // One finding per subnet (against the first one it overlaps), however many it overlaps.
        for (const [b, a] of overlapPartners(tagged)) {
            ctx.report({
                at: { src: b.tag.src, prop: 'cidr' },
                message: `Subnet ${b.tag.name}'s ${b.cidr.text} overlaps subnet ${a.tag.name}'s ${a.cidr.text}${vpc ? ` in VPC ${vpc.name}` : ''}; AWS does not allow overlapping subnets in one VPC.`,
                related: [{ src: a.tag.src, prop: 'cidr', message: `subnet ${a.tag.name} (${a.cidr.text})` }],
            });
        }
    }
});

/** Free addresses an NLB or GWLB needs in each of its subnets (ELB guides: "at least 8 free IP addresses"). */
const LB_FREE_ADDRESSES = 8;

/**
 * Each subnet loses 5 addresses to AWS (network, router, DNS, future use, broadcast). Everything placed in
 * it takes one more: hosts, zonal NAT gateways, interface/GWLB endpoint ENIs, load balancer nodes and TGW
 * attachment ENIs. A subnet holding an NLB or GWLB needs 8 left over so the load balancer can scale.
 */
const subnetCapacity = defineCheck('subnet-capacity', (ctx) => {
    const used = new Map<Id<'subnet'>, number>();
    const bump = (subnet: Id<'subnet'> | undefined): void => {
        if (subnet) used.set(subnet, (used.get(subnet) ?? 0) + 1);
    };
    const t = ctx.topology;
    for (const h of t.hosts) bump(h.subnet);
    for (const n of t.nats) bump(n.subnet);
    for (const e of t.endpoints) for (const eni of e.enis) bump(eni.subnet);
    for (const a of t.tgwAttachments) for (const s of a.subnets) bump(s);
    const lbsBySubnet = new Map<Id<'subnet'>, LoadBalancer[]>();
    for (const lb of t.loadBalancers) {
        for (const s of lb.subnets) {
            bump(s);
            if (lb.lbType === 'alb') continue;
            const list = lbsBySubnet.get(s);
            if (list) list.push(lb);
            else lbsBySubnet.set(s, [lb]);
        }
    }
    for (const [subnetId, count] of used) {
        const s = ctx.index.get(subnetId);
        if (!s?.cidr) continue;
        const usable = usableAddresses(s.cidr);
        const lb = lbsBySubnet.get(subnetId)?.[0];
        const need = count + (lb ? LB_FREE_ADDRESSES : 0);
        if (need <= usable) continue;
        const head = `Subnet ${s.name} (${s.cidr.text}) has ${usable} usable addresses of ${size(s.cidr)} after the ${AWS_RESERVED_PER_SUBNET} AWS reserves, and ${count} are taken by hosts, NAT gateways, endpoint ENIs, attachments and load balancer nodes`;
        ctx.report({
            at: { src: s.src, prop: 'cidr' },
            message: lb
                ? `${head}; ${lb.lbType.toUpperCase()} ${lb.name} needs ${LB_FREE_ADDRESSES} free addresses in each of its subnets to scale, and only ${Math.max(0, usable - count)} are left.`
                : `${head}; the subnet has run out of addresses.`,
            related: lb
                ? [
                      {
                          src: lb.src,
                          message: `${lb.lbType.toUpperCase()} ${lb.name}, which needs ${LB_FREE_ADDRESSES} free addresses here`,
                      },
                  ]
                : undefined,
        });
    }
});

function blocks(vpc: Vpc): string {
    return vpc.cidrs.map((c) => c.text).join(', ');
}

export const addressingRules = [
    vpcCidrSize,
    vpcCidrOverlap,
    cidrNotCanonical,
    cidrReservedRange,
    cidrDockerRange,
    subnetOutsideVpc,
    subnetSize,
    subnetOverlap,
    subnetCapacity,
] as const satisfies readonly RuleCheck[];
