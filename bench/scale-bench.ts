/**
 * Scaling benchmark (issue 12, "linear everywhere"; part of `npm run bench`, or alone with `--scale`):
 *  - many files: `topo check` of 2,500 and of 10,000 small files (generateSmallFiles: one VPC each, ~0.7 KB), written
 *    to a temporary directory and checked in a new node process each, with the CLI's own steps (collectFiles reads
 *    them from disk, checkFiles parses, links, models and runs every rule). Wall and CPU time of the check in that
 *    process, and the whole process's wall time. Target: four times the files take at most 4.5 times the CPU time.
 *    (Each document's validation used to list and sort every document, which made it quadratic: 10,000 files
 *    took ~300 s.)
 *  - a keystroke in a ~300 KB file: the language-server benchmark (lsp-bench.ts) on a single ~300 KB document,
 *    held to its typing budget (keystroke -> diagnostics p50 < 150 ms).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles } from '../src/cli/check.js';
import { collectFiles } from '../src/cli/files.js';
import { generateSmallFiles } from './generate.js';
import { benchLsp } from './lsp-bench.js';

/** The flag that makes bench.js the child of one many-files measurement. */
export const MANY_FILES_CHILD = '--many-files';

/** Lines of the synthetic topology (bench/generate.ts) that make ~300 KB. */
const LINES_300_KB = 7_900;

interface ChildResult {
    readonly wall: number;
    readonly cpu: number;
    readonly files: number;
    readonly diagnostics: number;
}

/** The child side: check every .topo file under `dir` as `topo check` does, and print the timing as JSON. */
export async function manyFilesChild(dir: string): Promise<void> {
    const w = performance.now();
    const c = process.cpuUsage();
    const files = collectFiles([dir]);
    const diagnostics = await checkFiles(files);
    const d = process.cpuUsage(c);
    const result: ChildResult = {
        wall: performance.now() - w,
        cpu: (d.user + d.system) / 1000,
        files: files.length,
        diagnostics: diagnostics.length,
    };
    process.stdout.write(JSON.stringify(result));
}

function manyFiles(count: number): ChildResult & { readonly process: number } {
    const dir = mkdtempSync(join(tmpdir(), 'topo-scale-'));
    try {
        for (const f of generateSmallFiles(count))
            writeFileSync(join(dir, f.uri.slice(f.uri.lastIndexOf('/') + 1)), f.text);
        const t0 = performance.now();
        const out = execFileSync(process.execPath, [process.argv[1], MANY_FILES_CHILD, dir], {
            encoding: 'utf8',
            maxBuffer: 1 << 20,
        });
        return { ...(JSON.parse(out) as ChildResult), process: performance.now() - t0 };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

export async function benchScale(seed: number, quick: boolean): Promise<{ lines: string[]; ok: boolean }> {
    const lines: string[] = [];
    const small = manyFiles(2_500);
    const large = manyFiles(10_000);
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    for (const r of [small, large])
        lines.push(
            `${r.files} files: check ${s(r.wall)} (CPU ${s(r.cpu)}), whole process ${s(r.process)}, ${r.diagnostics} diagnostics`,
        );
    const ratio = large.cpu / small.cpu;
    const linear = ratio <= 4.5 && small.files === 2_500 && large.files === 10_000 && large.diagnostics === 0;
    lines.push(
        `[${linear ? 'PASS' : 'FAIL'}] 10,000 files checked in linear time (4x the files <= 4.5x the CPU time): ${ratio.toFixed(2)}x (wall ${(large.wall / small.wall).toFixed(2)}x); 10,000 files in ${s(large.process)}`,
    );
    const lsp = await benchLsp({ lines: LINES_300_KB, seed, edits: quick ? 10 : 20, hovers: quick ? 5 : 10 });
    lines.push(...lsp.lines);
    return { lines, ok: linear && lsp.ok };
}
