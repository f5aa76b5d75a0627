/**
 * The CLI's output streams (src/cli/main.ts): a reader that goes away (`topo check … | head`) ends the output
 * quietly, with the exit code the run computes (README.md, "Checking": 0 no errors, 1 errors), and no stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const BIN = resolve(__dirname, '../../bin/topo.js');

/** Runs the CLI with its stdout pipe closed by the reader before anything is written, as `head` does when done. */
function topoIntoClosedPipe(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done, fail) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            fail(new Error('topo did not end'));
        }, 30_000);
        child.on('error', fail);
        child.on('close', (code) => {
            clearTimeout(timer);
            done({ code, stderr });
        });
    });
}

let dir: string;

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'topo-cli-main-'));
    writeFileSync(join(dir, 'clean.topo'), 'region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n  }\n}\n');
    writeFileSync(
        join(dir, 'overlap.topo'),
        'region eu-west-1 {\n  az a = euw1-az1\n  vpc app 10.1.0.0/16 {\n' +
            '    subnet a 10.1.1.0/24 az a\n    subnet b 10.1.1.128/25 az a\n  }\n}\n',
    );
});

describe('a closed output pipe (EPIPE)', () => {
    test('a clean check into a closed pipe ends quietly with exit 0', async () => {
        const r = await topoIntoClosedPipe(['check', 'clean.topo'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
    });

    test('a check with errors into a closed pipe ends quietly with exit 1', async () => {
        const r = await topoIntoClosedPipe(['check', 'overlap.topo', '--format', 'sarif'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(1);
    });

    test('help and trace output into a closed pipe end quietly too', async () => {
        const help = await topoIntoClosedPipe(['--help'], dir);
        expect(help).toEqual({ code: 0, stderr: '' });
        // No internet gateway: blocked, so exit 1.
        const trace = await topoIntoClosedPipe(['trace', 'overlap.topo', '--from', 'a', '--to', 'internet'], dir);
        expect(trace).toEqual({ code: 1, stderr: '' });
    });
});
