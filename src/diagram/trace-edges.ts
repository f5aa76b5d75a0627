/**
 * Traces on the diagram: each trace's forward and return hops become numbered edges between the nodes the
 * packet visits. Hops that are not nodes (the DNS answer, a route table's decision, a peering connection)
 * are folded into the next edge's hover text, so hovering an edge shows the route that sent the packet
 * there, or the DNS answer the client used. Consecutive hops at one node (an endpoint's ENI, then the
 * endpoint) collapse into one. A blocked trace names the node where it stopped, and why.
 */
import { sameAz } from '../model/az.js';
import type * as T from '../model/topology.js';
import type { Hop } from '../trace/types.js';
import type { Structure } from './build-graph.js';
import type { DiagramTraceInput, DiagramTraceSummary } from './types.js';

export function addTraces(s: Structure, traces: readonly DiagramTraceInput[]): DiagramTraceSummary[] {
    return traces.map((trace, i) => {
        const id = `t${i + 1}`;
        const letter =
            traces.length > 1 ? String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '') : '';
        const r = trace.result;
        const forward = addDirection(s, id, letter, 'forward', r.forward, trace.serviceRegion);
        const back = addDirection(s, id, letter, 'return', r.return, trace.serviceRegion);
        const at = r.stoppedIn === 'return' ? back : forward;
        const stopNode =
            r.verdict === 'blocked' && r.stoppedAt !== undefined ? at[Math.min(r.stoppedAt, at.length - 1)] : undefined;
        return {
            id,
            letter,
            label: trace.label,
            verdict: r.verdict,
            reason: r.reason,
            summary: r.summary,
            stop: stopNode
                ? { node: stopNode, text: `✕ ${r.reason ?? 'blocked'}${r.stoppedIn === 'return' ? ' (reply)' : ''}` }
                : undefined,
        };
    });
}

/** Adds one direction's edges; returns, per hop, the node the packet is at after that hop. */
function addDirection(
    s: Structure,
    trace: string,
    letter: string,
    direction: 'forward' | 'return',
    hops: readonly Hop[],
    serviceRegion: string | undefined,
): Array<string | undefined> {
    const at: Array<string | undefined> = [];
    let last: string | undefined;
    let n = 0;
    let notes: string[] = [];
    let route: string[] = [];
    let dns: string | undefined;
    for (const h of hops) {
        const node = nodeOfHop(s, h, last, serviceRegion);
        if (h.kind === 'route-table') route.push(routeLine(h));
        else if (h.kind === 'dns') dns = `DNS ${h.dns?.name ?? h.name}: ${h.detail}`;
        else if (!node) notes.push(`${h.kind} ${h.name}: ${h.detail}`);
        if (node && node !== last) {
            if (last) {
                n++;
                const label = `${letter}${direction === 'return' ? 'R' : ''}${n}`;
                const from = s.b.get(last)!.title;
                const to = s.b.get(node)!.title;
                const lines = [
                    `${label}. ${from} → ${to} (${direction})`,
                    ...(dns ? [dns] : []),
                    ...route,
                    ...notes,
                    `${h.kind} ${h.name}: ${h.detail}`,
                ];
                s.b.addEdge({
                    id: `hop:${trace}:${direction === 'forward' ? 'f' : 'r'}${n}`,
                    kind: 'hop',
                    source: last,
                    target: node,
                    label,
                    tooltip: lines.join('\n'),
                    hop: {
                        trace,
                        direction,
                        number: n,
                        label,
                        route: route.length ? route.join('\n') : undefined,
                        dns,
                    },
                });
                route = [];
                notes = [];
                dns = undefined;
            }
            last = node;
        }
        at.push(last);
    }
    return at;
}

function routeLine(h: Hop): string {
    const beat = (h.route?.beat ?? []).map((b) => `  beat ${b.destination} -> ${b.target} (${b.lostBecause})`);
    return [`route table ${h.name}: ${h.detail}`, ...beat].join('\n');
}

/** The node a hop is drawn at, if it is drawn: endpoint and attachment hops go to the ENI in the hop's AZ. */
function nodeOfHop(
    s: Structure,
    h: Hop,
    prev: string | undefined,
    serviceRegion: string | undefined,
): string | undefined {
    switch (h.kind) {
        case 'internet':
            return s.internet();
        case 'dns':
        case 'route-table':
        case 'peering':
            return undefined;
        case 'endpoint':
        case 'endpoint-eni':
            return inAz(s.enis.get(h.id ?? ''), h.az) ?? (h.id && s.b.has(h.id) ? h.id : undefined);
        case 'tgw-attachment':
            return inAz(s.tgwEnis.get(h.id ?? ''), h.az);
        case 'aws-service': {
            if (!h.id) return undefined;
            const existing = s.awsServiceNodes(h.id);
            const region = serviceRegion ?? s.regionOfNode(prev) ?? s.regionOfNode(existing[0]);
            return region ? s.awsService(h.id, region) : existing[0];
        }
        default:
            return h.id && s.b.has(h.id) ? h.id : undefined;
    }
}

function inAz(
    list: ReadonlyArray<{ node: string; az?: T.AzRef }> | undefined,
    az: T.AzRef | undefined,
): string | undefined {
    if (!list || list.length === 0) return undefined;
    return (list.find((e) => sameAz(e.az, az)) ?? list[0]).node;
}
