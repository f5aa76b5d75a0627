/**
 * The examples are part of the contract: the reference architectures must check clean, and each file under
 * examples/broken/ must produce exactly the codes its first line promises.
 *
 * Workspaces (mirrors examples/README.md):
 *  - every `.topo` file directly in examples/<group>/ (seed, reference) is one stand-alone example;
 *  - every sub-directory examples/<group>/<name>/ is one multi-file example, analysed as a single workspace
 *    (e.g. the PrivateLink SaaS provider and its consumer in another account and file);
 *  - all clean examples analysed together must also stay clean (`topo check examples/seed examples/reference`),
 *    so VPC, account, TGW, service and zone names are distinct across examples;
 *  - every trace reason the tracer can produce is demonstrated by an `expect … blocked because <reason>`
 *    that holds (examples/broken/trace-<reason>.topo, or any other example).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { SourceFile } from '../src/language/workspace.js';
import { REASONS } from '../src/trace/types.js';
import { analyzeFiles, type Analysed } from './helpers.js';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const BROKEN = join(EXAMPLES, 'broken');

function topoFiles(dir: string): string[] {
    return readdirSync(dir)
        .filter((f) => f.endsWith('.topo'))
        .sort()
        .map((f) => join(dir, f));
}

function subdirs(dir: string): string[] {
    return readdirSync(dir)
        .map((f) => join(dir, f))
        .filter((p) => statSync(p).isDirectory())
        .sort();
}

function source(path: string): SourceFile {
    return { uri: pathToFileURL(path).toString(), text: readFileSync(path, 'utf8') };
}

/** One workspace per stand-alone file, one per multi-file example directory. */
function cleanWorkspaces(): Array<{ name: string; files: string[] }> {
    const out: Array<{ name: string; files: string[] }> = [];
    for (const group of subdirs(EXAMPLES)) {
        if (group === BROKEN) continue;
        for (const file of topoFiles(group)) out.push({ name: relative(EXAMPLES, file), files: [file] });
        for (const dir of subdirs(group)) out.push({ name: `${relative(EXAMPLES, dir)}/`, files: topoFiles(dir) });
    }
    return out;
}

/** `file:line:col severity code message`, 1-based, for readable failures. */
function describeDiagnostics(a: Analysed): string[] {
    return a.diagnostics.map((d) => {
        const file = relative(EXAMPLES, fileURLToPath(d.uri));
        return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName(d.severity)} ${d.code} ${d.message}`;
    });
}

function severityName(s: number | undefined): string {
    return s === 1 ? 'error' : s === 2 ? 'warning' : s === 3 ? 'info' : 'hint';
}

/** `// expect: code-a, code-b`, or `// expect:` alone for a file that must produce no diagnostic at all. */
const EXPECT_LINE = /^\/\/ expect:(.*)$/;

/** The codes promised by a broken example's first line, sorted (duplicates kept). */
function expectedCodes(text: string): string[] | undefined {
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const m = EXPECT_LINE.exec(first);
    if (!m) return undefined;
    return m[1]
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c.length > 0)
        .sort();
}

describe('clean examples: reference architectures give no errors and no warnings', () => {
    const workspaces = cleanWorkspaces();

    test('there are clean examples to check (seed paths and reference architectures)', () => {
        expect(workspaces.map((w) => w.name)).toEqual(
            expect.arrayContaining([
                'seed/interface-endpoint.topo',
                'seed/gateway-endpoint.topo',
                'seed/gwlb-inspection.topo',
                'reference/distributed-inspection.topo',
                'reference/centralized-inspection.topo',
                'reference/centralized-endpoints.topo',
                'reference/privatelink-saas/',
            ]),
        );
    });

    for (const ws of workspaces) {
        test(`${ws.name} checks clean`, async () => {
            const a = await analyzeFiles(ws.files.map(source));
            const problems = describeDiagnostics(a).filter((line) => / (error|warning) /.test(line));
            expect(problems).toEqual([]);
        });
    }

    test('all clean examples analysed as one workspace stay clean (names do not collide)', async () => {
        const a = await analyzeFiles(workspaces.flatMap((w) => w.files).map(source));
        const problems = describeDiagnostics(a).filter((line) => / (error|warning) /.test(line));
        expect(problems).toEqual([]);
    });
});

describe('broken examples: each gives exactly the codes on its `// expect:` line', () => {
    const files = topoFiles(BROKEN);

    test('there is one broken example per core mistake class', () => {
        expect(files.length).toBeGreaterThanOrEqual(15);
    });

    for (const file of files) {
        const name = relative(EXAMPLES, file);
        test(`${name}`, async () => {
            const src = source(file);
            const expected = expectedCodes(src.text);
            expect(expected, `${name} must start with "// expect: code-a, code-b"`).toBeDefined();
            const a = await analyzeFiles([src]);
            const actual = a.diagnostics.map((d) => d.code).sort();
            expect(actual, describeDiagnostics(a).join('\n')).toEqual(expected);
        });
    }
});

/** Trace reasons no example can demonstrate: the language has no security groups or network ACLs. */
const UNMODELLED_REASONS: readonly string[] = ['security-group-denied', 'nacl-denied'];

/** The trace reasons (docs/rules/README.md, "Trace reasons") that the examples must demonstrate. */
const DEMONSTRATED_REASONS = REASONS.filter((r) => !UNMODELLED_REASONS.includes(r));

/**
 * Reasons that no example can demonstrate yet (each runs as `test.fails`, so closing a gap turns it red). None today.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {};

/** An `expect … because <reason>` statement in an example's text (comments excluded). */
const BECAUSE = /^\s*expect\b.*\bbecause\s+(\S+)/;

interface Demonstration {
    readonly example: string;
    readonly reason: string;
    readonly blocked: boolean;
    readonly holds: boolean;
}

/** Every workspace the examples form: clean files and directories, and each broken file on its own. */
function allWorkspaces(): Array<{ name: string; files: string[] }> {
    return [...cleanWorkspaces(), ...topoFiles(BROKEN).map((f) => ({ name: relative(EXAMPLES, f), files: [f] }))];
}

/** Each `expect … because` statement of the examples, and whether it holds (no expectation-failed on it). */
async function demonstrations(): Promise<Demonstration[]> {
    const out: Demonstration[] = [];
    for (const ws of allWorkspaces()) {
        const a = await analyzeFiles(ws.files.map(source));
        const failed = a.diagnostics.filter((d) => d.code === 'expectation-failed');
        for (const st of a.topology.traces) {
            const reason = st.expect?.reason;
            if (!reason || !st.src) continue;
            const { start, end } = st.src.range;
            const holds = !failed.some(
                (d) => d.uri === st.src!.uri && d.range.start.line >= start.line && d.range.start.line <= end.line,
            );
            out.push({
                example: `${ws.name}:${start.line + 1}`,
                reason,
                blocked: st.expect?.verdict === 'blocked',
                holds,
            });
        }
    }
    return out;
}

/** `because` reasons as written in the examples' text, including any that the parser could not read. */
function reasonsWritten(): Array<{ example: string; reason: string }> {
    const out: Array<{ example: string; reason: string }> = [];
    for (const ws of allWorkspaces()) {
        for (const file of ws.files) {
            readFileSync(file, 'utf8')
                .split(/\r?\n/)
                .forEach((line, i) => {
                    const m = BECAUSE.exec(line);
                    if (m) out.push({ example: `${relative(EXAMPLES, file)}:${i + 1}`, reason: m[1] });
                });
        }
    }
    return out;
}

describe('trace reasons: each is demonstrated by an example whose expectation holds', () => {
    let cached: Promise<Demonstration[]> | undefined;
    const all = () => (cached ??= demonstrations());

    test('the unmodelled reasons are trace reasons, so every other reason must be demonstrated', () => {
        expect(UNMODELLED_REASONS.filter((r) => !(REASONS as readonly string[]).includes(r))).toEqual([]);
        expect(DEMONSTRATED_REASONS.length).toBe(REASONS.length - UNMODELLED_REASONS.length);
    });

    test("every `because` reason written in an example is one of the tracer's REASONS", () => {
        const written = reasonsWritten();
        expect(written.length).toBeGreaterThan(0);
        const unknown = written.filter((w) => !(REASONS as readonly string[]).includes(w.reason));
        expect(unknown).toEqual([]);
    });

    test('every `because` statement the parser reads matches its text (none is lost to a syntax error)', async () => {
        const parsed = (await all()).map((d) => d.reason).sort();
        const written = reasonsWritten()
            .map((w) => w.reason)
            .sort();
        expect(parsed).toEqual(written);
    });

    for (const reason of DEMONSTRATED_REASONS) {
        const gap = KNOWN_GAPS[reason];
        const title = `${reason} is demonstrated by a holding \`expect … blocked because ${reason}\``;
        (gap ? test.fails : test)(gap ? `${title} (known gap: ${gap})` : title, async () => {
            const holding = (await all()).filter((d) => d.reason === reason && d.blocked && d.holds);
            expect(
                holding.map((d) => d.example),
                `no example demonstrates ${reason} with an expectation that holds`,
            ).not.toEqual([]);
        });
    }
});
