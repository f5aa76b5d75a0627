/**
 * The derived facts of a Topology, materialised after every element is built: each subnet's effective route
 * table, the implicit local route per VPC block, gateway-endpoint prefix-list routes in the associated tables,
 * and each endpoint service's region, account and backing (VPC User Guide, route tables; PrivateLink Guide).
 */
import { managedPrefixList } from '../net/prefix-lists.js';
import { elementId, type Id } from './ids.js';
import { elementOf } from './topology-index.js';
import type * as T from './topology.js';

export type Mutable<X> = { -readonly [K in keyof X]: X[K] extends readonly (infer E)[] ? E[] : X[K] };
type MutableTopology = Mutable<Omit<T.Topology, 'byId'>>;

function add<E extends T.Element>(list: E[], byId: Record<string, T.Element>, element: E): E {
    list.push(element);
    byId[element.id] = element;
    return element;
}

/**
 * Effective route table per subnet (its one association, else the VPC's main table), implicit local
 * routes per VPC block, and gateway-endpoint prefix-list routes (VPC User Guide, route tables).
 */
export function deriveRouteTables(
    t: MutableTopology,
    byId: Record<string, T.Element>,
    pendingAssociations: ReadonlyArray<readonly [subnet: Id<'subnet'>, table: Id<'route-table'>]>,
): void {
    const tables = new Map(t.routeTables.map((rt) => [rt.id, rt as Mutable<T.RouteTable>]));
    for (const [subnetId, tableId] of pendingAssociations) {
        const s = byId[subnetId] as Mutable<T.Subnet> | undefined;
        if (s && !s.associations.includes(tableId)) s.associations.push(tableId);
    }
    for (const vpc of t.vpcs as Mutable<T.Vpc>[]) {
        const own = vpc.routeTables.map((id) => tables.get(id)).filter((t): t is Mutable<T.RouteTable> => !!t);
        let main = own.find((t) => t.main);
        if (!main) {
            main = {
                id: elementId('route-table', `${vpc.name}.(main)`),
                kind: 'route-table',
                name: '(main)',
                vpc: vpc.id,
                main: true,
                implicit: true,
                edges: [],
                subnets: [],
                routes: [],
            };
            t.routeTables.push(main);
            byId[main.id] = main;
            tables.set(main.id, main);
            vpc.routeTables.push(main.id);
            own.push(main);
        }
        vpc.mainRouteTable = main.id;
        for (const rt of own) rt.routes = withLocalRoutes(rt.routes, vpc);
    }
    for (const s of t.subnets as Mutable<T.Subnet>[]) {
        const vpc = elementOf(byId, s.vpc)!;
        s.routeTable = s.associations[0] ?? vpc.mainRouteTable;
        tables.get(s.routeTable)?.subnets.push(s.id);
    }
    for (const ep of t.endpoints as Mutable<T.Endpoint>[]) {
        const vpc = elementOf(byId, ep.vpc)!;
        const svc = ep.service.kind === 'endpoint-service' ? elementOf(byId, ep.service.id) : undefined;
        if (!ep.serviceRegion) ep.serviceRegion = svc?.region ?? vpc.region;
        if (ep.endpointType !== 'gateway' || ep.service.kind !== 'aws') continue;
        const list = managedPrefixList(ep.service.name, ep.serviceRegion);
        if (!list) continue;
        const plId = elementId('prefix-list', list.name);
        if (!byId[plId]) {
            add(t.prefixLists, byId, {
                id: plId,
                kind: 'prefix-list',
                name: list.name,
                entries: list.entries,
                managed: { service: list.service, region: list.region, known: list.known },
            });
        }
        for (const rtId of ep.routeTables) {
            const rt = tables.get(rtId);
            if (!rt) continue;
            rt.routes = [
                ...rt.routes,
                {
                    destination: { kind: 'prefix-list', prefixList: plId },
                    target: { kind: 'element', id: ep.id, elementKind: 'endpoint' },
                    origin: 'gateway-endpoint',
                    origin_element: ep.id,
                },
            ];
        }
    }
}

export function deriveEndpointServiceRegions(t: MutableTopology, byId: Record<string, T.Element>): void {
    for (const svc of t.endpointServices as Mutable<T.EndpointService>[]) {
        const lbs = svc.loadBalancers.map((id) => elementOf(byId, id)).filter((l): l is T.LoadBalancer => !!l);
        // Only NLBs and GWLBs can back a service (PrivateLink Guide); an ALB counts as neither.
        const kinds = new Set(lbs.map((l) => l.lbType));
        const backers = [...kinds].filter((k) => k !== 'alb');
        svc.backing = backers.length === 0 ? 'none' : backers.length > 1 || kinds.has('alb') ? 'mixed' : backers[0];
        const vpc = lbs[0] ? elementOf(byId, lbs[0].vpc) : undefined;
        if (vpc) {
            svc.region = vpc.region || svc.region;
            svc.account = vpc.account;
        }
    }
}

/**
 * An ENI attached to an appliance instance forwards for it, and one attached to a NAT instance translates for it:
 * the instance's roles are its interfaces' roles. (EC2 sets the source/destination check per network interface; Topo
 * lets the instance say it once.) A NAT instance is an appliance (VPC User Guide, "NAT instances": its
 * source/destination check must be off).
 */
export function deriveHostRoles(hosts: readonly T.Host[]): void {
    const instances = new Map(hosts.filter((h) => h.kind === 'instance').map((h) => [h.id, h]));
    for (const h of hosts as Mutable<T.Host>[]) {
        const instance = h.attachedTo ? instances.get(h.attachedTo) : undefined;
        if (!instance) continue;
        h.sourceNat ||= instance.sourceNat;
        h.appliance ||= instance.appliance;
    }
}

/**
 * Every route table has one local route per VPC block. A static user route whose destination equals a block
 * replaces that local route's target (middlebox routing, VPC User Guide); `-> local` restates it. A propagated route
 * (VPN, Direct Connect) for the same block replaces nothing: the local route stays and is preferred over it
 * (Site-to-Site VPN User Guide, "Route tables and VPN route priority").
 */
function withLocalRoutes(routes: T.Route[], vpc: T.Vpc): T.Route[] {
    const isBlock = (r: T.Route): boolean =>
        r.origin !== 'propagated' &&
        r.destination.kind === 'cidr' &&
        vpc.cidrs.some(
            (b) =>
                r.destination.kind === 'cidr' &&
                b.first === r.destination.cidr.first &&
                b.last === r.destination.cidr.last,
        );
    const out: T.Route[] = [];
    for (const block of vpc.cidrs) {
        const written = routes.find(
            (r) =>
                isBlock(r) &&
                r.destination.kind === 'cidr' &&
                r.destination.cidr.first === block.first &&
                r.destination.cidr.last === block.last,
        );
        if (!written)
            out.push({
                destination: { kind: 'cidr', cidr: block },
                target: { kind: 'local' },
                origin: 'local',
                origin_element: vpc.id,
            });
    }
    for (const r of routes) out.push(isBlock(r) && r.target.kind !== 'local' ? { ...r, replacesLocal: true } : r);
    return out;
}
