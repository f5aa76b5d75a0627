/**
 * Trace ends beyond hosts, subnets and services, for trace-request.ts: a load balancer (lb-ends.ts), an on-premises
 * network, a VGW, or an address in an on-premises network (on-premises.ts). Each gives where a flow from it starts,
 * or the address a flow to it is sent to and what it must arrive at.
 */
import { containsIp, formatIp, parseIp } from '../net/cidr.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import { lbDestination, lbSource } from './lb-ends.js';
import { onPremisesEnd, onPremisesHop, onPremisesOf, onPremisesSource } from './on-premises.js';
import type { Hop, Reason, TraceEnd } from './types.js';
import type { Start } from './walker.js';

/** What a flow to such an end must arrive at. */
export type EndExpected =
    | { readonly kind: 'load-balancer'; readonly id: string }
    | { readonly kind: 'on-premises'; readonly vgws: readonly string[] };

interface EndSource {
    readonly start: Start;
    readonly ip: number;
    readonly hop: Hop;
    readonly az?: T.AzRef;
    readonly lb?: T.Id<'load-balancer'>;
}

type Fail = { readonly fail: string };

/**
 * Where a flow from a load balancer, an on-premises network or a VGW (or, `ip`, an address in an on-premises network)
 * starts; undefined for other ends. On-premises comes in at the VGW of `to`'s VPC.
 */
export function endSource(engine: TraceEngine, e: T.Element, to: TraceEnd, ip?: number): EndSource | Fail | undefined {
    if (e.kind === 'load-balancer') return lbSource(engine, e);
    if (e.kind !== 'on-premises' && e.kind !== 'vgw') return undefined;
    const end = onPremisesEnd(engine, e, vpcToward(engine, to), ip);
    return 'fail' in end ? end : onPremisesSource(end);
}

/** The VPC at a trace end, if it is in one. */
function vpcToward(engine: TraceEngine, to: TraceEnd): T.Id<'vpc'> | undefined {
    if (to.kind === 'element') return engine.index.vpcOf(to.id);
    if (to.kind !== 'ip') return undefined;
    const parsed = parseIp(to.ip);
    return parsed.ok
        ? engine.topology.vpcs.find((v) => v.cidrs.some((c) => containsIp(c, parsed.value)))?.id
        : undefined;
}

/**
 * The address a flow to a load balancer, an on-premises network or a VGW is sent to (the DNS leg of a load balancer
 * is pushed onto `hops`); undefined for other ends.
 */
export function endDestination(
    engine: TraceEngine,
    e: T.Element,
    client: { readonly az?: T.AzRef; readonly vpc?: T.Id<'vpc'>; readonly fromInternet: boolean },
    hops: Hop[],
): { dst: number; expected: EndExpected } | { blocked: string; reason: Reason } | Fail | undefined {
    if (e.kind === 'load-balancer') {
        const r = lbDestination(engine, e, client, hops);
        return 'dst' in r ? { dst: r.dst, expected: { kind: 'load-balancer', id: e.id } } : r;
    }
    if (e.kind !== 'on-premises' && e.kind !== 'vgw') return undefined;
    const end = onPremisesEnd(engine, e, client.vpc);
    return 'fail' in end ? end : { dst: end.ip, expected: { kind: 'on-premises', vgws: end.vgws } };
}

/** An address outside every VPC in an on-premises network is expected to arrive there. */
export function addressExpected(engine: TraceEngine, ip: number): EndExpected | undefined {
    const net = onPremisesOf(engine, ip);
    return net ? { kind: 'on-premises', vgws: net.vgws } : undefined;
}

/** The reply of on-premises to `to` comes in at the VGW the request left by; its first hop is pushed onto `hops`. */
export function onPremisesReply(
    engine: TraceEngine,
    vgwId: T.Id<'vgw'>,
    from: number,
    to: number,
    hops: Hop[],
): Start | undefined {
    const vgw = engine.index.get(vgwId);
    if (!vgw) return undefined;
    hops.push(
        onPremisesHop(engine, from, `replies to ${formatIp(to)}`) ?? {
            kind: 'on-premises',
            name: formatIp(from),
            detail: `replies to ${formatIp(to)}`,
        },
    );
    return { at: 'edge', igw: vgw, vpc: vgw.vpc };
}
