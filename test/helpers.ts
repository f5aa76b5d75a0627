/**
 * Test helpers shared by all suites. Data-driven, after rust-analyzer: one `check` call per case.
 *  - `analyze(text)` / `analyzeFiles(files)`: parse, link and validate in memory; returns the Topology and
 *    all diagnostics (syntax, linking, model, rules) with 0-based ranges.
 *  - `codesOf(text)`: the sorted list of diagnostic codes.
 *  - `check(text, code, tokens)`: the findings of one code, asserted to point at exactly `tokens`, each with the
 *    text it covers (`at`) and the text of each related location (`related`). `test/rules/rule-tester.ts` runs
 *    tables of cases through it.
 *  - `<|>` marks a cursor; `cursor(text)` strips it and returns the offset and line/character.
 */
import { EmptyFileSystem } from 'langium';
import { expect } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createTopoServices, type TopoServices } from '../src/language/topo-module.js';
import { buildWorkspace, type SourceFile } from '../src/language/workspace.js';
import { diagnosticCode } from '../src/language/diagnostic-code.js';
import type { Topology } from '../src/model/topology.js';
import type { TopologyIndex } from '../src/model/topology-index.js';

export interface Analysed {
    readonly services: TopoServices;
    readonly topology: Topology;
    readonly index: TopologyIndex;
    /** Every diagnostic of every given file, with its file's uri. */
    readonly diagnostics: ReadonlyArray<Diagnostic & { uri: string; code: string }>;
}

let counter = 0;

/** Analyses one inline file (uri file:///test/<n>.topo). */
export async function analyze(text: string): Promise<Analysed> {
    return analyzeFiles([{ uri: `file:///test/inline-${++counter}.topo`, text }]);
}

export async function analyzeFiles(files: readonly SourceFile[]): Promise<Analysed> {
    const { Topo } = createTopoServices(EmptyFileSystem);
    const docs = await buildWorkspace(Topo, files);
    const analysis = Topo.topo.Analysis.current();
    const diagnostics = docs.flatMap((d) =>
        (d.diagnostics ?? []).map((diag) => ({ ...diag, uri: d.uri.toString(), code: codeOf(diag) })),
    );
    return { services: Topo, topology: analysis.topology, index: analysis.index, diagnostics };
}

/** The stable code of any diagnostic (shared with the CLI). */
export const codeOf = diagnosticCode;

/** Sorted codes of all diagnostics (duplicates kept). */
export async function codesOf(text: string): Promise<string[]> {
    return (await analyze(text)).diagnostics.map((d) => d.code).sort();
}

/** Diagnostics with a given code. */
export async function findings(text: string, code: string): Promise<Analysed['diagnostics']> {
    return (await analyze(text)).diagnostics.filter((d) => d.code === code);
}

/** A finding of one code, with the text its range covers and the text each related location covers. */
export type Checked = Analysed['diagnostics'][number] & { readonly at: string; readonly related: string[] };

/**
 * Analyses `text` and asserts that the findings of `code` point at exactly `tokens`, in order (`[]`: the code
 * does not fire). Returns those findings for further assertions.
 */
export async function check(text: string, code: string, tokens: readonly string[]): Promise<Checked[]> {
    const found = (await findings(text, code)).map((d) => ({
        ...d,
        at: rangeText(text, d),
        related: (d.relatedInformation ?? []).map((r) => rangeText(text, r.location)),
    }));
    expect(
        found.map((d) => d.at),
        `${code} points at`,
    ).toEqual(tokens);
    return found;
}

/** The 0-based index of the first line of `text` that contains `part`; a missing `part` fails the test. */
export function lineOf(text: string, part: string): number {
    const line = text.split('\n').findIndex((l) => l.includes(part));
    expect(line, `a line containing '${part}'`).toBeGreaterThanOrEqual(0);
    return line;
}

/** Strips one `<|>` marker; returns the text and the cursor position. */
export function cursor(marked: string): { text: string; offset: number; line: number; character: number } {
    const offset = marked.indexOf('<|>');
    if (offset < 0) throw new Error('no <|> marker in test input');
    const text = marked.slice(0, offset) + marked.slice(offset + 3);
    const before = text.slice(0, offset).split('\n');
    return { text, offset, line: before.length - 1, character: before[before.length - 1].length };
}

/** The text a diagnostic's range covers, for asserting that it points at the right token. */
export function rangeText(
    text: string,
    d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } },
): string {
    const lines = text.split('\n');
    if (d.range.start.line === d.range.end.line)
        return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    return [
        lines[d.range.start.line].slice(d.range.start.character),
        ...lines.slice(d.range.start.line + 1, d.range.end.line),
        lines[d.range.end.line].slice(0, d.range.end.character),
    ].join('\n');
}
