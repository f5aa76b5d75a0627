/**
 * Lookups over a Topology that many rules and the tracer need. Built once per Topology (cheap, linear),
 * never stored in it: the Topology stays plain data.
 */
import type * as T from './topology.js';

export class TopologyIndex {
    readonly subnetsByVpc = new Map<string, T.Subnet[]>();
    readonly hostsBySubnet = new Map<string, T.Host[]>();
    readonly endpointsByVpc = new Map<string, T.Endpoint[]>();
    readonly natsBySubnet = new Map<string, T.Nat[]>();
    readonly lbsByVpc = new Map<string, T.LoadBalancer[]>();
    readonly attachmentsByVpc = new Map<string, T.TgwAttachment[]>();
    readonly peeringsByVpc = new Map<string, T.Peering[]>();
    /** Edge (gateway) route tables per IGW/VGW id. */
    readonly edgeTables = new Map<string, T.RouteTable[]>();
    /** Endpoint services per load balancer id. */
    readonly servicesByLb = new Map<string, T.EndpointService[]>();

    constructor(readonly topology: T.Topology) {
        for (const s of topology.subnets) push(this.subnetsByVpc, s.vpc, s);
        for (const h of topology.hosts) if (h.subnet) push(this.hostsBySubnet, h.subnet, h);
        for (const e of topology.endpoints) push(this.endpointsByVpc, e.vpc, e);
        for (const n of topology.nats) if (n.subnet) push(this.natsBySubnet, n.subnet, n);
        for (const l of topology.loadBalancers) push(this.lbsByVpc, l.vpc, l);
        for (const a of topology.tgwAttachments) push(this.attachmentsByVpc, a.vpc, a);
        for (const p of topology.peerings) {
            push(this.peeringsByVpc, p.requester, p);
            if (p.accepter !== p.requester) push(this.peeringsByVpc, p.accepter, p);
        }
        for (const rt of topology.routeTables) for (const g of rt.edges) push(this.edgeTables, g, rt);
        for (const svc of topology.endpointServices)
            for (const lb of svc.loadBalancers) push(this.servicesByLb, lb, svc);
    }

    get<E extends T.Element = T.Element>(id: string | undefined): E | undefined {
        return id ? (this.topology.byId[id] as E | undefined) : undefined;
    }

    /** The AZ of an element that lives in a subnet (subnet, host, zonal NAT). */
    azOf(id: string | undefined): T.AzRef | undefined {
        const e = this.get(id);
        if (!e) return undefined;
        if (e.kind === 'subnet') return e.az;
        if (e.kind === 'instance' || e.kind === 'eni') return e.az ?? this.get<T.Subnet>(e.subnet)?.az;
        if (e.kind === 'nat') return e.az ?? this.get<T.Subnet>(e.subnet)?.az;
        if (e.kind === 'endpoint') return e.enis[0]?.az;
        return undefined;
    }

    /** The VPC id an element belongs to, when it belongs to one. */
    vpcOf(id: string | undefined): string | undefined {
        const e = this.get(id);
        if (!e) return undefined;
        if (e.kind === 'vpc') return e.id;
        return 'vpc' in e && typeof e.vpc === 'string' ? e.vpc : undefined;
    }

    routeTableOfSubnet(subnetId: string | undefined): T.RouteTable | undefined {
        return this.get<T.RouteTable>(this.get<T.Subnet>(subnetId)?.routeTable);
    }

    peerOf(peering: T.Peering, vpc: string): string {
        return peering.requester === vpc ? peering.accepter : peering.requester;
    }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
