/**
 * Protocol-level test of the BUNDLED language server (out/server/main.js, built by `npm run build`): spawned over
 * stdio and spoken to with vscode-jsonrpc, as an editor would. initialize -> didOpen -> publishDiagnostics ->
 * hover -> completion -> didChange -> new publishDiagnostics, and every broken example through one document.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, InitializeResult } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hoverText, LspClient, positionOf } from '../../bench/lsp-client.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'out/server/main.js');
const SEED_FILE = join(ROOT, 'examples/seed/gwlb-inspection.topo');
const BROKEN_DIR = join(ROOT, 'examples/broken');

const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => diagnosticCode(d)).sort();
/** Errors and warnings only: what "clean" means for the examples (infos and hints may remain). */
const problems = (ds: readonly Diagnostic[]): Diagnostic[] => ds.filter((d) => (d.severity ?? 1) <= 2);

/** The codes a broken example promises on its first line (`// expect: code-a, code-b`), sorted. */
function expectedCodes(text: string): string[] {
    const m = /^\/\/ expect:(.*)$/.exec(text.split('\n', 1)[0] ?? '');
    if (!m) throw new Error('a broken example starts with "// expect: …"');
    return m[1]
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c.length > 0)
        .sort();
}

function startServer(): Promise<{ client: LspClient; init: InitializeResult }> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
    return LspClient.start({ serverModule: SERVER, cwd: ROOT });
}

/** A server that could not start fails every test (a throwing beforeAll would report them as skipped). */
/**
 * One server per describe block, started in beforeAll and stopped in afterAll. A failed start is rethrown by
 * every test that asks for the session, so each test FAILS (a throwing beforeAll would report them skipped).
 */
function serverSession(): () => { client: LspClient; init: InitializeResult } {
    let session: { client: LspClient; init: InitializeResult } | undefined;
    let failure: unknown;
    beforeAll(async () => {
        session = await startServer().catch((e: unknown) => {
            failure = e;
            return undefined;
        });
    }, 30_000);
    afterAll(async () => {
        await session?.client.stop();
    });
    return () => {
        if (failure !== undefined || session === undefined)
            throw failure instanceof Error ? failure : new Error(`the server did not start: ${String(failure)}`);
        return session;
    };
}

describe('the bundled server over stdio: one editing session on the seed', () => {
    const uri = pathToFileURL(join(ROOT, 'test-output/protocol/gwlb-inspection.topo')).href;
    const seed = readFileSync(SEED_FILE, 'utf8');
    const session = serverSession();
    const client = (): LspClient => session().client;

    test('initialize announces hover, completion, code actions, formatting and incremental sync', () => {
        const caps = session().init.capabilities;
        expect(caps.hoverProvider).toBeTruthy();
        expect(caps.completionProvider).toBeTruthy();
        expect(caps.codeActionProvider).toBeTruthy();
        expect(caps.documentFormattingProvider).toBeTruthy();
        const sync = caps.textDocumentSync;
        expect(typeof sync === 'object' ? sync.change : sync).toBe(2);
    });

    test('didOpen -> publishDiagnostics: the seed is clean', async () => {
        const published = client().nextDiagnostics(uri);
        await client().open(uri, seed);
        expect(codes(problems(await published))).toEqual([]);
    });

    test('hover on a subnet name shows its resolved routes, the implicit local route included', async () => {
        const hover = hoverText(await client().hover(uri, positionOf(seed, 'subnet app-a', 'subnet '.length + 1)));
        expect(hover).toContain('Resolved routes');
        expect(hover).toMatch(/10\.0\.0\.0\/24.*\blocal\b/);
        expect(hover).toMatch(/0\.0\.0\.0\/0.*ep-a/);
    });

    test('completion after `subnet new-one ` offers the next free CIDR of the VPC', async () => {
        const at = positionOf(seed, '\n', 0, seed.indexOf('subnet app-c'));
        const line = '\n    subnet new-one ';
        await client().change(uri, line, { start: at, end: at });
        const items = await client().completion(uri, { line: at.line + 1, character: line.length - 1 });
        const next = items.find((i) => /^next free/i.test(i.detail ?? ''));
        expect(next, JSON.stringify(items.map((i) => [i.label, i.detail]))).toBeDefined();
        expect(next!.label).toMatch(/^10\.0\.0\.64\/2[6-8]$/);
        // Back to the seed (a full-text change).
        const clean = client().nextDiagnostics(uri, (d) => problems(d).length === 0);
        await client().change(uri, seed);
        await clean;
    });

    test('didChange -> new publishDiagnostics: an overlap, then a CIDR with host bits, then clean again', async () => {
        const at = positionOf(seed, '10.0.0.48/28 az c');
        const range = { start: at, end: { line: at.line, character: at.character + '10.0.0.48/28'.length } };

        const overlap = client().nextDiagnostics(uri, (d) => codes(d).includes('subnet-overlap'));
        await client().change(uri, '10.0.0.32/28', range);
        const o = (await overlap).filter((d) => diagnosticCode(d) === 'subnet-overlap');
        expect(o.length).toBeGreaterThan(0);
        expect(
            o.some(
                (d) =>
                    d.range.start.line === at.line ||
                    d.relatedInformation?.some((r) => r.location.range.start.line === at.line),
            ),
        ).toBe(true);

        const hostBits = client().nextDiagnostics(uri, (d) => codes(d).includes('cidr-not-canonical'));
        await client().change(uri, '10.0.0.53/28', {
            start: at,
            end: { line: at.line, character: at.character + '10.0.0.32/28'.length },
        });
        const h = (await hostBits).find((d) => diagnosticCode(d) === 'cidr-not-canonical')!;
        expect(h.range.start).toEqual(at);
        expect(h.message).toContain('10.0.0.48/28');
        expect(h.source).toBe('topo');
        // codeDescription points at the rule's page, which exists.
        expect(h.codeDescription?.href).toMatch(/\/docs\/rules\/cidr-not-canonical\.md$/);
        expect(existsSync(fileURLToPath(h.codeDescription!.href))).toBe(true);

        const fixed = client().nextDiagnostics(uri, (d) => problems(d).length === 0);
        await client().change(uri, '10.0.0.48/28', {
            start: at,
            end: { line: at.line, character: at.character + '10.0.0.53/28'.length },
        });
        expect(codes(problems(await fixed))).toEqual([]);
    });

    test('a quick fix for the CIDR with host bits comes back as an edit', async () => {
        const at = positionOf(seed, '10.0.0.48/28 az c');
        const range = { start: at, end: { line: at.line, character: at.character + '10.0.0.48/28'.length } };
        const bad = client().nextDiagnostics(uri, (d) => codes(d).includes('cidr-not-canonical'));
        await client().change(uri, '10.0.0.53/28', range);
        const diagnostic = (await bad).find((d) => diagnosticCode(d) === 'cidr-not-canonical')!;
        const actions = await client().codeActions(uri, diagnostic.range, [diagnostic]);
        const fix = actions.find((a) => a.title.startsWith('Canonicalise CIDR'));
        expect(fix, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
        const edits = 'edit' in fix! ? Object.values(fix.edit?.changes ?? {}).flat() : [];
        expect(edits.map((e) => e.newText)).toEqual(['10.0.0.48/28']);
        const restored = client().nextDiagnostics(uri, (d) => problems(d).length === 0);
        await client().change(uri, seed);
        await restored;
    });
});

describe('the bundled server over stdio: every broken example gives its expected codes', () => {
    const uri = pathToFileURL(join(ROOT, 'test-output/protocol/broken.topo')).href;
    const files = readdirSync(BROKEN_DIR)
        .filter((f) => f.endsWith('.topo'))
        .sort();
    const session = serverSession();
    const client = (): LspClient => session().client;

    test('there are broken examples', () => {
        expect(files.length).toBeGreaterThanOrEqual(15);
    });

    test('didOpen the first, then didChange to each of the others (one document, full-text changes)', async () => {
        let opened = false;
        for (const file of files) {
            const text = readFileSync(join(BROKEN_DIR, file), 'utf8');
            const expected = expectedCodes(text);
            const published = client().nextDiagnostics(uri, (d) => codes(d).join() === expected.join(), 10_000);
            if (opened) await client().change(uri, text);
            else await client().open(uri, text);
            opened = true;
            const got = await published.catch((e: unknown) => {
                throw new Error(
                    `${file}: expected [${expected.join(', ')}], got [${codes(client().diagnostics(uri) ?? []).join(', ')}]\n${String(e)}`,
                );
            });
            expect(codes(got), file).toEqual(expected);
            for (const d of got)
                expect(d.codeDescription?.href, `${file}: ${d.message}`).toMatch(
                    new RegExp(`/docs/rules/${diagnosticCode(d)}\\.md$`),
                );
        }
    }, 120_000);
});
