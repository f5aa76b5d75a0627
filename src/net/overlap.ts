/**
 * Overlap detection by sort-and-sweep: O(n log n + k) for n blocks and k overlapping pairs, instead of
 * comparing all pairs. Used for subnets of a VPC, blocks of a VPC, and VPCs across peering/TGW.
 */
import type { Cidr } from './cidr.js';

interface Tagged<T> {
    readonly cidr: Cidr;
    readonly tag: T;
}

/** Every overlapping pair, each reported once, in a deterministic order (by start address, then input order). */
export function findOverlaps<T>(items: readonly Tagged<T>[]): Array<[Tagged<T>, Tagged<T>]> {
    const order = items
        .map((item, index) => ({ item, index }))
        .sort(
            (a, b) => a.item.cidr.first - b.item.cidr.first || b.item.cidr.last - a.item.cidr.last || a.index - b.index,
        );
    const pairs: Array<[Tagged<T>, Tagged<T>]> = [];
    // `active` holds the blocks whose range may still reach the current start, kept small by pruning.
    let active: Array<{ item: Tagged<T>; index: number }> = [];
    for (const current of order) {
        active = active.filter((a) => a.item.cidr.last >= current.item.cidr.first);
        for (const a of active) {
            const [x, y] = a.index < current.index ? [a.item, current.item] : [current.item, a.item];
            pairs.push([x, y]);
        }
        active.push(current);
    }
    return pairs;
}

/** Overlapping pairs between two groups only (not within a group). */
export function findCrossOverlaps<T>(
    left: readonly Tagged<T>[],
    right: readonly Tagged<T>[],
): Array<[Tagged<T>, Tagged<T>]> {
    const marked = [...left.map((t) => ({ t, side: 0 })), ...right.map((t) => ({ t, side: 1 }))];
    const tagged = marked.map((m) => ({ cidr: m.t.cidr, tag: m }));
    return findOverlaps(tagged)
        .filter(([a, b]) => a.tag.side !== b.tag.side)
        .map(([a, b]) => (a.tag.side === 0 ? [a.tag.t, b.tag.t] : [b.tag.t, a.tag.t]));
}

/**
 * For every item that overlaps an earlier one (input order), that earliest partner. One result per item
 * however many it overlaps, so reporting stays linear even when hundreds of blocks are identical.
 */
export function overlapPartners<T>(items: readonly Tagged<T>[]): Array<[later: Tagged<T>, earlier: Tagged<T>]> {
    const order = items
        .map((item, index) => ({ item, index }))
        .sort(
            (a, b) => a.item.cidr.first - b.item.cidr.first || b.item.cidr.last - a.item.cidr.last || a.index - b.index,
        );
    const partner = new Map<number, number>();
    let active: Array<{ item: Tagged<T>; index: number }> = [];
    for (const current of order) {
        active = active.filter((a) => a.item.cidr.last >= current.item.cidr.first);
        for (const a of active) {
            const hi = Math.max(a.index, current.index);
            const lo = Math.min(a.index, current.index);
            const seen = partner.get(hi);
            if (seen === undefined || lo < seen) partner.set(hi, lo);
        }
        active.push(current);
    }
    return [...partner.entries()].sort((x, y) => x[0] - y[0]).map(([hi, lo]) => [items[hi], items[lo]]);
}
