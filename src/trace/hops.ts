/** Building hops: route choices in words, and host hops. */
import type { Host, Route } from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import type { RouteCandidate, RouteResolution } from './route-lookup.js';
import type { Hop, HopKind, RouteChoice } from './types.js';

function destinationText(engine: TraceEngine, c: RouteCandidate): string {
    const d = c.route.destination;
    if (d.kind === 'cidr') return d.cidr.canonical;
    const pl = engine.index.get(d.prefixList);
    return `${pl?.name ?? d.prefixList} (entry ${c.matched.canonical})`;
}

export function targetText(engine: TraceEngine, route: Route): string {
    const t = route.target;
    if (t.kind !== 'element') return t.kind;
    return engine.index.get(t.id)?.name ?? t.id;
}

/** The winning route of a lookup and what it beat, in the user's names. */
export function describeRoute(engine: TraceEngine, res: RouteResolution): RouteChoice | undefined {
    const w = res.winner;
    if (!w) return undefined;
    return {
        table: res.table.id,
        tableName: res.table.name,
        destination: destinationText(engine, w),
        target: targetText(engine, w.route),
        origin: w.route.origin,
        index: res.table.routes.indexOf(w.route),
        why: res.reason === 'no-match' ? 'only-match' : res.reason,
        beat: res.beaten.map((b) => ({
            destination: destinationText(engine, b.candidate),
            target: targetText(engine, b.candidate.route),
            lostBecause: b.lostBecause,
        })),
    };
}

export function hostHop(
    host: Host,
    role: 'source' | 'destination' | 'appliance' | 'eni',
    address: string | undefined,
): Hop {
    const kind: HopKind = role === 'appliance' ? 'appliance' : host.kind === 'eni' ? 'eni' : 'instance';
    const what =
        role === 'source'
            ? 'sends'
            : role === 'destination'
              ? 'receives'
              : role === 'appliance'
                ? 'appliance'
                : 'forwards';
    return { kind, id: host.id, name: host.name, az: host.az, detail: address ? `${what} (${address})` : what };
}
