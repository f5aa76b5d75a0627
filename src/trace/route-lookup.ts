/**
 * Route selection in a VPC route table (VPC User Guide, "Route priority"):
 *  1. longest prefix match, over CIDR routes and each entry of a prefix-list route alike;
 *  2. for identical prefixes only: static > prefix-list > propagated (Direct Connect > VPN static > VPN BGP).
 * Local routes are ordinary candidates here: they win by being more specific, not by decree (VPC User Guide, "Route
 * priority"). Each table's candidates are sorted once (most specific first, then by rank, then as written) and kept for
 * the life of the lookup (the Topology is immutable): a query scans that short list, or, for a table with
 * many routes, walks a trie built from it. The Topology's TraceEngine owns the one lookup that the tracer and the rules
 * share.
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
}

export type WinReason =
    | 'only-match'
    | 'longest-prefix'
    | 'static-over-prefix-list'
    | 'static-over-propagated'
    | 'prefix-list-over-propagated'
    | 'propagation-priority'
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
        const sorted: RouteCandidate[] = [];
        for (const route of table.routes) {
            const rank = routeRank(route);
            for (const block of this.blocksOf(route)) sorted.push({ route, matched: block, rank });
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

    /** Which route of `table` carries a packet to `ip`, and why (VPC User Guide, route priority). */
    resolve(table: RouteTable, ip: number): RouteResolution {
        const { sorted, trie } = this.candidatesOf(table);
        const ordered: RouteCandidate[] = [];
        if (trie) {
            for (const m of trie.matches(ip)) for (const c of m.values) ordered.push(c);
        } else {
            for (const c of sorted) if (c.matched.first <= ip && ip <= c.matched.last) ordered.push(c);
        }
        const winner = ordered[0];
        if (!winner) return { table, reason: 'no-match', beaten: [] };
        const beaten: Array<{ candidate: RouteCandidate; lostBecause: WinReason }> = [];
        for (let i = 1; i < ordered.length; i++) {
            const candidate = ordered[i];
            beaten.push({
                candidate,
                lostBecause:
                    candidate.matched.prefix < winner.matched.prefix ? 'longest-prefix' : tieReason(winner, candidate),
            });
        }
        const reason: WinReason = beaten.length === 0 ? 'only-match' : beaten[0].lostBecause;
        return { table, winner, reason, beaten };
    }
}
