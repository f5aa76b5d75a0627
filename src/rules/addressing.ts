/**
 * Rule family: addressing. VPC blocks and subnets, checked against the VPC User Guide ("VPC CIDR blocks",
 * "Subnet CIDR blocks") and the Elastic Load Balancing guides (free addresses per load balancer subnet); where an
 * instance's network interfaces may be placed (EC2 User Guide, "Elastic network interfaces").
 * Every loop here is per VPC or per subnet; overlaps go through the sort-and-sweep in net/overlap.ts.
 */
import {
    type Cidr,
    AWS_RESERVED_PER_SUBNET,
    AWS_RESERVED_ROUTE_RANGE,
    DOCKER_BRIDGE,
    LINK_LOCAL,
    contains,
    containsIp,
    isCanonical,
    mustParse,
    overlaps,
    parseIp,
    size,
    usableAddresses,
} from '../net/cidr.js';
import { overlapPartners } from '../net/overlap.js';
import { azLabel, sameAz } from '../model/az.js';
import type { Id, LoadBalancer, Topology, Vpc } from '../model/topology.js';
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
 * VPC User Guide, "VPC CIDR blocks", table "IPv4 CIDR block association restrictions": the ranges a secondary block
 * may not come from, by the range the VPC's primary block is in. (Some AWS services rely on cross-VPC addressing
 * that needs these ranges apart.) The row is chosen by the primary block: the guide's note says a VPC gets an RFC 1918
 * block together with a public one only by being created with the RFC 1918 block first.
 */
const RFC1918_10 = mustParse('10.0.0.0/8');
const RFC1918_172 = mustParse('172.16.0.0/12');
const RFC1918_192 = mustParse('192.168.0.0/16');
const BENCHMARK_198_19 = mustParse('198.19.0.0/16');
const DEFAULT_VPC_172_31 = mustParse('172.31.0.0/16');
const RANGE_10_0_15 = mustParse('10.0.0.0/15');
const RANGE_10_0_16 = mustParse('10.0.0.0/16');

interface AssociationRow {
    /** The table's words for the primary block's range. */
    readonly primaryRange: string;
    readonly restricted: readonly Cidr[];
}

function associationRow(primary: Cidr): AssociationRow | undefined {
    if (contains(RFC1918_10, primary))
        return { primaryRange: '10.0.0.0/8', restricted: [RFC1918_172, RFC1918_192, BENCHMARK_198_19] };
    if (contains(RFC1918_172, primary))
        return {
            primaryRange: '172.16.0.0/12',
            restricted: [RFC1918_10, RFC1918_192, DEFAULT_VPC_172_31, BENCHMARK_198_19],
        };
    if (contains(RFC1918_192, primary))
        return { primaryRange: '192.168.0.0/16', restricted: [RFC1918_10, RFC1918_172, BENCHMARK_198_19] };
    if (contains(BENCHMARK_198_19, primary))
        return { primaryRange: '198.19.0.0/16', restricted: [RFC1918_10, RFC1918_172, RFC1918_192] };
    // A primary block across two rows, or link-local (cidr-reserved-range), has no row of its own.
    if ([RFC1918_10, RFC1918_172, RFC1918_192, BENCHMARK_198_19, LINK_LOCAL].some((r) => overlaps(r, primary)))
        return undefined;
    return {
        primaryRange: 'publicly routable space or 100.64.0.0/10',
        restricted: [RFC1918_10, RFC1918_172, RFC1918_192, BENCHMARK_198_19],
    };
}

/**
 * Why AWS refuses secondary block `i` of `vpc`, or undefined when the table permits it. In the 10.0.0.0/8 row, a
 * block from 10.0.0.0/16 is also refused once the VPC has a block in 10.0.0.0/15 (one written before it).
 */
function restrictedBecause(vpc: Vpc, i: number, row: AssociationRow): { range: Cidr; by: number } | undefined {
    const c = vpc.cidrs[i];
    const range = row.restricted.find((r) => overlaps(r, c));
    if (range) return { range, by: 0 };
    if (row.primaryRange !== '10.0.0.0/8' || !contains(RANGE_10_0_16, c)) return undefined;
    const by = vpc.cidrs.slice(0, i).findIndex((b) => contains(RANGE_10_0_15, b));
    return by >= 0 ? { range: RANGE_10_0_16, by } : undefined;
}

const vpcCidrRestricted = defineCheck('vpc-cidr-restricted', (ctx) => {
    for (const vpc of ctx.topology.vpcs) {
        if (vpc.cidrs.length < 2) continue;
        const row = associationRow(vpc.cidrs[0]);
        if (!row) continue;
        const idx = writtenIndexes(vpc.src, 'cidrs', vpc.cidrs);
        for (let i = 1; i < vpc.cidrs.length; i++) {
            const c = vpc.cidrs[i];
            // A block of the wrong size, or one that overlaps another, is refused for that (vpc-cidr-size,
            // vpc-cidr-overlap); one finding is enough.
            if (c.prefix < 16 || c.prefix > 28) continue;
            if (vpc.cidrs.some((b, j) => j !== i && overlaps(b, c))) continue;
            const why = restrictedBecause(vpc, i, row);
            if (!why) continue;
            const by = vpc.cidrs[why.by];
            const rule =
                why.by === 0 && why.range !== RANGE_10_0_16
                    ? `AWS refuses blocks from ${why.range.text} in a VPC whose primary block (${by.text}) is in ${row.primaryRange}`
                    : `AWS refuses blocks from 10.0.0.0/16 once the VPC has a block in 10.0.0.0/15 (${by.text})`;
            ctx.report({
                at: blockAnchor(vpc, i, idx),
                message: `VPC ${vpc.name}'s secondary block ${c.text} is from ${why.range.text}, and ${rule} (VPC User Guide, "IPv4 CIDR block association restrictions").`,
                related: [
                    {
                        ...blockAnchor(vpc, why.by, idx),
                        message: `${by.text}, the block that restricts ${why.range.text}`,
                    },
                ],
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
    reportVpcBlocksIn(ctx, LINK_LOCAL, (vpc, c) => {
        // A block that overlaps the /16 either lies in it or, being larger, contains it (blocks are aligned).
        const relation = contains(LINK_LOCAL, c) ? 'lies in' : 'contains';
        return `VPC ${vpc.name}'s block ${c.text} ${relation} 169.254.0.0/16, the link-local range; AWS does not allow link-local addresses in a VPC block.`;
    });
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

/** What AWS keeps each of a subnet's first four addresses for (the last one is the broadcast address). */
const RESERVED_ROLE = ['the network address', 'the VPC router', 'the Amazon DNS server', 'reserved for future use'];

/**
 * VPC User Guide, "Subnet CIDR blocks": a private IPv4 address comes from its subnet's range, and AWS reserves the
 * first four addresses and the last one of every subnet; none of them can be assigned to an instance.
 */
const hostIpUnusable = defineCheck('host-ip-unusable', (ctx) => {
    for (const h of ctx.topology.hosts) {
        if (!h.ip) continue;
        const s = ctx.index.get(h.subnet);
        const ip = parseIp(h.ip);
        if (!s?.cidr || !ip.ok) continue;
        const c = s.cidr;
        const what = `${h.kind === 'instance' ? 'Instance' : 'ENI'} ${h.name}'s address ${h.ip}`;
        let message: string | undefined;
        if (!containsIp(c, ip.value)) {
            message = `${what} is outside its subnet ${s.name} (${c.canonical}); AWS assigns a private IPv4 address only from the subnet's own range (VPC User Guide, "Subnet CIDR blocks").`;
        } else if (ip.value < c.first + RESERVED_ROLE.length || ip.value === c.last) {
            const role = ip.value === c.last ? 'the last address (broadcast)' : RESERVED_ROLE[ip.value - c.first];
            message = `${what} is ${role} of subnet ${s.name} (${c.canonical}); AWS reserves the first four addresses and the last one of every subnet, and none can be assigned to an instance (VPC User Guide, "Subnet CIDR blocks").`;
        }
        if (!message) continue;
        ctx.report({
            at: { src: h.src, prop: 'ip' },
            message,
            related: [{ src: s.src, prop: 'cidr', message: `subnet ${s.name} (${c.canonical})` }],
        });
    }
});

/**
 * Free addresses an ALB keeps in each of its subnets to scale: its nodes are network interfaces that Elastic Load
 * Balancing adds as traffic grows (Application Load Balancers guide, "Subnets for your load balancer": at least 8
 * free IP addresses, a /27 or larger). An NLB or a GWLB keeps one network interface per subnet and does not grow.
 */
const ALB_FREE_ADDRESSES = 8;

/** The network interfaces AWS places in each subnet, by what places them. */
interface SubnetUse {
    count: number;
    readonly albs: LoadBalancer[];
}

/**
 * Counts the network interfaces AWS places in each subnet, one address each: an instance's or ENI's own, a zonal
 * NAT gateway's, one per subnet of each interface endpoint and GWLB endpoint (PrivateLink Guide), of each TGW VPC
 * attachment ("The transit gateway uses one IP address from each specified subnet", EC2 API Reference,
 * CreateTransitGatewayVpcAttachment) and of each load balancer (one node per enabled subnet, ELB guides).
 */
function subnetUse(t: Topology): Map<Id<'subnet'>, SubnetUse> {
    const used = new Map<Id<'subnet'>, SubnetUse>();
    const bump = (subnet: Id<'subnet'> | undefined): SubnetUse | undefined => {
        if (!subnet) return undefined;
        let u = used.get(subnet);
        if (!u) used.set(subnet, (u = { count: 0, albs: [] }));
        u.count++;
        return u;
    };
    for (const h of t.hosts) bump(h.subnet);
    for (const n of t.nats) bump(n.subnet);
    for (const e of t.endpoints) for (const eni of e.enis) bump(eni.subnet);
    for (const a of t.tgwAttachments) for (const s of a.subnets) bump(s);
    for (const lb of t.loadBalancers) {
        for (const s of lb.subnets) {
            const u = bump(s);
            if (lb.lbType === 'alb') u?.albs.push(lb);
        }
    }
    return used;
}

/**
 * VPC User Guide, "Subnet CIDR blocks": each subnet loses 5 addresses to AWS (network, router, DNS, future use,
 * broadcast); every network interface placed in it takes one more. The subnet runs out when they do not all fit,
 * and an ALB needs 8 of the rest free to scale. An NLB's 8 available addresses are asked for only when it is
 * enabled in the subnet (Network Load Balancers guide, "Availability Zones"); the GWLB guide gives no such figure. A
 * topology does not say what the subnet held at that moment, and every valid subnet (/28 or larger) has 11 usable,
 * so neither is a finding. AWS's own /28 appliance subnets (a GWLB, a few appliances, GWLB and interface endpoints)
 * therefore fit.
 */
const subnetCapacity = defineCheck('subnet-capacity', (ctx) => {
    for (const [subnetId, { count, albs }] of subnetUse(ctx.topology)) {
        const s = ctx.index.get(subnetId);
        if (!s?.cidr) continue;
        const usable = usableAddresses(s.cidr);
        const alb = albs[0];
        const head = `Subnet ${s.name} (${s.cidr.text}) has ${usable} usable addresses of ${size(s.cidr)} after the ${AWS_RESERVED_PER_SUBNET} AWS reserves`;
        if (count > usable) {
            ctx.report({
                at: { src: s.src, prop: 'cidr' },
                message: `${head}, but ${count} network interfaces are placed in it (hosts, NAT gateways, endpoint ENIs, TGW attachments and load balancer nodes); AWS cannot place them all.`,
            });
        } else if (alb && count + ALB_FREE_ADDRESSES > usable) {
            ctx.report({
                at: { src: s.src, prop: 'cidr' },
                message: `${head} and ${count} are taken (hosts, NAT gateways, endpoint ENIs, TGW attachments and load balancer nodes); ALB ${alb.name} needs ${ALB_FREE_ADDRESSES} free addresses in each of its subnets to scale, and only ${usable - count} are left.`,
                related: [
                    {
                        src: alb.src,
                        message: `ALB ${alb.name}, which needs ${ALB_FREE_ADDRESSES} free addresses here to add nodes`,
                    },
                ],
            });
        }
    }
});

/**
 * EC2 User Guide, "Elastic network interfaces": a network interface may be attached to an instance in another subnet,
 * but both must be in the same Availability Zone. Compared by AZ ID where known; silent when either AZ is unknown.
 */
const eniAttachmentAz = defineCheck('eni-attachment-az', (ctx) => {
    for (const eni of ctx.topology.hosts) {
        const instance = ctx.index.get(eni.attachedTo);
        if (!instance?.az || !eni.az || sameAz(instance.az, eni.az)) continue;
        ctx.report({
            at: { src: eni.src, prop: 'instance' },
            message: `ENI ${eni.name} is in ${azLabel(eni.az)} but instance ${instance.name} is in ${azLabel(instance.az)}; a network interface can be attached only to an instance in its own Availability Zone.`,
            related: [{ src: instance.src, message: `instance ${instance.name}, in ${azLabel(instance.az)}` }],
        });
    }
});

function blocks(vpc: Vpc): string {
    return vpc.cidrs.map((c) => c.text).join(', ');
}

export const addressingRules = [
    vpcCidrSize,
    vpcCidrOverlap,
    vpcCidrRestricted,
    cidrNotCanonical,
    cidrReservedRange,
    cidrDockerRange,
    subnetOutsideVpc,
    subnetSize,
    subnetOverlap,
    hostIpUnusable,
    subnetCapacity,
    eniAttachmentAz,
] as const satisfies readonly RuleCheck[];
