/**
 * The packet walk: where a packet goes, hop by hop, from an ENI (or the internet) to its destination, as
 * AWS would forward it (VPC User Guide, "Route tables", "Gateway route tables", "Middlebox scenarios"):
 *  - traffic within one subnet never consults a route table (only traffic between subnets can be routed
 *    through a middlebox);
 *  - every ENI-based hop (GWLBE, NAT, appliance, TGW attachment ENI) forwards with its own subnet's table
 *    (VPC User Guide, "Inspect traffic using appliances in a security VPC"); an instance or ENI that is not an
 *    appliance keeps its source/destination check on and drops what is not addressed to it (EC2 User Guide);
 *  - traffic from the internet enters through the IGW, which only accepts public addresses, and is routed by
 *    the IGW's edge table when there is one (VPC User Guide, "Gateway route tables");
 *  - peering is not transitive and gives no edge-to-edge access (VPC Peering Guide, "Unsupported VPC peering
 *    configurations");
 *  - a TGW attachment forwards only from AZs where it has a subnet, and the TGW route table associated with
 *    the attachment decides (Transit Gateway Guide, "Transit gateway attachments to a VPC"); appliance mode
 *    pins a flow's AZ in both directions.
 * The walker records hops, inspected devices and NAT translations in a shared context so that the return
 * path can be walked the same way and compared for symmetry.
 */
import { containsIp, formatIp } from '../net/cidr.js';
import { sameAz, azLabel } from '../model/az.js';
import { endpointConnection, loadBalancerInAz, serviceLoadBalancers } from '../model/endpoint-facts.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import { describeRoute, hostHop } from './hops.js';
import { pickTarget } from './lb-targets.js';
import { forwardThrough, translateBack } from './appliances.js';
import { inServicePrefixList, natFor, onPremisesHop, vgwEdgeToEdge } from './on-premises.js';
import type { Hop, Reason } from './types.js';

/** How the packet arrived where it is: it matters for NAT, gateway endpoints and peering. */
type Ingress = 'origin' | 'igw' | 'peering' | 'tgw' | 'vgw' | 'gwlbe' | 'nat' | 'appliance' | 'endpoint';

export interface Packet {
    src: number;
    dst: number;
}

export type Start =
    | { readonly at: 'subnet'; readonly subnet: T.Subnet; readonly ingress: Ingress }
    | { readonly at: 'internet' }
    /**
     * Traffic the IGW has already accepted and translated (rules probe this), or traffic from on-premises arriving at a
     * VGW: routed by the gateway's edge table.
     */
    | { readonly at: 'edge'; readonly igw: T.Igw | T.Vgw; readonly vpc: T.Id<'vpc'> };

export type Delivery =
    /** '' when the source host is unknown (then nothing matches it). */
    | { readonly kind: 'host'; readonly id: T.Host['id'] | '' }
    | { readonly kind: 'address'; readonly subnet: T.Id<'subnet'> }
    | { readonly kind: 'internet' }
    | { readonly kind: 'on-premises'; readonly vgw: T.Id<'vgw'> }
    /** The node of an ALB or NLB in one of its subnets (lb-leg.ts takes the flow on to a target). */
    | {
          readonly kind: 'lb-node';
          readonly lb: T.LoadBalancer;
          readonly subnet: T.Id<'subnet'>;
          readonly az?: T.AzRef;
      }
    | { readonly kind: 'aws-service'; readonly via: 'gateway-endpoint' | 'internet'; readonly endpoint?: T.Endpoint }
    | {
          readonly kind: 'endpoint-eni';
          readonly endpoint: T.Endpoint;
          readonly subnet: T.Id<'subnet'>;
          readonly az?: T.AzRef;
      };

export type Outcome =
    | { readonly kind: 'delivered'; readonly to: Delivery }
    | { readonly kind: 'blocked'; readonly reason: Reason; readonly message: string };

/** State shared by the forward and the return walk of one trace. */
export interface WalkContext {
    readonly hops: Hop[];
    /** GWLB endpoints and appliances the packet passed, in order. */
    readonly inspected: T.Id[];
    readonly notes: Set<string>;
    /** Appliance mode: the AZ a flow uses in an attachment, chosen once and kept for the reply. */
    readonly flowAz: Map<string, T.AzRef>;
    /** NAT translations made on the way: NAT id -> the address it replaced. */
    readonly translations: Map<string, number>;
    /** Public addresses that are the trace's AWS service (delivered when reached over the internet). */
    readonly servicePublicIps: ReadonlySet<number>;
}

export function newContext(servicePublicIps: ReadonlySet<number> = new Set()): WalkContext {
    return { hops: [], inspected: [], notes: new Set(), flowAz: new Map(), translations: new Map(), servicePublicIps };
}

const MAX_STEPS = 64;

type Next = { readonly state: Start; readonly az?: T.AzRef } | Outcome;

function isOutcome(n: Next): n is Outcome {
    return 'kind' in n;
}

export class Walker {
    private readonly visits = new Map<string, number>();

    constructor(
        private readonly engine: TraceEngine,
        private readonly ctx: WalkContext,
        private readonly packet: Packet,
    ) {}

    private get index() {
        return this.engine.index;
    }

    private push(hop: Hop): void {
        if (hop.az) {
            // The last hop with an AZ, found without copying the path.
            const hops = this.ctx.hops;
            let i = hops.length - 1;
            while (i >= 0 && !hops[i].az) i--;
            const last = i >= 0 ? hops[i].az : undefined;
            if (last && !sameAz(last, hop.az)) this.ctx.notes.add('cross-az');
        }
        this.ctx.hops.push(hop);
    }

    private pushIf(hop: Hop | undefined): void {
        if (hop) this.push(hop);
    }

    private blocked(reason: Reason, message: string): Outcome {
        return { kind: 'blocked', reason, message };
    }

    walk(start: Start): Outcome {
        let state: Start = start;
        for (let step = 0; step < MAX_STEPS; step++) {
            const next =
                state.at === 'internet'
                    ? this.fromInternet()
                    : state.at === 'edge'
                      ? this.fromEdge(state.igw, state.vpc)
                      : this.fromSubnet(state.subnet, state.ingress);
            if (isOutcome(next)) return next;
            state = next.state;
        }
        return this.blocked('no-route', 'The packet loops between route tables and never arrives.');
    }

    // ------------------------------------------------------------------ leaving an ENI in a subnet

    private fromSubnet(subnet: T.Subnet, ingress: Ingress): Next {
        const dst = this.packet.dst;
        // Within one subnet, no route table is consulted, so no appliance can see the traffic. That holds
        // for an interface endpoint ENI's reply to a client in its own subnet too.
        if ((ingress === 'origin' || ingress === 'endpoint') && subnet.cidr && containsIp(subnet.cidr, dst)) {
            this.ctx.notes.add('same-subnet');
            return this.deliverInVpc(subnet.vpc, 'origin');
        }
        const table = this.index.get(subnet.routeTable);
        if (!table) return this.blocked('no-route', `Subnet ${subnet.name} has no route table.`);
        return this.route(table, subnet.vpc, ingress, subnet.az);
    }

    /** One route-table decision and what its target does with the packet. */
    private route(table: T.RouteTable, vpcId: T.Id<'vpc'>, ingress: Ingress, az: T.AzRef | undefined): Next {
        const res = this.engine.lookup.resolve(table, this.packet.dst);
        const choice = describeRoute(this.engine, res);
        this.push({
            kind: 'route-table',
            id: table.id,
            name: table.name,
            az,
            detail: choice
                ? `${choice.destination} -> ${choice.target} (${whyText(choice.why)})`
                : `no route for ${formatIp(this.packet.dst)}`,
            ...(choice ? { route: choice } : {}),
        });
        const winner = res.winner;
        if (!winner)
            return this.blocked('no-route', `Route table ${table.name} has no route for ${formatIp(this.packet.dst)}.`);
        if (
            res.beaten.some(
                (b) => b.candidate.route.origin === 'gateway-endpoint' && b.lostBecause === 'longest-prefix',
            )
        )
            this.ctx.notes.add('overridden-by-more-specific');
        const target = winner.route.target;
        if (target.kind === 'local') return this.deliverInVpc(vpcId, ingress);
        if (target.kind === 'blackhole')
            return this.blocked(
                'blackhole',
                `Route table ${table.name} drops ${formatIp(this.packet.dst)} (blackhole route).`,
            );
        const element = this.index.get(target.id);
        if (!element) return this.blocked('blackhole', `The target of ${table.name}'s route no longer exists.`);
        return this.follow(element, vpcId, ingress, az);
    }

    private follow(element: T.Element, vpcId: T.Id<'vpc'>, ingress: Ingress, az: T.AzRef | undefined): Next {
        switch (element.kind) {
            case 'igw':
                return this.toInternet(element, vpcId);
            case 'nat':
                return this.viaNat(element, vpcId, ingress);
            case 'endpoint':
                return this.viaEndpoint(element, ingress);
            case 'instance':
            case 'eni':
                return this.viaHost(element);
            case 'peering':
                return this.viaPeering(element, vpcId);
            case 'transit-gateway':
                return this.viaTgw(element, vpcId, az);
            case 'vgw':
                this.push({
                    kind: 'vgw',
                    id: element.id,
                    name: element.name,
                    detail: 'to the VPN or Direct Connect side',
                });
                this.pushIf(onPremisesHop(this.engine, this.packet.dst, 'receives'));
                return { kind: 'delivered', to: { kind: 'on-premises', vgw: element.id } };
            default:
                return this.blocked('no-route', `${element.name} cannot be a route target.`);
        }
    }

    // ------------------------------------------------------------------ delivery inside a VPC

    private deliverInVpc(vpcId: T.Id<'vpc'>, ingress: Ingress): Next {
        const dst = this.packet.dst;
        const plan = this.engine.plan;
        const owner = plan.ownerIn(vpcId, dst);
        if (owner?.kind === 'host') {
            const host = this.index.get(owner.id);
            // A reply to the address a NAT instance gave the request goes back through it.
            const back = host && translateBack(this.engine, this.ctx.translations, this.packet, host);
            if (back) {
                this.push(back.hop);
                const subnet = this.index.get(back.out.subnet);
                if (!subnet) return this.blocked('blackhole', `${back.out.name} has no subnet.`);
                return { state: { at: 'subnet', subnet, ingress: 'nat' } };
            }
            if (host) this.push(hostHop(host, 'destination', formatIp(dst)));
            return { kind: 'delivered', to: { kind: 'host', id: owner.id } };
        }
        if (owner?.kind === 'endpoint-eni') {
            const ep = this.index.get(owner.id)!;
            this.push({
                kind: 'endpoint-eni',
                id: ep.id,
                name: ep.name,
                az: owner.az,
                detail: `ENI of ${ep.endpointType} endpoint ${ep.name} at ${formatIp(dst)}`,
            });
            return {
                kind: 'delivered',
                to: { kind: 'endpoint-eni', endpoint: ep, subnet: owner.subnet, az: owner.az },
            };
        }
        if (owner?.kind === 'lb-node') {
            const lb = this.index.get(owner.id)!;
            this.push({
                kind: 'load-balancer',
                id: lb.id,
                name: lb.name,
                az: owner.az,
                detail: `${lb.lbType.toUpperCase()} node at ${formatIp(dst)}`,
            });
            return { kind: 'delivered', to: { kind: 'lb-node', lb, subnet: owner.subnet, az: owner.az } };
        }
        if (owner?.kind === 'nat') {
            const nat = this.index.get(owner.id)!;
            const original = this.ctx.translations.get(nat.id);
            if (original === undefined)
                return this.blocked(
                    'no-route',
                    `${formatIp(dst)} is NAT gateway ${nat.name}, which does not accept new connections.`,
                );
            this.push({
                kind: 'nat',
                id: nat.id,
                name: nat.name,
                az: nat.az,
                detail: `translates the reply back to ${formatIp(original)}`,
            });
            this.packet.dst = original;
            const subnet = this.index.get(nat.subnet);
            if (!subnet) return this.deliverInVpc(vpcId, 'nat');
            return { state: { at: 'subnet', subnet, ingress: 'nat' } };
        }
        const subnet = plan.subnetOf(vpcId, dst);
        if (subnet) {
            this.push({
                kind: 'address',
                id: subnet.id,
                name: formatIp(dst),
                az: subnet.az,
                detail: `an address in subnet ${subnet.name}`,
            });
            return { kind: 'delivered', to: { kind: 'address', subnet: subnet.id } };
        }
        const vpc = this.index.get(vpcId);
        // Reached only for an address inside this VPC's blocks (viaPeering checks the peer's blocks first): the
        // packet arrived, nothing holds the address. That is no transit, whatever way it came in.
        void ingress;
        return this.blocked('no-route', `No subnet of VPC ${vpc?.name ?? vpcId} holds ${formatIp(dst)}.`);
    }

    // ------------------------------------------------------------------ internet

    private toInternet(igw: T.Igw, vpcId: T.Id<'vpc'>): Next {
        const plan = this.engine.plan;
        // The internet does not route private addresses: a packet for one (a reply whose NAT subnet has no
        // route back to the TGW, say) is dropped at the IGW, whatever its source.
        if (isPrivate(this.packet.dst)) {
            this.push({
                kind: 'igw',
                id: igw.id,
                name: igw.name,
                detail: `drops traffic for the private address ${formatIp(this.packet.dst)}`,
            });
            return this.blocked(
                'no-route',
                `${formatIp(this.packet.dst)} is a private address; internet gateway ${igw.name} cannot deliver it, and no more specific route sends it elsewhere.`,
            );
        }
        // The IGW translates a private source to its public IP; a source without one cannot use it (VPC User Guide,
        // "Internet gateways").
        if (plan.publicOwner(this.packet.src) === undefined) {
            const srcOwner = plan.ownerIn(vpcId, this.packet.src);
            const pub = srcOwner ? plan.publicIpOf(srcOwner) : undefined;
            if (pub === undefined) {
                this.push({
                    kind: 'igw',
                    id: igw.id,
                    name: igw.name,
                    detail: `drops traffic from ${formatIp(this.packet.src)}: no public IP`,
                });
                const owner = srcOwner ? this.index.get(srcOwner.id) : undefined;
                if (owner?.kind === 'nat' && owner.connectivity === 'public')
                    return this.blocked(
                        'igw-needs-public-ip',
                        `Public NAT gateway ${owner.name} has no EIP, so internet gateway ${igw.name} cannot carry its traffic.`,
                    );
                if (owner?.kind === 'nat')
                    return this.blocked(
                        'no-route',
                        `NAT gateway ${owner.name} is private; a private NAT gateway cannot send traffic to an internet gateway.`,
                    );
                const vpc = this.index.get(vpcId);
                const inVpc = !!vpc?.cidrs.some((c) => containsIp(c, this.packet.src));
                const who =
                    owner?.name ??
                    `${formatIp(this.packet.src)} (${inVpc ? 'an address in' : 'from outside'} VPC ${vpc?.name ?? vpcId}, not translated by a NAT gateway)`;
                return this.blocked(
                    'igw-needs-public-ip',
                    `${who} has no public IP or EIP, so internet gateway ${igw.name} cannot carry its traffic.`,
                );
            }
            this.packet.src = pub;
        }
        this.push({
            kind: 'igw',
            id: igw.id,
            name: igw.name,
            detail: `to the internet as ${formatIp(this.packet.src)}`,
        });
        return { state: { at: 'internet' } };
    }

    /**
     * Ingress routing (VPC User Guide, "Gateway route tables"): the IGW's edge table decides where traffic for the VPC
     * goes.
     */
    private fromEdge(igw: T.Igw | T.Vgw, vpcId: T.Id<'vpc'>): Next {
        this.push({
            kind: igw.kind,
            id: igw.id,
            name: igw.name,
            detail: `delivers ${formatIp(this.packet.dst)} into the VPC`,
        });
        // A VGW carries only traffic for its VPC: no edge-to-edge routing (on-premises.ts).
        const edgeToEdge = igw.kind === 'vgw' ? vgwEdgeToEdge(this.engine, igw, this.packet.dst) : undefined;
        if (edgeToEdge) return this.blocked(edgeToEdge.reason, edgeToEdge.message);
        const edge = this.index.edgeTables.get(igw.id)?.[0];
        if (!edge) return this.deliverInVpc(vpcId, igw.kind);
        return this.route(edge, vpcId, igw.kind, undefined);
    }

    private fromInternet(): Next {
        const dst = this.packet.dst;
        if (this.ctx.servicePublicIps.has(dst)) {
            this.push({
                kind: 'internet',
                name: 'internet',
                detail: `to the service's public address ${formatIp(dst)}`,
            });
            return { kind: 'delivered', to: { kind: 'aws-service', via: 'internet' } };
        }
        const owner = this.engine.plan.publicOwner(dst);
        if (!owner) {
            if (isPrivate(dst))
                return this.blocked(
                    'igw-needs-public-ip',
                    `${formatIp(dst)} is a private address; the internet cannot reach it.`,
                );
            this.push({ kind: 'internet', name: 'internet', detail: formatIp(dst) });
            return { kind: 'delivered', to: { kind: 'internet' } };
        }
        const element = this.index.get(owner.id);
        const vpcId = this.index.vpcOf(owner.id);
        const vpc = this.index.get(vpcId);
        if (!element || !vpc) return this.blocked('no-route', `Nothing owns ${formatIp(dst)}.`);
        if (this.ctx.hops[this.ctx.hops.length - 1]?.kind !== 'internet')
            this.push({ kind: 'internet', name: 'internet', detail: `to ${formatIp(dst)}` });
        const igw = this.index.get(vpc.igws[0]);
        if (!igw)
            return this.blocked(
                'no-route',
                `VPC ${vpc.name} has no internet gateway, so ${formatIp(dst)} is unreachable from the internet.`,
            );
        const priv = this.engine.plan.privateIpOf(owner);
        if (priv === undefined) return this.blocked('no-route', `${element.name} has no private address.`);
        this.push({
            kind: 'igw',
            id: igw.id,
            name: igw.name,
            detail: `translates ${formatIp(dst)} to ${formatIp(priv)}`,
        });
        this.packet.dst = priv;
        // Ingress routing: the IGW's edge table decides where traffic for the VPC goes (VPC User Guide, "Gateway route
        // tables").
        const edge = this.index.edgeTables.get(igw.id)?.[0];
        if (!edge) return this.deliverInVpc(vpc.id, 'igw');
        return this.route(edge, vpc.id, 'igw', undefined);
    }

    // ------------------------------------------------------------------ NAT, endpoints, appliances

    private viaNat(nat: T.Nat, vpcId: T.Id<'vpc'>, ingress: Ingress): Next {
        // Traffic that entered through peering or a VGW cannot use a NAT gateway (VPC User Guide, "NAT gateways").
        if (ingress === 'peering' || ingress === 'vgw') {
            this.push({
                kind: 'nat',
                id: nat.id,
                name: nat.name,
                az: nat.az,
                detail: 'refuses traffic that entered the VPC through peering or a VGW',
            });
            return this.blocked(
                'nat-source-not-in-vpc',
                `NAT gateway ${nat.name} does not translate traffic that entered the VPC through ${ingress === 'peering' ? 'a peering connection' : 'a virtual private gateway'}.`,
            );
        }
        if (this.loop(nat.id)) return this.blocked('no-route', `The packet loops back to NAT gateway ${nat.name}.`);
        // A NAT gateway sends from its own private address; a public one's is mapped to its EIP at the IGW. One
        // written without an EIP (AWS requires one for a public NAT gateway) keeps the private address, and the IGW
        // refuses it.
        const translated =
            (nat.connectivity === 'public' ? this.engine.plan.publicIp(nat.id) : undefined) ??
            this.engine.plan.privateIp(nat.id);
        this.ctx.translations.set(nat.id, this.packet.src);
        if (translated !== undefined) this.packet.src = translated;
        this.push({
            kind: 'nat',
            id: nat.id,
            name: nat.name,
            az: nat.az,
            detail: `${nat.regional ? 'regional' : 'zonal'} ${nat.connectivity} NAT: source becomes ${formatIp(this.packet.src)}`,
        });
        if (nat.regional) {
            const vpc = this.index.get(vpcId);
            const igw = this.index.get(vpc?.igws[0]);
            if (!igw || nat.connectivity === 'private')
                return this.blocked('no-route', `Regional NAT gateway ${nat.name} has no internet gateway to send to.`);
            return this.toInternet(igw, vpcId);
        }
        const subnet = this.index.get(nat.subnet);
        if (!subnet) return this.blocked('blackhole', `NAT gateway ${nat.name} has no subnet.`);
        return { state: { at: 'subnet', subnet, ingress: 'nat' } };
    }

    /** A route to an instance or ENI: the device forwards it out of one of its interfaces (appliances.ts). */
    private viaHost(host: T.Host): Next {
        if (this.loop(host.attachedTo ?? host.id))
            return this.blocked('no-route', `The packet loops back to ${host.name}.`);
        if (!host.appliance) {
            // Source/destination check (EC2 User Guide, "Change the source or destination checking"): an instance or
            // network interface drops traffic not addressed to it unless the check is off, as on an appliance or a
            // NAT instance (VPC User Guide, "NAT instances").
            if (this.engine.plan.privateIp(host.id) === this.packet.dst) {
                this.push(hostHop(host, 'destination', formatIp(this.packet.dst)));
                return { kind: 'delivered', to: { kind: 'host', id: host.id } };
            }
            this.push({
                ...hostHop(host, 'eni', undefined),
                detail: `drops ${formatIp(this.packet.dst)}: source/destination check on (not an appliance)`,
            });
            return this.blocked(
                'source-dest-check',
                `${host.name} is not an appliance, so its source/destination check is on and it drops ${formatIp(this.packet.dst)}, which is not addressed to it.`,
            );
        }
        const { hop, device, out } = forwardThrough(this.engine, this.ctx.translations, this.packet, host);
        this.push(hop);
        this.ctx.inspected.push(device.id);
        const subnet = this.index.get(out.subnet);
        if (!subnet) return this.blocked('blackhole', `${host.name} has no subnet.`);
        return { state: { at: 'subnet', subnet, ingress: 'appliance' } };
    }

    private viaEndpoint(ep: T.Endpoint, ingress: Ingress): Next {
        if (ep.endpointType === 'gateway') {
            // Gateway endpoints serve only traffic that originates in their VPC (PrivateLink Guide, "Gateway
            // endpoints").
            if (ingress === 'peering' || ingress === 'tgw' || ingress === 'vgw') {
                this.push({
                    kind: 'endpoint',
                    id: ep.id,
                    name: ep.name,
                    detail: 'gateway endpoints do not accept traffic from outside their VPC',
                });
                return this.blocked(
                    'gateway-endpoint-not-transitive',
                    `Gateway endpoint ${ep.name} cannot be used by traffic that entered its VPC through ${ingress === 'tgw' ? 'a transit gateway' : ingress === 'peering' ? 'peering' : 'a VGW'}.`,
                );
            }
            const svc = ep.service.kind === 'aws' ? ep.service.name : 'service';
            this.push({
                kind: 'endpoint',
                id: ep.id,
                name: ep.name,
                detail: `gateway endpoint for ${svc} (${ep.serviceRegion})`,
            });
            this.push({
                kind: 'aws-service',
                id: ep.service.kind === 'aws' ? ep.service.id : undefined,
                name: svc,
                detail: `${svc} in ${ep.serviceRegion} through the gateway endpoint`,
            });
            return { kind: 'delivered', to: { kind: 'aws-service', via: 'gateway-endpoint', endpoint: ep } };
        }
        if (ep.endpointType === 'interface')
            return this.blocked(
                'no-route',
                `Interface endpoint ${ep.name} is reached through DNS and the local route, not as a route target.`,
            );
        return this.viaGwlbe(ep);
    }

    /**
     * GWLBE -> GWLB -> appliance -> GWLB -> GWLBE, in the GWLBE's AZ (GWLB User Guide, "Gateway Load Balancer
     * endpoints").
     */
    private viaGwlbe(ep: T.Endpoint): Next {
        if (this.loop(ep.id))
            return this.blocked(
                'no-route',
                `The packet comes back to GWLB endpoint ${ep.name}: its own subnet's table sends traffic to it again.`,
            );
        const eni = ep.enis[0];
        const az = eni?.az;
        this.push({ kind: 'endpoint-eni', id: ep.id, name: ep.name, az, detail: 'ENI of the GWLB endpoint' });
        const conn = endpointConnection(this.index, ep);
        const svc = conn.service;
        if (!svc) return this.blocked('no-route', `GWLB endpoint ${ep.name} has no endpoint service.`);
        if (conn.pending)
            return this.blocked(
                'pending-acceptance',
                `GWLB endpoint ${ep.name} is pending acceptance by service ${svc.name}.`,
            );
        if (conn.principalDenied)
            return this.blocked(
                'principal-not-allowed',
                `Account ${conn.consumerAccount} is not an allowed principal of service ${svc.name}.`,
            );
        // GWLB-backed services are same-Region only (PrivateLink Guide, "Share your services through AWS PrivateLink",
        // "Cross-Region access").
        if (conn.regionDenied)
            return this.blocked(
                'region-not-enabled',
                `Service ${svc.name} is a GWLB service in ${conn.serviceRegion}; GWLB endpoint ${ep.name} in ${conn.consumerRegion} cannot reach it across Regions.`,
            );
        this.push({ kind: 'endpoint', id: ep.id, name: ep.name, az, detail: `GWLB endpoint of service ${svc.name}` });
        const gwlbs = serviceLoadBalancers(this.index, svc, ep);
        if (gwlbs.length === 0)
            return this.blocked('no-route', `Service ${svc.name} is not backed by a Gateway Load Balancer.`);
        // The GWLBE connects to the GWLB enabled in its AZ (by AZ ID): with several, one per AZ (PrivateLink Guide,
        // "Access an inspection system using a Gateway Load Balancer endpoint").
        const lb = az ? loadBalancerInAz(gwlbs, az) : gwlbs[0];
        if (!lb)
            return this.blocked(
                'az-not-served',
                `${gwlbs.length > 1 ? `No GWLB of service ${svc.name} is` : `GWLB ${gwlbs[0].name} is not`} enabled in ${azLabel(az)}, where endpoint ${ep.name} is.`,
            );
        this.push({ kind: 'load-balancer', id: lb.id, name: lb.name, az, detail: 'GWLB node (GENEVE 6081)' });
        const target = pickTarget(this.engine, lb, az);
        if (!target)
            return this.blocked(
                'lb-no-healthy-target',
                `GWLB ${lb.name} has no target in ${azLabel(az)} and cross-zone is off.`,
            );
        this.push({ ...hostHop(target, 'appliance', undefined), detail: `inspects the flow` });
        this.ctx.inspected.push(ep.id);
        this.push({ kind: 'load-balancer', id: lb.id, name: lb.name, az, detail: 'returns the inspected packet' });
        this.push({
            kind: 'endpoint',
            id: ep.id,
            name: ep.name,
            az,
            detail: 'forwards with its own subnet route table',
        });
        const subnet = this.index.get(eni?.subnet);
        if (!subnet) return this.blocked('blackhole', `GWLB endpoint ${ep.name} has no subnet.`);
        return { state: { at: 'subnet', subnet, ingress: 'gwlbe' } };
    }

    // ------------------------------------------------------------------ between VPCs

    private viaPeering(p: T.Peering, vpcId: T.Id<'vpc'>): Next {
        const peerId = this.index.peerOf(p, vpcId);
        const peer = this.index.get(peerId);
        this.push({ kind: 'peering', id: p.id, name: p.name, detail: `to VPC ${peer?.name ?? peerId}` });
        if (p.pending) return this.blocked('blackhole', `Peering ${p.name} is not accepted.`);
        // AWS cannot create a peering between a VPC and itself (VPC Peering Guide, "VPC peering limitations";
        // peering-same-vpc): a route to one leads nowhere.
        if (p.requester === p.accepter)
            return this.blocked('blackhole', `Peering ${p.name} joins a VPC to itself, which AWS cannot create.`);
        if (!peer) return this.blocked('no-route', `Peering ${p.name} has no peer VPC.`);
        if (!peer.cidrs.some((c) => containsIp(c, this.packet.dst))) {
            // The peer would have to forward it on: through its IGW, NAT, TGW or gateway endpoint. It never does (VPC
            // Peering Guide).
            const gw = (this.index.endpointsByVpc.get(peer.id) ?? []).find(
                (e) => e.endpointType === 'gateway' && inServicePrefixList(this.engine, e, this.packet.dst),
            );
            if (gw)
                return this.blocked(
                    'gateway-endpoint-not-transitive',
                    `${formatIp(this.packet.dst)} is behind gateway endpoint ${gw.name} of VPC ${peer.name}, which peered VPCs cannot use.`,
                );
            // Traffic that entered through peering cannot use the peer's NAT gateway either (VPC User Guide, "NAT
            // gateways").
            const nat = natFor(this.engine, peer.id, this.packet.dst);
            if (nat)
                return this.blocked(
                    'nat-source-not-in-vpc',
                    `${formatIp(this.packet.dst)} would need NAT gateway ${nat.name} of VPC ${peer.name}, which does not translate traffic that entered through peering.`,
                );
            return this.blocked(
                'peering-not-transitive',
                `${formatIp(this.packet.dst)} is not in VPC ${peer.name}; peering does not carry traffic on beyond the peer.`,
            );
        }
        return this.deliverInVpc(peer.id, 'peering');
    }

    private viaTgw(tgw: T.TransitGateway, vpcId: T.Id<'vpc'>, az: T.AzRef | undefined): Next {
        const att = (this.index.attachmentsByVpc.get(vpcId) ?? []).find((a) => a.tgw === tgw.id);
        if (!att)
            return this.blocked(
                'tgw-no-route',
                `VPC ${this.index.get(vpcId)?.name ?? vpcId} has no attachment to ${tgw.name}.`,
            );
        // A subnet in an AZ without an attachment subnet cannot reach the TGW (Transit Gateway Guide, "Transit gateway
        // attachments to a VPC").
        if (az && att.azs.length > 0 && !att.azs.some((a) => sameAz(a, az))) {
            this.push({
                kind: 'tgw-attachment',
                id: att.id,
                name: att.name,
                az,
                detail: `has no subnet in ${azLabel(az)}`,
            });
            return this.blocked(
                'tgw-no-attachment-in-az',
                `Attachment ${att.name} has no subnet in ${azLabel(az)}, so traffic from that AZ cannot enter ${tgw.name}.`,
            );
        }
        this.push({ kind: 'tgw-attachment', id: att.id, name: att.name, az, detail: `into ${tgw.name}` });
        const table = this.index.get(att.association);
        if (!table)
            return this.blocked('tgw-no-route', `Attachment ${att.name} is associated with no TGW route table.`);
        // An association with another TGW's table is one AWS refuses (tgw-reference-other-tgw): the attachment has
        // no table of its own TGW to route by.
        if (table.tgw !== att.tgw)
            return this.blocked(
                'tgw-no-route',
                `Attachment ${att.name} is associated with ${table.name}, a route table of another transit gateway, so ${tgw.name} has no route table for it.`,
            );
        const route = this.engine.tgwRoute(table, this.packet.dst);
        if (!route) {
            this.push({
                kind: 'transit-gateway',
                id: tgw.id,
                name: tgw.name,
                detail: `route table ${table.name}: no route for ${formatIp(this.packet.dst)}`,
            });
            return this.blocked(
                'tgw-no-route',
                `TGW route table ${table.name} has no route for ${formatIp(this.packet.dst)}.`,
            );
        }
        const targetName =
            route.target.kind === 'attachment'
                ? (this.index.get(route.target.id)?.name ?? route.target.id)
                : 'blackhole';
        this.push({
            kind: 'transit-gateway',
            id: tgw.id,
            name: tgw.name,
            detail: `route table ${table.name}: ${route.cidr.canonical} -> ${targetName} (${route.origin})`,
        });
        if (route.target.kind === 'blackhole')
            return this.blocked(
                'blackhole',
                `TGW route table ${table.name} drops ${route.cidr.canonical} (blackhole).`,
            );
        const next = this.index.get(route.target.id);
        if (!next) return this.blocked('tgw-no-route', `The TGW route's attachment does not exist.`);
        if (this.loop(`${next.id}>${this.packet.dst}`))
            return this.blocked('no-route', `The packet loops through ${tgw.name}.`);
        const chosen = this.chooseAttachmentSubnet(next, az);
        if (!chosen) return this.blocked('tgw-no-route', `Attachment ${next.name} has no subnet.`);
        this.push({
            kind: 'tgw-attachment',
            id: next.id,
            name: next.name,
            az: chosen.az,
            detail: `into VPC ${this.index.get(next.vpc)?.name ?? next.vpc}${next.applianceMode ? ' (appliance mode)' : ''}`,
        });
        return { state: { at: 'subnet', subnet: chosen, ingress: 'tgw' } };
    }

    /**
     * Which AZ the TGW delivers into. Without appliance mode it keeps the packet in the AZ it came from when
     * the attachment has a subnet there; so a reply from another AZ lands in another AZ. With appliance mode
     * it picks one AZ per flow and uses it in both directions (TGW Guide, "Appliance in a shared services VPC").
     */
    private chooseAttachmentSubnet(att: T.TgwAttachment, az: T.AzRef | undefined): T.Subnet | undefined {
        const subnets = att.subnets.map((s) => this.index.get(s)).filter((s): s is T.Subnet => !!s);
        const inAz = (z: T.AzRef | undefined) => (z ? subnets.find((s) => sameAz(s.az, z)) : undefined);
        if (att.applianceMode) {
            const pinned = this.ctx.flowAz.get(att.id);
            const chosen = inAz(pinned) ?? inAz(az) ?? subnets[0];
            if (chosen?.az && !pinned) this.ctx.flowAz.set(att.id, chosen.az);
            return chosen;
        }
        return inAz(az) ?? subnets[0];
    }

    private loop(key: string): boolean {
        const k = `${key}|${this.packet.dst}`;
        const n = (this.visits.get(k) ?? 0) + 1;
        this.visits.set(k, n);
        return n > 1;
    }
}

function whyText(why: string): string {
    switch (why) {
        case 'only-match':
            return 'only matching route';
        case 'longest-prefix':
            return 'most specific match';
        case 'static-over-prefix-list':
            return 'static beats prefix list for the same prefix';
        case 'static-over-propagated':
            return 'static beats propagated';
        case 'prefix-list-over-propagated':
            return 'prefix list beats propagated';
        case 'propagation-priority':
            return 'Direct Connect > VPN static > VPN BGP';
        case 'local-preferred':
            return 'the local route is preferred over propagated and prefix-list routes inside the VPC';
        case 'ambiguous':
            return 'tie: AWS picks one';
        default:
            return why;
    }
}

const PRIVATE_RANGES: Array<[number, number]> = [
    [0x0a000000, 0x0affffff],
    [0xac100000, 0xac1fffff],
    [0xc0a80000, 0xc0a8ffff],
    [0x64400000, 0x647fffff],
];

/** RFC 1918 and RFC 6598 (shared address space, used for VPC secondary blocks). */
function isPrivate(ip: number): boolean {
    return PRIVATE_RANGES.some(([a, b]) => ip >= a && ip <= b);
}
