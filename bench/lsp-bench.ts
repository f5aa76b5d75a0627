/**
 * Language-server benchmark (part of `npm run bench`): the bundled server (out/server/main.js) over stdio, as an
 * editor drives it, on the ~10k-line synthetic topology in one document.
 *  - open: didOpen -> first publishDiagnostics (cold parser, whole workspace build);
 *  - keystroke -> diagnostics: one character of a subnet CIDR changed (…0/24 <-> …7/24, so cidr-not-canonical
 *    appears and goes), timed from didChange to the publishDiagnostics that shows it; median and p95. The server
 *    shows a document's own findings before its typing pause (early-diagnostics.ts): the complete publish, after
 *    the pause and the workspace-wide rules, is timed too and printed beside it;
 *  - hover: on subnet names spread over the file (the resolved route table), request to response; median and p95
 *    (a hover without "Resolved routes" is reported as EMPTY and fails the target);
 *  - memory: the server process's resident set size after the runs, and its peak (VmHWM).
 * Targets (issue: VS Code extension and language server): keystroke p50 < 150 ms, hover p50 < 50 ms, RSS < 300 MB.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic, Position } from 'vscode-languageserver-protocol';
import { generateTopology, generateTopologyFiles } from './generate.js';
import { hoverText, LspClient, positionOf } from './lsp-client.js';
import { serverExecArgv } from '../server/process-options.js';

export interface LspBenchOptions {
    readonly lines: number;
    readonly seed: number;
    readonly edits: number;
    readonly hovers: number;
    /** Defaults to out/server/main.js under the current directory (npm run bench runs at the project root). */
    readonly serverModule?: string;
    /** Split the topology over this many documents (all opened; the edits go to one of them). Default 1. */
    readonly files?: number;
    /** Extra node flags for the server process (e.g. `--cpu-prof`), after the extension's own (process-options.ts). */
    readonly execArgv?: readonly string[];
}

export interface LspBenchResult {
    readonly lines: string[];
    readonly ok: boolean;
}

const percentile = (xs: readonly number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
};

interface EditSite {
    readonly start: Position;
    /** The character position of the last octet's "0" in `a.b.c.0/nn`. */
    readonly digit: Position;
}

/** Subnet CIDRs ending in `.0/nn` (nn < 32), spread over the file: changing that 0 sets host bits. */
function editSites(text: string, count: number): EditSite[] {
    const all: EditSite[] = [];
    const re = /^(\s*subnet \S+ \d+\.\d+\.\d+\.)0\/(\d+)/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
        if (Number(m[2]) >= 32) continue;
        const start = positionOf(text, m[0], 0, m.index);
        all.push({ start, digit: { line: start.line, character: m[1].length } });
    }
    const step = Math.max(1, Math.floor(all.length / count));
    return all.filter((_, i) => i % step === 0).slice(0, count);
}

/** Subnet name positions spread over the file. */
function hoverSites(text: string, count: number): Position[] {
    const all: Position[] = [];
    const re = /^\s*subnet (\S+) /gm;
    for (let m = re.exec(text); m; m = re.exec(text)) all.push(positionOf(text, m[0], m[0].indexOf(m[1]) + 1, m.index));
    const step = Math.max(1, Math.floor(all.length / count));
    return all.filter((_, i) => i % step === 0).slice(0, count);
}

const notCanonicalOn =
    (line: number) =>
    (ds: readonly Diagnostic[]): boolean =>
        ds.some((d) => d.code === 'cidr-not-canonical' && d.range.start.line === line);

export async function benchLsp(options: LspBenchOptions): Promise<LspBenchResult> {
    const serverModule = options.serverModule ?? resolve('out/server/main.js');
    if (!existsSync(serverModule)) throw new Error(`${serverModule} is missing: run \`npm run bundle\``);
    const files =
        (options.files ?? 1) > 1
            ? generateTopologyFiles({ lines: options.lines, seed: options.seed, files: options.files! }).map(
                  (f, i) => ({ uri: `file:///bench/lsp-${i}.topo`, text: f.text }),
              )
            : [
                  {
                      uri: 'file:///bench/lsp-10k.topo',
                      text: generateTopology({ lines: options.lines, seed: options.seed }),
                  },
              ];
    // Edits and hovers go to the document with the most subnets.
    const count = (t: string) => (t.match(/^\s*subnet /gm) ?? []).length;
    const main = files.reduce((best, f) => (count(f.text) > count(best.text) ? f : best), files[0]);
    const text = main.text;
    const uri = main.uri;
    const lineCount = files.reduce((n, f) => n + f.text.split('\n').length, 0);
    // The server runs with the flags the extension gives it (server/process-options.ts), then any extra ones.
    const { client } = await LspClient.start({
        serverModule,
        execArgv: [...serverExecArgv(), ...(options.execArgv ?? [])],
    });
    try {
        const t0 = performance.now();
        const first = client.nextDiagnostics(uri, () => true, 120_000);
        for (const f of files) await client.open(f.uri, f.text);
        const initial = await first;
        const open = performance.now() - t0;

        // Keystrokes: each edit sets the digit (0 -> 7) and the next restores it, alternating over the sites.
        const sites = editSites(text, options.edits);
        if (sites.length === 0) throw new Error('no subnet CIDR ending in .0 to edit in the generated topology');
        // The server shows an edited document's own findings at once and the complete set after its typing pause
        // (server/early-diagnostics.ts): the first publish showing the edit is timed, and the complete one too.
        const keystroke: number[] = [];
        const complete: number[] = [];
        const warmup = 2;
        for (let i = 0; i < options.edits + warmup; i++) {
            const site = sites[i % sites.length];
            const range = { start: site.digit, end: { line: site.digit.line, character: site.digit.character + 1 } };
            for (const [digit, accept] of [
                ['7', notCanonicalOn(site.start.line)],
                ['0', (d: readonly Diagnostic[]) => !notCanonicalOn(site.start.line)(d)],
            ] as const) {
                const seen = client.nextDiagnostics(uri, accept, 30_000);
                const s = performance.now();
                await client.change(uri, digit, range);
                await seen;
                const first = performance.now() - s;
                // The complete publish follows; with no early one (no typing pause) the first was the complete one.
                const last = await client.nextDiagnostics(uri, accept, 5_000).then(
                    () => performance.now() - s,
                    () => first,
                );
                if (i >= warmup) {
                    keystroke.push(first);
                    complete.push(last);
                }
            }
        }

        // Hovers on subnet names (resolved route tables), document built and idle.
        const hover: number[] = [];
        let empty = 0;
        const positions = hoverSites(text, options.hovers);
        for (const [i, position] of [...positions.slice(0, 2), ...positions].entries()) {
            const s = performance.now();
            const h = await client.hover(uri, position);
            if (i >= 2) {
                hover.push(performance.now() - s);
                // A hover that does not show the route table does not count as answered.
                if (!hoverText(h).includes('Resolved routes')) empty++;
            }
        }
        const mem = client.memoryMb();

        const k50 = percentile(keystroke, 0.5);
        const h50 = percentile(hover, 0.5);
        const checks: Array<[string, boolean, string]> = [
            [
                'keystroke -> diagnostics p50 < 150 ms',
                k50 < 150,
                `${k50.toFixed(1)} ms (p95 ${percentile(keystroke, 0.95).toFixed(1)} ms, ${keystroke.length} edits; complete, after the typing pause: p50 ${percentile(complete, 0.5).toFixed(1)} ms, p95 ${percentile(complete, 0.95).toFixed(1)} ms)`,
            ],
            [
                'hover p50 < 50 ms',
                h50 < 50 && empty === 0,
                `${h50.toFixed(1)} ms (p95 ${percentile(hover, 0.95).toFixed(1)} ms, ${hover.length} hovers${empty ? `, ${empty} EMPTY` : ''})`,
            ],
            [
                'server RSS < 300 MB',
                mem.rss < 300 && mem.peak < 300,
                `${mem.rss.toFixed(0)} MB now, ${mem.peak.toFixed(0)} MB peak`,
            ],
        ];
        return {
            lines: [
                `${lineCount} lines (${(files.reduce((n, f) => n + f.text.length, 0) / 1024).toFixed(0)} KB) in ${files.length === 1 ? 'one document' : `${files.length} documents (edits in one of ${text.split('\n').length} lines)`}; open -> first diagnostics ${open.toFixed(0)} ms (${initial.length} diagnostics)`,
                ...checks.map(([name, ok, got]) => `[${ok ? 'PASS' : 'FAIL'}] ${name}: ${got}`),
            ],
            ok: checks.every(([, ok]) => ok),
        };
    } finally {
        await client.stop();
    }
}
