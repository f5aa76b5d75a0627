/**
 * `topo export`: the diagram of the given files as SVG or PNG, with the requested traces drawn on it.
 *   --out <file.svg|file.png>   required; the format follows the extension
 *   --trace <from>:<to>         repeatable; names as `topo trace` takes them (`internet`, an IP, `web-a`, `web.web-a`)
 *   --vpc <name>                repeatable; only these VPCs and what they connect to
 * The file is written completely or not at all, through a symbolic link to its target, with a short temporary name
 * that is always legal, and nothing left behind by an interrupted run (write-file.ts). Diagnostics do not stop an
 * export: they are drawn as badges. Exit 0 on success, 2 on a usage or I/O error (one line, no stack trace).
 */
import { extname, resolve } from 'node:path';
import { EmptyFileSystem } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { renderDiagram } from '../diagram/diagram.js';
import type { DiagramTraceInput } from '../diagram/types.js';
import { diagnosticCode } from '../language/diagnostic-code.js';
import { createTopoServices } from '../language/topo-module.js';
import { buildWorkspace } from '../language/workspace.js';
import type { Severity, TopoDiagnostic } from '../model/diagnostic.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { Topology } from '../model/topology.js';
import { findTraceEnd } from '../trace/names.js';
import { traceRequest } from '../trace/trace-request.js';
import type { CliFile } from './files.js';
import { UsageError } from './files.js';
import { writeAtomically } from './write-file.js';

interface ExportArgs {
    readonly out: string;
    readonly traces: readonly string[];
    readonly vpcs: readonly string[];
}

type ExportFormat = 'svg' | 'png';

/** PNG pixels per SVG unit: crisp on high-density screens and in READMEs. */
const PNG_ZOOM = 2;

function exportFormat(out: string): ExportFormat {
    const ext = extname(out).toLowerCase();
    if (ext === '.svg') return 'svg';
    if (ext === '.png') return 'png';
    throw new UsageError(`--out must name a .svg or .png file, not '${out}'`);
}

export async function exportFiles(
    files: readonly CliFile[],
    args: ExportArgs,
    cwd = process.cwd(),
): Promise<{ path: string; bytes: number; nodes: number; traces: number }> {
    const format = exportFormat(args.out);
    const { Topo } = createTopoServices(EmptyFileSystem);
    const docs = await buildWorkspace(Topo, files);
    const { topology, index } = Topo.topo.Analysis.current();
    checkVpcs(topology, args.vpcs);
    const traces = args.traces.map((spec) => traceOf(topology, index, spec));
    const diagnostics = docs.flatMap((d) => (d.diagnostics ?? []).map((x) => toTopoDiagnostic(d.uri.toString(), x)));
    const { svg, layout } = await renderDiagram({ topology, traces, diagnostics, vpcs: args.vpcs });
    const data = format === 'svg' ? svg : await toPng(svg);
    const path = resolve(cwd, args.out);
    await writeAtomically(path, data, args.out);
    return {
        path,
        bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length,
        nodes: layout.graph.nodes.size,
        traces: traces.length,
    };
}

function checkVpcs(topology: Topology, names: readonly string[]): void {
    for (const name of names) {
        if (!topology.vpcs.some((v) => v.name === name || v.id === `vpc:${name}`)) {
            const known = topology.vpcs.map((v) => v.name).sort();
            throw new UsageError(`--vpc: no VPC named '${name}'${known.length ? ` (VPCs: ${known.join(', ')})` : ''}`);
        }
    }
}

/** `from:to`, resolved and traced as `topo trace` does. */
function traceOf(topology: Topology, index: TopologyIndex, spec: string): DiagramTraceInput {
    const at = spec.indexOf(':');
    const fromText = at > 0 ? spec.slice(0, at) : '';
    const toText = at > 0 ? spec.slice(at + 1) : '';
    if (!fromText || !toText) throw new UsageError(`--trace must be <from>:<to>, not '${spec}'`);
    const from = findTraceEnd(topology, fromText);
    if (!from.ok) throw new UsageError(`--trace ${spec}: ${from.error}`);
    const to = findTraceEnd(topology, toText);
    if (!to.ok) throw new UsageError(`--trace ${spec}: ${to.error}`);
    return { label: `${from.label} → ${to.label}`, result: traceRequest(topology, from.end, to.end, {}, index) };
}

const SEVERITIES: Readonly<Record<number, Severity>> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function toTopoDiagnostic(uri: string, d: Diagnostic): TopoDiagnostic<string> {
    return {
        code: diagnosticCode(d),
        severity: SEVERITIES[d.severity ?? 1] ?? 'error',
        message: d.message,
        uri,
        range: d.range,
        related: [],
    };
}

/** SVG -> PNG with resvg, text set in the system's fonts (DejaVu Sans on Debian: fonts-dejavu-core). */
async function toPng(svg: string): Promise<Uint8Array> {
    const { Resvg } = await import('@resvg/resvg-js');
    const png = new Resvg(svg, {
        font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
        fitTo: { mode: 'zoom', value: PNG_ZOOM },
        background: '#ffffff',
    }).render();
    const buf = png.asPng();
    return new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength);
}
