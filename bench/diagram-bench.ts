/**
 * Diagram benchmark (part of `npm run bench`): build + ELK layout + edge routing + SVG for every example
 * (with its first trace drawn) and for synthetic topologies of about 300 and 1,000 diagram nodes (with two
 * traces). Medians after a warm-up run; the model is built once, outside the timing.
 * Targets (issue: diagram): layout + render under 500 ms for 300 nodes and under 2 s for 1,000 nodes, in Node.
 */
import { EmptyFileSystem } from 'langium';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDiagramGraph } from '../src/diagram/build-graph.js';
import { layoutBoxes } from '../src/diagram/layout.js';
import { renderSvg } from '../src/diagram/render-svg.js';
import { routeEdges } from '../src/diagram/route-edges.js';
import type { DiagramInput, DiagramTraceInput } from '../src/diagram/types.js';
import { createTopoServices } from '../src/language/topo-module.js';
import { buildWorkspace, type SourceFile } from '../src/language/workspace.js';
import type { TraceEnd } from '../src/trace/types.js';
import { parseId } from '../src/model/ids.js';
import { traceRequest } from '../src/trace/trace-request.js';
import { generateTopology } from './generate.js';

interface Timing {
    readonly graph: number;
    readonly layout: number;
    readonly route: number;
    readonly render: number;
    readonly total: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function analyse(files: readonly SourceFile[]) {
    const { Topo } = createTopoServices(EmptyFileSystem);
    await buildWorkspace(Topo, files);
    return Topo.topo.Analysis.current();
}

async function timeOnce(input: DiagramInput): Promise<Timing & { nodes: number; edges: number }> {
    const t0 = performance.now();
    const graph = buildDiagramGraph(input);
    const t1 = performance.now();
    const { width, height, boxes, routes: elkRoutes } = await layoutBoxes(graph);
    const t2 = performance.now();
    const routes = routeEdges(graph, boxes, width, height, elkRoutes);
    const t3 = performance.now();
    renderSvg({ graph, width, height, boxes, routes });
    const t4 = performance.now();
    return {
        graph: t1 - t0,
        layout: t2 - t1,
        route: t3 - t2,
        render: t4 - t3,
        total: t4 - t0,
        nodes: graph.nodes.size,
        edges: graph.edges.length,
    };
}

async function measure(input: DiagramInput, runs: number): Promise<Timing & { nodes: number; edges: number }> {
    await timeOnce(input);
    const all: Array<Timing & { nodes: number; edges: number }> = [];
    for (let i = 0; i < runs; i++) all.push(await timeOnce(input));
    const m = (k: keyof Timing) => median(all.map((x) => x[k]));
    return {
        graph: m('graph'),
        layout: m('layout'),
        route: m('route'),
        render: m('render'),
        total: m('total'),
        nodes: all[0].nodes,
        edges: all[0].edges,
    };
}

function exampleWorkspaces(root: string): Array<{ label: string; files: SourceFile[] }> {
    const out: Array<{ label: string; files: SourceFile[] }> = [];
    const read = (p: string): SourceFile => ({ uri: pathToFileURL(p).toString(), text: readFileSync(p, 'utf8') });
    for (const group of ['seed', 'reference']) {
        const dir = join(root, group);
        for (const f of readdirSync(dir).sort()) {
            const p = join(dir, f);
            if (statSync(p).isDirectory())
                out.push({
                    label: relative(root, p),
                    files: readdirSync(p)
                        .filter((x) => x.endsWith('.topo'))
                        .sort()
                        .map((x) => read(join(p, x))),
                });
            else if (f.endsWith('.topo')) out.push({ label: relative(root, p), files: [read(p)] });
        }
    }
    return out;
}

function endOf(e: { kind: string; id?: string; ip?: string }): TraceEnd | undefined {
    if (e.kind === 'internet') return { kind: 'internet' };
    if (e.kind === 'ip' && e.ip) return { kind: 'ip', ip: e.ip };
    const id = e.kind === 'element' && e.id ? parseId(e.id) : undefined;
    if (id) return { kind: 'element', id };
    return undefined;
}

/** Synthetic text of about `nodes` diagram nodes (the generator is sized in lines; ~1 node per 2.4 lines). */
async function synthetic(nodes: number, seed: number) {
    let lines = Math.round(nodes * 2.4);
    for (let attempt = 0; attempt < 6; attempt++) {
        const text = generateTopology({ lines, seed });
        const analysis = await analyse([{ uri: `file:///bench/diagram-${nodes}.topo`, text }]);
        const count = buildDiagramGraph({ topology: analysis.topology }).nodes.size;
        if (Math.abs(count - nodes) / nodes < 0.08) return analysis;
        lines = Math.round((lines * nodes) / count);
    }
    return analyse([{ uri: `file:///bench/diagram-${nodes}.topo`, text: generateTopology({ lines, seed }) }]);
}

export async function benchDiagrams(examplesDir: string, seed: number, quick: boolean): Promise<string[]> {
    const rows: string[][] = [];
    const row = (label: string, t: Timing & { nodes: number; edges: number }) =>
        rows.push([
            label,
            String(t.nodes),
            String(t.edges),
            t.graph.toFixed(1),
            t.layout.toFixed(1),
            t.route.toFixed(1),
            t.render.toFixed(1),
            t.total.toFixed(1),
        ]);
    for (const ex of exampleWorkspaces(examplesDir)) {
        const a = await analyse(ex.files);
        const st = a.topology.traces.find((t) => endOf(t.from) && endOf(t.to));
        const traces: DiagramTraceInput[] = st
            ? [
                  {
                      label: 'first trace',
                      result: traceRequest(a.topology, endOf(st.from)!, endOf(st.to)!, { port: st.port }, a.index),
                  },
              ]
            : [];
        row(
            ex.label,
            await measure(
                { topology: a.topology, traces, diagnostics: [...a.diagnostics.values()].flat() },
                quick ? 3 : 5,
            ),
        );
    }
    const checks: string[] = [];
    for (const [target, limit] of [
        [300, 500],
        [1000, 2000],
    ] as const) {
        const a = await synthetic(target, seed);
        const hosts = a.topology.hosts;
        const traces: DiagramTraceInput[] = [
            {
                label: 'to the internet',
                result: traceRequest(
                    a.topology,
                    { kind: 'element', id: hosts[0].id },
                    { kind: 'internet' },
                    {},
                    a.index,
                ),
            },
            {
                label: 'host to host',
                result: traceRequest(
                    a.topology,
                    { kind: 'element', id: hosts[1].id },
                    { kind: 'element', id: hosts[hosts.length - 1].id },
                    {},
                    a.index,
                ),
            },
        ];
        const t = await measure({ topology: a.topology, traces }, quick ? 2 : 3);
        row(`synthetic ~${target}`, t);
        checks.push(
            `layout + render, ${t.nodes} nodes: ${t.total.toFixed(0)} ms  target < ${limit} ms: ${t.total < limit ? 'PASS' : 'FAIL'}`,
        );
    }
    const header = ['input', 'nodes', 'edges', 'graph ms', 'layout ms', 'route ms', 'svg ms', 'total ms'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (r: readonly string[]) =>
        r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt), '', ...checks];
}
