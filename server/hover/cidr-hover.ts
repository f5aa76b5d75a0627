/**
 * Hover on a CIDR: the range, its size and usable addresses, and what it overlaps. For two VPCs whose
 * blocks overlap it says whether that matters: an error across peering or a TGW, and fine when the VPCs are
 * joined only through PrivateLink, which never routes between the two VPCs' blocks (PrivateLink Guide;
 * src/rules/vpc-connectivity.ts, whose overlap rules know PrivateLink).
 */
import { AWS_RESERVED_PER_SUBNET, formatIp, overlaps, parseCidr, type Cidr } from '../../src/net/cidr.js';
import type { TopologyIndex } from '../../src/model/topology-index.js';
import type { Id, Subnet, Topology, Vpc } from '../../src/model/topology.js';
import { code, md } from './markdown.js';

export type CidrOwner =
    | { readonly kind: 'vpc'; readonly vpc: Vpc }
    | { readonly kind: 'subnet'; readonly subnet: Subnet }
    | { readonly kind: 'other'; readonly what: string };

export function cidrHover(topology: Topology, index: TopologyIndex, text: string, owner: CidrOwner): string {
    const parsed = parseCidr(text);
    if (!parsed.ok) return `**CIDR** ${code(text)}\n\nNot a valid IPv4 CIDR: ${md(parsed.error)}`;
    const c = parsed.cidr;
    const size = c.last - c.first + 1;
    const lines = [
        `**CIDR** ${code(c.canonical)}`,
        `${code(formatIp(c.first))} – ${code(formatIp(c.last))} · ${size.toLocaleString('en-US')} addresses`,
    ];
    if (c.text !== c.canonical) lines.push(`Written with host bits set: AWS stores it as ${code(c.canonical)}.`);
    if (owner.kind === 'subnet') {
        const usable = Math.max(0, size - AWS_RESERVED_PER_SUBNET);
        lines.push(
            `${usable} usable: AWS reserves the first four addresses and the last one of every subnet (network, VPC router ${code(formatIp(c.first + 1))}, DNS ${code(formatIp(c.first + 2))}, future use, broadcast).`,
        );
        lines.push(...subnetOverlaps(index, owner.subnet, c));
    } else if (owner.kind === 'vpc') {
        lines.push(...vpcOverlaps(topology, index, owner.vpc, c));
    }
    return lines.join('\n\n');
}

function subnetOverlaps(index: TopologyIndex, subnet: Subnet, c: Cidr): string[] {
    const clash = (index.subnetsByVpc.get(subnet.vpc) ?? []).filter(
        (s) => s.id !== subnet.id && s.cidr && overlaps(s.cidr, c),
    );
    const vpc = index.get(subnet.vpc);
    const out: string[] = [];
    if (vpc && !vpc.cidrs.some((b) => b.first <= c.first && b.last >= c.last))
        out.push(`⚠ Not inside any block of VPC ${code(vpc.name)}.`);
    if (clash.length > 0)
        out.push(
            `⚠ Overlaps ${clash.map((s) => `${code(s.name)} (${code(s.cidr!.canonical)})`).join(', ')}: subnets of one VPC may not overlap.`,
        );
    return out;
}

function vpcOverlaps(topology: Topology, index: TopologyIndex, vpc: Vpc, c: Cidr): string[] {
    const out: string[] = [];
    for (const other of topology.vpcs) {
        if (other.id === vpc.id) continue;
        const hit = other.cidrs.find((b) => overlaps(b, c));
        if (!hit) continue;
        const head = `Overlaps VPC ${code(other.name)} (${code(hit.canonical)}):`;
        const peering = (index.peeringsByVpc.get(vpc.id) ?? []).find((p) => index.peerOf(p, vpc.id) === other.id);
        const tgw = sharedTgw(index, vpc.id, other.id);
        if (peering)
            out.push(
                `⚠ ${head} they are peered through ${code(peering.name)}, and AWS refuses a peering between overlapping VPCs.`,
            );
        else if (tgw)
            out.push(
                `⚠ ${head} both are attached to transit gateway ${code(tgw)}; overlapping attachments that propagate into one TGW route table lose routes.`,
            );
        else if (privateLinkBetween(topology, index, vpc.id, other.id))
            out.push(
                `✓ ${head} fine, because they are joined only through PrivateLink. Consumers reach the service through endpoint ENIs in their own VPC, and the provider sees the NLB's addresses, so no route ever points at the other VPC's block.`,
            );
        else
            out.push(
                `${head} no conflict: nothing connects the two VPCs. Peering them or attaching both to one transit gateway would make it one.`,
            );
    }
    return out;
}

function sharedTgw(index: TopologyIndex, a: Id<'vpc'>, b: Id<'vpc'>): string | undefined {
    const mine = new Set((index.attachmentsByVpc.get(a) ?? []).map((t) => t.tgw));
    const shared = (index.attachmentsByVpc.get(b) ?? []).find((t) => mine.has(t.tgw));
    return shared ? (index.get(shared.tgw)?.name ?? shared.tgw) : undefined;
}

/** An endpoint in one VPC whose endpoint service is backed by a load balancer in the other. */
function privateLinkBetween(topology: Topology, index: TopologyIndex, a: Id<'vpc'>, b: Id<'vpc'>): boolean {
    const serves = (consumer: Id<'vpc'>, provider: Id<'vpc'>) =>
        (index.endpointsByVpc.get(consumer) ?? []).some((ep) => {
            if (ep.service.kind !== 'endpoint-service') return false;
            const svc = index.get(ep.service.id);
            return svc?.loadBalancers.some((lb) => index.get(lb)?.vpc === provider) ?? false;
        });
    return topology.endpoints.length > 0 && (serves(a, b) || serves(b, a));
}
