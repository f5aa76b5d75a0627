/**
 * Which target a load balancer hands a flow to: in the AZ of the node that received it, or any AZ when
 * cross-zone balancing is on (off by default for NLB and GWLB, on for ALB); for an NLB, possibly an ALB registered
 * as its target and then one of the ALB's targets.
 */
import { parseIp } from '../net/cidr.js';
import { sameAz } from '../model/az.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';

/** What an NLB hands a flow to: a host, or an ALB registered as its target and the host behind that ALB. */
interface NlbTarget {
    readonly host: T.Host;
    readonly alb?: { readonly lb: T.LoadBalancer; readonly az: T.AzRef | undefined };
}

/**
 * An NLB's target for a flow that reaches its node in `az` (NLB targets: instance, ip or alb; Network Load Balancers
 * Guide, "Target groups"). Host targets as pickTarget; an ALB target receives the flow on its own node in the same AZ
 * (NLB cross-zone off) or any AZ (on), and the ALB, whose cross-zone balancing is always on (ELB User Guide), hands it
 * to any of its targets.
 */
export function pickNlbTarget(
    engine: TraceEngine,
    nlb: T.LoadBalancer,
    az: T.AzRef | undefined,
): NlbTarget | undefined {
    const host = pickTarget(engine, nlb, az);
    if (host) return { host };
    for (const t of nlb.targets) {
        const alb = t.kind === 'element' ? engine.index.get(t.id) : undefined;
        if (alb?.kind !== 'load-balancer' || alb.lbType !== 'alb') continue;
        const node = alb.azs.find((a) => sameAz(a, az)) ?? (nlb.crossZone || !az ? alb.azs[0] : undefined);
        if (!node && alb.azs.length > 0) continue;
        const behind = pickTarget(engine, { ...alb, crossZone: true }, node);
        if (behind) return { host: behind, alb: { lb: alb, az: node } };
    }
    return undefined;
}

/**
 * A target of the load balancer in the given AZ, or any when cross-zone is on (off by default for GWLB: GWLB
 * User Guide, "Cross-zone load balancing").
 */
export function pickTarget(engine: TraceEngine, lb: T.LoadBalancer, az: T.AzRef | undefined): T.Host | undefined {
    // An IP target (NLB: instance, ip or alb; GWLB: instance or ip) is the host that holds that address.
    const byIp = (text: string) => {
        const ip = parseIp(text);
        const owner = ip.ok ? engine.plan.ownerIn(lb.vpc, ip.value) : undefined;
        return owner?.kind === 'host' ? engine.index.get(owner.id) : undefined;
    };
    const hosts = lb.targets
        .map((t) => (t.kind === 'element' ? engine.index.get(t.id) : t.kind === 'ip' ? byIp(t.ip) : undefined))
        .filter((h): h is T.Host => !!h && (h.kind === 'instance' || h.kind === 'eni'));
    const sameZone = hosts.find((h) => sameAz(h.az, az));
    if (sameZone) return sameZone;
    return lb.crossZone || !az ? hosts[0] : undefined;
}
