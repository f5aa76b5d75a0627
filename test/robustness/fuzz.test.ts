/**
 * Robustness: "analysis never throws on bad input" (docs/ARCHITECTURE.md). Thousands of deterministic,
 * seeded mutations of the examples, of generated topologies and of inline fixtures go through the whole
 * path the editor and the CLI use: parse, index, scope, link, validate (model + all rules), and then the
 * model and rules once more outside Langium's validator, whose try/catch would otherwise hide a crash.
 *
 * A case fails when anything throws, when Langium logs a swallowed exception (console.error), when a rule
 * reports internal-error, when one input takes longer than the bound, or when a diagnostic is malformed
 * (range outside its document, missing code or message). The failure message names the case seed, the base
 * input and the mutations, and the input is written to test-output/fuzz/<seed>.topo for reproduction:
 * `FUZZ_ONLY=<seed> npx vitest run test/robustness/fuzz.test.ts` reruns just that case; FUZZ_FIRST and FUZZ_CASES
 * choose another range of seeds (default 1000..2999).
 */
import { DocumentState, EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { createRng, generateTopology, generateTopologyFiles } from '../../bench/generate.js';
import { analyzeDocuments } from '../../src/language/topo-analysis.js';
import { createTopoServices, type TopoServices } from '../../src/language/topo-module.js';
import { BUILTIN_URI } from '../../src/language/builtin.js';
import { buildWorkspace, type SourceFile } from '../../src/language/workspace.js';
import { codeOf } from '../helpers.js';
import { MUTATIONS, type Rng } from './mutations.js';

const CASES = Number(process.env['FUZZ_CASES'] ?? 2000);
const BATCH = 100;
const PER_INPUT_MS = 2_000;
/** The built-in document's uri as Langium prints it (`builtin:/...`), for comparing with diagnostics' uris. */
const BUILTIN_KEY = URI.parse(BUILTIN_URI).toString();
const ONLY = process.env['FUZZ_ONLY'] !== undefined ? Number(process.env['FUZZ_ONLY']) : undefined;

interface Base {
    readonly name: string;
    readonly files: readonly SourceFile[];
}

function loadExamples(): Base[] {
    const out: Base[] = [];
    const walk = (dir: string): void => {
        let entries: string[];
        try {
            entries = readdirSync(dir).sort();
        } catch {
            return;
        }
        for (const e of entries) {
            const p = join(dir, e);
            if (statSync(p).isDirectory()) walk(p);
            else if (p.endsWith('.topo'))
                out.push({ name: p, files: [{ uri: `file:///fuzz/${p}`, text: readFileSync(p, 'utf8') }] });
        }
    };
    walk('examples');
    return out;
}

/** The language tour from the brief: nearly every construct once, in one file. */
const TOUR = `account app id 222222222222 { az ap-northeast-1a = apne1-az1 }
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc web 10.0.0.0/16, 100.64.0.0/16 account app dns-hostnames {
    igw igw
    vgw corp
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet app-a 10.0.1.0/24 az a
    subnet app-c 10.0.2.0/24 az c
    subnet gwlbe-a 10.0.3.0/24 az a
    nat nat-a in pub-a eip
    instance web-a in app-a ip 10.0.1.10 public-ip appliance
    eni eni-a in app-c ip 10.0.2.10 eip
    route-table rt-pub main edge igw subnets app-a {
      0.0.0.0/0 -> igw
      10.9.0.0/16 -> blackhole
      corp-pl -> tgw
      10.50.0.0/16 -> corp propagated dx
      10.0.1.0/24 -> ep-a
    }
    endpoint ssm interface ssm in app-a, app-c private-dns inbound-only accepted sg x, y region ap-northeast-1
    endpoint s3 gateway s3 routes rt-pub region us-west-2
    endpoint ep-a gwlb inspect-svc in gwlbe-a accepted
    nlb api in app-a, app-c cross-zone targets web-a, 10.0.1.20
    endpoint-service api-svc backed-by api acceptance-required allow app, 333333333333, "arn:aws:iam::444444444444:root", * regions us-east-1 private-dns api.example.com
    prefix-list corp-pl 10.50.0.0/16, 10.60.0.0/16
  }
  vpc inspection 10.1.0.0/16 {
    subnet appl-a 10.1.0.0/24 az a
    instance fw in appl-a ip 10.1.0.10 appliance
    gwlb inspect in appl-a targets fw
  }
  vpc db 10.2.0.0/16 { subnet db-a 10.2.0.0/24 az a }
  endpoint-service inspect-svc backed-by inspection.inspect
  peering pcx-a web <-> db pending
  transit-gateway tgw {
    attachment att-web vpc web in app-a, app-c appliance-mode associate rt-spokes propagate rt-spokes
    attachment att-db vpc db in db-a associate rt-spokes propagate rt-spokes
    route-table rt-spokes { 0.0.0.0/0 -> att-web   10.9.0.0/16 -> blackhole }
  }
  private-zone ssm.ap-northeast-1.amazonaws.com vpcs web, db alias ssm { record api.corp -> 10.0.1.10 record x -> ssm }
}
/* block comment */ # hash comment
`;

function corpus(): Base[] {
    const bases: Base[] = [...loadExamples()];
    bases.push({ name: 'inline:tour', files: [{ uri: 'file:///fuzz/tour.topo', text: TOUR }] });
    for (const [lines, seed] of [
        [120, 1],
        [300, 2],
        [600, 3],
    ] as const) {
        bases.push({
            name: `generated:${lines}@${seed}`,
            files: [{ uri: `file:///fuzz/gen-${seed}.topo`, text: generateTopology({ lines, seed }) }],
        });
    }
    bases.push({
        name: 'generated-split:400@4',
        files: generateTopologyFiles({ lines: 400, seed: 4, files: 3 }).map((f) => ({
            uri: f.uri.replace('/bench/', '/fuzz/'),
            text: f.text,
        })),
    });
    return bases;
}

interface Case {
    readonly seed: number;
    readonly base: string;
    readonly mutations: readonly string[];
    readonly files: readonly SourceFile[];
}

/** Case `seed`: a base input and one to three mutations applied to one of its files, all from the seed. */
function makeCase(seed: number, bases: readonly Base[]): Case {
    const rng: Rng = createRng(seed);
    const base = bases[Math.floor(rng() * bases.length)];
    const count = 1 + Math.floor(rng() * 3);
    const target = Math.floor(rng() * base.files.length);
    let text = base.files[target].text;
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
        const m = MUTATIONS[Math.floor(rng() * MUTATIONS.length)];
        names.push(m.name);
        text = m.apply(text, rng);
    }
    const files = base.files.map((f, i) => (i === target ? { uri: f.uri, text } : f));
    return { seed, base: base.name, mutations: names, files };
}

function describeCase(c: Case): string {
    const rerun = c.seed >= 0 ? `; rerun with FUZZ_ONLY=${c.seed}` : '';
    return `seed=${c.seed} base=${c.base} mutations=[${c.mutations.join(', ')}] (input saved to test-output/fuzz/${c.seed}.topo${rerun})`;
}

function saveCase(c: Case): void {
    try {
        mkdirSync('test-output/fuzz', { recursive: true });
        writeFileSync(`test-output/fuzz/${c.seed}.topo`, c.files.map((f) => `// ---- ${f.uri}\n${f.text}`).join('\n'));
    } catch {
        // Best effort: the message already carries the seed.
    }
}

/** Line lengths as LSP positions count them: \r\n, \r and \n end lines; characters are UTF-16 units. */
function lineLengths(text: string): number[] {
    return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function rangeProblem(
    range: Diagnostic['range'] | undefined,
    lengths: readonly number[] | undefined,
): string | undefined {
    if (!range) return 'no range';
    if (!lengths) return 'range in an unknown document';
    const { start, end } = range;
    const inside = (p: { line: number; character: number }): boolean =>
        Number.isInteger(p.line) &&
        Number.isInteger(p.character) &&
        p.line >= 0 &&
        p.line < lengths.length &&
        p.character >= 0 &&
        p.character <= lengths[p.line];
    if (!inside(start) || !inside(end))
        return `range ${JSON.stringify(range)} outside the document (${lengths.length} lines)`;
    if (start.line > end.line || (start.line === end.line && start.character > end.character))
        return `range ${JSON.stringify(range)} ends before it starts`;
    return undefined;
}

function diagnosticProblems(
    docs: readonly LangiumDocument[],
    lengthsByUri: ReadonlyMap<string, readonly number[]>,
): string[] {
    const problems: string[] = [];
    for (const doc of docs) {
        const uri = doc.uri.toString();
        for (const d of doc.diagnostics ?? []) {
            const code = codeOf(d);
            const where = `${uri} "${String(d.message).slice(0, 120)}"`;
            if (typeof code !== 'string' || code === 'unknown' || code.length === 0)
                problems.push(`diagnostic without a code: ${where}`);
            if (d.code !== undefined && typeof d.code !== 'string')
                problems.push(`diagnostic code is not a string: ${where}`);
            if (typeof d.message !== 'string' || d.message.length === 0)
                problems.push(`diagnostic without a message: ${uri}`);
            if (d.severity !== undefined && ![1, 2, 3, 4].includes(d.severity))
                problems.push(`bad severity ${d.severity}: ${where}`);
            if (code === 'internal-error' || /An error occurred/.test(d.message))
                problems.push(`swallowed crash: ${where}`);
            const r = rangeProblem(d.range, lengthsByUri.get(uri));
            if (r) problems.push(`${r}: ${where}`);
            for (const rel of d.relatedInformation ?? []) {
                const rr = rangeProblem(rel.location.range, lengthsByUri.get(rel.location.uri));
                if (rr) problems.push(`related ${rel.location.uri}: ${rr}: ${where}`);
            }
        }
    }
    return problems;
}

/** Runs one case on a (possibly reused) service container and removes its documents afterwards. */
async function runCase(
    services: TopoServices,
    c: Case,
    boundMs = PER_INPUT_MS,
): Promise<{ problems: string[]; ms: number }> {
    const problems: string[] = [];
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
    });
    const started = performance.now();
    let docs: LangiumDocument[] = [];
    try {
        docs = await buildWorkspace(services, c.files);
        // The model and the rules once more, outside the validator's try/catch: a throw here escapes.
        const linked = services.shared.workspace.LangiumDocuments.all
            .filter((d) => d.state >= DocumentState.Linked)
            .toArray();
        const analysis = analyzeDocuments(linked);
        for (const list of analysis.diagnostics.values()) {
            for (const d of list) if (d.code === 'internal-error') problems.push(`internal-error: ${d.message}`);
        }
    } catch (e) {
        problems.push(`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
        spy.mockRestore();
    }
    const ms = performance.now() - started;
    if (ms > boundMs) problems.push(`took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
    for (const l of logged) problems.push(`console.error: ${l.slice(0, 2000)}`);
    const lengths = new Map<string, readonly number[]>(c.files.map((f) => [f.uri, lineLengths(f.text)]));
    const builtin = services.shared.workspace.LangiumDocuments.getDocument(URI.parse(BUILTIN_URI));
    if (builtin) lengths.set(BUILTIN_KEY, lineLengths(builtin.textDocument.getText()));
    problems.push(...diagnosticProblems(docs, lengths));
    // Remove this case's documents (and their index entries) so the next case starts from the built-in one only.
    await services.shared.workspace.DocumentBuilder.update(
        [],
        c.files.map((f) => URI.parse(f.uri)),
    );
    const left = services.shared.workspace.LangiumDocuments.all
        .toArray()
        .filter((d) => d.uri.toString() !== BUILTIN_KEY);
    if (left.length > 0) problems.push(`documents left behind: ${left.map((d) => d.uri.toString()).join(', ')}`);
    return { problems, ms };
}

/**
 * Hand-made worst cases at a size a generated or copy-pasted file can reach. Each must stay inside the same
 * bounds as the fuzz cases: no crash (also none swallowed by Langium), well-formed diagnostics, < 2 s.
 */
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const PATHOLOGICAL: ReadonlyArray<readonly [string, string, number?]> = [
    // Chevrotain re-enters the repetition after each in-repetition recovery (the stack grows per error), and
    // each top-level recovery scans ahead to the end of the file for a resync token (quadratic): a wider bound.
    // The depth reached depends on JIT state: a cold process (the CLI) overflows from ~1500 such errors, a warm
    // one from ~4000, and recovery is quadratic before that. So this block runs before the fuzz cases warm up.
    [
        '2000 subnet lines directly in a region block (the vpc line lost)',
        `region ap-northeast-1 {\n${range(2_000)
            .map((i) => `  subnet s${i} 10.0.${i % 256}.0/24 az a`)
            .join('\n')}\n}\n`,
        15_000,
    ],
    // One finding per overlapping *pair* is quadratic; Langium spreads all findings into one push() call.
    [
        '600 subnets with the same CIDR in one VPC',
        `region ap-northeast-1 {\n vpc v 10.0.0.0/16 {\n${range(600)
            .map((i) => `  subnet s${i} 10.0.0.0/24 az a`)
            .join('\n')}\n }\n}\n`,
    ],
    [
        '600 copies of the same block on one VPC',
        `region ap-northeast-1 {\n vpc v ${range(600)
            .map(() => '10.0.0.0/16')
            .join(', ')}\n}\n`,
    ],
    [
        '600 prefix-list routes alternating between two targets',
        `region ap-northeast-1 {\n vpc v 10.0.0.0/16 {\n  igw igw\n  nat n regional\n  prefix-list pl 1.0.0.0/8\n  route-table rt main {\n${range(
            600,
        )
            .map((i) => `   pl -> ${i % 2 ? 'igw' : 'n'}`)
            .join('\n')}\n  }\n }\n}\n`,
    ],
    [
        '600 VPCs with the same CIDR propagating into one TGW route table',
        `region ap-northeast-1 {\n${range(600)
            .map((i) => ` vpc v${i} 10.0.0.0/16 { subnet s 10.0.0.0/24 az a }`)
            .join('\n')}\n transit-gateway t {\n${range(600)
            .map((i) => `  attachment a${i} vpc v${i} in s associate rt propagate rt`)
            .join('\n')}\n  route-table rt\n }\n}\n`,
    ],
    [
        '600 peered VPCs with the same CIDR in a chain',
        `region ap-northeast-1 {\n${range(600)
            .map((i) => ` vpc v${i} 10.0.0.0/16`)
            .join('\n')}\n${range(599)
            .map((i) => ` peering p${i} v${i} <-> v${i + 1}`)
            .join('\n')}\n}\n`,
    ],
    [
        '300 GWLBEs whose subnets route to the next one, with an edge route each',
        `region ap-northeast-1 {\n vpc p 10.1.0.0/16 { subnet a 10.1.0.0/24 az a\n  instance f in a ip 10.1.0.10 appliance\n  gwlb g in a targets f\n  endpoint-service gs backed-by g }\n vpc v 10.0.0.0/16 {\n  igw igw\n${range(
            300,
        )
            .map(
                (i) =>
                    `  subnet s${i} 10.0.${i % 250}.0/24 az a\n  endpoint e${i} gwlb gs in s${i}\n  route-table r${i} subnets s${i} { 0.0.0.0/0 -> e${(i + 1) % 300} }`,
            )
            .join('\n')}\n  route-table edge edge igw {\n${range(300)
            .map((i) => `   10.0.${i % 250}.0/24 -> e${i}`)
            .join('\n')}\n  }\n }\n}\n`,
    ],
];

describe.skipIf(ONLY !== undefined)('robustness: pathological inputs stay bounded', () => {
    test.each(PATHOLOGICAL.map(([name, text, bound], i) => [name, i, text, bound ?? PER_INPUT_MS] as const))(
        '%s',
        async (name, i, text, bound) => {
            const { Topo } = createTopoServices(EmptyFileSystem);
            const c: Case = {
                seed: -1 - i,
                base: `pathological: ${name}`,
                mutations: [],
                files: [{ uri: `file:///fuzz/pathological-${i}.topo`, text }],
            };
            const { problems } = await runCase(Topo, c, bound);
            if (problems.length > 0) saveCase(c);
            expect(problems, `${describeCase(c)}\n    ${problems.slice(0, 5).join('\n    ')}`).toEqual([]);
        },
    );
});

const bases = corpus();
const FIRST = Number(process.env['FUZZ_FIRST'] ?? 1_000);
const seeds = ONLY !== undefined ? [ONLY] : Array.from({ length: CASES }, (_, i) => FIRST + i);
const batches: number[][] = [];
for (let i = 0; i < seeds.length; i += BATCH) batches.push(seeds.slice(i, i + BATCH));
let slowest = { ms: 0, what: '' };
let total = 0;

describe('robustness: mutated inputs never crash the checker', () => {
    test('the corpus holds the examples, the language tour and generated topologies', () => {
        expect(bases.length).toBeGreaterThanOrEqual(5);
        expect(bases.some((b) => b.name.startsWith('generated'))).toBe(true);
        expect(seeds.length).toBeGreaterThanOrEqual(ONLY !== undefined || process.env['FUZZ_CASES'] ? 1 : 2_000);
    });

    test('every mutation changes some input (none is a no-op everywhere)', () => {
        for (const m of MUTATIONS) {
            const changed = [1, 2, 3, 4, 5, 6, 7, 8].some((s) => m.apply(TOUR, createRng(s)) !== TOUR);
            expect(changed, m.name).toBe(true);
        }
    });

    test.each(batches.map((b) => [b[0], b[b.length - 1], b] as const))('cases %i..%i', async (_first, _last, batch) => {
        // One container per batch: creating services (the parser's grammar analysis) costs more than a small
        // input; runCase removes each case's documents, so cases do not see each other.
        const { Topo } = createTopoServices(EmptyFileSystem);
        const failures: string[] = [];
        for (const seed of batch) {
            const c = makeCase(seed, bases);
            const { problems, ms } = await runCase(Topo, c);
            total++;
            if (ms > slowest.ms) slowest = { ms, what: describeCase(c) };
            if (problems.length > 0) {
                saveCase(c);
                failures.push(`${describeCase(c)}\n    ${problems.slice(0, 5).join('\n    ')}`);
            }
        }
        expect(failures, failures.join('\n\n')).toEqual([]);
    });

    afterAll(() => {
        if (total > 0) console.log(`fuzz: ${total} cases; slowest ${slowest.ms.toFixed(0)} ms: ${slowest.what}`);
    });
});
