/**
 * Routing rules about routes that overlap inside one route table (VPC User Guide, "Route priority"):
 * prefix-list routes whose entries overlap with different targets, and routes that more specific routes (or the
 * local route, preferred over propagated and prefix-list routes inside the VPC's range) cover entirely. Both work per
 * table, with sorted sweeps, never all pairs of the workspace; which route the local route beats is the engine's
 * answer (`RouteLookup.localOver`), the one the tracer uses.
 */
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import type { Cidr } from '../net/cidr.js';
import { findOverlaps } from '../net/overlap.js';
import { destinationAnchor, destinationLabel, routeLabel, routeRelated, targetKey } from './facts.js';
import { defineCheck, type RelatedAnchor } from './types.js';

/** The CIDRs a route stands for: its own, or each entry of its prefix list (VPC User Guide, "Managed prefix lists"). */
function blocksOf(index: TopologyIndex, route: T.Route): readonly Cidr[] {
    if (route.destination.kind === 'cidr') return [route.destination.cidr];
    return index.get(route.destination.prefixList)?.entries ?? [];
}

/**
 * VPC User Guide, "Route priority for prefix lists": if a route table references multiple prefix lists
 * that have overlapping CIDR blocks to different targets, AWS randomly chooses which route takes priority.
 */
export const routePrefixListAmbiguous = defineCheck(
    'route-prefix-list-ambiguous',
    ({ topology, index, engine, report }) => {
        for (const table of topology.routeTables) {
            const plRoutes = table.routes.filter((r) => r.destination.kind === 'prefix-list');
            if (plRoutes.length < 2) continue;
            const tagged = plRoutes.flatMap((route, i) => blocksOf(index, route).map((cidr) => ({ cidr, tag: i })));
            const reported = new Set<string>();
            for (const [a, b] of findOverlaps(tagged)) {
                if (a.tag === b.tag) continue;
                const [lo, hi] = a.tag < b.tag ? [a, b] : [b, a];
                const first = plRoutes[lo.tag];
                const second = plRoutes[hi.tag];
                if (targetKey(first) === targetKey(second)) continue;
                // Inside the VPC's range the local route is preferred over both: no choice is left to AWS.
                const inner = lo.cidr.prefix >= hi.cidr.prefix ? lo : hi;
                if (engine.lookup.localOver(table, plRoutes[inner.tag], inner.cidr)) continue;
                // One finding per route (against the first route it conflicts with), so a table with hundreds
                // of conflicting prefix-list routes gives hundreds of findings, not hundreds squared.
                const key = String(hi.tag);
                if (reported.has(key)) continue;
                reported.add(key);
                // Point at a route the user wrote; a gateway endpoint's route has no text of its own.
                const [at, other] = second.src ? [second, first] : [first, second];
                if (!at.src) continue;
                const overlap = inner.cidr;
                report({
                    at: destinationAnchor(at),
                    message: `Prefix-list routes ${routeLabel(index, at)} and ${routeLabel(index, other)} in ${table.name} both cover ${overlap.text} with different targets; AWS picks one of them at random for overlapping prefix-list entries, so make the lists disjoint.`,
                    related: [routeRelated(index, other, `The other prefix-list route: ${routeLabel(index, other)}.`)],
                });
            }
        }
    },
);

interface Block {
    readonly cidr: Cidr;
    readonly route: T.Route;
}

/** The routes whose strictly more specific blocks cover `block` entirely, or undefined when a gap remains. */
function coveringRoutes(sorted: readonly Block[], block: Cidr, self: T.Route): Set<T.Route> | undefined {
    // First candidate that starts at or after the block (binary search: tables can hold many prefix-list entries).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid].cidr.first < block.first) lo = mid + 1;
        else hi = mid;
    }
    // Most blocks have a gap at once: the set is made only when a more specific block is found.
    let by: Set<T.Route> | undefined;
    let covered = block.first;
    for (let j = lo; j < sorted.length; j++) {
        const b = sorted[j];
        if (b.cidr.first > block.last || b.cidr.first > covered) break;
        if (b.route === self || b.cidr.prefix <= block.prefix) continue;
        (by ??= new Set()).add(b.route);
        covered = Math.max(covered, b.cidr.last + 1);
        if (covered > block.last) return by;
    }
    return undefined;
}

/**
 * Longest prefix match (VPC User Guide, "Route priority"): a route whose every address has a more specific route never
 * wins. Nor does a propagated or prefix-list route inside the VPC's range: AWS prefers the local route over propagated
 * (VPN, Direct Connect) routes that overlap it, even more specific ones (Site-to-Site VPN User Guide, "Route tables and
 * VPN route priority"), and a prefix-list entry inside the VPC's range does not override local either.
 */
export const routeShadowed = defineCheck('route-shadowed', ({ topology, index, engine, report }) => {
    for (const table of topology.routeTables) {
        if (table.routes.length < 2) continue;
        // Blocks that yield to the local route carve nothing out of any route.
        const sorted: Block[] = table.routes.flatMap((route) =>
            blocksOf(index, route)
                .filter((cidr) => !engine.lookup.localOver(table, route, cidr))
                .map((cidr) => ({ cidr, route })),
        );
        sorted.sort((a, b) => a.cidr.first - b.cidr.first || a.cidr.prefix - b.cidr.prefix);
        for (const route of table.routes) {
            if (!route.src) continue;
            const blocks = blocksOf(index, route);
            if (blocks.length === 0) continue;
            const by = new Set<T.Route>();
            const locals = new Set<T.Route>();
            let covered = true;
            for (const block of blocks) {
                const local = engine.lookup.localOver(table, route, block);
                if (local) {
                    locals.add(local);
                    continue;
                }
                const cover = coveringRoutes(sorted, block, route);
                if (!cover) {
                    covered = false;
                    break;
                }
                for (const r of cover) by.add(r);
            }
            if (!covered) continue;
            const winners = [...by];
            const related: RelatedAnchor[] = [
                ...[...locals].map((r) =>
                    routeRelated(index, r, `The local route for ${destinationLabel(index, r)} is preferred.`),
                ),
                ...winners.slice(0, 8).map((r) => routeRelated(index, r, `More specific: ${routeLabel(index, r)}.`)),
            ];
            const names =
                winners
                    .slice(0, 4)
                    .map((r) => routeLabel(index, r))
                    .join(', ') + (winners.length > 4 ? ', …' : '');
            const vpcRange = [...locals].map((r) => destinationLabel(index, r)).join(', ');
            const kind = route.origin === 'propagated' ? 'propagated' : 'prefix-list';
            const localWhy = `AWS prefers the local route over ${kind} routes inside the VPC's range (${vpcRange}), even more specific ones`;
            const why =
                winners.length === 0
                    ? `it lies inside the VPC's range, and ${localWhy}`
                    : locals.size === 0
                      ? `more specific routes (${names}) cover its whole destination, and AWS always uses the longest prefix match`
                      : `more specific routes (${names}) cover part of its destination, and ${localWhy}`;
            report({
                at: destinationAnchor(route),
                message: `Route ${routeLabel(index, route)} in ${table.name} never carries traffic: ${why}.`,
                related,
            });
        }
    }
});
