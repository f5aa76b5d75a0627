/**
 * `topo/diagram`: the diagram of the whole workspace, laid out and rendered here in the language server, so
 * that layout never runs on the extension host (the editor stays responsive while ELK works). The panel
 * asks again after every change; the answer carries the SVG, the trace statements to pick from, and where
 * each node's element is written.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import { DocumentState } from 'langium';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { renderDiagram } from '../src/diagram/diagram.js';
import type { DiagramTraceInput, NodeLocation } from '../src/diagram/types.js';
import type { TopoServices } from '../src/language/topo-module.js';
import type { TraceEndRef, Topology } from '../src/model/topology.js';
import { findTraceEnd } from '../src/trace/names.js';
import { traceRequest } from '../src/trace/trace-request.js';
import {
    DIAGRAM_REQUEST,
    traceKey,
    type DiagramParams,
    type DiagramResult,
    type TraceChoice,
    type TraceSpec,
} from '../src/webview/protocol.js';

export function registerDiagramRequest(
    connection: Connection,
    shared: LangiumSharedServices,
    topo: TopoServices,
): void {
    connection.onRequest(DIAGRAM_REQUEST, async (params, token) => {
        // The first request can come before the workspace's files are loaded.
        await shared.workspace.WorkspaceManager.ready;
        return diagramOf(shared, topo, params, token);
    });
}

export async function diagramOf(
    shared: LangiumSharedServices,
    topo: TopoServices,
    params: DiagramParams,
    token?: CancellationToken,
): Promise<DiagramResult> {
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, token);
    const analysis = topo.topo.Analysis.current();
    const { topology, index } = analysis;
    const problems: string[] = [];
    const traces: DiagramTraceInput[] = [];
    const drawn: string[] = [];
    for (const spec of params.traces ?? []) {
        const from = findTraceEnd(topology, spec.from);
        const to = findTraceEnd(topology, spec.to);
        if (!from.ok || !to.ok) {
            problems.push(`${traceKey(spec)}: ${!from.ok ? from.error : !to.ok ? to.error : ''}`);
            continue;
        }
        const result = traceRequest(
            topology,
            from.end,
            to.end,
            { port: spec.port, zone: spec.zone, serviceRegion: spec.region },
            index,
        );
        traces.push({ label: traceKey(spec), result, serviceRegion: spec.region });
        drawn.push(traceKey(spec));
    }
    const diagnostics = [...analysis.diagnostics.values()].flat();
    const { svg, layout } = await renderDiagram({ topology, traces, diagnostics, vpcs: params.vpcs });
    const locations: NodeLocation[] = [];
    for (const n of layout.graph.nodes.values()) {
        const src = n.element ? topology.byId[n.element]?.src : undefined;
        if (src) locations.push({ node: n.id, element: n.element!, uri: src.uri, range: src.range });
    }
    return { svg, width: layout.width, height: layout.height, choices: choices(topology), drawn, problems, locations };
}

/** The workspace's trace and expect statements whose ends resolve, as picker choices. */
function choices(topology: Topology): TraceChoice[] {
    const out: TraceChoice[] = [];
    const seen = new Set<string>();
    for (const t of topology.traces) {
        const from = endName(topology, t.from);
        const to = endName(topology, t.to);
        if (!from || !to) continue;
        const spec: TraceSpec = { from, to, port: t.port, zone: t.zone, region: t.serviceRegion };
        const key = traceKey(spec);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ key, spec, statement: t.statement, uri: t.src?.uri ?? '', line: t.src?.range.start.line ?? 0 });
    }
    return out;
}

/**
 * A name findTraceEnd gives back the same end for: the simple or qualified name (`web.web-a`), else the id
 * (`endpoint:web.gwlbe-a`, where elements of several kinds share the name), a DNS name, an IP, or `internet`.
 */
function endName(topology: Topology, end: TraceEndRef): string | undefined {
    if (end.kind === 'internet') return 'internet';
    if (end.kind === 'ip') return end.ip;
    if (end.kind === 'dns') {
        const r = findTraceEnd(topology, end.name);
        return r.ok && r.end.kind === 'dns' ? end.name : undefined;
    }
    if (end.kind !== 'element') return undefined;
    const qualified = end.id.slice(end.id.indexOf(':') + 1);
    const simple = topology.byId[end.id]?.name;
    // Prefer the short name when it is unambiguous: it is what the user wrote and reads.
    if (simple) {
        const r = findTraceEnd(topology, simple);
        if (r.ok && r.end.kind === 'element' && r.end.id === end.id) return simple;
    }
    const r = findTraceEnd(topology, qualified);
    if (r.ok && r.end.kind === 'element' && r.end.id === end.id) return qualified;
    const exact = findTraceEnd(topology, end.id);
    return exact.ok ? end.id : undefined;
}
