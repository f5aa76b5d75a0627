/**
 * "Which route wins here, and why?" for one subnet and destination, as the RouteChoice a trace's route hop
 * carries: what the route-priority tests assert. A thin layer over RouteLookup (VPC User Guide, route priority).
 */
import { parseIp } from '../net/cidr.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { Id, RouteTable, Topology } from '../model/topology.js';
import { engineFor } from './engine.js';
import { describeRoute } from './hops.js';
import type { RouteChoice } from './types.js';

interface ResolvedRoute {
    readonly subnet: string;
    readonly table: RouteTable;
    /** Undefined when no route matches (the packet is dropped). */
    readonly choice?: RouteChoice;
}

/** The winning route of `subnetId`'s effective table for an IPv4 destination. */
export function resolveRoute(
    topology: Topology,
    subnetId: Id<'subnet'>,
    destination: string | number,
    index?: TopologyIndex,
): ResolvedRoute | undefined {
    const engine = engineFor(topology, index);
    const subnet = engine.index.get(subnetId);
    const table = engine.index.get(subnet?.routeTable);
    if (!subnet || !table) return undefined;
    let ip: number;
    if (typeof destination === 'number') ip = destination;
    else {
        const parsed = parseIp(destination);
        if (!parsed.ok) return undefined;
        ip = parsed.value;
    }
    const choice = describeRoute(engine, engine.lookup.resolve(table, ip));
    return { subnet: subnet.id, table, ...(choice ? { choice } : {}) };
}
