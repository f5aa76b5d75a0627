import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    readRegularFile,
    serverFileSizeLimit,
    TopoFileSystemProvider,
    walkFolder,
} from '../../server/workspace-files.js';

const DIR = resolve(__dirname, '../../test-output/server/workspace-files');
const topoOnly = (path: string, isDirectory: boolean): boolean => isDirectory || path.endsWith('.topo');

beforeAll(() => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(join(DIR, 'a', 'b'), { recursive: true });
    writeFileSync(join(DIR, 'one.topo'), 'region r {}\n');
    writeFileSync(join(DIR, 'notes.txt'), 'not topo\n');
    writeFileSync(join(DIR, 'a', 'b', 'deep.topo'), 'region r {}\n');
    execFileSync('mkfifo', [join(DIR, 'pipe.topo')]);
    execFileSync('mkfifo', [join(DIR, 'pipe.txt')]);
    symlinkSync('self.topo', join(DIR, 'self.topo'));
    symlinkSync('nowhere.topo', join(DIR, 'dangling.topo'));
    symlinkSync('../..', join(DIR, 'a', 'b', 'up'));
    symlinkSync('b', join(DIR, 'a', 'again'));
    symlinkSync('../one.topo', join(DIR, 'a', 'link-to-one.topo'));
    symlinkSync('b/deep.topo', join(DIR, 'a', 'alias.topo'));
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('the workspace walk', () => {
    it('finds the Topo files under every directory once, a link to a directory followed, link loops ending', async () => {
        const { files } = await walkFolder(DIR, topoOnly);
        expect(files.map((f) => f.slice(DIR.length + 1)).sort()).toEqual(['a/b/deep.topo', 'one.topo']);
    });

    it('a file reached through links and under its own name is listed once, under its own name', async () => {
        const { files } = await walkFolder(join(DIR, 'a'), topoOnly);
        // a/alias.topo, a/again/deep.topo and a/b/deep.topo are one file; so are a/link-to-one.topo and
        // a/b/up/one.topo (up leads out of a).
        const names = files.map((f) => f.slice(DIR.length + 1));
        expect(names.filter((n) => /deep|alias/.test(n))).toEqual(['a/b/deep.topo']);
        expect(names.filter((n) => /one/.test(n))).toHaveLength(1);
        expect(names).toHaveLength(2);
    });

    it('reports a pipe, a link loop and a dangling link with a Topo name, without opening the pipe', async () => {
        const { skipped } = await walkFolder(DIR, topoOnly);
        expect(skipped.map((s) => `${s.path.slice(DIR.length + 1)}: ${s.reason}`).sort()).toEqual([
            'dangling.topo: it no longer exists',
            'pipe.topo: a named pipe, not a regular file',
            'self.topo: a symbolic link loop',
        ]);
    });

    it('reports a folder that cannot be listed and finds nothing in it', async () => {
        const { files, skipped } = await walkFolder(join(DIR, 'missing'), topoOnly);
        expect(files).toEqual([]);
        expect(skipped).toEqual([{ path: join(DIR, 'missing'), reason: 'it no longer exists' }]);
    });
});

describe('reading a file', () => {
    it('reads a regular file, through a link too', async () => {
        expect(await readRegularFile(join(DIR, 'a', 'link-to-one.topo'))).toBe('region r {}\n');
    });

    it('refuses a named pipe and a device without waiting on them', async () => {
        await expect(readRegularFile(join(DIR, 'pipe.topo'))).rejects.toThrow('a named pipe, not a regular file');
        await expect(readRegularFile('/dev/zero')).rejects.toThrow('a device, not a regular file');
    });

    it('a URI with nothing on disk (an untitled document) is not read from a file of the same name', async () => {
        const fs = new TopoFileSystemProvider();
        await expect(fs.readFile(URI.parse('untitled:one.topo'))).rejects.toThrow('is not a file on disk');
        expect(await fs.readFile(URI.file(join(DIR, 'one.topo')))).toBe('region r {}\n');
    });

    it('a UTF-8 byte order mark is dropped, as VS Code drops it from a file it opens: line 1 keeps its columns', async () => {
        const file = join(DIR, 'bom.topo');
        writeFileSync(file, '\uFEFFaccount app id 123456789012\n');
        const fs = new TopoFileSystemProvider();
        expect(await fs.readFile(URI.file(file))).toBe('account app id 123456789012\n');
        expect(fs.readFileSync(URI.file(file))).toBe('account app id 123456789012\n');
    });

    it('refuses a file bigger than the server can hold, saying how big and how to raise the limit', async () => {
        const file = join(DIR, 'big.topo');
        writeFileSync(file, 'x'.repeat(2000));
        await expect(readRegularFile(file, 1000)).rejects.toThrow(/over the 0\.0 MB the server reads/);
        expect(await readRegularFile(file, 2000)).toHaveLength(2000);
        // The default follows the heap: 1 GB (the extension's default --max-old-space-size) reads 6.4 MB.
        expect(serverFileSizeLimit(1024 ** 3) / 1024 ** 2).toBeCloseTo(6.4, 1);
    });

    it('a synchronous read refuses a pipe and an untitled URI too', () => {
        const fs = new TopoFileSystemProvider();
        expect(() => fs.readFileSync(URI.file(join(DIR, 'pipe.topo')))).toThrow('a named pipe, not a regular file');
        expect(() => fs.readFileSync(URI.parse('untitled:one.topo'))).toThrow('is not a file on disk');
    });
});
