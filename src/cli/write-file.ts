/**
 * Writing the file `topo export` was asked for: all or nothing, where the user said.
 *
 * - Through a symbolic link: `--out link.svg` writes the link's target (a dangling link: the path it names), and the
 *   link stays a link. Renaming over the link itself would replace it with a regular file.
 * - Atomically: the bytes go to a temporary file in the target's directory, are flushed to disk (fsync), and the file
 *   is renamed over the target (rename is atomic within one file system). A reader sees the old file or the new one.
 * - The temporary name is short and always legal: `.topo-<host>-<pid>-<random>.tmp`, never the target's name plus a
 *   suffix (a legal 249-byte name plus a suffix is over the 255-byte limit of a name).
 * - Nothing of ours is left behind where the OS allows: the temporary file is removed on an error and on SIGINT or
 *   SIGTERM (then the signal is raised again, so the exit status says what happened). SIGKILL cannot be caught; the
 *   next export into the same directory removes the temporary files of ours that are stale: their writer (the pid
 *   in the name, on this host) is dead, or they are over an hour old.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
    closeSync,
    fchmodSync,
    fsyncSync,
    lstatSync,
    openSync,
    readdirSync,
    readlinkSync,
    realpathSync,
    renameSync,
    statSync,
    unlinkSync,
    writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './files.js';

/** A temporary file of ours: `.topo-<host tag>-<pid>-<random>.tmp`. */
const TEMP_NAME = /^\.topo-([0-9a-f]{4})-(\d+)-[0-9a-f]+\.tmp$/;

/** A temporary file older than this is stale whoever wrote it (its writer may be on another host). */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** Bytes written between two looks at pending signals. */
const CHUNK = 1024 * 1024;

/** Links followed before a chain is called a loop (Linux's own limit is 40). */
const MAX_LINKS = 40;

/** Four hex digits of this host's name: a pid means something only on the host that wrote it. */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 4);

/** The temporary name a writer with this pid uses (the random part keeps two writers apart). */
export function tempName(pid = process.pid): string {
    return `.topo-${HOST_TAG}-${pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Writes `data` to `path` (through a symbolic link to its target) all or nothing. Errors become one-line
 * UsageErrors naming the file as the user wrote it (`shown`).
 */
export async function writeAtomically(path: string, data: string | Uint8Array, shown: string): Promise<void> {
    const target = writeTarget(path, shown);
    const dir = dirname(target);
    removeStaleTemps(dir);
    const tmp = join(dir, tempName());
    const signal = removeOnSignal(tmp);
    let fd: number | undefined;
    try {
        const existing = statOrUndefined(target);
        fd = openSync(tmp, 'wx', 0o666);
        // The new file keeps the permissions of the one it replaces.
        if (existing?.isFile()) fchmodSync(fd, existing.mode & 0o7777);
        const bytes: Uint8Array = typeof data === 'string' ? new TextEncoder().encode(data) : data;
        for (let at = 0; at < bytes.length;) {
            at += writeSync(fd, bytes, at, Math.min(CHUNK, bytes.length - at));
            await signalsHandled();
            if (signal.caught) throw new Error(`interrupted by ${signal.caught}`);
        }
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        renameSync(tmp, target);
        syncDirectory(dir);
    } catch (e) {
        if (fd !== undefined) closeQuietly(fd);
        unlinkQuietly(tmp);
        throw new UsageError(`cannot write '${shown}': ${describeWriteError(e)}`);
    } finally {
        // A signal that arrived during the last synchronous step is handled before the handlers go.
        await signalsHandled();
        signal.release();
    }
}

/**
 * The file to replace: the path itself, or, for a symbolic link, the file it leads to. An existing target is
 * resolved by realpath; a dangling link by following its links one by one to the path that does not exist yet.
 */
function writeTarget(path: string, shown: string): string {
    let current = path;
    for (let hops = 0; ; hops++) {
        let isLink: boolean;
        try {
            isLink = lstatSync(current).isSymbolicLink();
        } catch {
            return current; // Nothing there yet (or nothing we may see): written as named, errors come from the write.
        }
        if (!isLink) return current === path ? path : realpathOr(current);
        if (hops >= MAX_LINKS) throw new UsageError(`cannot write '${shown}': symbolic link loop`);
        try {
            return realpathSync(current);
        } catch {
            // A dangling link: go on from where it points.
        }
        try {
            current = resolve(dirname(current), readlinkSync(current));
        } catch (e) {
            throw new UsageError(`cannot write '${shown}': ${describeWriteError(e)}`);
        }
    }
}

function realpathOr(path: string): string {
    try {
        return realpathSync(path);
    } catch {
        return path;
    }
}

/** Removes our temporary files in `dir` whose writer is dead (same host) or that are over an hour old. */
function removeStaleTemps(dir: string, now = Date.now()): void {
    let names: string[];
    try {
        names = readdirSync(dir);
    } catch {
        return; // The write itself reports a missing or unreadable directory.
    }
    for (const name of names) {
        const m = TEMP_NAME.exec(name);
        if (!m) continue;
        const full = join(dir, name);
        const stat = lstatOrUndefined(full);
        if (!stat?.isFile()) continue;
        const deadWriter = m[1] === HOST_TAG && !isAlive(Number(m[2]));
        if (deadWriter || now - stat.mtimeMs > STALE_AFTER_MS) unlinkQuietly(full);
    }
}

function isAlive(pid: number): boolean {
    if (!Number.isSafeInteger(pid) || pid <= 0) return false;
    if (pid === process.pid) return true;
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        // EPERM: the process exists but belongs to someone else.
        return (e as { code?: string }).code === 'EPERM';
    }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * While the temporary file exists, SIGINT, SIGTERM and SIGHUP remove it and then end the process by the same signal
 * (our handler gone, the default action applies). `caught` is the signal, should the process outlive it.
 */
function removeOnSignal(tmp: string): { readonly caught?: NodeJS.Signals; release(): void } {
    const state: { caught?: NodeJS.Signals; release(): void } = {
        release: () => {
            for (const s of SIGNALS) process.removeListener(s, handler);
        },
    };
    const handler = (signal: NodeJS.Signals) => {
        state.caught = signal;
        unlinkQuietly(tmp);
        state.release();
        process.kill(process.pid, signal);
    };
    for (const s of SIGNALS) process.on(s, handler);
    return state;
}

/** One turn of the event loop, in which a pending signal's handler runs. */
function signalsHandled(): Promise<void> {
    return new Promise((done) => setImmediate(done));
}

/** Makes the rename itself durable; not every OS or file system lets a directory be opened or synced. */
function syncDirectory(dir: string): void {
    let fd: number | undefined;
    try {
        fd = openSync(dir, 'r');
        fsyncSync(fd);
    } catch {
        // Best effort.
    } finally {
        if (fd !== undefined) closeQuietly(fd);
    }
}

function statOrUndefined(path: string) {
    try {
        return statSync(path);
    } catch {
        return undefined;
    }
}

function lstatOrUndefined(path: string) {
    try {
        return lstatSync(path);
    } catch {
        return undefined;
    }
}

function closeQuietly(fd: number): void {
    try {
        closeSync(fd);
    } catch {
        // Already closed.
    }
}

function unlinkQuietly(path: string): void {
    try {
        unlinkSync(path);
    } catch {
        // Never created, or already gone.
    }
}

function describeWriteError(e: unknown): string {
    switch ((e as { code?: string }).code) {
        case 'ENOENT':
            return 'no such directory';
        case 'ENOTDIR':
            return 'a part of the path is not a directory';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'EISDIR':
            return 'is a directory';
        case 'ELOOP':
            return 'symbolic link loop';
        case 'ENAMETOOLONG':
            return 'file name too long';
        case 'ENOSPC':
            return 'no space left on the device';
        case 'EDQUOT':
            return 'disk quota exceeded';
        case 'EROFS':
            return 'read-only file system';
        default:
            return e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
}
