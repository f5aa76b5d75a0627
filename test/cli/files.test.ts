/**
 * What `topo` reads (src/cli/files.ts), through the real bundled binary: only regular files and symbolic links to
 * them, links followed and loops refused, devices and pipes refused without being opened, a size limit checked
 * before reading, and a file named explicitly read as Topo whatever its extension. Every refusal is one line on
 * stderr and exit 2 (README.md, "Checking"); no input may hang the CLI, so every run has a timeout.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, symlinkSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkMemory, DEFAULT_MAX_FILE_SIZE, parseSize } from '../../src/cli/files.js';

const BIN = resolve(__dirname, '../../bin/topo.js');

/** A run that would block or read forever is killed: its status is then null, and the test fails. */
function topo(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CLEAN = `region eu-west-1 {
  az a = euw1-az1
  vpc app 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a
  }
}
`;

const OVERLAP = `region eu-west-1 {
  az a = euw1-az1
  vpc app 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a
    subnet app-b 10.1.1.128/25 az a
  }
}
`;

/** Exactly one line on stderr, nothing on stdout, exit 2. */
function refused(r: ReturnType<typeof topo>, message: RegExp): void {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
}

let dir: string;

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topo-cli-files-'));
    writeFileSync(join(dir, 'clean.topo'), CLEAN);
    writeFileSync(join(dir, 'net.txt'), CLEAN);
    writeFileSync(join(dir, 'overlap.txt'), OVERLAP);
    mkdirSync(join(dir, 'mixed'));
    writeFileSync(join(dir, 'mixed', 'clean.topo'), CLEAN);
    writeFileSync(join(dir, 'mixed', 'overlap.txt'), OVERLAP);
    writeFileSync(join(dir, 'other.topo'), CLEAN.replace('app', 'other').replace('10.1.', '10.2.'));
    // A directory whose only .topo file is a link to a file with errors elsewhere.
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'overlap.topo'), OVERLAP);
    mkdirSync(join(dir, 'linked'));
    writeFileSync(join(dir, 'linked', 'clean.topo'), CLEAN);
    symlinkSync(join(dir, 'elsewhere', 'overlap.topo'), join(dir, 'linked', 'shared.topo'));
    // Two links that point at each other.
    mkdirSync(join(dir, 'loop'));
    writeFileSync(join(dir, 'loop', 'clean.topo'), CLEAN);
    symlinkSync('b.topo', join(dir, 'loop', 'a.topo'));
    symlinkSync('a.topo', join(dir, 'loop', 'b.topo'));
    // A directory link back to its own directory, and one to a directory with errors.
    mkdirSync(join(dir, 'cycle'));
    writeFileSync(join(dir, 'cycle', 'clean.topo'), CLEAN);
    symlinkSync('.', join(dir, 'cycle', 'self'));
    symlinkSync('../cycle', join(dir, 'cycle', 'again'));
    mkdirSync(join(dir, 'dirlink'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'dirlink', 'shared'));
    // Named pipes: named directly, and as a .topo file in a directory.
    execFileSync('mkfifo', [join(dir, 'pipe.topo')]);
    mkdirSync(join(dir, 'piped'));
    writeFileSync(join(dir, 'piped', 'clean.topo'), CLEAN);
    execFileSync('mkfifo', [join(dir, 'piped', 'pipe.topo')]);
    // A 25 MB file without writing 25 MB: sparse, all zero bytes.
    const fd = openSync(join(dir, 'huge.topo'), 'w');
    ftruncateSync(fd, 25 * 1024 * 1024);
    closeSync(fd);
    writeFileSync(join(dir, 'two-kb.topo'), CLEAN + `// ${'x'.repeat(2048)}\n`);
});

describe('only regular files are read', () => {
    test('a device (/dev/zero) is refused with one line and exit 2, not read forever', () => {
        refused(
            topo(['check', '/dev/zero'], dir),
            /^topo: cannot read '\/dev\/zero': it is a device, not a regular file\n$/,
        );
    });

    test('a named pipe is refused with one line and exit 2, never opened (opening one blocks)', () => {
        refused(
            topo(['check', 'pipe.topo'], dir),
            /^topo: cannot read 'pipe\.topo': it is a named pipe, not a regular file\n$/,
        );
    });

    test('a named pipe called *.topo in a checked directory is refused the same way', () => {
        refused(topo(['check', 'piped'], dir), /^topo: cannot read 'piped\/pipe\.topo': it is a named pipe/);
    });

    test('a symlinked .topo file in a checked directory is followed: its errors fail the check', () => {
        const r = topo(['check', 'linked'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^linked\/shared\.topo:5:\d+: error subnet-overlap: /m);
        expect(r.stdout).toContain('in 2 files');
    });

    test('a symlinked directory in a checked directory is followed', () => {
        const r = topo(['check', 'dirlink'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^dirlink\/shared\/overlap\.topo:5:\d+: error subnet-overlap: /m);
    });

    test('a loop of symbolic links is refused with one line and exit 2, in a directory and named directly', () => {
        refused(topo(['check', 'loop'], dir), /^topo: cannot read 'loop\/a\.topo': symbolic link loop\n$/);
        refused(topo(['check', 'loop/b.topo'], dir), /^topo: cannot read 'loop\/b\.topo': symbolic link loop\n$/);
    });

    test('a directory link back into the tree is walked once: each file is read once', () => {
        const r = topo(['check', 'cycle'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('in 1 file');
    });

    test('a file and a link to it are one document, not two that redefine each other', () => {
        const r = topo(['check', 'elsewhere', 'linked/shared.topo'], dir);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('in 1 file');
        expect(r.stdout).not.toMatch(/duplicate/i);
    });
});

describe('--max-file-size', () => {
    test('by default a file over 20 MB is refused with one line and exit 2, before it is read', () => {
        const started = Date.now();
        const r = topo(['check', 'huge.topo'], dir);
        refused(r, /^topo: 'huge\.topo' is 25 MB, over the 20 MB limit \(--max-file-size to change it\)\n$/);
        expect(Date.now() - started).toBeLessThan(10_000);
    });

    test('the limit can be lowered and raised, in bytes or with a unit', () => {
        refused(topo(['check', 'two-kb.topo', '--max-file-size', '1kb'], dir), /over the 1 KB limit/);
        refused(topo(['check', 'two-kb.topo', '--max-file-size', '100'], dir), /over the 100 bytes limit/);
        expect(topo(['check', 'two-kb.topo', '--max-file-size', '3KB'], dir).code).toBe(0);
        expect(topo(['check', 'huge.topo', '--max-file-size', '10mb', '--format', 'json'], dir).code).toBe(2);
    });

    test('trace and export take it too', () => {
        refused(topo(['trace', 'two-kb.topo', '--from', 'a', '--to', 'b', '--max-file-size', '1k'], dir), /1 KB limit/);
        refused(topo(['export', 'two-kb.topo', '--out', 'x.svg', '--max-file-size', '1k'], dir), /1 KB limit/);
    });

    test('a size that is not a size is a usage error', () => {
        refused(topo(['check', 'clean.topo', '--max-file-size', '12parsecs'], dir), /--max-file-size must be/);
        refused(topo(['check', 'clean.topo', '--max-file-size', '0'], dir), /--max-file-size must be/);
    });

    test('sizes are bytes or binary kb, mb and gb', () => {
        expect(DEFAULT_MAX_FILE_SIZE).toBe(20 * 1024 * 1024);
        expect(parseSize('512')).toBe(512);
        expect(parseSize('2kb')).toBe(2048);
        expect(parseSize('20MB')).toBe(DEFAULT_MAX_FILE_SIZE);
        expect(parseSize('1.5m')).toBe(1.5 * 1024 * 1024);
        expect(parseSize('1g')).toBe(1024 ** 3);
        expect(() => parseSize('-1')).toThrow(/--max-file-size/);
    });
});

describe('a file named explicitly is read as Topo whatever its extension', () => {
    test('a clean net.txt exits 0, with no internal error', () => {
        const r = topo(['check', 'net.txt'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('0 errors');
    });

    test('errors in a .txt file are reported at its own name and line', () => {
        const r = topo(['check', 'overlap.txt', 'other.topo'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^overlap\.txt:5:\d+: error subnet-overlap: /m);
        expect(r.stdout).toMatch(/^ {4}overlap\.txt:4:\d+: /m);
    });

    test('in a directory, only *.topo files are read', () => {
        const r = topo(['check', 'mixed'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('in 1 file');
    });
});

describe('inputs that would not fit in the heap are refused up front, not by a V8 abort', () => {
    test('the estimate counts tokens outside comments: commented text costs nothing', () => {
        const words = { text: 'vpc a 10.0.0.0/16 { }\n'.repeat(1000) }; // 5,000 tokens: vpc, a, the block and two braces
        const comments = { text: `// ${'vpc a 10.0.0.0/16 { } '.repeat(1000)}\n/* ${'x y z '.repeat(10_000)} */` };
        expect(() => checkMemory([words], 5000 * 1000)).not.toThrow();
        expect(() => checkMemory([words], 4999 * 1000)).toThrow(/about 0\.0 million tokens/);
        expect(() => checkMemory([comments], 1000)).not.toThrow();
        // An unclosed comment runs to the end of the file.
        expect(() => checkMemory([{ text: `a /* ${'x '.repeat(10_000)}` }], 1000)).not.toThrow();
    });

    test('with a small heap, a dense file is refused with one line naming the Node option to raise it', () => {
        writeFileSync(join(dir, 'dense.topo'), `region eu-west-1 {\n${'  az a = euw1-az1\n'.repeat(30_000)}}\n`);
        const r = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'check', 'dense.topo'], {
            cwd: dir,
            encoding: 'utf8',
            timeout: 20_000,
        });
        refused(
            { code: r.status, stdout: r.stdout, stderr: r.stderr },
            /^topo: the inputs have about 0\.1 million tokens, more than this process's [\d.]+ MB heap can check; give Node more with NODE_OPTIONS=--max-old-space-size=1024\n$/,
        );
    });
});
