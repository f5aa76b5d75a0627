/**
 * Diagnostics as badges: each diagnostic goes to the innermost element whose declaration contains it, and
 * from there to the nodes that draw that element (a route table's finding goes to the subnets that use the
 * table, a peering's to both VPCs). Findings on things the diagram does not draw (a trace statement, a
 * prefix list) are counted, not lost: the renderer says how many there are.
 */
import type { TopoDiagnostic } from '../model/diagnostic.js';
import type * as T from '../model/topology.js';
import type { GraphBuilder } from './graph-builder.js';
import type { DiagramBadge } from './types.js';

const RANK: Readonly<Record<DiagramBadge['severity'], number>> = { error: 0, warning: 1, info: 2, hint: 3 };

interface Declared {
    readonly id: string;
    readonly start: number;
    readonly end: number;
}

/** Line and character folded into one comparable number (lines up to 2^31, characters up to 2^20). */
const pos = (p: T.Position): number => p.line * 1_048_576 + Math.min(p.character, 1_048_575);

/** Returns how many diagnostics found no node. */
export function applyBadges(b: GraphBuilder, t: T.Topology, diagnostics: readonly TopoDiagnostic<string>[]): number {
    if (diagnostics.length === 0) return 0;
    const byUri = new Map<string, Declared[]>();
    for (const e of Object.values(t.byId)) {
        if (!e.src) continue;
        const list = byUri.get(e.src.uri) ?? [];
        list.push({ id: e.id, start: pos(e.src.range.start), end: pos(e.src.range.end) });
        byUri.set(e.src.uri, list);
    }
    for (const list of byUri.values()) list.sort((x, y) => x.start - y.start || y.end - x.end);
    const nodesOf = elementNodes(b, t);
    const found = new Map<string, TopoDiagnostic<string>[]>();
    let lost = 0;
    for (const d of diagnostics) {
        const element = innermost(byUri.get(d.uri), pos(d.range.start));
        const nodes = element ? targets(t, element, nodesOf) : [];
        if (nodes.length === 0) lost++;
        for (const n of nodes) {
            const list = found.get(n) ?? [];
            list.push(d);
            found.set(n, list);
        }
    }
    for (const [id, list] of found) {
        const node = b.get(id)!;
        const sorted = [...list].sort((x, y) => RANK[x.severity] - RANK[y.severity]);
        node.badge = { severity: sorted[0].severity, messages: sorted.map((d) => `${d.code}: ${d.message}`) };
    }
    return lost;
}

/** The declaration with the latest start that still contains `at` (nested declarations start later). */
function innermost(list: readonly Declared[] | undefined, at: number): string | undefined {
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let i = -1;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].start <= at) {
            i = mid;
            lo = mid + 1;
        } else hi = mid - 1;
    }
    // Walk back over earlier siblings to the first declaration that contains the position.
    for (let k = i, steps = 0; k >= 0 && steps < 2000; k--, steps++) if (list[k].end >= at) return list[k].id;
    return undefined;
}

function elementNodes(b: GraphBuilder, t: T.Topology): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const n of b.nodes.values()) {
        if (!n.element || !t.byId[n.element]) continue;
        const list = out.get(n.element) ?? [];
        list.push(n.id);
        out.set(n.element, list);
    }
    return out;
}

function targets(t: T.Topology, id: string, nodesOf: ReadonlyMap<string, string[]>): string[] {
    const direct = nodesOf.get(id);
    if (direct) return direct;
    const e = t.byId[id];
    const of = (ids: readonly string[]) => ids.flatMap((x) => nodesOf.get(x) ?? []);
    switch (e?.kind) {
        case 'route-table': {
            const subnets = of(e.subnets);
            return subnets.length > 0 ? subnets : of([e.vpc]);
        }
        case 'peering':
            return of([e.requester, e.accepter]);
        case 'tgw-attachment': {
            const enis = of([e.id]);
            return enis.length > 0 ? enis : of([e.tgw]);
        }
        case 'tgw-route-table':
            return of([e.tgw]);
        case 'private-zone':
            return of(e.vpcs);
        default:
            return [];
    }
}
