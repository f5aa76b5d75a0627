/**
 * `topo check`: parse, link, model and rules over all given files as one workspace; print diagnostics.
 * Exit 0: no errors. 1: errors found. 2: usage or I/O error (thrown as UsageError before we get here).
 */
import { EmptyFileSystem } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createTopoServices } from '../language/topo-module.js';
import { buildWorkspace } from '../language/workspace.js';
import { diagnosticCode } from '../language/diagnostic-code.js';
import type { Severity } from '../model/diagnostic.js';
import type { CliFile } from './files.js';

/** A diagnostic as the CLI prints it: 1-based lines and columns, the file as the user named it. */
export interface CliDiagnostic {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly severity: Severity;
    readonly code: string;
    readonly message: string;
    readonly related: ReadonlyArray<{ file: string; line: number; column: number; message: string }>;
}

/** More syntax errors than this in one file are summarised: binary garbage would otherwise print thousands. */
const MAX_SYNTAX_ERRORS_PER_FILE = 50;

export async function checkFiles(files: readonly CliFile[]): Promise<CliDiagnostic[]> {
    const { Topo } = createTopoServices(EmptyFileSystem);
    const docs = await buildWorkspace(Topo, files);
    const byUri = new Map(files.map((f) => [f.uri, f.display]));
    const out: CliDiagnostic[] = [];
    docs.forEach((doc, i) => {
        const file = files[i];
        let syntax = 0;
        for (const d of doc.diagnostics ?? []) {
            const code = diagnosticCode(d);
            if (code === 'syntax-error' && ++syntax > MAX_SYNTAX_ERRORS_PER_FILE) continue;
            out.push(toCli(file.display, d, code, byUri));
        }
        if (syntax > MAX_SYNTAX_ERRORS_PER_FILE) {
            out.push({
                file: file.display,
                line: 1,
                column: 1,
                endLine: 1,
                endColumn: 1,
                severity: 'error',
                code: 'syntax-error',
                message: `${syntax - MAX_SYNTAX_ERRORS_PER_FILE} more syntax errors not shown; is this a Topo file?`,
                related: [],
            });
        }
    });
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

const SEVERITIES: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function toCli(file: string, d: Diagnostic, code: string, byUri: ReadonlyMap<string, string>): CliDiagnostic {
    return {
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITIES[d.severity ?? 1] ?? 'error',
        code,
        message: d.message,
        related: (d.relatedInformation ?? []).map((r) => ({
            file: byUri.get(r.location.uri) ?? r.location.uri,
            line: r.location.range.start.line + 1,
            column: r.location.range.start.character + 1,
            message: r.message,
        })),
    };
}
