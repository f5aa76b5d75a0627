import { describe, expect, it, vi } from 'vitest';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { setTextDocument } from 'langium/test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { carryOver, registerEarlyDiagnostics } from '../../server/early-diagnostics.js';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';

const at = (line: number, from: number, to: number) => ({
    start: { line, character: from },
    end: { line, character: to },
});
const diag = (
    code: string,
    line: number,
    from = 0,
    to = 4,
    related: Diagnostic['relatedInformation'] = undefined,
): Diagnostic => ({
    code,
    message: code,
    range: at(line, from, to),
    ...(related ? { relatedInformation: related } : {}),
});

describe("carryOver: the last check's findings, placed in the edited text", () => {
    const before = 'line0\nline1\nline2\nline3\n';

    it('a line inserted above moves a finding down; one above the edit stays', () => {
        const after = 'line0\nnew\nline1\nline2\nline3\n';
        expect(
            carryOver([diag('a', 0), diag('b', 2)], before, after, 'file:///x.topo').map((d) => [d.code, d.range]),
        ).toEqual([
            ['a', at(0, 0, 4)],
            ['b', at(3, 0, 4)],
        ]);
    });

    it('a finding the edit touches is dropped: the analysis says again after the pause', () => {
        const after = 'line0\nlinX1\nline2\nline3\n';
        expect(carryOver([diag('a', 1), diag('b', 2)], before, after, 'file:///x.topo').map((d) => d.code)).toEqual([
            'b',
        ]);
    });

    it('related locations in the document move or go with the text; those in other files stay', () => {
        const after = 'new\nline0\nline1\nline2\nline3\n';
        const related = [
            { location: { uri: 'file:///x.topo', range: at(3, 0, 2) }, message: 'here' },
            { location: { uri: 'file:///y.topo', range: at(3, 0, 2) }, message: 'elsewhere' },
        ];
        const [moved] = carryOver([diag('a', 2, 0, 4, related)], before, after, 'file:///x.topo');
        expect(moved.range).toEqual(at(3, 0, 4));
        expect(moved.relatedInformation).toEqual([
            { location: { uri: 'file:///x.topo', range: at(4, 0, 2) }, message: 'here' },
            { location: { uri: 'file:///y.topo', range: at(3, 0, 2) }, message: 'elsewhere' },
        ]);
    });
});

// Two IGWs on one VPC: igw-multiple is a workspace finding (not local); host bits are a local one.
const TEXT = `region us-east-1 {
  az a = use1-az1
  vpc web 10.0.0.0/16 {
    igw one
    igw two
    subnet s 10.0.0.0/24 az a
  }
}
`;

async function editedWorkspace(delayMs: number) {
    const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem }, { validationDelayMs: delayMs });
    const published: Array<PublishDiagnosticsParams & { at: number }> = [];
    registerEarlyDiagnostics(shared, Topo, (p) => void published.push({ ...p, at: Date.now() }));
    const uri = URI.parse('file:///ws/early.topo');
    setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 1, TEXT));
    const doc = shared.workspace.LangiumDocumentFactory.fromString(TEXT, uri);
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([ensureBuiltinDocument(Topo), doc], { validation: true });
    expect((doc.diagnostics ?? []).map(diagnosticCode)).toEqual(['igw-multiple']);
    // The edit: a new subnet above the IGWs, with host bits in its block.
    const edited = TEXT.replace('{\n    igw one', '{\n    subnet t 10.0.1.9/24 az a\n    igw one');
    setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, edited));
    const started = Date.now();
    await shared.workspace.WorkspaceLock.write((token) => shared.workspace.DocumentBuilder.update([uri], [], token));
    return { doc, published, started, edited };
}

const shown = (ds: readonly Diagnostic[]) =>
    ds
        .map(
            (d) =>
                `${diagnosticCode(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
        )
        .sort();

describe("early diagnostics: a keystroke shows its document's findings before the typing pause ends", () => {
    it('published before the pause ends: the new local finding, and the workspace finding moved with its line; the complete check agrees', async () => {
        const { doc, published, started } = await editedWorkspace(300);
        expect(published).toHaveLength(1);
        expect(published[0].at - started).toBeLessThan(300);
        expect(doc.state).toBe(DocumentState.Validated);
        const final = shown(doc.diagnostics ?? []);
        expect(final).toEqual(['cidr-not-canonical 3:13-3:24', 'igw-multiple 5:8-5:11']);
        expect(shown(published[0].diagnostics)).toEqual(final);
    });

    it('local findings: those of the edited VPC are computed again, those of the others carried over', async () => {
        const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem }, { validationDelayMs: 300 });
        const published: PublishDiagnosticsParams[] = [];
        registerEarlyDiagnostics(shared, Topo, (p) => void published.push(p));
        const two =
            'region us-east-1 {\n  vpc a 10.0.0.0/16 {\n    subnet s 10.0.0.7/24\n  }\n  vpc b 10.1.0.0/16 {\n    subnet t 10.1.0.7/24\n  }\n}\n';
        const uri = URI.parse('file:///ws/two.topo');
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 1, two));
        const doc = shared.workspace.LangiumDocumentFactory.fromString(two, uri);
        shared.workspace.LangiumDocuments.addDocument(doc);
        await shared.workspace.DocumentBuilder.build([ensureBuiltinDocument(Topo), doc], { validation: true });
        expect(shown(doc.diagnostics ?? [])).toEqual(['cidr-not-canonical 2:13-2:24', 'cidr-not-canonical 5:13-5:24']);
        // A subnet added in a, below s: a's finding is computed again (once, not also carried), b's moves down.
        setTextDocument(
            shared,
            TextDocument.create(
                uri.toString(),
                'topo',
                2,
                two.replace('10.0.0.7/24\n', '10.0.0.7/24\n    subnet u 10.0.1.0/24\n'),
            ),
        );
        await shared.workspace.WorkspaceLock.write((token) =>
            shared.workspace.DocumentBuilder.update([uri], [], token),
        );
        expect(published).toHaveLength(1);
        expect(shown(published[0].diagnostics)).toEqual([
            'cidr-not-canonical 2:13-2:24',
            'cidr-not-canonical 6:13-6:24',
        ]);
        expect(shown(doc.diagnostics ?? [])).toEqual(shown(published[0].diagnostics));
        // Fixing a's block: its finding goes at once.
        setTextDocument(
            shared,
            TextDocument.create(
                uri.toString(),
                'topo',
                3,
                doc.textDocument.getText().replace('10.0.0.7/24', '10.0.0.0/24'),
            ),
        );
        await shared.workspace.WorkspaceLock.write((token) =>
            shared.workspace.DocumentBuilder.update([uri], [], token),
        );
        expect(shown(published[1].diagnostics)).toEqual(['cidr-not-canonical 6:13-6:24']);
    });

    it('a syntax error shows at once, with the workspace findings kept', async () => {
        const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem }, { validationDelayMs: 300 });
        const published: PublishDiagnosticsParams[] = [];
        registerEarlyDiagnostics(shared, Topo, (p) => void published.push(p));
        const uri = URI.parse('file:///ws/syntax.topo');
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 1, TEXT));
        const doc = shared.workspace.LangiumDocumentFactory.fromString(TEXT, uri);
        shared.workspace.LangiumDocuments.addDocument(doc);
        await shared.workspace.DocumentBuilder.build([ensureBuiltinDocument(Topo), doc], { validation: true });
        setTextDocument(
            shared,
            TextDocument.create(
                uri.toString(),
                'topo',
                2,
                TEXT.replace('    subnet s', '    subnet s 10.0.0.0/24 az a\n    subne t'),
            ),
        );
        await shared.workspace.WorkspaceLock.write((token) =>
            shared.workspace.DocumentBuilder.update([uri], [], token),
        );
        expect(published).toHaveLength(1);
        const codes = published[0].diagnostics.map(diagnosticCode);
        expect(codes).toContain('syntax-error');
        expect(codes).toContain('igw-multiple');
    });

    it('nothing is published early without a typing pause', async () => {
        const { published, doc } = await editedWorkspace(0);
        expect(published).toEqual([]);
        expect(shown(doc.diagnostics ?? [])).toEqual(['cidr-not-canonical 3:13-3:24', 'igw-multiple 5:8-5:11']);
    });
});

describe('early diagnostics survive anything typed', () => {
    // Six VPCs with two IGWs each: six workspace findings spread over the file, for the edits to move.
    const FUZZ = `region r {\n  az a = use1-az1\n${[0, 1, 2, 3, 4, 5].map((i) => `  vpc v${i} 10.${i}.0.0/16 {\n    igw one${i}\n    igw two${i}\n    subnet s${i} 10.${i}.0.0/24 az a\n  }\n`).join('')}}\n`;
    const slice = (text: string, r: Diagnostic['range']): string => {
        const doc = TextDocument.create('file:///t', 'topo', 0, text);
        return text.slice(doc.offsetAt(r.start), doc.offsetAt(r.end));
    };

    it('60 random edits: each is published early, a carried finding still covers the same text, and each edit is validated after', async () => {
        const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem }, { validationDelayMs: 5 });
        const published: PublishDiagnosticsParams[] = [];
        registerEarlyDiagnostics(shared, Topo, (p) => void published.push(p));
        const failures = vi.spyOn(console, 'error');
        const uri = URI.parse('file:///ws/fuzz.topo');
        let text = FUZZ;
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 1, text));
        const doc = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
        shared.workspace.LangiumDocuments.addDocument(doc);
        await shared.workspace.DocumentBuilder.build([ensureBuiltinDocument(Topo), doc], { validation: true });
        expect((doc.diagnostics ?? []).filter((d) => diagnosticCode(d) === 'igw-multiple')).toHaveLength(6);
        let seed = 11;
        const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
        const snippets = ['}', '{', '\n', ' ', 'subnet x 10.0.9.7/24 az a', '10.', '->', 'vpc', '"', '/'];
        let carried = 0;
        try {
            for (let version = 2; version < 62; version++) {
                const before = { text, diagnostics: doc.diagnostics ?? [] };
                const at = next(text.length);
                text = next(2)
                    ? text.slice(0, at) + snippets[next(snippets.length)] + text.slice(at)
                    : text.slice(0, at) + text.slice(at + 1 + next(12));
                setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', version, text));
                const count = published.length;
                await shared.workspace.WorkspaceLock.write((token) =>
                    shared.workspace.DocumentBuilder.update([uri], [], token),
                );
                expect(doc.state).toBe(DocumentState.Validated);
                expect(published.length).toBe(count + 1);
                for (const d of published[count].diagnostics.filter((x) => diagnosticCode(x) === 'igw-multiple')) {
                    const was = before.diagnostics.filter(
                        (x) => diagnosticCode(x) === 'igw-multiple' && x.message === d.message,
                    );
                    expect(was.map((x) => slice(before.text, x.range))).toContain(slice(text, d.range));
                    carried++;
                }
            }
            expect(failures).not.toHaveBeenCalled();
            expect(carried).toBeGreaterThan(20);
        } finally {
            failures.mockRestore();
        }
    }, 60_000);
});
