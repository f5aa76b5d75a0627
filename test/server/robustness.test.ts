/**
 * "The server survives anything a user types": seeded mutations of the examples go through every editor
 * feature at random positions (hover, completion, code actions for every diagnostic, formatting, semantic
 * tokens, code lens, symbols, folding, rename). Nothing may throw or log a swallowed exception, and
 * formatting may only ever change whitespace. A failure names the seed: SERVER_FUZZ_ONLY=<seed> reruns it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createRng } from '../../bench/generate.js';
import type { TopoLspServices } from '../../server/topo-lsp-module.js';
import { MUTATIONS } from '../robustness/mutations.js';
import { lspServices, openDocs } from './lsp-services.js';

const CASES = Number(process.env['SERVER_FUZZ_CASES'] ?? 150);
const ONLY = process.env['SERVER_FUZZ_ONLY'] !== undefined ? Number(process.env['SERVER_FUZZ_ONLY']) : undefined;
const POSITIONS = 6;

function examples(dir = 'examples'): string[] {
    return readdirSync(dir)
        .sort()
        .flatMap((n) => {
            const p = join(dir, n);
            return statSync(p).isDirectory() ? examples(p) : p.endsWith('.topo') ? [readFileSync(p, 'utf8')] : [];
        });
}

let services: TopoLspServices;
const bases = examples();
beforeAll(async () => {
    services = await lspServices();
});

const errors = vi.spyOn(console, 'error');
afterEach(() => errors.mockClear());

async function exercise(text: string, seed: number): Promise<void> {
    const rng = createRng(seed * 7919);
    const [doc] = await openDocs(services, [text]);
    const d = doc;
    const uri = { uri: d.uri.toString() };
    const len = d.textDocument.getText().length;
    const lsp = services.lsp;
    for (let i = 0; i < POSITIONS; i++) {
        const position = d.textDocument.positionAt(Math.floor(rng() * (len + 1)));
        await lsp.HoverProvider!.getHoverContent(d, { textDocument: uri, position });
        await lsp.CompletionProvider!.getCompletion(d, { textDocument: uri, position });
        await lsp.DefinitionProvider!.getDefinition(d, { textDocument: uri, position });
        await lsp.RenameProvider!.prepareRename(d, { textDocument: uri, position });
        await lsp.RenameProvider!.rename(d, { textDocument: uri, position, newName: 'renamed' });
    }
    const diagnostics = d.diagnostics ?? [];
    for (const diagnostic of diagnostics.slice(0, 50)) {
        await lsp.CodeActionProvider!.getCodeActions(d, {
            textDocument: uri,
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] },
        });
    }
    const edits =
        (await lsp.Formatter!.formatDocument(d, { textDocument: uri, options: { tabSize: 2, insertSpaces: true } })) ??
        [];
    const formatted = TextDocument.applyEdits(TextDocument.create('x', 'topo', 1, text), edits);
    expect(formatted.replace(/\s+/g, ''), 'formatting changes only whitespace').toBe(text.replace(/\s+/g, ''));
    await lsp.SemanticTokenProvider!.semanticHighlight(d, { textDocument: uri });
    await lsp.CodeLensProvider!.provideCodeLens(d, { textDocument: uri });
    await lsp.DocumentSymbolProvider!.getSymbols(d, { textDocument: uri });
    await lsp.FoldingRangeProvider!.getFoldingRanges(d, { textDocument: uri });
}

describe('the server survives anything typed', () => {
    const seeds = ONLY !== undefined ? [ONLY] : Array.from({ length: CASES }, (_, i) => 5000 + i);
    test(`${seeds.length} mutated documents through every editor feature`, async () => {
        for (const seed of seeds) {
            const rng = createRng(seed);
            let text = bases[seed % bases.length];
            const applied: string[] = [];
            const n = 1 + Math.floor(rng() * 3);
            for (let k = 0; k < n; k++) {
                const m = MUTATIONS[Math.floor(rng() * MUTATIONS.length)];
                text = m.apply(text, rng);
                applied.push(m.name);
            }
            try {
                await exercise(text, seed);
            } catch (err) {
                throw new Error(
                    `seed ${seed} (mutations ${applied.join(', ')}): ${(err as Error).stack ?? String(err)}`,
                    { cause: err },
                );
            }
            expect(
                errors.mock.calls.map((c) => String(c[0])),
                `seed ${seed}: swallowed errors`,
            ).toEqual([]);
        }
    }, 300_000);
});
