/**
 * Route selection in a VPC route table (VPC User Guide, "How route priority works",
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html):
 *  1. longest prefix match, over CIDR routes and each entry of a prefix-list route alike;
 *  2. for identical prefixes only: static > prefix-list > propagated (Direct Connect > VPN static > VPN BGP).
 * The local route wins by being more specific, not by decree, against static routes: a static route to a whole subnet
 * CIDR with a middlebox target is more specific than local and wins (middlebox routing). But propagated routes (VPN,
 * Direct Connect) that overlap the local route never beat it, even when more specific (Site-to-Site VPN User Guide,
 * "Route tables and VPN route priority", https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html), and
 * neither does a prefix-list entry inside the VPC's range: such a candidate loses to the local route
 * (`local-preferred`) wherever it matches. Each table's candidates are sorted once (most specific first, then by rank,
 * then as written) and kept for the life of the lookup (the Topology is immutable): a query scans that short list, or,
 * for a table with many routes, walks a trie built from it. The Topology's TraceEngine owns the one lookup that the
 * tracer and the rules share.
 */
import type { Cidr } from '../net/cidr.js';
import { PrefixTrie } from '../net/prefix-trie.js';
import type { Route, RouteTable, Topology } from '../model/topology.js';
import { elementOf } from '../model/topology-index.js';

export interface RouteCandidate {
    readonly route: Route;
    /** The block that matched: the route's CIDR, or the prefix-list entry. */
    readonly matched: Cidr;
    /** Lower wins among identical prefixes. */
    readonly rank: number;
    /**
     * The local route preferred over this candidate: set for a propagated or prefix-list candidate inside (or equal
     * to) a VPC block, which therefore never wins.
     */
    readonly underLocal?: RouteCandidate;
}

export type WinReason =
    | 'only-match'
    | 'longest-prefix'
    | 'static-over-prefix-list'
    | 'static-over-propagated'
    | 'prefix-list-over-propagated'
    | 'propagation-priority'
    /** The local route is preferred over a propagated or prefix-list route inside the VPC's range. */
    | 'local-preferred'
    | 'ambiguous';

export interface RouteResolution {
    readonly table: RouteTable;
    readonly winner?: RouteCandidate;
    /** Why the winner won over the next best candidate. */
    readonly reason: WinReason | 'no-match';
    /** Every other candidate that matched, most specific first, with why it lost. */
    readonly beaten: ReadonlyArray<{ readonly candidate: RouteCandidate; readonly lostBecause: WinReason }>;
}

function routeRank(route: Route): number {
    if (route.origin === 'local') return 0;
    if (route.origin === 'propagated')
        return route.propagation === 'vpn-bgp' ? 5 : route.propagation === 'vpn-static' ? 4 : 3;
    if (route.destination.kind === 'prefix-list') return 2;
    return 1;
}

/** The local route of a VPC block: the implicit one, or a written route that replaces its target (still local). */
function isLocal(route: Route): boolean {
    return route.origin === 'local' || route.replacesLocal === true;
}

/** Routes that never override the local route, even when more specific: propagated and prefix-list routes. */
function yieldsToLocal(route: Route): boolean {
    return route.origin === 'propagated' || route.destination.kind === 'prefix-list';
}

/** `inner` lies inside `outer` or equals it. */
function within(inner: Cidr, outer: Cidr): boolean {
    return outer.first <= inner.first && inner.last <= outer.last;
}

/** The local candidate AWS prefers over a route's block, if the route yields to local and the block is inside one. */
function localOver(locals: readonly RouteCandidate[], route: Route, block: Cidr): RouteCandidate | undefined {
    if (!yieldsToLocal(route)) return undefined;
    return locals.find((l) => within(block, l.matched));
}

function tieReason(winner: RouteCandidate, loser: RouteCandidate): WinReason {
    const w = winner.route;
    const l = loser.route;
    if (winner.rank === loser.rank) return 'ambiguous';
    if (l.origin === 'propagated' && w.origin === 'propagated') return 'propagation-priority';
    if (l.origin === 'propagated')
        return w.destination.kind === 'prefix-list' ? 'prefix-list-over-propagated' : 'static-over-propagated';
    return 'static-over-prefix-list';
}

/** Tables with more candidates than this are searched with a trie; shorter ones by a scan. */
const SCAN_LIMIT = 24;

interface TableCandidates {
    /** Most specific first; for one prefix, lower rank first, then in written order. */
    readonly sorted: readonly RouteCandidate[];
    readonly trie?: PrefixTrie<RouteCandidate>;
}

export class RouteLookup {
    private readonly tables = new Map<string, TableCandidates>();

    constructor(private readonly topology: Topology) {}

    private candidatesOf(table: RouteTable): TableCandidates {
        let entry = this.tables.get(table.id);
        if (entry) return entry;
        const locals: RouteCandidate[] = [];
        for (const route of table.routes)
            if (isLocal(route))
                for (const block of this.blocksOf(route))
                    locals.push({ route, matched: block, rank: routeRank(route) });
        const sorted: RouteCandidate[] = [];
        for (const route of table.routes) {
            const rank = routeRank(route);
            for (const block of this.blocksOf(route)) {
                const local = localOver(locals, route, block);
                sorted.push(
                    local ? { route, matched: block, rank, underLocal: local } : { route, matched: block, rank },
                );
            }
        }
        // Stable: candidates of one prefix and rank keep the order they were written in.
        sorted.sort((a, b) => b.matched.prefix - a.matched.prefix || a.rank - b.rank);
        let trie: PrefixTrie<RouteCandidate> | undefined;
        if (sorted.length > SCAN_LIMIT) {
            trie = new PrefixTrie<RouteCandidate>();
            for (const c of sorted) trie.insert(c.matched, c);
        }
        entry = trie ? { sorted, trie } : { sorted };
        this.tables.set(table.id, entry);
        return entry;
    }

    /** The CIDRs a route stands for: its own, or each entry of its prefix list. */
    blocksOf(route: Route): readonly Cidr[] {
        if (route.destination.kind === 'cidr') return [route.destination.cidr];
        const pl = elementOf(this.topology.byId, route.destination.prefixList);
        return pl?.entries ?? [];
    }

    /**
     * The local route AWS prefers over `route` for `block` (one of the route's blocks) in `table`: set when the route
     * is propagated or a prefix-list route and the block lies inside a VPC block, so that part of it never wins.
     */
    localOver(table: RouteTable, route: Route, block: Cidr): Route | undefined {
        const { sorted } = this.candidatesOf(table);
        return sorted.find((c) => c.route === route && c.matched.first === block.first && c.matched.last === block.last)
            ?.underLocal?.route;
    }

    /** Which route of `table` carries a packet to `ip`, and why (VPC User Guide, route priority). */
    resolve(table: RouteTable, ip: number): RouteResolution {
        const { sorted, trie } = this.candidatesOf(table);
        const ordered: RouteCandidate[] = [];
        if (trie) {
            for (const m of trie.matches(ip)) for (const c of m.values) ordered.push(c);
        } else {
            for (const c of sorted) if (c.matched.first <= ip && ip <= c.matched.last) ordered.push(c);
        }
        // The most specific candidate wins, unless it yields to the local route (a propagated or prefix-list route
        // inside the VPC's range); the local route matches wherever such a candidate does.
        const winner = ordered.find((c) => !c.underLocal) ?? ordered[0];
        if (!winner) return { table, reason: 'no-match', beaten: [] };
        const beaten: Array<{ candidate: RouteCandidate; lostBecause: WinReason }> = [];
        for (const candidate of ordered) {
            if (candidate === winner) continue;
            const prefix = candidate.matched.prefix - winner.matched.prefix;
            // A candidate that yields to the local route lost for that reason when it was more specific than the
            // winner, or tied with the local route itself; otherwise it lost to the winner as any route would.
            const yielded = candidate.underLocal && (prefix > 0 || (prefix === 0 && isLocal(winner.route)));
            beaten.push({
                candidate,
                lostBecause: yielded ? 'local-preferred' : prefix < 0 ? 'longest-prefix' : tieReason(winner, candidate),
            });
        }
        // Why the winner won: over the next best candidate; a candidate that yielded to the local route lost to the
        // winner itself only when the winner is that local route.
        const next = isLocal(winner.route) ? beaten[0] : beaten.find((b) => b.lostBecause !== 'local-preferred');
        const reason: WinReason = next?.lostBecause ?? 'only-match';
        return { table, winner, reason, beaten };
    }
}
