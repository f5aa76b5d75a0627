import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { sanitizeSeverity, watchSettings } from '../../server/settings.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';

describe('sanitizeSeverity', () => {
    it('keeps well-formed code -> level entries and drops the rest', () => {
        expect(
            sanitizeSeverity({
                'nat-cross-az': 'off',
                'gwlbe-missing-in-az': 'error',
                bad: 'loud',
                'x y': 'info',
                n: 3,
            }),
        ).toEqual({ 'nat-cross-az': 'off', 'gwlbe-missing-in-az': 'error' });
        expect(sanitizeSeverity('nope')).toEqual({});
        expect(sanitizeSeverity(undefined)).toEqual({});
    });
});

describe('severity overrides from the settings re-validate open documents', () => {
    it('turns a warning into an error, and `off` removes it', async () => {
        const { shared, Topo } = createTopoLspServices({ ...EmptyFileSystem });
        const builtin = ensureBuiltinDocument(Topo);
        const doc = shared.workspace.LangiumDocumentFactory.fromString(
            'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.1.7/24\n  }\n}',
            URI.parse('file:///ws/a.topo'),
        );
        shared.workspace.LangiumDocuments.addDocument(doc);
        await shared.workspace.DocumentBuilder.build([builtin, doc], { validation: true });
        const severityOf = () => doc.diagnostics?.find((d) => diagnosticCode(d) === 'cidr-not-canonical')?.severity;
        expect(severityOf()).toBe(2);

        let settings: unknown = { severity: { 'cidr-not-canonical': 'error' } };
        const listeners: Array<(u: { section: string; configuration: unknown }) => void> = [];
        const fake = {
            workspace: {
                ...shared.workspace,
                ConfigurationProvider: {
                    getConfiguration: async () => settings,
                    onConfigurationSectionUpdate: (cb: (u: { section: string; configuration: unknown }) => void) =>
                        listeners.push(cb),
                },
                WorkspaceManager: { ready: Promise.resolve() },
            },
        } as unknown as LangiumSharedServices;
        watchSettings(fake, Topo.topo.Analysis);
        await waitFor(() => severityOf() === 1);

        settings = { severity: { 'cidr-not-canonical': 'off' } };
        for (const l of listeners) l({ section: 'topo', configuration: settings });
        await waitFor(() => severityOf() === undefined);
    });
});

async function waitFor(ok: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok()).toBe(true);
}
