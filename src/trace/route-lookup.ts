/**
 * Route selection in a VPC route table (VPC User Guide, "Route priority"):
 *  1. longest prefix match, over CIDR routes and each entry of a prefix-list route alike;
 *  2. for identical prefixes only: static > prefix-list > propagated (Direct Connect > VPN static > VPN BGP).
 * Local routes are ordinary candidates here: they win by being more specific, not by decree (DOMAIN.md §2.4).
 * One trie per route table, built on first use and cached for the life of the lookup (the Topology is
 * immutable), so a query costs O(32).
 */
import type { Cidr } from '../net/cidr.js';
import { PrefixTrie } from '../net/prefix-trie.js';
import type { PrefixList, Route, RouteTable, Topology } from '../model/topology.js';

export interface RouteCandidate {
    readonly route: Route;
    /** The block that matched: the route's CIDR, or the prefix-list entry. */
    readonly matched: Cidr;
    /** Lower wins among identical prefixes. */
    readonly rank: number;
}

export type WinReason = 'only-match' | 'longest-prefix' | 'static-over-prefix-list' | 'static-over-propagated' | 'prefix-list-over-propagated' | 'propagation-priority' | 'ambiguous';

export interface RouteResolution {
    readonly table: RouteTable;
    readonly winner?: RouteCandidate;
    /** Why the winner won over the next best candidate. */
    readonly reason: WinReason | 'no-match';
    /** Every other candidate that matched, most specific first, with why it lost. */
    readonly beaten: ReadonlyArray<{ readonly candidate: RouteCandidate; readonly lostBecause: WinReason }>;
}

export function routeRank(route: Route): number {
    if (route.origin === 'local') return 0;
    if (route.origin === 'propagated') return route.propagation === 'vpn-bgp' ? 5 : route.propagation === 'vpn-static' ? 4 : 3;
    if (route.destination.kind === 'prefix-list') return 2;
    return 1;
}

function tieReason(winner: RouteCandidate, loser: RouteCandidate): WinReason {
    const w = winner.route;
    const l = loser.route;
    if (winner.rank === loser.rank) return 'ambiguous';
    if (l.origin === 'propagated' && w.origin === 'propagated') return 'propagation-priority';
    if (l.origin === 'propagated') return w.destination.kind === 'prefix-list' ? 'prefix-list-over-propagated' : 'static-over-propagated';
    return 'static-over-prefix-list';
}

export class RouteLookup {
    private readonly tries = new Map<string, PrefixTrie<RouteCandidate>>();

    constructor(private readonly topology: Topology) {}

    private trieFor(table: RouteTable): PrefixTrie<RouteCandidate> {
        let trie = this.tries.get(table.id);
        if (trie) return trie;
        trie = new PrefixTrie<RouteCandidate>();
        for (const route of table.routes) {
            const rank = routeRank(route);
            for (const block of this.blocksOf(route)) trie.insert(block, { route, matched: block, rank });
        }
        this.tries.set(table.id, trie);
        return trie;
    }

    /** The CIDRs a route stands for: its own, or each entry of its prefix list. */
    blocksOf(route: Route): readonly Cidr[] {
        if (route.destination.kind === 'cidr') return [route.destination.cidr];
        const pl = this.topology.byId[route.destination.prefixList] as PrefixList | undefined;
        return pl?.entries ?? [];
    }

    /** Which route of `table` carries a packet to `ip`, and why (VPC User Guide, route priority). */
    resolve(table: RouteTable, ip: number): RouteResolution {
        const matches = this.trieFor(table).matches(ip);
        const ordered: RouteCandidate[] = [];
        for (const m of matches) ordered.push(...[...m.values].sort((a, b) => a.rank - b.rank));
        const [winner, ...rest] = ordered;
        if (!winner) return { table, reason: 'no-match', beaten: [] };
        const beaten = rest.map((candidate) => ({
            candidate,
            lostBecause: candidate.matched.prefix < winner.matched.prefix ? ('longest-prefix' as const) : tieReason(winner, candidate),
        }));
        const reason: WinReason = beaten.length === 0 ? 'only-match' : beaten[0]!.lostBecause;
        return { table, winner, reason, beaten };
    }
}
