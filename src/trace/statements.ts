/**
 * The `trace` and `expect` statements written in a topology, answered by the tracer: the expectations rule, the
 * hover and the code lens all ask here, so a statement has one answer wherever it is shown.
 */
import type { TraceEndRef, TraceStatement, Topology } from '../model/topology.js';
import type { TopologyIndex } from '../model/topology-index.js';
import { engineFor } from './engine.js';
import type { Hop, TraceEnd, TraceResult } from './types.js';

function toEnd(ref: TraceEndRef): TraceEnd | undefined {
    if (ref.kind === 'internet') return { kind: 'internet' };
    if (ref.kind === 'ip') return { kind: 'ip', ip: ref.ip };
    if (ref.kind === 'element') return { kind: 'element', id: ref.id };
    return undefined;
}

/** Runs the statement's trace; undefined when an end did not resolve (the linker reports that). */
export function runStatement(topology: Topology, st: TraceStatement, index?: TopologyIndex): TraceResult | undefined {
    const from = toEnd(st.from);
    const to = toEnd(st.to);
    if (!from || !to) return undefined;
    return engineFor(topology, index).trace(from, to, {
        port: st.port,
        zone: st.zone,
        serviceRegion: st.serviceRegion,
    });
}

/** `app-1a → rt-app → ep-a → inspect → fw-a`: the path's elements, route tables and endpoint ENIs left out. */
export function pathText(hops: readonly Hop[]): string {
    const names: string[] = [];
    for (const h of hops) {
        if (h.kind === 'route-table' || h.kind === 'endpoint-eni') continue;
        if (names[names.length - 1] !== h.name) names.push(h.name);
    }
    return names.join(' → ');
}
