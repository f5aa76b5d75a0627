/**
 * Anchors for CIDR lists (a VPC's blocks, a prefix list's entries). The model drops blocks that do not
 * parse (they are reported as cidr-invalid), so the n-th parsed block is not always the n-th written
 * one. We realign by the written token's width, which equals the block's text length: enough to put the
 * squiggle on the right token without keeping AST nodes in the Topology.
 */
import type { Cidr } from '../net/cidr.js';
import type { Range, Src, Vpc } from '../model/topology.js';
import type { Anchor } from './types.js';

/**
 * For each parsed CIDR, the index of the token it was written as in `src.props[prop]`. Computed on the first
 * `at` only: reading source ranges costs a CST walk, and most rules ask only when they report.
 */
interface WrittenIndexes {
    at(i: number): number;
}

export function writtenIndexes(src: Src | undefined, prop: string, cidrs: readonly Cidr[]): WrittenIndexes {
    let computed: number[] | undefined;
    return {
        at(i: number): number {
            computed ??= computeIndexes(src, prop, cidrs);
            return computed[i] ?? i;
        },
    };
}

function computeIndexes(src: Src | undefined, prop: string, cidrs: readonly Cidr[]): number[] {
    const ranges = src?.props[prop] ?? [];
    if (ranges.length === cidrs.length) return cidrs.map((_, i) => i);
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < cidrs.length; i++) {
        const want = cidrs[i].text.length;
        let k = j;
        while (k < ranges.length && width(ranges[k]) !== want) k++;
        if (k < ranges.length) {
            out.push(k);
            j = k + 1;
        } else {
            out.push(Math.min(i, Math.max(0, ranges.length - 1)));
        }
    }
    return out;
}

function width(r: Range): number {
    return r.start.line === r.end.line ? r.end.character - r.start.character : -1;
}

/** The anchor of the i-th (parsed) block of a VPC. */
export function blockAnchor(vpc: Vpc, i: number, indexes?: WrittenIndexes): Anchor {
    const idx = indexes ?? writtenIndexes(vpc.src, 'cidrs', vpc.cidrs);
    return { src: vpc.src, prop: 'cidrs', index: idx.at(i) };
}
