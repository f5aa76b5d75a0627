/**
 * The load balancer leg: a flow that reached the node of an ALB or NLB goes on to a target. An ALB node is a proxy (ELB
 * User Guide, "How Elastic Load Balancing works"): it opens its own connection from its private address in its subnet,
 * so that connection is routed like any other from that subnet, the target sees the node's address, and the target's
 * reply goes back to the node. An NLB forwards from its node too and carries the reply back through it (with client
 * IP preservation the target sees the client's address, but the reply still returns through the NLB), so the leg is
 * walked the same way. Both directions of this leg are walked, and must pass the same GWLB endpoints and appliances
 * (symmetry holds per leg: the client's leg is checked by trace-request.ts).
 *
 * The target is chosen as lb-targets.ts chooses: one in the node's AZ, else (cross-zone on, always for an ALB) any.
 * Targets may be instances, ENIs, IP addresses (an address outside the VPC, peered or on-premises, is registered for
 * AZ "all" and served from every node), an ALB behind an NLB (Network Load Balancers Guide, "Use an Application Load
 * Balancer as a target"), or a Lambda function behind an ALB, which the ALB invokes: the flow ends there (ALB User
 * Guide, "Lambda functions as targets":
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html).
 */
import { containsIp, formatIp, parseIp } from '../net/cidr.js';
import { azLabel, sameAz } from '../model/az.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import { hostHop } from './hops.js';
import type { Hop, Reason } from './types.js';
import { Walker, type Delivery, type Start, type WalkContext } from './walker.js';

export type LbNode = Extract<Delivery, { kind: 'lb-node' }>;

export type LbLegResult =
    /** The reply from the target back to the node (ending at the node), and what the flow finally reached. */
    | { readonly replyFrom: readonly Hop[]; readonly reached: Delivery }
    | { readonly blocked: string; readonly reason: Reason; readonly stoppedIn: 'forward' }
    | {
          readonly blocked: string;
          readonly reason: Reason;
          readonly stoppedIn: 'return';
          readonly hops: readonly Hop[];
          readonly stoppedAt: number;
      };

type LegTarget =
    | { readonly kind: 'host'; readonly host: T.Host; readonly ip: number }
    /** An IP target no host of the load balancer's VPC holds. */
    | { readonly kind: 'ip'; readonly ip: number }
    | { readonly kind: 'lambda'; readonly name: string }
    | { readonly kind: 'alb'; readonly node: LbNode; readonly ip: number };

interface Candidate {
    readonly target: LegTarget;
    readonly az?: T.AzRef;
    /** Registered for AZ "all" (an address outside the VPC) or not zonal (a Lambda function). */
    readonly anyZone: boolean;
}

const LB_LABEL: Record<T.LbType, string> = { alb: 'ALB', nlb: 'NLB', gwlb: 'GWLB' };

/**
 * From the load balancer's node on to a target and back. Forward hops are appended to `ctx.hops`; `want`: the target
 * the trace is after (a trace to a host behind the load balancer), else the load balancer's own choice.
 */
export function lbLeg(
    engine: TraceEngine,
    ctx: WalkContext,
    node: LbNode,
    want?: T.Host['id'],
    depth = 0,
): LbLegResult {
    const lb = node.lb;
    const label = LB_LABEL[lb.lbType];
    const nodeIp = engine.plan.lbNodeIp(lb.id, node.subnet);
    const subnet = engine.index.get(node.subnet);
    if (nodeIp === undefined || !subnet || depth > 2)
        return {
            blocked: `${label} ${lb.name} has no node to forward from.`,
            reason: 'no-route',
            stoppedIn: 'forward',
        };
    const target = pickLegTarget(engine, lb, node.az, want);
    if (!target) {
        const wanted = want ? engine.index.get(want)?.name : undefined;
        return {
            blocked: wanted
                ? `The node of ${label} ${lb.name} in ${azLabel(node.az)} does not send to ${wanted}.`
                : `${label} ${lb.name} has no target for its node in ${azLabel(node.az)}${lb.lbType === 'alb' || lb.crossZone ? '' : ' and cross-zone is off'}.`,
            reason: 'lb-no-healthy-target',
            stoppedIn: 'forward',
        };
    }
    if (target.kind === 'lambda') {
        ctx.hops.push({
            kind: 'lambda',
            name: target.name,
            detail: `Lambda function invoked by ALB ${lb.name} (target type lambda)`,
        });
        return {
            replyFrom: [
                { kind: 'lambda', name: target.name, detail: 'returns its response to the ALB' },
                { kind: 'load-balancer', id: lb.id, name: lb.name, az: node.az, detail: 'ALB node' },
            ],
            reached: node,
        };
    }
    // One context per direction of this leg; NAT translations and appliance-mode AZs are the leg's own flow's.
    const flowAz = new Map<string, T.AzRef>();
    const translations = new Map<string, number>();
    const fctx: WalkContext = { ...ctx, inspected: [], flowAz, translations };
    const packet = { src: nodeIp, dst: target.ip };
    const out = new Walker(engine, fctx, packet).walk({ at: 'subnet', subnet, ingress: 'origin' });
    if (out.kind === 'blocked') return { blocked: out.message, reason: out.reason, stoppedIn: 'forward' };
    const reached = out.to;
    if (!reachedTarget(target, reached))
        return {
            blocked: `The connection from ${label} ${lb.name} to its target ${targetName(engine, target)} ends elsewhere.`,
            reason: 'no-route',
            stoppedIn: 'forward',
        };
    if (reached.kind === 'host') {
        const at = ctx.hops.length - 1;
        if (ctx.hops[at]?.id === reached.id)
            ctx.hops[at] = {
                ...ctx.hops[at],
                detail:
                    lb.lbType === 'alb'
                        ? `target of ${lb.name} (sees the ALB node's address ${formatIp(nodeIp)}, not the client's)`
                        : `target of ${lb.name} (its reply goes back through the NLB node at ${formatIp(nodeIp)})`,
            };
    }
    const rctx: WalkContext = { ...ctx, hops: [], inspected: [], flowAz, translations };
    let start: Start | undefined;
    let src = target.ip;
    let final: Delivery = reached;
    if (reached.kind === 'lb-node') {
        // An ALB behind the NLB: its own leg to its target, whose reply comes back to the ALB node first.
        const inner = lbLeg(engine, ctx, reached, want, depth + 1);
        if (!('replyFrom' in inner)) return inner;
        rctx.hops.push(...inner.replyFrom);
        final = inner.reached;
        const albSubnet = engine.index.get(reached.subnet);
        if (albSubnet) start = { at: 'subnet', subnet: albSubnet, ingress: 'origin' };
    } else {
        const from = replyStart(engine, reached, target.ip, rctx);
        start = from?.start;
        src = from?.src ?? src;
    }
    if (!start) return { blocked: `The target of ${lb.name} has no subnet.`, reason: 'no-route', stoppedIn: 'forward' };
    const rout = new Walker(engine, rctx, { src, dst: packet.src }).walk(start);
    const lost = (reason: Reason, message: string, stoppedAt = rctx.hops.length - 1): LbLegResult => ({
        blocked: message,
        reason,
        stoppedIn: 'return',
        hops: rctx.hops,
        stoppedAt: Math.max(0, stoppedAt),
    });
    if (rout.kind === 'blocked') return lost(rout.reason, rout.message);
    if (rout.to.kind !== 'lb-node' || rout.to.lb.id !== lb.id)
        return lost('no-route', `the target's reply does not come back to the node of ${label} ${lb.name}.`);
    const forwardSeen = [...fctx.inspected].sort().join();
    if (forwardSeen !== [...rctx.inspected].sort().join()) {
        const other = rctx.hops.findIndex(
            (h) => (h.kind === 'endpoint-eni' || h.kind === 'appliance') && h.id && !fctx.inspected.includes(h.id),
        );
        return lost(
            'asymmetric-return',
            `between ${lb.name} and its target, the reply does not pass the same GWLB endpoints and appliances as the request.`,
            other >= 0 ? other : rctx.hops.findIndex((h) => h.kind === 'route-table'),
        );
    }
    return { replyFrom: rctx.hops, reached: final };
}

function reachedTarget(target: LegTarget, reached: Delivery): boolean {
    switch (target.kind) {
        case 'host':
            return reached.kind === 'host' && reached.id === target.host.id;
        case 'alb':
            return reached.kind === 'lb-node' && reached.lb.id === target.node.lb.id;
        case 'ip':
            return reached.kind === 'host' || reached.kind === 'address' || reached.kind === 'on-premises';
        case 'lambda':
            return false;
    }
}

function targetName(engine: TraceEngine, target: LegTarget): string {
    if (target.kind === 'host') return target.host.name;
    if (target.kind === 'alb') return target.node.lb.name;
    if (target.kind === 'lambda') return target.name;
    const net = engine.topology.onPremises.find((n) => n.cidrs.some((c) => containsIp(c, target.ip)));
    return net ? `${formatIp(target.ip)} (on-premises ${net.name})` : formatIp(target.ip);
}

/** Where the target's reply starts, with the hop that says so. */
function replyStart(
    engine: TraceEngine,
    reached: Delivery,
    ip: number,
    rctx: WalkContext,
): { start: Start; src: number } | undefined {
    const index = engine.index;
    if (reached.kind === 'host') {
        const host = index.get(reached.id || undefined);
        const subnet = index.get(host?.subnet);
        const src = host ? engine.plan.privateIp(host.id) : undefined;
        if (!host || !subnet || src === undefined) return undefined;
        rctx.hops.push(hostHop(host, 'source', formatIp(src)));
        return { start: { at: 'subnet', subnet, ingress: 'origin' }, src };
    }
    if (reached.kind === 'address') {
        const subnet = index.get(reached.subnet);
        if (!subnet) return undefined;
        rctx.hops.push({ kind: 'address', id: subnet.id, name: formatIp(ip), az: subnet.az, detail: 'replies' });
        return { start: { at: 'subnet', subnet, ingress: 'origin' }, src: ip };
    }
    if (reached.kind === 'on-premises') {
        const vgw = index.get(reached.vgw);
        if (!vgw) return undefined;
        const net = engine.topology.onPremises.find((n) => n.cidrs.some((c) => containsIp(c, ip)));
        rctx.hops.push({
            kind: 'on-premises',
            ...(net ? { id: net.id } : {}),
            name: net?.name ?? formatIp(ip),
            detail: `${formatIp(ip)} replies`,
        });
        return { start: { at: 'edge', igw: vgw, vpc: vgw.vpc }, src: ip };
    }
    return undefined;
}

/** The target the node in `az` hands the flow to; with `want`, only a target that leads to that host. */
function pickLegTarget(
    engine: TraceEngine,
    lb: T.LoadBalancer,
    az: T.AzRef | undefined,
    want: T.Host['id'] | undefined,
): LegTarget | undefined {
    // ALB cross-zone load balancing is always on (ELB User Guide, "Cross-zone load balancing").
    const crossZone = lb.lbType === 'alb' || lb.crossZone;
    const eligible = candidates(engine, lb, az).filter((c) => c.anyZone || sameAz(c.az, az) || crossZone || !az);
    const pool = want ? eligible.filter((c) => leadsTo(engine, c.target, want)) : eligible;
    return (pool.find((c) => c.anyZone || sameAz(c.az, az)) ?? pool[0])?.target;
}

function candidates(engine: TraceEngine, lb: T.LoadBalancer, az: T.AzRef | undefined): Candidate[] {
    const index = engine.index;
    const plan = engine.plan;
    const vpc = index.get(lb.vpc);
    const out: Candidate[] = [];
    for (const t of lb.targets) {
        if (t.kind === 'lambda') {
            if (lb.lbType === 'alb') out.push({ target: { kind: 'lambda', name: t.function }, anyZone: true });
            continue;
        }
        if (t.kind === 'ip') {
            const parsed = parseIp(t.ip);
            if (!parsed.ok) continue;
            const ip = parsed.value;
            const owner = plan.ownerIn(lb.vpc, ip);
            const host = owner?.kind === 'host' ? index.get(owner.id) : undefined;
            if (host) out.push({ target: { kind: 'host', host, ip }, az: host.az, anyZone: false });
            else if (!owner && vpc && !vpc.cidrs.some((c) => containsIp(c, ip)))
                out.push({ target: { kind: 'ip', ip }, anyZone: true });
            else if (!owner)
                out.push({ target: { kind: 'ip', ip }, az: plan.subnetOf(lb.vpc, ip)?.az, anyZone: false });
            continue;
        }
        const e = index.get(t.id);
        if (e?.kind === 'instance' || e?.kind === 'eni') {
            const ip = plan.privateIp(e.id);
            if (ip !== undefined) out.push({ target: { kind: 'host', host: e, ip }, az: e.az, anyZone: false });
        } else if (e?.kind === 'load-balancer' && e.lbType === 'alb' && lb.lbType === 'nlb') {
            // The ALB receives the flow on its node in the NLB node's AZ, else (NLB cross-zone on) on its first.
            const same = e.subnets.find((s) => sameAz(index.get(s)?.az, az));
            const s = index.get(same ?? e.subnets[0]);
            const ip = s ? plan.lbNodeIp(e.id, s.id) : undefined;
            if (s && ip !== undefined)
                out.push({
                    target: { kind: 'alb', node: { kind: 'lb-node', lb: e, subnet: s.id, az: s.az }, ip },
                    az: s.az,
                    anyZone: false,
                });
        }
    }
    return out;
}

function leadsTo(engine: TraceEngine, target: LegTarget, want: T.Host['id']): boolean {
    if (target.kind === 'host') return target.host.id === want;
    if (target.kind !== 'alb') return false;
    return candidates(engine, target.node.lb, target.node.az).some((c) => leadsTo(engine, c.target, want));
}

/** Whether the node in `az` has a target to send to (with `want`, one that leads to that host). */
export function serves(
    engine: TraceEngine,
    lb: T.LoadBalancer,
    az: T.AzRef | undefined,
    want: T.Host['id'] | undefined,
): boolean {
    return pickLegTarget(engine, lb, az, want) !== undefined;
}

/** Whether the load balancer hands flows to the host, directly or through an ALB behind it. */
export function fronts(engine: TraceEngine, lb: T.LoadBalancer, host: T.Host['id']): boolean {
    return candidates(engine, lb, undefined).some((c) => leadsTo(engine, c.target, host));
}
