/**
 * The bundled CLI (bin/topo.js, built by `npm run bundle`) on generated pathological inputs, as a CI job may meet
 * them: a huge file, an unclosed comment and an unterminated string of 1 MB, a directory of 2,000 files, device
 * files, a named pipe, link loops, files over the size limit, hostile file and element names, garbage bytes and
 * invalid UTF-8. The contract (README.md, "Checking"): exit 0, 1 or 2; one clear line on stderr for an I/O problem;
 * never a stack trace; text that cannot drive a terminal; JSON and SARIF in valid UTF-8; every exported SVG
 * well-formed XML 1.0 by a strict parser. Each run is held to a time ceiling, to a heap limit (node
 * --max-old-space-size: a run that needs more aborts, which is not exit 0/1/2) and, where /usr/bin/time is there, to
 * a ceiling on its peak resident memory.
 */
import { spawnSync } from 'node:child_process';
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    symlinkSync,
    truncateSync,
    writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRng } from '../../bench/generate.js';
import { xmlErrors } from '../diagram/svg-check.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/topo.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Generous ceilings: the point is "never hangs, never balloons", not a benchmark. */
const TIME_CEILING_MS = 20_000;
const HEAP_MB = 512;
const RSS_CEILING_KB = 1024 * 1024;

/** A terminal acts on these: C0 controls but newline and tab, DEL, C1 controls, bidirectional overrides. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** ANSI colour, BEL, an OSC window-title sequence, a right-to-left override, quotes, markup and an emoji. */
const HOSTILE = '\x1b[31mred\x1b[0m\x07\x1b]0;owned\x07\u202e<script>alert(1)</script>\'"😀';
/** As a file name: all of it but `/`. */
const HOSTILE_FILE = `evil-${HOSTILE.replace(/\//g, '')}.topo`;

interface Run {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly ms: number;
    /** Peak resident memory, where /usr/bin/time measured it. */
    readonly rssKb?: number;
}

let dir: string;
let reports: string;

function topo(args: string[], cwd = dir): Run {
    const report = join(reports, 'time.txt');
    rmSync(report, { force: true });
    const node = [process.execPath, `--max-old-space-size=${HEAP_MB}`, BIN, ...args];
    const [command, ...rest] = TIME ? [TIME, '-v', '-o', report, ...node] : node;
    const start = performance.now();
    const r = spawnSync(command, rest, {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: TIME_CEILING_MS * 2,
        maxBuffer: 256 * 1024 * 1024,
    });
    const ms = performance.now() - start;
    const rss = existsSync(report)
        ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(report, 'utf8'))
        : null;
    return {
        code: r.status,
        // Strict UTF-8: an invalid byte sequence on stdout throws here.
        stdout: new TextDecoder('utf-8', { fatal: true }).decode(r.stdout),
        stderr: r.stderr.toString('utf8'),
        ms,
        rssKb: rss ? Number(rss[1]) : undefined,
    };
}

/** The contract every run keeps, whatever the input. */
function expectContained(r: Run, codes: readonly number[], what: string): void {
    const context = `${what}\nstderr: ${r.stderr.slice(0, 2000)}`;
    expect(codes, context).toContain(r.code);
    expect(r.ms, context).toBeLessThan(TIME_CEILING_MS);
    if (r.rssKb !== undefined) expect(r.rssKb, context).toBeLessThan(RSS_CEILING_KB);
    expect(r.stderr, context).not.toMatch(/^\s+at /m);
    expect(r.stderr, context).not.toMatch(/internal error|FATAL ERROR|node:internal|Uncaught/i);
    expect(r.stdout, context).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    expect(r.stdout, context).not.toMatch(RAW_CONTROL);
    expect(r.stderr, context).not.toMatch(RAW_CONTROL);
}

/** An I/O or usage problem: exit 2, nothing on stdout, one clear line on stderr. */
function expectRefused(r: Run, message: RegExp | string, what: string): void {
    expectContained(r, [2], what);
    expect(r.stdout, what).toBe('');
    expect(r.stderr.trimEnd().split('\n'), what).toHaveLength(1);
    expect(r.stderr, what).toMatch(message);
}

/** One small valid file: a VPC with a subnet, numbered so that no two overlap. */
function smallVpc(k: number, pad = ''): string {
    const [a, b] = [(k >> 8) & 255, k & 255];
    return (
        `  vpc v${k}${pad} 10.${a}.${b}.0/24 {\n` +
        (pad ? `    // ${pad}\n` : '') +
        `    subnet s${k}${pad} 10.${a}.${b}.0/25 az a\n  }\n`
    );
}

/** A file that draws and traces: the instance `web` reaches the service `evil`, whose DNS name is hostile. */
const HOSTILE_TOPOLOGY = [
    `aws-service evil interface dns "${HOSTILE.replace(/"/g, '\\"')}.{region}.example.com"`,
    'region eu-west-1 {',
    '  az a = euw1-az1',
    '  vpc app 10.1.0.0/16 {',
    '    igw igw',
    '    subnet pub 10.1.1.0/24 az a routes rt',
    '    instance web in pub public-ip',
    '    route-table rt {',
    '      0.0.0.0/0 -> igw',
    '    }',
    // Hostile text where names go: syntax errors whose messages quote it.
    `    instance ${HOSTILE} in pub`,
    '  }',
    '}',
    '',
].join('\n');

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topo-cli-pathological-'));
    reports = mkdtempSync(join(tmpdir(), 'topo-cli-time-'));
    const region = (body: string) => `region eu-west-1 {\n  az a = euw1-az1\n${body}}\n`;
    // ~5 MB of valid VPCs and subnets (long names and comments keep the element count, and so the time, modest).
    const pad = `-${'n'.repeat(200)}`;
    const vpcs: string[] = [];
    let size = 0;
    for (let k = 0; size < 5_000_000; k++) size += (vpcs[k] = smallVpc(k, pad)).length;
    writeFileSync(join(dir, 'huge.topo'), region(vpcs.join('')));
    writeFileSync(join(dir, 'unclosed-comment.topo'), region(smallVpc(1)) + '/*' + ' comment'.repeat(131_072));
    writeFileSync(
        join(dir, 'unterminated-string.topo'),
        `${region(smallVpc(1))}aws-service x dns "${'y'.repeat(1 << 20)}\n`,
    );
    mkdirSync(join(dir, 'many'));
    for (let k = 0; k < 2000; k++) writeFileSync(join(dir, 'many', `f${k}.topo`), region(smallVpc(k)));
    writeFileSync(join(dir, 'over-limit.topo'), region(smallVpc(1)).padEnd(20 * 1024, ' '));
    writeFileSync(join(dir, 'big.topo'), '');
    truncateSync(join(dir, 'big.topo'), 51 * 1024 * 1024);
    symlinkSync('loop-b.topo', join(dir, 'loop-a.topo'));
    symlinkSync('loop-a.topo', join(dir, 'loop-b.topo'));
    mkdirSync(join(dir, 'looping', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'looping', 'sub', 'ok.topo'), region(smallVpc(1)));
    symlinkSync('..', join(dir, 'looping', 'sub', 'up'));
    mkdirSync(join(dir, 'hostile'));
    writeFileSync(join(dir, 'hostile', HOSTILE_FILE), HOSTILE_TOPOLOGY);
    const rng = createRng(12);
    const garbage = new Uint8Array(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(rng() * 256);
    writeFileSync(join(dir, 'garbage.topo'), garbage);
    // Invalid UTF-8: a lone continuation byte, an overlong '/', a UTF-16 surrogate (CESU-8), 0xFF, a cut sequence.
    const invalid = [0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, 0xe2, 0x82].map((b) => String.fromCharCode(b));
    const text = region(smallVpc(1)).replace('vpc v1', `vpc v1${invalid.join('')}`);
    writeFileSync(
        join(dir, 'invalid-utf8.topo'),
        Uint8Array.from(text, (c) => c.charCodeAt(0)),
    );
});

afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(reports, { recursive: true, force: true });
});

describe('topo on pathological inputs: exit 0/1/2, no stack trace, within time and memory', () => {
    test('a 5 MB file of valid items is checked', () => {
        const r = topo(['check', 'huge.topo']);
        expectContained(r, [0], 'huge');
        expect(r.stdout).toMatch(/^0 errors, 0 warnings, 0 infos in 1 file\n$/);
    });

    test('an unclosed /* of 1 MB is one short error at its start', () => {
        const r = topo(['check', 'unclosed-comment.topo']);
        expectContained(r, [1], 'unclosed comment');
        expect(r.stdout).toMatch(/^unclosed-comment\.topo:\d+:1: error syntax-error: Unclosed block comment/m);
        expect(r.stdout.length).toBeLessThan(10_000);
    });

    test('an unterminated string of 1 MB is reported, and quoted cut short', () => {
        for (const format of ['text', 'sarif']) {
            const r = topo(['check', 'unterminated-string.topo', '--format', format]);
            expectContained(r, [1], `unterminated string, ${format}`);
            expect(r.stdout).toContain('Unterminated string');
            // The tool's SARIF rule list alone is some 60 KB; the message must not carry the 1 MB token.
            expect(r.stdout.length).toBeLessThan(100_000);
        }
    });

    test('a directory of 2,000 files is checked', () => {
        const r = topo(['check', 'many']);
        expectContained(r, [0], 'many files');
        expect(r.stdout).toContain('in 2000 files');
    });

    test.each(['/dev/zero', '/dev/null'])('%s is refused as a device, at once', (device) => {
        expectRefused(topo(['check', device]), /it is a device, not a regular file/, device);
    });

    test('a named pipe is refused without being opened (no reader waits forever)', () => {
        const fifo = join(dir, 'pipe.topo');
        expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
        expectRefused(topo(['check', 'pipe.topo']), /it is a named pipe/, 'fifo');
    });

    test('a symbolic link loop is refused; a directory link back to an ancestor is walked once', () => {
        expectRefused(topo(['check', 'loop-a.topo']), /symbolic link loop/, 'file link loop');
        const r = topo(['check', 'looping']);
        expectContained(r, [0], 'directory link loop');
        expect(r.stdout).toContain('in 1 file');
    });

    test('a file over --max-file-size is refused before it is read', () => {
        expectRefused(
            topo(['check', 'over-limit.topo', '--max-file-size', '10kb']),
            "'over-limit.topo' is 20 KB, over the 10 KB limit (--max-file-size to change it)",
            'over limit',
        );
    });

    test('a 51 MB file is refused with the default 20 MB limit, quickly and without being read', () => {
        const r = topo(['check', 'big.topo']);
        expectRefused(r, "'big.topo' is 51 MB, over the 20 MB limit", '51 MB');
        expect(r.ms).toBeLessThan(5_000);
        if (r.rssKb !== undefined) expect(r.rssKb).toBeLessThan(300 * 1024);
    });

    test('garbage bytes give capped syntax errors', () => {
        const r = topo(['check', 'garbage.topo']);
        expectContained(r, [1], 'garbage');
        expect(r.stdout).toContain('more syntax errors not shown');
        expect(r.stdout.split('\n').length).toBeLessThan(120);
    });

    test('invalid UTF-8 is read (as U+FFFD) and reported, as text and as SARIF', () => {
        for (const format of ['text', 'sarif']) {
            const r = topo(['check', 'invalid-utf8.topo', '--format', format]);
            expectContained(r, [1], `invalid UTF-8, ${format}`);
            if (format === 'sarif') expect((JSON.parse(r.stdout) as { version: string }).version).toBe('2.1.0');
        }
    });
});

describe('hostile file and element names', () => {
    const file = join('hostile', HOSTILE_FILE);

    test('check: text escapes them; JSON and SARIF are valid, inert and percent-encoded', () => {
        const text = topo(['check', 'hostile']);
        expectContained(text, [1], 'check text');
        expect(text.stdout).toContain('evil-\\x1b[31mred');
        for (const format of ['json', 'sarif']) {
            const r = topo(['check', 'hostile', '--format', format]);
            expectContained(r, [1], `check ${format}`);
            const parsed = JSON.parse(r.stdout);
            if (format === 'json') expect(parsed.diagnostics[0].file).toBe(file);
            else {
                const uri: string = parsed.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
                expect(uri).toMatch(/^hostile\/evil-%1B%5B31mred/);
                expect(uri).toMatch(/^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/);
            }
        }
    });

    test('trace: hop names and DNS names are escaped in text and inert in JSON', () => {
        for (const format of ['text', 'json']) {
            const r = topo(['trace', file, '--from', 'web', '--to', 'evil', '--format', format]);
            expectContained(r, [0], `trace ${format}`);
            expect(r.stdout).toContain('example.com');
        }
    });

    test('export: the SVG is well-formed XML whatever the names, and the message escapes the --out name', () => {
        const out = join(dir, `out-${HOSTILE.replace(/\//g, '')}.svg`);
        const r = topo(['export', 'hostile', '--out', out, '--trace', 'web:evil']);
        expectContained(r, [0], 'export');
        expect(r.stdout).toMatch(/^wrote .*out-\\x1b\[31mred.*\.svg \(\d+ bytes, 1 trace\)\n$/);
        const svg = readFileSync(out, 'utf8');
        expect(svg).toContain('&lt;script&gt;');
        expect(xmlErrors(svg)).toEqual([]);
    });

    test('export of invalid UTF-8 (names with U+FFFD) writes well-formed XML', () => {
        const out = join(dir, 'invalid-utf8.svg');
        const r = topo(['export', 'invalid-utf8.topo', '--out', out]);
        expectContained(r, [0], 'export invalid UTF-8');
        const svg = readFileSync(out, 'utf8');
        expect(svg).toContain('\ufffd');
        expect(xmlErrors(svg)).toEqual([]);
    });
});
