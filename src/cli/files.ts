/**
 * Finding and reading the .topo files the user named. Directories are searched recursively for *.topo
 * (skipping node_modules and dot-directories). I/O problems become one-line UsageErrors (exit code 2).
 * Only regular files are read: symbolic links are followed (to files and to directories, in a named directory too),
 * a link loop is refused, and devices, pipes and sockets are refused before they are opened, as is any file over
 * the size limit (`--max-file-size`), so no input can block the CLI or exhaust its memory.
 * A file named explicitly is read as Topo whatever its extension: it was named on purpose.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { withoutBom } from '../language/workspace.js';
import { join, relative, resolve } from 'node:path';
import { URI } from 'langium';
import type { SourceFile } from '../language/workspace.js';

export class UsageError extends Error {}

export interface CliFile extends SourceFile {
    /** The path as shown to the user (relative to the working directory). */
    readonly display: string;
    readonly path: string;
}

/** The default `--max-file-size`: 20 MB per file (README.md, "Checking"). */
export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `--max-file-size`: a number of bytes, or a number with kb, mb or gb (binary: 1 mb = 1,048,576 bytes). */
export function parseSize(text: string): number {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(text);
    const unit = m ? m[2].toLowerCase().replace(/^([kmg])$/, '$1b') : '';
    const bytes = m ? Math.floor(Number(m[1]) * UNITS[unit]) : NaN;
    if (!Number.isSafeInteger(bytes) || bytes < 1)
        throw new UsageError(`--max-file-size must be a number of bytes or NNkb, NNmb, NNgb, not '${text}'`);
    return bytes;
}

interface Found {
    readonly path: string;
    readonly size: number;
}

export function collectFiles(
    args: readonly string[],
    cwd = process.cwd(),
    maxFileSize = DEFAULT_MAX_FILE_SIZE,
): CliFile[] {
    if (args.length === 0) throw new UsageError('no input: give one or more .topo files or directories');
    const show = (path: string) => relative(cwd, path) || path;
    const found: Found[] = [];
    const walked = new Set<string>();
    for (const arg of args) {
        const abs = resolve(cwd, arg);
        const stat = statOf(abs, `'${arg}'`);
        if (stat.isDirectory()) walk(abs, found, walked, show);
        else found.push({ path: abs, size: regularFile(stat, `'${arg}'`) });
    }
    // One document per file: a link and its target (or a file named twice) are read once, under the first name.
    const byReal = new Map<string, Found>();
    for (const f of [...found].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
        const real = realpathOf(f.path, show);
        if (!byReal.has(real)) byReal.set(real, f);
    }
    const unique = [...byReal.values()];
    if (unique.length === 0) throw new UsageError(`no .topo files found in ${args.map((a) => `'${a}'`).join(', ')}`);
    for (const f of unique) {
        if (f.size > maxFileSize)
            throw new UsageError(
                `'${show(f.path)}' is ${describeSize(f.size)}, over the ${describeSize(maxFileSize)} limit ` +
                    '(--max-file-size to change it)',
            );
    }
    const read = unique.map((f) => {
        const text = readBounded(f.path, maxFileSize, show);
        return { path: f.path, display: show(f.path), uri: documentUri(f.path), text };
    });
    checkMemory(read);
    return read;
}

/**
 * Checking holds every file's syntax tree, links and Topology at once, and the syntax tree costs per token: about
 * 1.1 KB of memory per token (measured: 19 MB of the bench's generated topology, 2.5 million tokens, peaked at
 * 2.9 GB). Inputs that cannot fit in this process's heap are refused up front with a way out, rather than running for
 * a minute and dying with V8's native "heap out of memory" trace. Node's default heap on a 16 GB machine (4 GB) holds
 * about 4 million tokens, 30 MB of dense Topo; comments cost nothing.
 */
const HEAP_BYTES_PER_TOKEN = 1000;

export function checkMemory(
    files: readonly { readonly text: string }[],
    heapLimit = getHeapStatistics().heap_size_limit,
): void {
    const tokens = files.reduce((sum, f) => sum + countTokens(f.text), 0);
    const need = tokens * HEAP_BYTES_PER_TOKEN;
    if (need <= heapLimit) return;
    throw new UsageError(
        `the inputs have about ${(tokens / 1e6).toFixed(1)} million tokens, more than this process's ` +
            `${describeSize(heapLimit)} heap can check; give Node more with ` +
            `NODE_OPTIONS=--max-old-space-size=${Math.ceil(need / 1024 ** 3) * 1024}`,
    );
}

const PUNCTUATION = new Set([...'{}(),=;[]'].map((c) => c.charCodeAt(0)));

/** Words and punctuation outside comments: what the parser makes syntax-tree leaves of (strings count by word). */
function countTokens(text: string): number {
    let tokens = 0;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const next = text.charCodeAt(i + 1);
        if (c === 0x2f && (next === 0x2f || next === 0x2a)) {
            const end = next === 0x2f ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
            i = end < 0 ? text.length : next === 0x2f ? end : end + 1;
            inWord = false;
        } else if (c <= 0x20) inWord = false;
        else if (PUNCTUATION.has(c)) {
            tokens++;
            inWord = false;
        } else if (!inWord) {
            tokens++;
            inWord = true;
        }
    }
    return tokens;
}

/** Reads at most the limit (and one byte more, to know): a file that grows, or reports size 0, cannot outrun it. */
function readBounded(path: string, limit: number, show: (p: string) => string): string {
    let fd: number | undefined;
    try {
        fd = openSync(path, 'r');
        const chunks: Uint8Array[] = [];
        let total = 0;
        // The first chunk fits the size the file reports (and one byte more, to see its end in one read): a
        // megabyte per file, zeroed, cost more than parsing a workspace of many small files.
        let size = fstatSync(fd).size + 1;
        for (;;) {
            const chunk = new Uint8Array(Math.min(size, 1024 * 1024, limit + 1 - total));
            size = 1024 * 1024;
            const n = readSync(fd, chunk, 0, chunk.length, null);
            if (n === 0) break;
            chunks.push(chunk.subarray(0, n));
            total += n;
            if (total > limit) throw new UsageError(`'${show(path)}' is over the ${describeSize(limit)} limit`);
        }
        return withoutBom(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`cannot read '${show(path)}': ${describeFsError(e)}`);
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}

/**
 * The document's URI, written as Langium writes it back (so related locations map to it). Langium picks a language
 * by extension, so a file named explicitly with another extension (`net.txt`) gets a URI of its own scheme ending in
 * `.topo`, which no real file's `file:` URI can equal.
 */
function documentUri(path: string): string {
    return path.endsWith('.topo')
        ? URI.file(path).toString()
        : URI.file(`${path}.topo`).with({ scheme: 'topo-named' }).toString();
}

/** Follows symbolic links; a link loop or a dangling link is an I/O error. */
function statOf(path: string, shown: string): Stats {
    try {
        return statSync(path);
    } catch (e) {
        throw new UsageError(`cannot read ${shown}: ${describeFsError(e)}`);
    }
}

function realpathOf(path: string, show: (p: string) => string): string {
    try {
        return realpathSync(path);
    } catch (e) {
        throw new UsageError(`cannot read '${show(path)}': ${describeFsError(e)}`);
    }
}

/** The size of a regular file; anything else (a device, a pipe, a socket) is refused without opening it. */
function regularFile(stat: Stats, shown: string): number {
    if (stat.isFile()) return stat.size;
    const kind = stat.isFIFO()
        ? 'a named pipe'
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? 'a device'
          : stat.isSocket()
            ? 'a socket'
            : 'something else';
    throw new UsageError(`cannot read ${shown}: it is ${kind}, not a regular file`);
}

/** Directories already walked, by real path: a link back to an ancestor (a loop) or a second link is walked once. */
function walk(dir: string, out: Found[], walked: Set<string>, show: (p: string) => string): void {
    const real = realpathOf(dir, show);
    if (walked.has(real)) return;
    walked.add(real);
    let entries;
    try {
        entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
        throw new UsageError(`cannot read directory '${show(dir)}': ${describeFsError(e)}`);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const full = join(dir, entry.name);
        const shown = `'${show(full)}'`;
        const isTopo = entry.name.endsWith('.topo');
        if (entry.isDirectory()) walk(full, out, walked, show);
        else if (entry.isSymbolicLink()) {
            // A broken or looping link is an error only where it would have been a .topo file.
            let stat: Stats | undefined;
            try {
                stat = statSync(full);
            } catch (e) {
                if (isTopo) throw new UsageError(`cannot read ${shown}: ${describeFsError(e)}`);
            }
            if (stat?.isDirectory()) walk(full, out, walked, show);
            else if (stat && isTopo) out.push({ path: full, size: regularFile(stat, shown) });
        } else if (isTopo) {
            out.push({ path: full, size: regularFile(statOf(full, shown), shown) });
        }
    }
}

function describeSize(bytes: number): string {
    if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
    if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
    return `${bytes} bytes`;
}

function describeFsError(e: unknown): string {
    const code = (e as { code?: string }).code;
    switch (code) {
        case 'ENOENT':
            return 'no such file or directory';
        case 'EACCES':
            return 'permission denied';
        case 'EISDIR':
            return 'is a directory';
        case 'ELOOP':
            return 'symbolic link loop';
        default:
            return e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
}
