/**
 * `topo trace`: one request path, as a numbered hop list (text) or the JSON of the CLI contract.
 * Exit 0 reachable, 1 blocked, 2 usage error (unknown or ambiguous names included).
 */
import { EmptyFileSystem } from 'langium';
import { createTopoServices } from '../language/topo-module.js';
import { buildWorkspace } from '../language/workspace.js';
import { findTraceEnd } from '../trace/names.js';
import { traceRequest } from '../trace/trace-request.js';
import type { Hop, TraceResult } from '../trace/types.js';
import type { CliFile } from './files.js';
import { UsageError } from './files.js';
import { toJson } from './format/json.js';
import { escapeControls } from './format/text.js';

interface TraceArgs {
    readonly from: string;
    readonly to: string;
    readonly port?: number;
    readonly zone?: string;
    readonly region?: string;
}

export async function traceFiles(
    files: readonly CliFile[],
    args: TraceArgs,
): Promise<{ result: TraceResult; from: string; to: string }> {
    const { Topo } = createTopoServices(EmptyFileSystem);
    await buildWorkspace(Topo, files);
    const { topology, index } = Topo.topo.Analysis.current();
    const from = findTraceEnd(topology, args.from);
    if (!from.ok) throw new UsageError(`--from: ${from.error}`);
    if (from.end.kind === 'dns')
        throw new UsageError(`--from: '${args.from}' is a DNS name; a trace starts at an element or an address`);
    const to = findTraceEnd(topology, args.to);
    if (!to.ok) throw new UsageError(`--to: ${to.error}`);
    const result = traceRequest(
        topology,
        from.end,
        to.end,
        { port: args.port, zone: args.zone, serviceRegion: args.region },
        index,
    );
    return { result, from: from.label, to: to.label };
}

export function formatTraceText(r: TraceResult, from: string, to: string): string {
    const lines = [
        `${from} -> ${to}: ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`,
        `  ${r.summary}`,
        '',
        'forward:',
    ];
    lines.push(...hopLines(r.forward, r.stoppedIn === 'forward' ? r.stoppedAt : undefined));
    if (r.return.length > 0) {
        lines.push('', 'return:');
        lines.push(...hopLines(r.return, r.stoppedIn === 'return' ? r.stoppedAt : undefined));
    }
    if (r.notes.length > 0) lines.push('', `notes: ${r.notes.join(', ')}`);
    // Names and DNS names come from the file: their control characters are shown, never sent to the terminal.
    return lines.map(escapeControls).join('\n') + '\n';
}

function hopLines(hops: readonly Hop[], stop: number | undefined): string[] {
    const out: string[] = [];
    const width = String(hops.length).length;
    hops.forEach((h, i) => {
        const mark = i === stop ? 'x' : ' ';
        const az = h.az ? ` [${h.az.id ? `${h.az.name}/${h.az.id}` : h.az.name}]` : '';
        out.push(`${mark} ${String(i + 1).padStart(width)}. ${h.kind} ${h.name}${az}: ${h.detail}`);
        for (const b of h.route?.beat ?? [])
            out.push(`${' '.repeat(width + 5)}beat ${b.destination} -> ${b.target} (${b.lostBecause})`);
    });
    return out;
}

/**
 * The JSON of the CLI contract: verdict, reason, forward and return hops as {kind, name, az, detail}; plus summary and
 * notes.
 */
export function formatTraceJson(r: TraceResult): string {
    const hop = (h: Hop) => ({ kind: h.kind, name: h.name, az: h.az?.name ?? null, detail: h.detail });
    return toJson({
        verdict: r.verdict,
        reason: r.reason,
        forward: r.forward.map(hop),
        return: r.return.map(hop),
        summary: r.summary,
        notes: r.notes,
    });
}
