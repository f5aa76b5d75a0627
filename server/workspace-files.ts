/**
 * The language server's file access. Only regular files are read: a named pipe, a device or a socket is refused
 * before it is opened (opening a pipe waits for a writer, reading a device may never end). The workspace walk
 * follows symbolic links to files and to directories, walks each directory once by its real path (so a link loop
 * ends), and reports every entry it cannot read instead of giving up on the folder.
 */
import {
    closeSync,
    constants,
    fstatSync,
    openSync,
    promises as fsp,
    readFileSync,
    statSync,
    type Dirent,
    type Stats,
} from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';
import type { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { withoutBom } from '../src/language/workspace.js';

/** An entry of the workspace the server could not read, and why, in words. */
export interface SkippedEntry {
    readonly path: string;
    readonly reason: string;
}

/** Why a file system call failed, in words (the errno code, else the message). */
export function describeFsError(e: unknown): string {
    const code = (e as { code?: unknown } | null)?.code;
    switch (code) {
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'ENOENT':
            return 'it no longer exists';
        case 'ELOOP':
            return 'a symbolic link loop';
        case 'EISDIR':
            return 'it is a directory';
        default:
            return e instanceof Error ? e.message : String(e);
    }
}

function kindOf(stat: Stats): string {
    if (stat.isFIFO()) return 'a named pipe';
    if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
    if (stat.isSocket()) return 'a socket';
    return stat.isDirectory() ? 'a directory' : 'something else';
}

class NotRegular extends Error {}

/**
 * Parsing and analysing a file holds about 150 bytes of heap per byte of dense Topo (`topo check`'s measure, in
 * src/cli/files.ts); a bigger file than a quarter of the server's heap could hold is refused, so that one file cannot
 * exhaust the server (about 6.4 MB at the default 1 GB, `topo.server.maxMemory`).
 */
export function serverFileSizeLimit(heapLimit = getHeapStatistics().heap_size_limit): number {
    return Math.floor(heapLimit / 160);
}

const MB = 1024 * 1024;

function checkFile(stat: Stats, limit: number): void {
    if (!stat.isFile()) throw new NotRegular(`${kindOf(stat)}, not a regular file`);
    if (stat.size > limit)
        throw new NotRegular(
            `${(stat.size / MB).toFixed(1)} MB, over the ${(limit / MB).toFixed(1)} MB the server reads ` +
                '(topo.server.maxMemory raises it)',
        );
}

/**
 * The text of a regular file (links followed), without a UTF-8 byte order mark as VS Code reads the files it opens
 * (so a closed file's diagnostics have the open one's columns). Anything else, or a file over `limit` bytes, is
 * refused with an error saying what it is.
 */
export async function readRegularFile(path: string, limit = serverFileSizeLimit()): Promise<string> {
    checkFile(await fsp.stat(path), limit);
    // Should it have become a pipe since the stat, a non-blocking open does not wait for a writer.
    const handle = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
        checkFile(await handle.stat(), limit);
        return withoutBom(await handle.readFile({ encoding: 'utf8' }));
    } finally {
        await handle.close();
    }
}

/** readRegularFile, synchronously. */
function readRegularFileSync(path: string, limit = serverFileSizeLimit()): string {
    checkFile(statSync(path), limit);
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
        checkFile(fstatSync(fd), limit);
        return withoutBom(readFileSync(fd, { encoding: 'utf8' }));
    } finally {
        closeSync(fd);
    }
}

/**
 * Langium's Node file system, reading only regular files. A URI of another scheme (`untitled:`, a virtual file
 * system) has nothing on disk: reading it fails, rather than reading a file of the same name in the working
 * directory.
 */
export class TopoFileSystemProvider extends NodeFileSystemProvider {
    override readFile(uri: URI): Promise<string> {
        if (uri.scheme !== 'file') return Promise.reject(new Error(`${uri.toString()} is not a file on disk`));
        return readRegularFile(uri.fsPath);
    }

    override readFileSync(uri: URI): string {
        if (uri.scheme !== 'file') throw new Error(`${uri.toString()} is not a file on disk`);
        return readRegularFileSync(uri.fsPath);
    }
}

/** The language server's `fileSystemProvider`, in place of Langium's `NodeFileSystem`. */
export const TopoFileSystem = { fileSystemProvider: () => new TopoFileSystemProvider() };

/** Which entries the walk takes: a directory to descend into, or a file to load. */
type IncludeEntry = (path: string, isDirectory: boolean) => boolean;

interface Candidate {
    readonly path: string;
    readonly real: string;
    readonly link: boolean;
}

/**
 * The files under `root` that `include` takes. Symbolic links are followed; a directory is walked once by its real
 * path (a link back to an ancestor, or a second link to a directory, adds nothing), and a file reached under several
 * names is listed once (under its own name if the walk meets it, else under the first link): links are followed
 * after the directories themselves. An included entry that
 * cannot be listed or read — unreadable, vanished, a link loop or dangling link, a pipe or device with a Topo name —
 * is reported in `skipped`, never opened, and the walk goes on.
 */
export async function walkFolder(
    root: string,
    include: IncludeEntry,
): Promise<{ files: string[]; skipped: SkippedEntry[] }> {
    const skipped: SkippedEntry[] = [];
    const candidates: Candidate[] = [];
    const walked = new Set<string>();
    // Links are followed once the tree itself is walked: a file or directory met under its own name keeps it.
    const links: string[] = [];

    const walk = async (dir: string): Promise<void> => {
        let real: string;
        let entries: Dirent[];
        try {
            real = await fsp.realpath(dir);
            if (walked.has(real)) return;
            walked.add(real);
            entries = await fsp.readdir(dir, { withFileTypes: true });
        } catch (e) {
            skipped.push({ path: dir, reason: describeFsError(e) });
            return;
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) {
                if (include(path, true)) await walk(path);
            } else if (entry.isFile()) {
                if (include(path, false)) candidates.push({ path, real: join(real, entry.name), link: false });
            } else if (entry.isSymbolicLink()) {
                links.push(path);
            } else if (include(path, false)) {
                // A pipe, a device or a socket with a name the workspace would load: refused without opening it.
                const stat = await fsp.lstat(path).catch(() => undefined);
                skipped.push({ path, reason: `${stat ? kindOf(stat) : 'something else'}, not a regular file` });
            }
        }
    };

    const followLink = async (path: string): Promise<void> => {
        let stat: Stats;
        try {
            stat = await fsp.stat(path);
        } catch (e) {
            // A dangling link or a loop: a loss only if it has a name the workspace would load.
            if (include(path, false)) skipped.push({ path, reason: describeFsError(e) });
            return;
        }
        if (stat.isDirectory()) {
            if (include(path, true)) await walk(path);
            return;
        }
        if (!include(path, false)) return;
        if (!stat.isFile()) {
            skipped.push({ path, reason: `a link to ${kindOf(stat)}, not a regular file` });
            return;
        }
        try {
            candidates.push({ path, real: await fsp.realpath(path), link: true });
        } catch (e) {
            skipped.push({ path, reason: describeFsError(e) });
        }
    };

    await walk(root);
    for (let i = 0; i < links.length; i++) await followLink(links[i]);
    const byReal = new Map<string, Candidate>();
    for (const c of candidates) {
        const first = byReal.get(c.real);
        if (!first || (first.link && !c.link)) byReal.set(c.real, c);
    }
    return { files: [...byReal.values()].map((c) => c.path), skipped };
}
