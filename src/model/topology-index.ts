/**
 * Lookups over a Topology that many rules and the tracer need. Built once per Topology (cheap, linear),
 * never stored in it: the Topology stays plain data.
 */
import type { Id } from './ids.js';
import type * as T from './topology.js';

export class TopologyIndex {
    readonly subnetsByVpc = new Map<Id<'vpc'>, T.Subnet[]>();
    readonly hostsBySubnet = new Map<Id<'subnet'>, T.Host[]>();
    /** The ENIs attached to each instance (`eni … attach <instance>`), in source order. */
    readonly enisByInstance = new Map<T.Host['id'], T.Host[]>();
    readonly endpointsByVpc = new Map<Id<'vpc'>, T.Endpoint[]>();
    readonly natsBySubnet = new Map<Id<'subnet'>, T.Nat[]>();
    readonly lbsByVpc = new Map<Id<'vpc'>, T.LoadBalancer[]>();
    readonly attachmentsByVpc = new Map<Id<'vpc'>, T.TgwAttachment[]>();
    readonly peeringsByVpc = new Map<Id<'vpc'>, T.Peering[]>();
    /** Edge (gateway) route tables per IGW/VGW id. */
    readonly edgeTables = new Map<Id<'igw' | 'vgw'>, T.RouteTable[]>();
    /** Endpoint services per load balancer id. */
    readonly servicesByLb = new Map<Id<'load-balancer'>, T.EndpointService[]>();

    constructor(readonly topology: T.Topology) {
        for (const s of topology.subnets) push(this.subnetsByVpc, s.vpc, s);
        for (const h of topology.hosts) {
            if (h.subnet) push(this.hostsBySubnet, h.subnet, h);
            if (h.attachedTo) push(this.enisByInstance, h.attachedTo, h);
        }
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

    /** The element an id names, typed by the id's kind: `get(subnet.routeTable)` is a RouteTable. */
    get<K extends T.ElementKind>(id: Id<K> | undefined): T.ElementOfKind<K> | undefined {
        return elementOf(this.topology.byId, id);
    }

    /** The AZ of an element that lives in a subnet (subnet, host, zonal NAT). */
    azOf(id: Id | undefined): T.AzRef | undefined {
        const e = this.get(id);
        if (!e) return undefined;
        if (e.kind === 'subnet') return e.az;
        if (e.kind === 'instance' || e.kind === 'eni') return e.az ?? this.get(e.subnet)?.az;
        if (e.kind === 'nat') return e.az ?? this.get(e.subnet)?.az;
        if (e.kind === 'endpoint') return e.enis[0]?.az;
        return undefined;
    }

    /** The VPC id an element belongs to, when it belongs to one. */
    vpcOf(id: Id | undefined): Id<'vpc'> | undefined {
        const e = this.get(id);
        if (!e) return undefined;
        if (e.kind === 'vpc') return e.id;
        return 'vpc' in e ? e.vpc : undefined;
    }

    routeTableOfSubnet(subnetId: Id<'subnet'> | undefined): T.RouteTable | undefined {
        return this.get(this.get(subnetId)?.routeTable);
    }

    peerOf(peering: T.Peering, vpc: Id<'vpc'>): Id<'vpc'> {
        return peering.requester === vpc ? peering.accepter : peering.requester;
    }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/**
 * The element `id` names in a `byId` map, typed by the id's kind. The one unchecked step of element lookups:
 * byId holds every kind, and the builder files each element under an id made from its own kind (elementId), so
 * the element under an Id<K> is of kind K. TopologyIndex.get and the model builder's derived facts use it.
 */
export function elementOf<K extends T.ElementKind>(
    byId: Readonly<Record<string, T.Element>>,
    id: Id<K> | undefined,
): T.ElementOfKind<K> | undefined {
    return id ? (byId[id] as T.ElementOfKind<K> | undefined) : undefined;
}
