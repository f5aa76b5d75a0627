/**
 * Diagram test fixtures: examples (or inline text) analysed in memory, traces by the names users type, and
 * the built and laid-out diagram. Everything the diagram tests need in one `diagramOf` call.
 */
import { EmptyFileSystem } from 'langium';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDiagramGraph } from '../../src/diagram/build-graph.js';
import { layoutDiagram } from '../../src/diagram/diagram.js';
import { renderSvg } from '../../src/diagram/render-svg.js';
import type { DiagramGraph, DiagramInput, DiagramLayout, DiagramTraceInput } from '../../src/diagram/types.js';
import { createTopoServices } from '../../src/language/topo-module.js';
import { buildWorkspace, type SourceFile } from '../../src/language/workspace.js';
import type { TopoDiagnostic } from '../../src/model/diagnostic.js';
import type { TopologyIndex } from '../../src/model/topology-index.js';
import type { Topology } from '../../src/model/topology.js';
import { findTraceEnd } from '../../src/trace/names.js';
import { traceRequest } from '../../src/trace/trace-request.js';

export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface Loaded {
    readonly topology: Topology;
    readonly index: TopologyIndex;
    readonly diagnostics: readonly TopoDiagnostic[];
}

/** Example paths relative to examples/ (a directory is one multi-file workspace). */
export async function loadExample(...paths: string[]): Promise<Loaded> {
    const files: SourceFile[] = [];
    for (const p of paths) {
        const abs = join(EXAMPLES, p);
        const list = statSync(abs).isDirectory()
            ? readdirSync(abs)
                  .filter((f) => f.endsWith('.topo'))
                  .sort()
                  .map((f) => join(abs, f))
            : [abs];
        for (const f of list) files.push({ uri: pathToFileURL(f).toString(), text: readFileSync(f, 'utf8') });
    }
    return loadFiles(files);
}

export async function loadText(text: string): Promise<Loaded> {
    return loadFiles([{ uri: 'file:///test/diagram.topo', text }]);
}

async function loadFiles(files: readonly SourceFile[]): Promise<Loaded> {
    const { Topo } = createTopoServices(EmptyFileSystem);
    await buildWorkspace(Topo, files);
    const { topology, index, diagnostics } = Topo.topo.Analysis.current();
    return { topology, index, diagnostics: [...diagnostics.values()].flat() };
}

/**
 * The first trace statement of a loaded example whose ends resolved, by the names `topo trace` takes (for the tests
 * that draw every example with a trace on it).
 */
export function firstTrace(l: Loaded): [string, string][] {
    const t = l.topology.traces.find((x) => x.from.kind !== 'unresolved' && x.to.kind !== 'unresolved');
    if (!t) return [];
    const name = (e: typeof t.from): string =>
        e.kind === 'internet'
            ? 'internet'
            : e.kind === 'ip'
              ? e.ip
              : e.kind === 'element'
                ? e.id.slice(e.id.indexOf(':') + 1)
                : e.kind === 'dns'
                  ? e.name
                  : '';
    return [[name(t.from), name(t.to)]];
}

/** A trace by the names `topo trace` takes. */
export function trace(l: Loaded, from: string, to: string): DiagramTraceInput {
    const a = findTraceEnd(l.topology, from);
    const b = findTraceEnd(l.topology, to);
    if (!a.ok || !b.ok) throw new Error(`bad trace ends ${from} -> ${to}`);
    return { label: `${from} → ${to}`, result: traceRequest(l.topology, a.end, b.end, {}, l.index) };
}

export function input(
    l: Loaded,
    traces: readonly [string, string][] = [],
    extra: Partial<DiagramInput> = {},
): DiagramInput {
    return {
        topology: l.topology,
        diagnostics: l.diagnostics,
        traces: traces.map(([f, t]) => trace(l, f, t)),
        ...extra,
    };
}

export function graphOf(
    l: Loaded,
    traces: readonly [string, string][] = [],
    extra: Partial<DiagramInput> = {},
): DiagramGraph {
    return buildDiagramGraph(input(l, traces, extra));
}

export async function layoutOf(
    l: Loaded,
    traces: readonly [string, string][] = [],
    extra: Partial<DiagramInput> = {},
): Promise<DiagramLayout> {
    return layoutDiagram(input(l, traces, extra));
}

export async function svgOf(
    l: Loaded,
    traces: readonly [string, string][] = [],
    extra: Partial<DiagramInput> = {},
): Promise<string> {
    return renderSvg(await layoutOf(l, traces, extra));
}

/** Every example workspace: each file of seed/ and reference/, each sub-directory, and each broken file. */
export function exampleWorkspaces(): string[] {
    const out: string[] = [];
    for (const group of ['seed', 'reference', 'broken']) {
        for (const f of readdirSync(join(EXAMPLES, group)).sort()) {
            const rel = `${group}/${f}`;
            if (statSync(join(EXAMPLES, rel)).isDirectory() || f.endsWith('.topo')) out.push(rel);
        }
    }
    return out;
}
