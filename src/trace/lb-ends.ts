/**
 * A load balancer (ALB or NLB) as a trace end. It has one node per enabled AZ (ELB User Guide, "How Elastic Load
 * Balancing works"); its DNS name resolves to every node's address, public for an internet-facing load balancer and
 * private for an internal one, and only an internet-facing one can be reached from the internet (ELB User Guide,
 * "Load balancer scheme":
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html).
 *
 * Which node a client uses: the one in the client's own AZ when the load balancer is enabled there, else the node in
 * the first AZ written (`in` order), skipping nodes with no target to send to. DNS returns every such node and a real
 * client may pick any; the tracer picks one, the same every time. A trace to a host behind the load balancer uses the
 * node in the host's AZ when there is one.
 */
import { formatIp } from '../net/cidr.js';
import { sameAz } from '../model/az.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import { fronts, serves, type LbNode } from './lb-leg.js';
import type { Hop, Reason } from './types.js';
import type { Start } from './walker.js';

/**
 * The node a client uses: in `az` when the load balancer is enabled there, else in its first subnet; but DNS leaves
 * out a node whose AZ has no target it may send to (NLB Guide, "Health checks for Network Load Balancer target
 * groups": with no healthy target in an enabled AZ, that node's address is removed from DNS), so such a node is
 * skipped while another has one. `want`: a target that the node must reach.
 */
function lbNode(
    engine: TraceEngine,
    lb: T.LoadBalancer,
    az: T.AzRef | undefined,
    want?: T.Host['id'],
): LbNode | undefined {
    const subnets = lb.subnets
        .map((s) => engine.index.get(s))
        .filter((s): s is T.Subnet => !!s && engine.plan.lbNodeIp(lb.id, s.id) !== undefined);
    const ordered = [...subnets.filter((x) => sameAz(x.az, az)), ...subnets.filter((x) => !sameAz(x.az, az))];
    const s = ordered.find((x) => serves(engine, lb, x.az, want)) ?? ordered[0];
    return s ? { kind: 'lb-node', lb, subnet: s.id, az: s.az } : undefined;
}

/** A trace from a load balancer: from its node in its first AZ, with the node's private address. */
export function lbSource(
    engine: TraceEngine,
    lb: T.LoadBalancer,
): { start: Start; ip: number; az?: T.AzRef; hop: Hop; lb: T.Id<'load-balancer'> } | { fail: string } {
    const node = lbNode(engine, lb, undefined);
    const subnet = engine.index.get(node?.subnet);
    const ip = node ? engine.plan.lbNodeIp(lb.id, node.subnet) : undefined;
    if (!node || !subnet || ip === undefined)
        return { fail: `${lb.name} has no node: a trace starts at an ALB or NLB enabled in a subnet.` };
    return {
        start: { at: 'subnet', subnet, ingress: 'origin' },
        ip,
        az: node.az,
        hop: {
            kind: 'load-balancer',
            id: lb.id,
            name: lb.name,
            az: node.az,
            detail: `${lb.lbType.toUpperCase()} node in subnet ${subnet.name} (${formatIp(ip)})`,
        },
        lb: lb.id,
    };
}

/**
 * The address a client sends to for a load balancer: the DNS leg (pushed onto `hops`), then the node's public
 * address (internet-facing) or private one (internal). An internal one is unreachable from the internet.
 */
export function lbDestination(
    engine: TraceEngine,
    lb: T.LoadBalancer,
    client: { readonly az?: T.AzRef; readonly fromInternet: boolean },
    hops: Hop[],
): { dst: number } | { blocked: string; reason: Reason } | { fail: string } {
    if (lb.lbType === 'gwlb')
        return {
            fail: `${lb.name} is a Gateway Load Balancer: traffic reaches it by a route to a GWLB endpoint, not by name. Trace to the destination behind the appliances instead.`,
        };
    const node = lbNode(engine, lb, client.az);
    if (!node) return { fail: `${lb.name} has no node: it is enabled in no subnet with a valid CIDR.` };
    const internetFacing = lb.scheme === 'internet-facing';
    const address = (s: T.Id<'subnet'>) =>
        internetFacing ? engine.plan.lbNodePublicIp(lb.id, s) : engine.plan.lbNodeIp(lb.id, s);
    const addresses = lb.subnets.map(address).filter((x): x is number => x !== undefined);
    const dst = address(node.subnet);
    const vpc = engine.index.get(lb.vpc);
    const name = `${internetFacing ? '' : 'internal-'}${lb.name}.${vpc?.region || 'region'}.elb.amazonaws.com`;
    const list = addresses.map(formatIp);
    hops.push({
        kind: 'dns',
        name,
        detail: `${internetFacing ? 'internet-facing' : 'internal'} ${lb.lbType.toUpperCase()}: ${list.join(', ')}${dst !== undefined && list.length > 1 ? ` (uses ${formatIp(dst)}, the node in ${node.az?.name ?? 'its first subnet'})` : ''}`,
        dns: { name, addresses: list, answeredBy: 'public' },
    });
    if (client.fromInternet && !internetFacing)
        return {
            blocked: `${lb.name} is internal: its nodes have only private addresses, which the internet cannot reach (write internet-facing to give them public ones).`,
            reason: 'igw-needs-public-ip',
        };
    if (dst === undefined) return { fail: `${lb.name} has no node address.` };
    return { dst };
}

/**
 * For a client on the internet and a host without a public address: the node of an internet-facing load balancer
 * that hands flows to the host, the way such a host is reached (in the host's AZ when the load balancer is enabled
 * there). Undefined when no internet-facing load balancer fronts it.
 */
export function lbInFront(engine: TraceEngine, host: T.Host): { node: LbNode; dst: number } | undefined {
    for (const lb of engine.topology.loadBalancers) {
        if (lb.lbType === 'gwlb' || lb.scheme !== 'internet-facing' || !fronts(engine, lb, host.id)) continue;
        const node = lbNode(engine, lb, host.az, host.id);
        const dst = node ? engine.plan.lbNodePublicIp(lb.id, node.subnet) : undefined;
        if (node && dst !== undefined) return { node, dst };
    }
    return undefined;
}
