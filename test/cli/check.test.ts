/**
 * `topo check` as users and CI scripts run it: the real bundled binary (built by `npm test`), real files.
 * The contract is README.md, "Checking": exit codes 0/1/2, file:line:col, json and SARIF 2.1.0 shapes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { ALL_RULES } from '../../src/rules/registry.js';

const BIN = resolve(__dirname, '../../bin/topo.js');

function topo(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CLEAN = `region eu-west-1 {
  az a = euw1-az1
  vpc app 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a
  }
}
`;

const NOT_CANONICAL_AND_OVERLAP = `region eu-west-1 {
  az a = euw1-az1
  vpc app 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a
    subnet app-b 10.1.1.128/25 az a
  }
}
`;

let dir: string;

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topo-cli-'));
    mkdirSync(join(dir, 'clean', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'clean', 'nested', 'ok.topo'), CLEAN);
    writeFileSync(join(dir, 'clean', 'README.md'), 'not a topo file: {{{');
    writeFileSync(join(dir, 'bad.topo'), NOT_CANONICAL_AND_OVERLAP);
    writeFileSync(
        join(dir, 'half.topo'),
        'region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n    subnet app-a 10.1.1.0/24 az\n',
    );
    const garbage = new Uint8Array(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    writeFileSync(join(dir, 'garbage.topo'), garbage);
});

describe('topo check exit codes and messages', () => {
    test('a clean directory exits 0 and only .topo files are read (recursively)', () => {
        const r = topo(['check', 'clean'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('0 errors');
        expect(r.stdout).toContain('in 1 file');
    });

    test('errors exit 1 and are printed as file:line:col: severity code: message', () => {
        const r = topo(['check', 'bad.topo'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^bad\.topo:5:\d+: error subnet-overlap: /m);
    });

    test('a missing file exits 2 with exactly one line on stderr and no stack trace', () => {
        const r = topo(['check', 'nope.topo'], dir);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/^topo: cannot read 'nope\.topo': no such file or directory\n$/);
    });

    test('usage errors exit 2: no input, unknown command, unknown format, unknown flag', () => {
        expect(topo(['check'], dir).code).toBe(2);
        expect(topo(['frobnicate'], dir).code).toBe(2);
        const fmt = topo(['check', 'bad.topo', '--format', 'xml'], dir);
        expect(fmt.code).toBe(2);
        expect(fmt.stderr).toContain("unknown --format 'xml'");
        expect(topo(['check', 'bad.topo', '--colour'], dir).code).toBe(2);
    });

    test('binary garbage gives syntax diagnostics with positions, capped, and no stack trace', () => {
        const r = topo(['check', 'garbage.topo'], dir);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/^garbage\.topo:\d+:\d+: error syntax-error: /m);
        expect(r.stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
        // Control characters from the input are escaped, never written raw to the terminal.
        // eslint-disable-next-line no-control-regex
        expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
        expect(r.stdout.split('\n').length).toBeLessThan(120);
    });

    test('a half-typed file reports where it stops, and still exits 1 rather than crashing', () => {
        const r = topo(['check', 'half.topo'], dir);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/^half\.topo:\d+:\d+: error syntax-error: /m);
    });
});

describe('a UTF-8 byte order mark', () => {
    test('does not shift the columns of line 1: a diagnostic there has the column it has without the mark', () => {
        const text = 'account app id 12345\n';
        writeFileSync(join(dir, 'plain.topo'), text);
        writeFileSync(join(dir, 'bom.topo'), '\uFEFF' + text);
        const plain = topo(['check', 'plain.topo', '--format', 'json'], dir);
        const bom = topo(['check', 'bom.topo', '--format', 'json'], dir);
        const at = (r: { stdout: string }) =>
            (
                JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; line: number; column: number }> }
            ).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
        expect(at(plain)).toEqual(['account-id-invalid 1:16']);
        expect(at(bom)).toEqual(at(plain));
    });
});

describe('topo check --format json', () => {
    test('prints {"diagnostics":[…]} with 1-based positions and the contract fields', () => {
        const r = topo(['check', 'bad.topo', '--format', 'json'], dir);
        expect(r.code).toBe(1);
        const json = JSON.parse(r.stdout) as { diagnostics: Array<Record<string, unknown>> };
        const overlap = json.diagnostics.find((d) => d.code === 'subnet-overlap');
        expect(overlap).toMatchObject({ file: 'bad.topo', line: 5, severity: 'error', code: 'subnet-overlap' });
        for (const d of json.diagnostics) {
            for (const key of ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message'])
                expect(d).toHaveProperty(key);
            expect(['error', 'warning', 'info', 'hint']).toContain(d.severity);
            expect(d.line as number).toBeGreaterThanOrEqual(1);
            expect(d.column as number).toBeGreaterThanOrEqual(1);
        }
    });
});

describe('topo check --format sarif', () => {
    test('has the SARIF 2.1.0 shape and lists every rule in tool.driver.rules', () => {
        const r = topo(['check', 'bad.topo', '--format', 'sarif'], dir);
        expect(r.code).toBe(1);
        const sarif = JSON.parse(r.stdout);
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
        expect(sarif.runs).toHaveLength(1);
        const run = sarif.runs[0];
        expect(run.tool.driver.name).toBe('topo');
        const ids: string[] = run.tool.driver.rules.map((x: { id: string }) => x.id);
        for (const rule of ALL_RULES) expect(ids).toContain(rule.code);
        expect(ids).toContain('syntax-error');
        expect(run.results.length).toBeGreaterThan(0);
        for (const res of run.results) {
            expect(ids[res.ruleIndex]).toBe(res.ruleId);
            expect(['error', 'warning', 'note']).toContain(res.level);
            expect(typeof res.message.text).toBe('string');
            const loc = res.locations[0].physicalLocation;
            expect(loc.artifactLocation.uri).toBe('bad.topo');
            expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
            expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
        }
        const overlap = run.results.find((x: { ruleId: string }) => x.ruleId === 'subnet-overlap');
        expect(overlap.relatedLocations?.length ?? 0).toBeGreaterThan(0);
    });
});

/** A name with every character that means something in a URI: space, #, ?, %, a colon, non-ASCII and an emoji. */
const HOSTILE_DIR = 'dir #1?';
const HOSTILE_FILE = 'a b#c?d%20e:f é😀.topo';

/** An unexpected emoji: the lexer's message quotes it. */
const EMOJI_ERROR = 'region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n   😀 subnet\n  }\n}\n';

/** Half of a surrogate pair, as a JSON escape or as the character itself. */
const LONE_SURROGATE = /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i;

function topoBytes(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

describe('JSON and SARIF are valid UTF-8 and SARIF URIs are percent-encoded', () => {
    beforeAll(() => {
        mkdirSync(join(dir, HOSTILE_DIR), { recursive: true });
        writeFileSync(join(dir, HOSTILE_DIR, HOSTILE_FILE), NOT_CANONICAL_AND_OVERLAP);
        writeFileSync(join(dir, 'emoji.topo'), EMOJI_ERROR);
    });

    test.each(['json', 'sarif'])('--format %s: an emoji in a message stays whole (no lone surrogate)', (format) => {
        const r = topoBytes(['check', 'emoji.topo', '--format', format], dir);
        expect(r.code).toBe(1);
        // Strict UTF-8: throws on any invalid byte sequence.
        const text = new TextDecoder('utf-8', { fatal: true }).decode(r.stdout);
        expect(text).not.toMatch(LONE_SURROGATE);
        expect(text).toContain('->😀<-');
        const messages: string[] =
            format === 'json'
                ? JSON.parse(text).diagnostics.map((d: { message: string }) => d.message)
                : JSON.parse(text).runs[0].results.map((x: { message: { text: string } }) => x.message.text);
        expect(messages.some((m) => m.includes('->😀<-'))).toBe(true);
    });

    test('artifact URIs are percent-encoded references that resolve, against %SRCROOT%, to the file', () => {
        const r = topo(['check', HOSTILE_DIR, '--format', 'sarif'], dir);
        expect(r.code).toBe(1);
        const run = JSON.parse(r.stdout).runs[0];
        const base: string = run.originalUriBaseIds['%SRCROOT%'].uri;
        expect(base).toMatch(/^file:\/\/\/.*\/$/);
        expect(fileURLToPath(base)).toBe(realpathSync(dir) + '/');
        const uris = new Set<string>();
        for (const res of run.results) {
            for (const loc of [res.locations[0], ...(res.relatedLocations ?? [])]) {
                const artifact = loc.physicalLocation.artifactLocation;
                expect(artifact.uriBaseId).toBe('%SRCROOT%');
                uris.add(artifact.uri);
            }
        }
        expect([...uris]).toEqual(['dir%20%231%3F/a%20b%23c%3Fd%2520e%3Af%20%C3%A9%F0%9F%98%80.topo']);
        for (const uri of uris) {
            // Only URI characters: no space, no raw #, ?, or non-ASCII.
            expect(uri).toMatch(/^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/);
            expect(fileURLToPath(new URL(uri, base))).toBe(join(realpathSync(dir), HOSTILE_DIR, HOSTILE_FILE));
        }
    });
});
