/**
 * `npm run bench`: how long checking a topology takes, and how that compares with parsing it.
 *
 * For each input (~1k and ~10k lines in one file, ~10k lines over 10 files) it reports medians of several runs
 * after warm-up:
 *  - parse:  Langium's parser alone (lexing + parsing, services.parser.LangiumParser.parse), warm services;
 *  - full:   buildWorkspace with validation on fresh services (parse, index, scope, link, model, all rules),
 *            split per build phase with DocumentBuilder.onBuildPhase; creating the services is timed apart;
 *  - model / rules: buildTopology + TopologyIndex, and runRules, on the built documents;
 *  - peak heap / RSS seen during a full check (gc() before each run; run node with --expose-gc).
 * Targets (docs/PRODUCT.md): full check <= 1.5x parse-only, and a 10k-line full check under 2 s.
 * Flags: --quick (fewer runs), --strict (exit 1 when a target is missed), --rules (per-rule times).
 */
import { DocumentState, EmptyFileSystem } from 'langium';
import { cpus } from 'node:os';
import type { Model } from '../src/language/generated/ast.js';
import { createTopoServices } from '../src/language/topo-module.js';
import { buildWorkspace, type SourceFile } from '../src/language/workspace.js';
import { buildTopology } from '../src/model/build-topology.js';
import { TopologyIndex } from '../src/model/topology-index.js';
import { ALL_RULES } from '../src/rules/registry.js';
import { runRules } from '../src/rules/run-rules.js';
import { generateTopology, generateTopologyFiles } from './generate.js';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const STRICT = args.has('--strict');
const PER_RULE = args.has('--rules');
const SEED = 20240601;

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface Input {
    readonly label: string;
    readonly files: readonly SourceFile[];
    readonly lines: number;
    readonly runs: number;
    readonly warmup: number;
}

interface Row {
    readonly input: Input;
    readonly parse: number;
    readonly init: number;
    readonly full: number;
    readonly phases: Readonly<Record<string, number>>;
    readonly model: number;
    readonly rules: number;
    readonly diagnostics: number;
    readonly peakHeapMb: number;
    readonly peakRssMb: number;
    readonly slowest: ReadonlyArray<readonly [string, number]>;
}

const PHASES: ReadonlyArray<readonly [DocumentState, string]> = [
    [DocumentState.Parsed, 'parse'],
    [DocumentState.IndexedContent, 'index'],
    [DocumentState.ComputedScopes, 'scopes'],
    [DocumentState.Linked, 'link'],
    [DocumentState.IndexedReferences, 'refs'],
    [DocumentState.Validated, 'validate'],
];

function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function lines(files: readonly SourceFile[]): number {
    return files.reduce((n, f) => n + f.text.split('\n').length - 1, 0);
}

function parseOnly(input: Input): number {
    const { Topo } = createTopoServices(EmptyFileSystem);
    const parser = Topo.parser.LangiumParser;
    const once = (): number => {
        const t0 = performance.now();
        for (const f of input.files) parser.parse(f.text);
        return performance.now() - t0;
    };
    for (let i = 0; i < input.warmup; i++) once();
    const times: number[] = [];
    for (let i = 0; i < input.runs; i++) {
        gc();
        times.push(once());
    }
    return median(times);
}

interface FullRun {
    readonly init: number;
    readonly full: number;
    readonly phases: Record<string, number>;
    readonly model: number;
    readonly rules: number;
    readonly diagnostics: number;
    readonly heap: number;
    readonly rss: number;
    readonly perRule: Map<string, number>;
}

async function fullOnce(input: Input, perRule: boolean): Promise<FullRun> {
    gc();
    let heap = 0;
    let rss = 0;
    const sample = (): void => {
        const m = process.memoryUsage();
        heap = Math.max(heap, m.heapUsed);
        rss = Math.max(rss, m.rss);
    };
    const t0 = performance.now();
    const { Topo } = createTopoServices(EmptyFileSystem);
    // Creating the parser (Chevrotain's grammar analysis) is a per-process cost, not a per-check one.
    void Topo.parser.LangiumParser;
    const init = performance.now() - t0;
    const phases: Record<string, number> = {};
    let last = 0;
    for (const [state, name] of PHASES) {
        Topo.shared.workspace.DocumentBuilder.onBuildPhase(state, () => {
            const now = performance.now();
            phases[name] = now - last;
            last = now;
            sample();
        });
    }
    const t1 = performance.now();
    last = t1;
    const docs = await buildWorkspace(Topo, input.files);
    const full = performance.now() - t1;
    sample();
    const diagnostics = docs.reduce((n, d) => n + (d.diagnostics?.length ?? 0), 0);

    // Model and rules again on the built documents, each timed on its own.
    const sources = Topo.shared.workspace.LangiumDocuments.all.toArray().map((d) => ({ uri: d.uri.toString(), model: d.parseResult.value as Model }));
    const m0 = performance.now();
    const { topology } = buildTopology(sources);
    const index = new TopologyIndex(topology);
    const model = performance.now() - m0;
    const r0 = performance.now();
    runRules(topology, { index });
    const rules = performance.now() - r0;
    const times = new Map<string, number>();
    if (perRule) {
        for (const rule of ALL_RULES) {
            const s = performance.now();
            runRules(topology, { index, rules: [rule] });
            times.set(rule.code, performance.now() - s);
        }
    }
    return { init, full, phases, model, rules, diagnostics, heap, rss, perRule: times };
}

async function fullCheck(input: Input): Promise<Omit<Row, 'input' | 'parse'>> {
    for (let i = 0; i < input.warmup; i++) await fullOnce(input, false);
    const runs: FullRun[] = [];
    for (let i = 0; i < input.runs; i++) runs.push(await fullOnce(input, PER_RULE));
    const phases: Record<string, number> = {};
    for (const [, name] of PHASES) phases[name] = median(runs.map((r) => r.phases[name] ?? 0));
    const perRule = new Map<string, number>();
    if (PER_RULE) for (const rule of ALL_RULES) perRule.set(rule.code, median(runs.map((r) => r.perRule.get(rule.code) ?? 0)));
    return {
        init: median(runs.map((r) => r.init)),
        full: median(runs.map((r) => r.full)),
        phases,
        model: median(runs.map((r) => r.model)),
        rules: median(runs.map((r) => r.rules)),
        diagnostics: runs[0]?.diagnostics ?? 0,
        peakHeapMb: Math.max(...runs.map((r) => r.heap)) / 2 ** 20,
        peakRssMb: Math.max(...runs.map((r) => r.rss)) / 2 ** 20,
        slowest: [...perRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8),
    };
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

const ms = (x: number): string => x.toFixed(1);

async function main(): Promise<void> {
    const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    console.log(`Topo benchmark: node ${process.version}, ${cpus().length} CPU(s)${hasGc ? '' : ' (run with --expose-gc for clean memory figures)'}`);
    console.log(`Rules registered: ${ALL_RULES.length}. Medians after warm-up. Seed ${SEED}.\n`);
    const one = (label: string, target: number, runs: number, warmup: number): Input => {
        const files = [{ uri: `file:///bench/${label}.topo`, text: generateTopology({ lines: target, seed: SEED }) }];
        return { label, files, lines: lines(files), runs, warmup };
    };
    const split = (label: string, target: number, count: number, runs: number, warmup: number): Input => {
        const files = generateTopologyFiles({ lines: target, seed: SEED, files: count });
        return { label, files, lines: lines(files), runs, warmup };
    };
    const inputs: Input[] = [
        one('1k', 1_000, QUICK ? 5 : 15, QUICK ? 2 : 5),
        one('10k', 10_000, QUICK ? 3 : 7, QUICK ? 1 : 2),
        split('10k/10 files', 10_000, 10, QUICK ? 3 : 5, 1),
    ];
    const rows: Row[] = [];
    for (const input of inputs) {
        const parse = parseOnly(input);
        const full = await fullCheck(input);
        rows.push({ input, parse, ...full });
    }

    console.log(table(
        ['input', 'lines', 'files', 'parse ms', 'full ms', 'full/parse', 'model ms', 'rules ms', 'diags', 'peak heap MB', 'peak RSS MB', 'init ms'],
        rows.map((r) => [
            r.input.label, String(r.input.lines), String(r.input.files.length), ms(r.parse), ms(r.full), `${(r.full / r.parse).toFixed(2)}x`,
            ms(r.model), ms(r.rules), String(r.diagnostics), r.peakHeapMb.toFixed(0), r.peakRssMb.toFixed(0), ms(r.init),
        ]),
    ));
    console.log('\nFull check by build phase (ms; "validate" includes model + rules through the validator):');
    console.log(table(['input', ...PHASES.map(([, n]) => n)], rows.map((r) => [r.input.label, ...PHASES.map(([, n]) => ms(r.phases[n] ?? 0))])));
    if (PER_RULE) {
        for (const r of rows) console.log(`\nSlowest rules (${r.input.label}): ${r.slowest.map(([c, t]) => `${c} ${ms(t)}`).join(', ')}`);
    }

    const checks: Array<[string, boolean, string]> = [];
    for (const r of rows.filter((x) => x.input.files.length === 1)) {
        const ratio = r.full / r.parse;
        checks.push([`full check <= 1.5x parse-only (${r.input.label})`, ratio <= 1.5, `${ratio.toFixed(2)}x`]);
    }
    const big = rows.find((r) => r.input.label === '10k');
    if (big) checks.push(['10k-line full check < 2 s', big.full < 2000, `${ms(big.full)} ms`]);
    for (const r of rows) checks.push([`rules well under parse (${r.input.label})`, r.rules < r.parse, `${ms(r.rules)} ms vs ${ms(r.parse)} ms`]);
    console.log('\nTargets:');
    for (const [name, ok, got] of checks) console.log(`  [${ok ? 'PASS' : 'FAIL'}] ${name}: ${got}`);
    if (STRICT && checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
});
