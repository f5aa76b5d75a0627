import { describe, expect, it } from 'vitest';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { setTextDocument } from 'langium/test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { carryOver, registerEarlyDiagnostics } from '../../server/early-diagnostics.js';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';

const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
const diag = (code: string, line: number, from = 0, to = 4, related: Diagnostic['relatedInformation'] = undefined): Diagnostic => ({
    code, message: code, range: at(line, from, to), ...(related ? { relatedInformation: related } : {}),
});

describe('carryOver: the last check\'s findings, placed in the edited text', () => {
    const before = 'line0\nline1\nline2\nline3\n';

    it('a line inserted above moves a finding down; one above the edit stays', () => {
        const after = 'line0\nnew\nline1\nline2\nline3\n';
        expect(carryOver([diag('a', 0), diag('b', 2)], before, after, 'file:///x.topo').map((d) => [d.code, d.range])).toEqual([
            ['a', at(0, 0, 4)],
            ['b', at(3, 0, 4)],
        ]);
    });

    it('a finding the edit touches is dropped: the analysis says again after the pause', () => {
        const after = 'line0\nlinX1\nline2\nline3\n';
        expect(carryOver([diag('a', 1), diag('b', 2)], before, after, 'file:///x.topo').map((d) => d.code)).toEqual(['b']);
    });

    it('related locations in the document move or go with the text; those in other files stay', () => {
        const after = 'new\nline0\nline1\nline2\nline3\n';
        const related = [
            { location: { uri: 'file:///x.topo', range: at(3, 0, 2) }, message: 'here' },
            { location: { uri: 'file:///y.topo', range: at(3, 0, 2) }, message: 'elsewhere' },
        ];
        const [moved] = carryOver([diag('a', 2, 0, 4, related)], before, after, 'file:///x.topo');
        expect(moved!.range).toEqual(at(3, 0, 4));
        expect(moved!.relatedInformation).toEqual([
            { location: { uri: 'file:///x.topo', range: at(4, 0, 2) }, message: 'here' },
            { location: { uri: 'file:///y.topo', range: at(3, 0, 2) }, message: 'elsewhere' },
        ]);
    });
});

// Two IGWs on one VPC: igw-multiple is a workspace finding (not local); host bits are a local one.
const TEXT = `region r {
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

const shown = (ds: readonly Diagnostic[]) => ds.map((d) => `${diagnosticCode(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();

describe('early diagnostics: a keystroke shows its document\'s findings before the typing pause ends', () => {
    it('published before the pause ends: the new local finding, and the workspace finding moved with its line; the complete check agrees', async () => {
        const { doc, published, started } = await editedWorkspace(300);
        expect(published).toHaveLength(1);
        expect(published[0]!.at - started).toBeLessThan(300);
        expect(doc.state).toBe(DocumentState.Validated);
        const final = shown(doc.diagnostics ?? []);
        expect(final).toEqual(['cidr-not-canonical 3:13-3:24', 'igw-multiple 5:8-5:11']);
        expect(shown(published[0]!.diagnostics)).toEqual(final);
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
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, TEXT.replace('    subnet s', '    subnet s 10.0.0.0/24 az a\n    subne t')));
        await shared.workspace.WorkspaceLock.write((token) => shared.workspace.DocumentBuilder.update([uri], [], token));
        expect(published).toHaveLength(1);
        const codes = published[0]!.diagnostics.map(diagnosticCode);
        expect(codes).toContain('syntax-error');
        expect(codes).toContain('igw-multiple');
    });

    it('nothing is published early without a typing pause', async () => {
        const { published, doc } = await editedWorkspace(0);
        expect(published).toEqual([]);
        expect(shown(doc.diagnostics ?? [])).toEqual(['cidr-not-canonical 3:13-3:24', 'igw-multiple 5:8-5:11']);
    });
});
