/**
 * traceRequest: "where does this request go, and does it come back?" The DNS leg picks the address (dns.ts),
 * the forward walk follows route tables hop by hop (walker.ts), the PrivateLink leg goes endpoint ->
 * service -> load balancer -> target per AZ (PrivateLink Guide, "Availability Zones"), and the reply is walked back
 * from the destination and compared with the forward path: a reply that does not pass the same GWLB endpoints and
 * appliances is dropped (`asymmetric-return`; docs/rules/asymmetric-inspection.md).
 */
import { formatIp, parseIp } from '../net/cidr.js';
import { sameAz } from '../model/az.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import { resolveServiceName, zonalEndpointName, regionalEndpointName, type Resolution } from './dns.js';
import { engineFor, type TraceEngine } from './engine.js';
import { hostHop } from './hops.js';
import type { FlowStart, Hop, Reason, TraceEnd, TraceOptions, TraceResult } from './types.js';
import {
    newContext,
    Walker,
    type Delivery,
    type Outcome,
    type Packet,
    type Start,
    type WalkContext,
} from './walker.js';
import { answerPrivateName } from './zone-answers.js';
import { addressExpected, endDestination, endSource, onPremisesReply, type EndExpected } from './ends.js';
import { lbInFront } from './lb-ends.js';
import { lbLeg, type LbLegResult } from './lb-leg.js';
import { onPremisesOf } from './on-premises.js';
import { enterService } from './privatelink-leg.js';

interface Source {
    readonly start: Start;
    readonly ip: number;
    readonly vpc?: T.Vpc;
    readonly az?: T.AzRef;
    readonly hop: Hop;
    /** What the reply must reach. */
    readonly id?: T.Host['id'];
    /** A load balancer source: the reply must reach its node. */
    readonly lb?: T.Id<'load-balancer'>;
}

interface Fail {
    readonly fail: string;
}

/** The trace of a request from `from` to `to` over a topology (the CLI's `topo trace`, the diagram, tests). */
export function traceRequest(
    topology: T.Topology,
    from: TraceEnd,
    to: TraceEnd,
    options: TraceOptions = {},
    index?: TopologyIndex,
): TraceResult {
    return runTrace(engineFor(topology, index), from, to, options);
}

export interface FlowOptions {
    /**
     * Stop once the request arrives: no return leg, so the result is 'reachable' with an empty return path, or
     * blocked on the way there. For rules that ask only where a request goes.
     */
    readonly forwardOnly?: boolean;
}

/**
 * One trace, uncached (TraceEngine.trace keeps results). A flow may start with traffic the IGW has already accepted
 * for the VPC (`igw-edge`), so that rules can check ingress routing for a subnet whatever its hosts' addresses.
 */
export function runTrace(
    engine: TraceEngine,
    from: FlowStart,
    to: TraceEnd,
    options: TraceOptions & FlowOptions = {},
): TraceResult {
    const { forwardOnly, ...traceOptions } = options;
    return new TraceRun(engine, traceOptions, forwardOnly ?? false).run(from, to);
}

class TraceRun {
    private readonly ctx: WalkContext;
    private servicePublic = new Set<number>();
    /** The address the client sent to: a reply must come back from it. */
    private sentTo?: number;
    /** A host reached through the load balancer in front of it: the target the load balancer leg must pick. */
    private want?: T.Host['id'];

    constructor(
        private readonly engine: TraceEngine,
        private readonly options: TraceOptions,
        private readonly forwardOnly = false,
    ) {
        this.ctx = newContext(this.servicePublic);
    }

    private get index() {
        return this.engine.index;
    }

    run(from: FlowStart, to: TraceEnd): TraceResult {
        const source = this.source(from, to);
        if ('fail' in source) return this.result('blocked', 'no-route', source.fail, [], []);
        this.ctx.hops.push(source.hop);
        const packet: Packet = { src: source.ip, dst: 0 };
        const dest = this.destination(to, source, packet);
        if ('blocked' in dest) return this.finishBlocked(dest.blocked, dest.reason);
        // A destination the tracer cannot reach by its nature still names the hop where the trace stopped (as
        // Reachability Analyzer's explanations do).
        if ('fail' in dest) return this.finishBlocked(dest.fail, 'no-route');
        this.sentTo = packet.dst;
        const outcome = new Walker(this.engine, this.ctx, packet).walk(source.start);
        if (outcome.kind === 'blocked') {
            const reason =
                outcome.reason === 'no-route' && dest.dns?.answer.answeredBy === 'public'
                    ? dest.dns.privateElsewhere
                        ? 'private-dns-not-shared'
                        : 'dns-resolves-public'
                    : outcome.reason;
            const message =
                reason !== outcome.reason
                    ? `${outcome.message} ${dest.dns?.answer.name} resolved to a public address${dest.dns?.privateElsewhere ? ` (the private DNS of ${dest.dns.privateElsewhere.name} applies only inside its own VPC)` : ''}.`
                    : outcome.message;
            return this.finishBlocked(message, reason);
        }
        const arrivedFrom = packet.src;
        if (outcome.to.kind === 'aws-service' && outcome.to.via === 'internet') this.ctx.notes.add('via-internet');
        const service = enterService(this.engine, this.ctx, outcome.to, to);
        if ('blocked' in service && service.stoppedIn !== 'return')
            return this.finishBlocked(service.blocked, service.reason);
        // A load balancer node takes the flow on to a target (lb-leg.ts); so does the NLB behind an endpoint service,
        // whose leg may lose the reply.
        const leg: LbLegResult | undefined =
            'blocked' in service
                ? service
                : outcome.to.kind === 'lb-node'
                  ? lbLeg(this.engine, this.ctx, outcome.to, this.want)
                  : undefined;
        if (leg && 'blocked' in leg && leg.stoppedIn === 'forward') return this.finishBlocked(leg.blocked, leg.reason);
        if (leg && 'blocked' in leg && leg.stoppedIn === 'return' && !this.forwardOnly)
            return this.result(
                'blocked',
                leg.reason,
                `The reply is lost: ${leg.blocked}`,
                [...this.ctx.hops],
                leg.hops,
                'return',
                leg.stoppedAt,
            );
        const reached = leg && 'reached' in leg && dest.expected.kind !== 'load-balancer' ? leg.reached : outcome.to;
        if (!this.matches(outcome.to, to, dest.expected) && !this.matches(reached, to, dest.expected)) {
            return this.finishBlocked(
                `The packet ends at ${this.describeDelivery(outcome.to)}, not at the destination.`,
                'no-route',
            );
        }
        const forward = [...this.ctx.hops];
        if (this.forwardOnly)
            return this.result(
                'reachable',
                null,
                `${this.describeDelivery(reached)} is reachable (the reply was not traced).`,
                forward,
                [],
            );
        const ret = this.returnPath(
            outcome.to,
            source,
            arrivedFrom,
            leg && 'replyFrom' in leg ? [...leg.replyFrom] : 'replyFrom' in service ? service.replyFrom : undefined,
        );
        if (ret.outcome.kind === 'blocked') {
            return this.result(
                'blocked',
                ret.outcome.reason,
                `The reply is lost: ${ret.outcome.message}`,
                forward,
                ret.hops,
                'return',
                ret.hops.length - 1,
            );
        }
        const forwardInspected = this.inspectedIn(forward);
        const returnInspected = this.inspectedIn(ret.hops);
        // The same endpoints and appliances must see both directions (order is reversed on the way back).
        if ([...forwardInspected].sort().join() !== [...returnInspected].sort().join()) {
            // Stop at the first endpoint or appliance the request did not pass; a reply that skips inspection
            // altogether stops at its first route decision, the one that bypasses the appliance.
            const other = ret.hops.findIndex(
                (h) =>
                    (h.kind === 'endpoint-eni' || h.kind === 'appliance') && h.id && !forwardInspected.includes(h.id),
            );
            const at = other >= 0 ? other : ret.hops.findIndex((h) => h.kind === 'route-table');
            const names = (ids: readonly T.Id[]) =>
                ids.length ? ids.map((i) => this.index.get(i)?.name ?? i).join(', ') : 'none';
            return this.result(
                'blocked',
                'asymmetric-return',
                `The reply passes ${names(returnInspected)} but the request passed ${names(forwardInspected)}; the GWLB drops a flow whose reply takes another endpoint or appliance.`,
                forward,
                ret.hops,
                'return',
                at >= 0 ? at : ret.hops.length - 1,
            );
        }
        const via = this.ctx.notes.has('via-internet') ? ' over the internet' : '';
        return this.result(
            'reachable',
            null,
            `${this.describeDelivery(reached)} is reachable${via}, and the reply comes back the same way.`,
            forward,
            ret.hops,
        );
    }

    private finishBlocked(message: string, reason: Reason): TraceResult {
        return this.result('blocked', reason, message, this.ctx.hops, [], 'forward', this.ctx.hops.length - 1);
    }

    private result(
        verdict: 'reachable' | 'blocked',
        reason: Reason | null,
        summary: string,
        forward: readonly Hop[],
        ret: readonly Hop[],
        stoppedIn?: 'forward' | 'return',
        stoppedAt?: number,
    ): TraceResult {
        return {
            verdict,
            reason,
            summary,
            forward,
            return: ret,
            notes: [...this.ctx.notes].filter((n) => n !== 'same-subnet' || verdict === 'reachable').sort(),
            ...(verdict === 'blocked' && stoppedIn ? { stoppedIn, stoppedAt: Math.max(0, stoppedAt ?? 0) } : {}),
        };
    }

    private inspectedIn(hops: readonly Hop[]): T.Id[] {
        const out: T.Id[] = [];
        for (const h of hops) {
            if (!h.id) continue;
            const e = this.index.get(h.id);
            const isGwlbe = e?.kind === 'endpoint' && e.endpointType === 'gwlb' && h.kind === 'endpoint-eni';
            const isAppliance = (e?.kind === 'instance' || e?.kind === 'eni') && e.appliance && h.kind === 'appliance';
            if (isGwlbe || isAppliance) out.push(h.id);
        }
        return out;
    }

    // ------------------------------------------------------------------ ends

    private source(from: FlowStart, to: TraceEnd): Source | Fail {
        if (from.kind === 'igw-edge') {
            const igw = this.index.get(from.igw);
            if (!igw) return { fail: `Unknown internet gateway ${from.igw}.` };
            return {
                start: { at: 'edge', igw, vpc: igw.vpc },
                ip: this.engine.plan.internetPeer,
                hop: {
                    kind: 'internet',
                    name: 'internet',
                    detail: `a client on the internet (${formatIp(this.engine.plan.internetPeer)})`,
                },
            };
        }
        if (from.kind === 'internet') {
            return {
                start: { at: 'internet' },
                ip: this.engine.plan.internetPeer,
                hop: {
                    kind: 'internet',
                    name: 'internet',
                    detail: `a client on the internet (${formatIp(this.engine.plan.internetPeer)})`,
                },
            };
        }
        if (from.kind === 'ip') {
            const parsed = parseIp(from.ip);
            if (!parsed.ok) return { fail: `'${from.ip}' is not an IPv4 address.` };
            for (const vpc of this.engine.topology.vpcs) {
                const owner = this.engine.plan.ownerIn(vpc.id, parsed.value);
                if (owner?.kind === 'host') return this.hostSource(owner.id) ?? { fail: `${from.ip} has no subnet.` };
                const subnet = this.engine.plan.subnetOf(vpc.id, parsed.value);
                if (subnet)
                    return {
                        start: { at: 'subnet', subnet, ingress: 'origin' },
                        ip: parsed.value,
                        vpc,
                        az: subnet.az,
                        hop: {
                            kind: 'address',
                            id: subnet.id,
                            name: from.ip,
                            az: subnet.az,
                            detail: `an address in subnet ${subnet.name}`,
                        },
                    };
            }
            // An address outside every VPC in an on-premises network comes in through its VGW, not the internet.
            const net = onPremisesOf(this.engine, parsed.value);
            if (net) return endSource(this.engine, net, to, parsed.value)!;
            return {
                start: { at: 'internet' },
                ip: parsed.value,
                hop: { kind: 'internet', name: from.ip, detail: 'an address outside every VPC' },
            };
        }
        if (from.kind === 'dns')
            return { fail: `A trace starts at an element or address, not at the DNS name ${from.name}.` };
        const e = this.index.get(from.id);
        if (!e) return { fail: `Unknown source ${from.id}.` };
        if (e.kind === 'instance' || e.kind === 'eni')
            return this.hostSource(e.id) ?? { fail: `${e.name} is not in a subnet.` };
        if (e.kind === 'subnet') {
            const host = (this.index.hostsBySubnet.get(e.id) ?? [])[0];
            if (host) return this.hostSource(host.id) ?? { fail: `${host.name} is not in a subnet.` };
            if (!e.cidr) return { fail: `Subnet ${e.name} has no valid CIDR.` };
            const ip = this.engine.plan.freeAddress(e.id, e.cidr);
            return {
                start: { at: 'subnet', subnet: e, ingress: 'origin' },
                ip,
                vpc: this.index.get(e.vpc),
                az: e.az,
                hop: {
                    kind: 'subnet',
                    id: e.id,
                    name: e.name,
                    az: e.az,
                    detail: `an ENI in subnet ${e.name} (${formatIp(ip)})`,
                },
            };
        }
        return (
            endSource(this.engine, e, to) ?? {
                fail: `A trace starts at an instance, ENI, subnet, load balancer, on-premises network, VGW, IP address or the internet, not at ${e.kind} ${e.name}.`,
            }
        );
    }

    private hostSource(id: T.Host['id']): Source | undefined {
        const host = this.index.get(id);
        const subnet = this.index.get(host?.subnet);
        const ip = this.engine.plan.privateIp(id);
        if (!host || !subnet || ip === undefined) return undefined;
        return {
            start: { at: 'subnet', subnet, ingress: 'origin' },
            ip,
            vpc: this.index.get(host.vpc),
            az: host.az,
            hop: hostHop(host, 'source', formatIp(ip)),
            id,
        };
    }

    /** Sets packet.dst, running the DNS leg where the destination is a name. */
    private destination(
        to: TraceEnd,
        source: Source,
        packet: Packet,
    ): { dns?: Resolution; expected: Expected } | { blocked: string; reason: Reason } | Fail {
        if (to.kind === 'internet') {
            packet.dst = this.engine.plan.internetPeer;
            return { expected: { kind: 'internet' } };
        }
        if (to.kind === 'ip') {
            const parsed = parseIp(to.ip);
            if (!parsed.ok) return { fail: `'${to.ip}' is not an IPv4 address.` };
            packet.dst = parsed.value;
            return { expected: addressExpected(this.engine, parsed.value) ?? { kind: 'ip', ip: parsed.value } };
        }
        if (to.kind === 'dns') {
            const r = answerPrivateName(this.index, this.engine.plan, source.vpc, source.az, to.name);
            this.ctx.hops.push(r.hop);
            if (r.kind === 'none') return { blocked: r.message, reason: r.reason };
            packet.dst = r.address;
            return { expected: r.endpoint ? { kind: 'endpoint', id: r.endpoint.id } : { kind: 'ip', ip: r.address } };
        }
        const e = this.index.get(to.id);
        if (!e) return { fail: `Unknown destination ${to.id}.` };
        const fromInternet = source.start.at === 'internet';
        switch (e.kind) {
            case 'instance':
            case 'eni': {
                const ip = fromInternet ? this.engine.plan.publicIp(e.id) : this.engine.plan.privateIp(e.id);
                if (ip === undefined) {
                    // No public address: the internet reaches it through an internet-facing load balancer in front.
                    const front = fromInternet ? lbInFront(this.engine, e) : undefined;
                    if (front) {
                        packet.dst = front.dst;
                        this.want = e.id;
                        return { expected: { kind: 'host', id: e.id } };
                    }
                    if (fromInternet)
                        return {
                            blocked: `${e.name} has no public IP or EIP; the internet gateway only accepts traffic to public addresses.`,
                            reason: 'igw-needs-public-ip',
                        };
                    return { fail: `${e.name} has no address (is it in a subnet?).` };
                }
                packet.dst = ip;
                return { expected: { kind: 'host', id: e.id } };
            }
            case 'subnet': {
                const host = (this.index.hostsBySubnet.get(e.id) ?? [])[0];
                if (host) return this.destination({ kind: 'element', id: host.id }, source, packet);
                if (!e.cidr) return { fail: `Subnet ${e.name} has no valid CIDR.` };
                if (fromInternet)
                    return { blocked: `Subnet ${e.name} has no host with a public IP.`, reason: 'igw-needs-public-ip' };
                packet.dst = this.engine.plan.freeAddress(e.id, e.cidr);
                return { expected: { kind: 'subnet', id: e.id } };
            }
            case 'aws-service':
            case 'endpoint-service':
                return this.resolveService(e, source, packet);
            case 'endpoint':
                return this.resolveEndpointName(e, source, packet);
            default: {
                const client = { az: source.az, vpc: source.vpc?.id, fromInternet };
                const r = endDestination(this.engine, e, client, this.ctx.hops);
                if (r && 'dst' in r) packet.dst = r.dst;
                return r && 'dst' in r
                    ? { expected: r.expected }
                    : (r ?? {
                          fail: `A trace ends at an instance, ENI, subnet, load balancer, on-premises network, VGW, IP address, AWS service, endpoint service, endpoint or the internet, not at ${e.kind} ${e.name}.`,
                      });
            }
        }
    }

    private resolveService(
        target: T.AwsService | T.EndpointService,
        source: Source,
        packet: Packet,
    ): { dns: Resolution; expected: Expected } | { blocked: string; reason: Reason } | Fail {
        if (!source.vpc) {
            if (target.kind === 'aws-service') {
                packet.dst = 0;
                return { fail: `A trace from outside every VPC to ${target.name} does not involve this topology.` };
            }
            return {
                blocked: `Endpoint service ${target.name} is reachable only through an endpoint in a consumer VPC.`,
                reason: 'no-route',
            };
        }
        if (target.kind === 'endpoint-service' && target.backing === 'gwlb') {
            return {
                fail: `${target.name} is a Gateway Load Balancer service: traffic reaches it by a route to a GWLB endpoint, not by name. Trace to the destination behind the appliances instead.`,
            };
        }
        const region =
            this.options.serviceRegion ??
            (target.kind === 'endpoint-service' ? (target.region ?? source.vpc.region) : source.vpc.region);
        const r = resolveServiceName(this.index, this.engine.plan, source.vpc, target, region);
        if ('unresolvable' in r) {
            this.ctx.hops.push({
                kind: 'dns',
                name: r.unresolvable,
                detail: `the VPC resolver of ${source.vpc.name} has no private answer for ${r.unresolvable}`,
            });
            return r.privateElsewhere
                ? {
                      blocked: `${r.unresolvable} resolves privately only inside VPC ${this.index.get(r.privateElsewhere.vpc)?.name}; ${source.vpc.name} has no private hosted zone for it.`,
                      reason: 'private-dns-not-shared',
                  }
                : {
                      blocked: `${r.unresolvable} has no private answer in ${source.vpc.name} and no public one.`,
                      reason: 'dns-resolves-public',
                  };
        }
        const picked = this.pickAddress(r, source.az);
        packet.dst = picked;
        if ('privateElsewhere' in r && r.privateElsewhere) this.ctx.notes.add('private-dns-not-shared');
        this.ctx.hops.push({
            kind: 'dns',
            name: r.answer.name,
            detail: `${answeredByText(r.answer.answeredBy, r.answer.via)}: ${r.answer.addresses.join(', ')}${r.answer.addresses.length > 1 ? ` (uses ${formatIp(picked)})` : ''}`,
            dns: r.answer,
            ...(r.notes.length ? { notes: r.notes } : {}),
        });
        if (r.answer.answeredBy === 'public' && target.kind === 'aws-service') {
            this.servicePublic.add(picked);
            this.ctx.notes.add('public-dns');
        }
        return { dns: r, expected: { kind: 'service', id: target.id } };
    }

    private resolveEndpointName(
        ep: T.Endpoint,
        source: Source,
        packet: Packet,
    ): { expected: Expected } | { blocked: string; reason: Reason } | Fail {
        if (ep.endpointType !== 'interface')
            return {
                fail: `Only interface endpoints have DNS names to trace to; ${ep.name} is a ${ep.endpointType} endpoint.`,
            };
        const label =
            ep.service.kind === 'aws'
                ? ep.service.name
                : (this.index.get(ep.service.kind === 'endpoint-service' ? ep.service.id : undefined)?.name ??
                  'service');
        const zone = this.options.zone;
        let enis = ep.enis;
        let name = regionalEndpointName(ep, label, ep.serviceRegion);
        if (zone) {
            const vpc = this.index.get(ep.vpc);
            const wanted = zone.length <= 2 && vpc ? `${vpc.region}${zone}` : zone;
            enis = ep.enis.filter((e) => e.az?.name === wanted || e.az?.id === wanted);
            name = zonalEndpointName(ep, label, ep.serviceRegion, wanted);
            if (enis.length === 0) {
                this.ctx.hops.push({ kind: 'dns', name, detail: `endpoint ${ep.name} has no ENI in ${wanted}` });
                return {
                    blocked: `Endpoint ${ep.name} has no ENI in ${wanted}, so its zonal name there does not exist.`,
                    reason: 'az-not-served',
                };
            }
        }
        const addresses = enis
            .map((e) => this.engine.plan.eniIp(ep.id, e.subnet))
            .filter((x): x is number => x !== undefined);
        if (addresses.length === 0) return { fail: `Endpoint ${ep.name} has no ENI.` };
        const local = enis.findIndex((e) => sameAz(e.az, source.az));
        const picked = addresses[local >= 0 ? local : 0];
        packet.dst = picked;
        this.ctx.hops.push({
            kind: 'dns',
            name,
            detail: `${zone ? 'zonal' : 'regional'} endpoint name: ${addresses.map(formatIp).join(', ')}`,
            dns: { name, addresses: addresses.map(formatIp), answeredBy: 'endpoint-name', via: ep.name },
        });
        return { expected: { kind: 'endpoint', id: ep.id } };
    }

    /** With several ENIs, a client uses the one in its own AZ when there is one (the regional name returns all). */
    private pickAddress(r: Resolution, az: T.AzRef | undefined): number {
        if (r.endpoint && az) {
            const i = r.endpoint.enis.findIndex((e) => sameAz(e.az, az));
            const ip = i >= 0 ? this.engine.plan.eniIp(r.endpoint.id, r.endpoint.enis[i].subnet) : undefined;
            if (ip !== undefined) return ip;
        }
        return r.addresses[0] ?? 0;
    }

    // ------------------------------------------------------------------ PrivateLink leg

    /** After arriving at an interface endpoint's ENI: endpoint -> (service | endpoint service -> NLB -> target). */
    // ------------------------------------------------------------------ the reply

    private returnPath(
        delivered: Delivery,
        source: Source,
        arrivedFrom: number,
        replyFrom: Hop[] | undefined,
    ): { hops: Hop[]; outcome: Outcome } {
        const forwardHops = this.ctx.hops.length;
        const ctx: WalkContext = { ...this.ctx, hops: [], inspected: [] };
        const done = (outcome: Outcome) => {
            this.ctx.hops.length = forwardHops;
            return { hops: ctx.hops, outcome };
        };
        // AWS carries the reply of a gateway-endpoint request straight back through the endpoint.
        if (delivered.kind === 'aws-service' && delivered.via === 'gateway-endpoint' && delivered.endpoint) {
            const ep = delivered.endpoint;
            ctx.hops.push({
                kind: 'aws-service',
                name: ep.service.kind === 'aws' ? ep.service.name : 'service',
                detail: 'replies',
            });
            ctx.hops.push({ kind: 'endpoint', id: ep.id, name: ep.name, detail: 'back through the gateway endpoint' });
            ctx.hops.push({ ...source.hop, detail: 'receives the reply' });
            return done({ kind: 'delivered', to: { kind: 'host', id: source.id ?? '' } });
        }
        const packet: Packet = { src: 0, dst: arrivedFrom };
        let start: Start;
        if (delivered.kind === 'host' || delivered.kind === 'address') {
            const host = delivered.kind === 'host' ? this.index.get(delivered.id || undefined) : undefined;
            const subnet = this.index.get(
                host ? host.subnet : delivered.kind === 'address' ? delivered.subnet : undefined,
            );
            if (!subnet)
                return done({ kind: 'blocked', reason: 'no-route', message: 'The destination has no subnet.' });
            packet.src = host ? (this.engine.plan.privateIp(host.id) ?? 0) : 0;
            ctx.hops.push(
                host
                    ? hostHop(host, 'source', formatIp(packet.src))
                    : { kind: 'subnet', id: subnet.id, name: subnet.name, az: subnet.az, detail: 'replies' },
            );
            start = { at: 'subnet', subnet, ingress: 'origin' };
        } else if (delivered.kind === 'endpoint-eni') {
            for (const h of replyFrom ?? []) ctx.hops.push(h);
            const subnet = this.index.get(delivered.subnet);
            if (!subnet)
                return done({ kind: 'blocked', reason: 'no-route', message: 'The endpoint ENI has no subnet.' });
            packet.src = this.engine.plan.eniIp(delivered.endpoint.id, delivered.subnet) ?? 0;
            start = { at: 'subnet', subnet, ingress: 'endpoint' };
        } else if (delivered.kind === 'lb-node') {
            // The load balancer leg's reply (target -> node), then the node replies from its own address.
            for (const h of replyFrom ?? []) ctx.hops.push(h);
            const subnet = this.index.get(delivered.subnet);
            if (!subnet) return done({ kind: 'blocked', reason: 'no-route', message: 'The node has no subnet.' });
            packet.src = this.engine.plan.lbNodeIp(delivered.lb.id, delivered.subnet) ?? 0;
            start = { at: 'subnet', subnet, ingress: 'origin' };
        } else if (delivered.kind === 'on-premises') {
            // On-premises replies through the VGW, routed into the VPC as any traffic from it.
            packet.src = this.sentTo ?? 0;
            const from = onPremisesReply(this.engine, delivered.vgw, packet.src, arrivedFrom, ctx.hops);
            if (!from) return done({ kind: 'blocked', reason: 'no-route', message: 'The VGW does not exist.' });
            start = from;
        } else {
            // Internet or a service over the internet: the reply comes back in from the internet.
            packet.src = this.engine.plan.internetPeer;
            ctx.hops.push({ kind: 'internet', name: 'internet', detail: `replies to ${formatIp(arrivedFrom)}` });
            start = { at: 'internet' };
        }
        const outcome = new Walker(this.engine, ctx, packet).walk(start);
        if (outcome.kind === 'blocked') return done(outcome);
        const back = outcome.to;
        const ok =
            source.start.at === 'edge' && source.start.igw.kind === 'vgw'
                ? back.kind === 'on-premises' && back.vgw === source.start.igw.id
                : source.start.at === 'internet' || source.start.at === 'edge'
                  ? back.kind === 'internet'
                  : source.lb
                    ? back.kind === 'lb-node' && back.lb.id === source.lb
                    : back.kind === 'host'
                      ? back.id === source.id
                      : back.kind === 'address';
        if (!ok)
            return done({
                kind: 'blocked',
                reason: 'no-route',
                message: `it arrives at ${this.describeDelivery(back)} instead of the client.`,
            });
        // An internet client accepts a reply only from the address it sent to. A reply that leaves through a
        // NAT gateway carries the NAT's EIP instead (a host with a public IP whose subnet sends 0.0.0.0/0 to a
        // NAT gateway is unreachable from the internet), so the client drops it.
        if (source.start.at === 'internet' && this.sentTo !== undefined && packet.src !== this.sentTo) {
            return done({
                kind: 'blocked',
                reason: 'asymmetric-return',
                message: `it leaves with source ${formatIp(packet.src)}, not ${formatIp(this.sentTo)} that the client sent to, so the client drops it.`,
            });
        }
        return done(outcome);
    }

    // ------------------------------------------------------------------ helpers

    private matches(delivered: Delivery, to: TraceEnd, expected: Expected): boolean {
        void to;
        switch (expected.kind) {
            case 'internet':
                return delivered.kind === 'internet' || delivered.kind === 'on-premises';
            case 'host':
                return delivered.kind === 'host' && delivered.id === expected.id;
            case 'subnet':
                return (
                    (delivered.kind === 'address' && delivered.subnet === expected.id) ||
                    (delivered.kind === 'host' && this.index.get(delivered.id || undefined)?.subnet === expected.id)
                );
            case 'ip':
                return true;
            case 'service':
                return delivered.kind === 'aws-service' || delivered.kind === 'endpoint-eni';
            case 'endpoint':
                return delivered.kind === 'endpoint-eni' && delivered.endpoint.id === expected.id;
            case 'load-balancer':
                return delivered.kind === 'lb-node' && delivered.lb.id === expected.id;
            case 'on-premises':
                return delivered.kind === 'on-premises' && expected.vgws.includes(delivered.vgw);
        }
    }

    private describeDelivery(d: Delivery): string {
        switch (d.kind) {
            case 'host':
                return this.index.get(d.id || undefined)?.name ?? d.id;
            case 'address':
                return `an address in ${this.index.get(d.subnet)?.name ?? d.subnet}`;
            case 'internet':
                return 'the internet';
            case 'on-premises':
                return (
                    onPremisesOf(this.engine, this.sentTo ?? 0)?.name ??
                    `the on-premises network behind ${this.index.get(d.vgw)?.name ?? d.vgw}`
                );
            case 'lb-node':
                return d.lb.name;
            case 'aws-service':
                return d.endpoint?.service.kind === 'aws'
                    ? d.endpoint.service.name
                    : (this.ctx.hops.find((h) => h.kind === 'dns')?.name ?? 'the service');
            case 'endpoint-eni': {
                const ep = d.endpoint;
                if (ep.service.kind === 'aws') return ep.service.name;
                return (
                    this.index.get(ep.service.kind === 'endpoint-service' ? ep.service.id : undefined)?.name ?? ep.name
                );
            }
        }
    }
}

type Expected =
    | { readonly kind: 'internet' }
    | { readonly kind: 'host'; readonly id: string }
    | { readonly kind: 'subnet'; readonly id: string }
    | { readonly kind: 'ip'; readonly ip: number }
    | { readonly kind: 'service'; readonly id: string }
    | { readonly kind: 'endpoint'; readonly id: string }
    | EndExpected;

function answeredByText(by: string, via: string | undefined): string {
    switch (by) {
        case 'aws-managed-private-zone':
            return `AWS-managed private hosted zone of endpoint ${via}`;
        case 'private-hosted-zone':
            return `private hosted zone ${via}`;
        case 'endpoint-name':
            return `endpoint ${via}'s own DNS name`;
        default:
            return 'Route 53 Resolver (AmazonProvidedDNS), public answer';
    }
}
