/**
 * Cursor -> nodes: which diagram nodes to highlight for a position in a file. The innermost declaration that
 * contains the position wins (a subnet inside a VPC, an instance inside nothing but its own line), and every
 * node drawing that element is highlighted (an endpoint has one ENI card per subnet).
 */
import type { NodeLocation } from '../diagram/types.js';

export function nodesAt(
    locations: readonly NodeLocation[],
    uri: string,
    at: { line: number; character: number },
): string[] {
    const inside = (l: NodeLocation) => {
        const { start, end } = l.range;
        const afterStart = at.line > start.line || (at.line === start.line && at.character >= start.character);
        const beforeEnd = at.line < end.line || (at.line === end.line && at.character <= end.character);
        return l.uri === uri && afterStart && beforeEnd;
    };
    const hits = locations.filter(inside);
    if (hits.length === 0) return [];
    const size = (l: NodeLocation) =>
        (l.range.end.line - l.range.start.line) * 1_000_000 + (l.range.end.character - l.range.start.character);
    const best = hits.reduce((a, b) => (size(b) < size(a) ? b : a));
    return hits.filter((l) => l.element === best.element).map((l) => l.node);
}
