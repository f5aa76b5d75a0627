import { describe, expect, it } from 'vitest';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';
import { setTextDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource } from 'vscode-languageserver';
import { isOperationCancelled } from 'langium';
import { ALL_RULES } from '../../src/rules/registry.js';
import type { Rule } from '../../src/rules/types.js';

const text = (cidr: string) => `region r {\n  vpc v 10.0.0.0/16 {\n    subnet s ${cidr}\n    instance i in s\n  }\n}\n`;

/** LSP services with one built and validated document `file:///ws/<name>.topo` holding text('10.0.0.0/24'). */
async function workspace(name: string, validationDelayMs: number) {
    const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem }, { validationDelayMs });
    const builtin = ensureBuiltinDocument(Topo);
    const uri = URI.parse(`file:///ws/${name}.topo`);
    const doc = shared.workspace.LangiumDocumentFactory.fromString(text('10.0.0.0/24'), uri);
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([builtin, doc], { validation: true });
    return { shared, uri, doc };
}

describe('workspace-wide analysis waits for a typing pause; parsing and linking do not', () => {
    it('a document is linked (hover and completion can answer) before the pause ends, and validated after it', async () => {
        const { shared, uri, doc } = await workspace('a', 300);

        const started = Date.now();
        // An edit, as the LSP document update handler applies it: a write under the workspace lock.
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, text('10.0.0.7/24')));
        const update = shared.workspace.WorkspaceLock.write((token) =>
            shared.workspace.DocumentBuilder.update([uri], [], token),
        );
        while (doc.state === DocumentState.Validated) await new Promise((r) => setTimeout(r, 1));
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri);
        const linkedAfter = Date.now() - started;
        expect(doc.state).toBeLessThan(DocumentState.Validated);
        expect(linkedAfter).toBeLessThan(300);
        await update;
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        expect(doc.state).toBe(DocumentState.Validated);
        expect((doc.diagnostics ?? []).map((d) => d.code)).toContain('cidr-not-canonical');
    });

    it('a second keystroke during the pause cancels the first build; the last text wins', async () => {
        const { shared, uri, doc } = await workspace('b', 200);
        let validations = 0;
        shared.workspace.DocumentBuilder.onDocumentPhase(
            DocumentState.Validated,
            (d) => void (d.uri.toString() === uri.toString() && validations++),
        );
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, text('10.0.0.7/24')));
        const first = shared.workspace.WorkspaceLock.write((token) =>
            shared.workspace.DocumentBuilder.update([uri], [], token),
        );
        await new Promise((r) => setTimeout(r, 50));
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 3, text('10.0.0.0/24')));
        const second = shared.workspace.WorkspaceLock.write((token) =>
            shared.workspace.DocumentBuilder.update([uri], [], token),
        );
        await Promise.all([first, second]);
        expect(validations).toBe(1);
        expect((doc.diagnostics ?? []).map((d) => d.code)).not.toContain('cidr-not-canonical');
    });
});

describe('requests wait for the text the editor holds', () => {
    it('a request made after a keystroke, before its build starts, is answered from the new parse, not the old one', async () => {
        const { shared, uri, doc } = await workspace('d', 0);
        // The keystroke has reached the text store, but its build is still queued (behind the build it cancels):
        // the document still says Validated, from the old text.
        const typed = text('10.0.0.0/24') + 'region r2 {}\n';
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, typed));
        expect(doc.state).toBe(DocumentState.Validated);
        let answeredWith: string | undefined;
        const request = shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri).then(() => {
            answeredWith = doc.parseResult.value.$cstNode?.root.fullText;
        });
        await new Promise((r) => setTimeout(r, 20));
        expect(answeredWith).toBeUndefined();
        await shared.workspace.WorkspaceLock.write((token) =>
            shared.workspace.DocumentBuilder.update([uri], [], token),
        );
        await request;
        expect(answeredWith).toBe(typed);
    });

    it('a waiting request is released when it is cancelled', async () => {
        const { shared, uri } = await workspace('e', 0);
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, text('10.0.0.0/25')));
        const source = new CancellationTokenSource();
        const request = shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri, source.token);
        source.cancel();
        await expect(request).rejects.toSatisfy(isOperationCancelled);
    });

    it('a file not open in an editor is answered at once', async () => {
        const { shared, uri } = await workspace('f', 0);
        await expect(shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri)).resolves.toEqual(uri);
    });
});

describe('the rules yield while they run', () => {
    it('a keystroke (a cancelled build) during the rules stops them at the next rule; the next build runs them all', async () => {
        const { shared, uri, doc } = await workspace('c', 0);

        // Two probe rules around the real ones: the first cancels the build it runs in (as a keystroke would),
        // the last counts the runs that got that far. Rules that ran at once, without yielding, would all run.
        const source = { current: undefined as CancellationTokenSource | undefined };
        let reachedEnd = 0;
        const rules = ALL_RULES as Rule[];
        const cancelling: Rule = {
            code: 'test-cancel',
            severity: 'info',
            summary: '',
            check: () => source.current?.cancel(),
        };
        const last: Rule = { code: 'test-last', severity: 'info', summary: '', check: () => void reachedEnd++ };
        rules.unshift(cancelling);
        rules.push(last);
        try {
            source.current = new CancellationTokenSource();
            setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, text('10.0.0.7/24')));
            await expect(shared.workspace.DocumentBuilder.update([uri], [], source.current.token)).rejects.toSatisfy(
                isOperationCancelled,
            );
            expect(reachedEnd).toBe(0);
            expect(doc.state).toBeLessThan(DocumentState.Validated);

            source.current = undefined;
            await shared.workspace.DocumentBuilder.update([], [], new CancellationTokenSource().token);
            expect(reachedEnd).toBe(1);
            expect(doc.state).toBe(DocumentState.Validated);
            expect((doc.diagnostics ?? []).map((d) => d.code)).toContain('cidr-not-canonical');
        } finally {
            rules.splice(rules.indexOf(cancelling), 1);
            rules.splice(rules.indexOf(last), 1);
        }
    });
});
