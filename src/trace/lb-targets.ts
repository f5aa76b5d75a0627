/**
 * Which host target a load balancer hands a flow to: in the AZ of the node that received it, or any AZ when
 * cross-zone balancing is on (off by default for NLB and GWLB, on for ALB). The walker uses it for a GWLB's
 * appliance; the ALB and NLB leg, with IP, ALB and Lambda targets, is lb-leg.ts.
 */
import { parseIp } from '../net/cidr.js';
import { sameAz } from '../model/az.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';

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
