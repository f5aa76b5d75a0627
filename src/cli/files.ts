/**
 * Finding and reading the .topo files the user named. Directories are searched recursively for *.topo
 * (skipping node_modules and dot-directories). I/O problems become one-line UsageErrors (exit code 2).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceFile } from '../language/workspace.js';

export class UsageError extends Error {}

export interface CliFile extends SourceFile {
    /** The path as shown to the user (relative to the working directory). */
    readonly display: string;
    readonly path: string;
}

export function collectFiles(args: readonly string[], cwd = process.cwd()): CliFile[] {
    if (args.length === 0) throw new UsageError('no input: give one or more .topo files or directories');
    const paths: string[] = [];
    for (const arg of args) {
        const abs = resolve(cwd, arg);
        let stat;
        try {
            stat = statSync(abs);
        } catch (e) {
            throw new UsageError(`cannot read '${arg}': ${describeFsError(e)}`);
        }
        if (stat.isDirectory()) walk(abs, paths);
        else paths.push(abs);
    }
    const unique = [...new Set(paths)].sort();
    if (unique.length === 0) throw new UsageError(`no .topo files found in ${args.map((a) => `'${a}'`).join(', ')}`);
    return unique.map((path) => {
        let text: string;
        try {
            text = readFileSync(path, 'utf8');
        } catch (e) {
            throw new UsageError(`cannot read '${relative(cwd, path) || path}': ${describeFsError(e)}`);
        }
        return { path, display: relative(cwd, path) || path, uri: pathToFileURL(path).toString(), text };
    });
}

function walk(dir: string, out: string[]): void {
    let entries;
    try {
        entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
        throw new UsageError(`cannot read directory '${dir}': ${describeFsError(e)}`);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full, out);
        else if (entry.isFile() && entry.name.endsWith('.topo')) out.push(full);
    }
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
        default:
            return e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
}
