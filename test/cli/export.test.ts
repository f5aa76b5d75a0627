/**
 * `topo export` as scripts run it: the real bundled binary (npm run build) on the bundled examples.
 * README.md, "Drawing": `topo export <file|dir>... --out <file.svg|file.png> [--trace <from>:<to>]... [--vpc <name>]...`,
 * the file written completely or not at all, exit 2 with one line on usage and I/O errors.
 */
import { spawnSync } from 'node:child_process';
import {
    existsSync,
    lstatSync,
    mkdirSync,
    readdirSync,
    readFileSync,
    readlinkSync,
    rmSync,
    statSync,
    symlinkSync,
    utimesSync,
    watch,
    writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { tempName, writeAtomically } from '../../src/cli/write-file.js';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/topo.js');
const OUT = resolve(ROOT, 'test-output/cli-export');

function topo(args: string[]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function topoAsync(args: string[]): Promise<number> {
    const { spawn } = await import('node:child_process');
    return new Promise((done) =>
        spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'ignore' }).on('exit', (code) => done(code ?? -1)),
    );
}

beforeAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
});

afterAll(() => {
    // No temporary file may be left behind by any export above.
    expect(readdirSync(OUT).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

describe('topo export', () => {
    test('SVG: the topology with the traced path, exit 0', () => {
        const out = join(OUT, 'distributed.svg');
        const r = topo([
            'export',
            'examples/reference/distributed-inspection.topo',
            '--out',
            out,
            '--trace',
            'shop-1a:internet',
        ]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^wrote .*distributed\.svg \(\d+ bytes, 1 trace\)\n$/);
        const svg = readFileSync(out, 'utf8');
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
        expect(svg).toContain('data-node="vpc:storefront"');
        expect(svg).toContain('data-node="vpc:security"');
        expect((svg.match(/class="topo-hop topo-hop-forward"/g) ?? []).length).toBe(8);
        expect((svg.match(/class="topo-hop topo-hop-return"/g) ?? []).length).toBe(8);
    });

    test('PNG: a PNG file (signature and size), rendered with fonts', () => {
        const out = join(OUT, 'distributed.png');
        const r = topo([
            'export',
            'examples/reference/distributed-inspection.topo',
            '--out',
            out,
            '--trace',
            'shop-1a:internet',
        ]);
        expect(r.code).toBe(0);
        const png = readFileSync(out);
        expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        // IHDR: width and height (big-endian) at 16 and 20; 2x the SVG's size.
        expect(png.readUInt32BE(16)).toBeGreaterThan(1500);
        expect(png.readUInt32BE(20)).toBeGreaterThan(800);
        expect(png.length).toBeGreaterThan(50_000);
    });

    test('an empty or unreadable file still exports an image (that says there is nothing to draw), never a crash', () => {
        const dir = join(OUT, 'odd');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'empty.topo'), '');
        writeFileSync(
            join(dir, 'garbage.topo'),
            'region x {\n vpc v 10.0.0.0/16 {\n instance i in nope\n endpoint e interface s3 in ghost\n }\n}\n !!! <<>> \u0000',
        );
        for (const name of ['empty', 'garbage']) {
            const r = topo(['export', join(dir, `${name}.topo`), '--out', join(dir, `${name}.png`)]);
            expect(r.stderr).toBe('');
            expect(r.code).toBe(0);
            expect(readFileSync(join(dir, `${name}.png`)).readUInt32BE(16)).toBeGreaterThan(100);
        }
        expect(readFileSync(join(dir, 'empty.topo'), 'utf8')).toBe('');
    });

    test('the same input gives the same bytes twice', () => {
        const a = join(OUT, 'same-a.svg');
        const b = join(OUT, 'same-b.svg');
        expect(
            topo(['export', 'examples/reference/privatelink-saas', '--out', a, '--trace', 'client-1a:api-svc']).code,
        ).toBe(0);
        expect(
            topo(['export', 'examples/reference/privatelink-saas', '--out', b, '--trace', 'client-1a:api-svc']).code,
        ).toBe(0);
        expect(readFileSync(a, 'latin1') === readFileSync(b, 'latin1')).toBe(true);
    });

    test('--vpc keeps only the named VPCs (and the services they use); --trace repeats', () => {
        const out = join(OUT, 'filtered.svg');
        const r = topo([
            'export',
            'examples/seed/interface-endpoint.topo',
            '--out',
            out,
            '--vpc',
            'fleet',
            '--trace',
            'app-1a:ssm',
            '--trace',
            'app-1c:ssmmessages',
        ]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('2 traces');
        const svg = readFileSync(out, 'utf8');
        expect(svg).toContain('data-node="vpc:fleet"');
        expect(svg).not.toContain('data-node="vpc:ops"');
        expect(svg).toContain('data-node="aws-service:ssm@ap-northeast-1"');
        expect(svg).toContain('data-trace="t1"');
        expect(svg).toContain('data-trace="t2"');
    });

    test('the file appears atomically: written under a temporary name, then renamed over the target', async () => {
        const dir = join(OUT, 'atomic');
        mkdirSync(dir, { recursive: true });
        const target = join(dir, 'diagram.svg');
        writeFileSync(target, 'old content');
        const events: Array<[string, string]> = [];
        const watcher = watch(dir, (type, name) => events.push([type, String(name)]));
        const code = await topoAsync([
            'export',
            'examples/reference/centralized-inspection.topo',
            '--out',
            target,
            '--trace',
            'pay-1a:ord-1c',
        ]);
        await new Promise((r) => setTimeout(r, 200));
        watcher.close();
        expect(code).toBe(0);
        // The target is never opened for writing ('change'): it only ever appears by rename.
        expect(events.filter(([type, name]) => name === 'diagram.svg' && type === 'change')).toEqual([]);
        expect(events.some(([type, name]) => name === 'diagram.svg' && type === 'rename')).toBe(true);
        expect(events.some(([, name]) => /^\.topo-[0-9a-f]{4}-\d+-[0-9a-f]+\.tmp$/.test(name))).toBe(true);
        expect(readFileSync(target, 'utf8')).toMatch(/^<svg /);
        expect(readdirSync(dir)).toEqual(['diagram.svg']);
    });

    test('a failed write leaves the old file as it was and no temporary file', async () => {
        const dir = join(OUT, 'failed');
        mkdirSync(join(dir, 'taken.svg'), { recursive: true });
        writeFileSync(join(dir, 'taken.svg', 'keep'), 'x');
        await expect(writeAtomically(join(dir, 'taken.svg'), '<svg/>', 'taken.svg')).rejects.toThrow(
            /cannot write 'taken\.svg'/,
        );
        expect(readdirSync(dir)).toEqual(['taken.svg']);
        expect(readFileSync(join(dir, 'taken.svg', 'keep'), 'utf8')).toBe('x');
    });

    test.each([
        ['a link to an existing file', 'real/old.svg', true],
        ['a dangling link (its target does not exist yet)', 'real/new.svg', false],
    ])("--out through %s writes the link's target and leaves the link a link", (_, target, exists) => {
        const dir = join(OUT, `link-${exists ? 'existing' : 'dangling'}`);
        mkdirSync(join(dir, 'real'), { recursive: true });
        if (exists) writeFileSync(join(dir, target), 'old content');
        symlinkSync(target, join(dir, 'link.svg'));
        const r = topo(['export', 'examples/seed/interface-endpoint.topo', '--out', join(dir, 'link.svg')]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(lstatSync(join(dir, 'link.svg')).isSymbolicLink()).toBe(true);
        expect(readlinkSync(join(dir, 'link.svg'))).toBe(target);
        expect(readFileSync(join(dir, target), 'utf8')).toMatch(/^<svg /);
        expect(readdirSync(join(dir, 'real'))).toEqual([target.slice('real/'.length)]);
        expect(readdirSync(dir).sort()).toEqual(['link.svg', 'real']);
    });

    test('a chain of links that loops is refused with one line, and nothing is written', async () => {
        const dir = join(OUT, 'link-loop');
        mkdirSync(dir, { recursive: true });
        symlinkSync('b.svg', join(dir, 'a.svg'));
        symlinkSync('a.svg', join(dir, 'b.svg'));
        await expect(writeAtomically(join(dir, 'a.svg'), '<svg/>', 'a.svg')).rejects.toThrow(
            "cannot write 'a.svg': symbolic link loop",
        );
        expect(readdirSync(dir).sort()).toEqual(['a.svg', 'b.svg']);
    });

    test.each([249, 255])('a legal %d-byte file name is written (the temporary name is short)', async (bytes) => {
        const dir = join(OUT, `long-${bytes}`);
        mkdirSync(dir, { recursive: true });
        const name = 'n'.repeat(bytes - '.svg'.length) + '.svg';
        await writeAtomically(join(dir, name), '<svg/>', name);
        expect(readdirSync(dir)).toEqual([name]);
        expect(readFileSync(join(dir, name), 'utf8')).toBe('<svg/>');
    });

    test('the file replaced keeps its permissions', async () => {
        const dir = join(OUT, 'mode');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'd.svg'), 'old', { mode: 0o640 });
        await writeAtomically(join(dir, 'd.svg'), '<svg/>', 'd.svg');
        expect(statSync(join(dir, 'd.svg')).mode & 0o777).toBe(0o640);
    });

    test('a run killed mid-write (SIGKILL) leaves at worst a temporary file, which the next export removes', () => {
        const dir = join(OUT, 'stale');
        mkdirSync(dir, { recursive: true });
        // A writer killed by SIGKILL: its pid is dead, its temporary file half written.
        const dead = spawnSync(process.execPath, ['-e', '']).pid;
        const killed = tempName(dead);
        writeFileSync(join(dir, killed), '<svg xmlns="http://www.w3.org/2000/svg"><g>');
        // A temporary file of ours over an hour old (its writer may be on another host): stale too.
        const old = '.topo-ffff-1-0123abcd.tmp';
        writeFileSync(join(dir, old), 'partial');
        const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
        utimesSync(join(dir, old), twoHoursAgo, twoHoursAgo);
        // A live writer's file (this test's own pid) and files that are not ours are left alone.
        const live = tempName(process.pid);
        writeFileSync(join(dir, live), 'in progress');
        writeFileSync(join(dir, '.other.tmp'), 'not ours');
        writeFileSync(join(dir, 'diagram.svg'), 'old content');
        const r = topo(['export', 'examples/seed/interface-endpoint.topo', '--out', join(dir, 'diagram.svg')]);
        expect(r.code).toBe(0);
        expect(readdirSync(dir).sort()).toEqual(['.other.tmp', live, 'diagram.svg'].sort());
        expect(readFileSync(join(dir, 'diagram.svg'), 'utf8')).toMatch(/^<svg [\s\S]*<\/svg>\n?$/);
        rmSync(join(dir, live));
    });

    test('SIGINT or SIGTERM during the write removes the temporary file and ends by the same signal', async () => {
        const dir = join(OUT, 'signal');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'd.svg'), 'old content');
        const before = new Set(process.listeners('SIGTERM'));
        const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
        try {
            const writing = writeAtomically(join(dir, 'd.svg'), 'x'.repeat(3 * 1024 * 1024), 'd.svg');
            // The first chunk is written; the writer now waits a turn of the event loop, as for a real signal.
            expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
            const ours = process.listeners('SIGTERM').filter((l) => !before.has(l));
            expect(ours).toHaveLength(1);
            ours[0]('SIGTERM');
            expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
            expect(readdirSync(dir)).toEqual(['d.svg']);
            // Here the process would be gone; were it not, the write fails rather than renaming a removed file.
            await expect(writing).rejects.toThrow("cannot write 'd.svg': interrupted by SIGTERM");
            expect(readFileSync(join(dir, 'd.svg'), 'utf8')).toBe('old content');
            expect(process.listeners('SIGTERM').filter((l) => !before.has(l))).toEqual([]);
        } finally {
            kill.mockRestore();
        }
    });

    test.each([
        [['export', 'examples/seed'], 'export needs --out'],
        [
            ['export', 'examples/seed', '--out', 'test-output/cli-export/x.jpg'],
            "--out must name a .svg or .png file, not 'test-output/cli-export/x.jpg'",
        ],
        [
            ['export', 'examples/seed', '--out', 'test-output/cli-export/x.svg', '--trace', 'web-a'],
            "--trace must be <from>:<to>, not 'web-a'",
        ],
        [
            ['export', 'examples/seed', '--out', 'test-output/cli-export/x.svg', '--trace', 'nobody:s3'],
            "nothing named 'nobody'",
        ],
        [
            ['export', 'examples/seed', '--out', 'test-output/cli-export/x.svg', '--vpc', 'nope'],
            "--vpc: no VPC named 'nope'",
        ],
        [
            ['export', 'examples/seed', '--out', 'test-output/no-such-dir/x.svg'],
            "cannot write 'test-output/no-such-dir/x.svg': no such directory",
        ],
        [['export', 'missing.topo', '--out', 'test-output/cli-export/x.svg'], "cannot read 'missing.topo'"],
    ])('usage and I/O errors exit 2 with one line: %j', (args, message) => {
        const r = topo(args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(message);
        expect(existsSync(join(ROOT, 'test-output/cli-export/x.svg'))).toBe(false);
    });
});
