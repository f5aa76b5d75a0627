/**
 * A subnet's resolved route table, every destination at once: what the hover on a subnet or instance shows.
 * For each route (implicit local and gateway-endpoint prefix-list routes included) it says whether the route
 * carries traffic for its destination, what it beat, and which more specific routes carve pieces out of it
 * (VPC User Guide, route priority: longest prefix, then static > prefix list > propagated; the local route is
 * preferred over propagated and prefix-list routes inside the VPC's range).
 */
import type { Cidr } from '../net/cidr.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { Id, Route, RouteTable, Subnet, Topology } from '../model/topology.js';
import { engineFor } from './engine.js';
import { targetText } from './hops.js';
import type { WinReason } from './route-lookup.js';

type RouteStatus =
    /** It carries traffic for (at least the start of) its destination. */
    | { readonly kind: 'wins'; readonly why: WinReason; readonly beat: readonly string[] }
    /** Another route for the same destination wins the tie. */
    | { readonly kind: 'loses'; readonly to: string; readonly why: WinReason };

export interface RouteRow {
    readonly route: Route;
    /** `10.0.0.0/16`, or `pl-s3 (3 entries)`. */
    readonly destination: string;
    readonly target: string;
    readonly origin: Route['origin'];
    readonly status: RouteStatus;
    /** More specific routes of the same table inside this destination: `10.0.1.0/24 -> ep-a`. */
    readonly carvedOutBy: readonly string[];
}

interface ResolvedTable {
    readonly subnet: Subnet;
    readonly table: RouteTable;
    /** How the subnet came to use the table. */
    readonly association: 'explicit' | 'main';
    readonly rows: readonly RouteRow[];
}

export function resolvedTableOf(
    topology: Topology,
    subnetId: Id<'subnet'>,
    index?: TopologyIndex,
): ResolvedTable | undefined {
    const engine = engineFor(topology, index);
    const subnet = engine.index.get(subnetId);
    const table = engine.index.get(subnet?.routeTable);
    if (!subnet || !table) return undefined;
    return {
        subnet,
        table,
        association: subnet.associations.length > 0 ? 'explicit' : 'main',
        rows: tableRows(topology, table, index),
    };
}

/** Every route of a table with its status, destination by destination (the same for every subnet using it). */
export function tableRows(topology: Topology, table: RouteTable, index?: TopologyIndex): RouteRow[] {
    const engine = engineFor(topology, index);
    const blocks = table.routes.map((r) => engine.lookup.blocksOf(r));
    const label = (r: Route, i: number) =>
        `${destinationLabel(engine.index, r, blocks[i])} -> ${targetText(engine, r)}`;
    return table.routes.map((route, i): RouteRow => {
        const own = blocks[i];
        const first = own[0];
        let status: RouteStatus = { kind: 'wins', why: 'only-match', beat: [] };
        if (first) {
            const res = engine.lookup.resolve(table, first.first);
            const winner = res.winner;
            const at = (r: Route) => label(r, table.routes.indexOf(r));
            const lost = res.beaten.find((b) => b.candidate.route === route);
            if (winner?.route === route) {
                // Per destination, only routes for the same block compete; less specific ones lose everywhere here.
                const ties = res.beaten.filter((b) => b.candidate.matched.prefix === first.prefix);
                status = {
                    kind: 'wins',
                    why: ties[0]?.lostBecause ?? 'only-match',
                    beat: ties.map((b) => `${at(b.candidate.route)} (${b.lostBecause})`),
                };
            } else if (winner && winner.matched.first === first.first && winner.matched.prefix === first.prefix) {
                status = { kind: 'loses', to: at(winner.route), why: lost?.lostBecause ?? 'ambiguous' };
            } else if (lost?.candidate.underLocal) {
                // A propagated or prefix-list route inside the VPC's range: the local route is preferred over it.
                status = { kind: 'loses', to: at(lost.candidate.underLocal.route), why: 'local-preferred' };
            }
        }
        const carvedOutBy: string[] = [];
        table.routes.forEach((other, j) => {
            if (j === i) return;
            // A block that yields to the local route carves nothing out of it (nor out of anything else).
            const carves = (b: Cidr) => !engine.lookup.localOver(table, other, b) && own.some((o) => inside(b, o));
            if (blocks[j].some(carves)) carvedOutBy.push(label(other, j));
        });
        return {
            route,
            destination: destinationLabel(engine.index, route, own),
            target: targetText(engine, route),
            origin: route.origin,
            status,
            carvedOutBy,
        };
    });
}

/** `inner` is strictly more specific than `outer` and lies inside it. */
function inside(inner: Cidr, outer: Cidr): boolean {
    return inner.prefix > outer.prefix && inner.first >= outer.first && inner.last <= outer.last;
}

function destinationLabel(index: TopologyIndex, route: Route, blocks: readonly Cidr[]): string {
    const d = route.destination;
    if (d.kind === 'cidr') return d.cidr.canonical;
    const pl = index.get(d.prefixList);
    return `${pl?.name ?? d.prefixList} (${blocks.length} ${blocks.length === 1 ? 'entry' : 'entries'})`;
}
