/**
 * The editor's model cache (model-cache.ts) must never change the result: after every edit, the Topology built
 * with reused document fragments equals the one built from scratch, element for element, issues included; and
 * documents that Langium only re-linked to the same targets are reused.
 */
import { describe, expect, test } from 'vitest';
import { URI, EmptyFileSystem } from 'langium';
import { setTextDocument } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTopoLspServices } from '../../../server/topo-lsp-module.js';
import { buildTopology } from '../../../src/language/model-builder/build-topology.js';
import type { Model } from '../../../src/language/generated/ast.js';
import { buildWorkspace } from '../../../src/language/workspace.js';
import { createRng, generateTopologyFiles } from '../../../bench/generate.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Edits a user makes: host bits in a CIDR, a renamed element, a deleted line, a duplicated line, another AZ. */
function edit(text: string, next: () => number): string {
    const lines = text.split('\n');
    const at = Math.floor(next() * lines.length);
    switch (Math.floor(next() * 5)) {
        case 0:
            return text.replace(/(\d+\.\d+\.\d+\.)0\/(2\d)/, '$17/$2');
        case 1: {
            const m = /^\s*(?:vpc|subnet|instance|route-table) (\S+)/m.exec(lines.slice(at).join('\n'));
            return m ? text.replace(new RegExp(`\\b${escape(m[1])}\\b`), `${m[1]}-x`) : text;
        }
        case 2:
            return [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n');
        case 3:
            return [...lines.slice(0, at + 1), lines[at] ?? '', ...lines.slice(at + 1)].join('\n');
        default:
            return text.replace(/ az a\b/, ' az c');
    }
}

async function workspace(files: ReturnType<typeof generateTopologyFiles>) {
    const services = createTopoLspServices({ ...EmptyFileSystem });
    expect(services.Topo.topo.Analysis.reuseModels).toBe(true);
    await buildWorkspace(services.Topo, files);
    return services;
}

describe('model cache', () => {
    test('after each of 30 random edits over 6 files, the cached Topology equals the one built from scratch', async () => {
        const files = generateTopologyFiles({ lines: 1800, seed: 11, files: 6 });
        const { shared, Topo } = await workspace(files);
        const texts = files.map((f) => f.text);
        const next = createRng(42);
        const models = Topo.topo.Analysis.models;
        const before = { hits: models.hits, misses: models.misses };
        for (let i = 0; i < 30; i++) {
            const k = Math.floor(next() * files.length);
            texts[k] = edit(texts[k], next);
            const uri = URI.parse(files[k].uri);
            setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', i + 2, texts[k]));
            await shared.workspace.DocumentBuilder.update([uri], []);

            const docs = shared.workspace.LangiumDocuments.all
                .toArray()
                .sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
            const cached = Topo.topo.Analysis.current();
            const fresh = buildTopology(
                docs.map((d) => ({ uri: d.uri.toString(), model: d.parseResult.value as Model })),
            );
            expect(JSON.stringify(cached.topology), `edit ${i}`).toBe(JSON.stringify(fresh.topology));
            const issues = (xs: readonly { code: string; uri: string; message: string }[]) =>
                xs.map((d) => `${d.uri} ${d.code} ${d.message}`).sort();
            const modelCodes = [
                'cidr-invalid',
                'ip-invalid',
                'duplicate-name',
                'ipv6-unsupported',
                'port-invalid',
                'account-id-invalid',
                'az-invalid',
                'region-unknown',
            ];
            expect(issues([...cached.diagnostics.values()].flat().filter((d) => modelCodes.includes(d.code)))).toEqual(
                issues(fresh.issues),
            );
        }
        // Reuse happened (not vacuous), though duplicated lines turn it off for a while.
        expect(models.hits - before.hits).toBeGreaterThan(30);
        expect(models.misses - before.misses).toBeGreaterThan(0);
    });

    test('an edit re-builds the edited document only, although Langium re-links the ones that reference it', async () => {
        const files = generateTopologyFiles({ lines: 3000, seed: 5, files: 8 });
        const { shared, Topo } = await workspace(files);
        const models = Topo.topo.Analysis.models;
        const uri = URI.parse(files[2].uri);
        const text = files[2].text.replace(/(\d+\.\d+\.\d+\.)0\/(2\d)/, '$17/$2');
        expect(text).not.toBe(files[2].text);
        const relinked: string[] = [];
        shared.workspace.DocumentBuilder.onDocumentPhase(4 /* Linked */, (d) => void relinked.push(d.uri.toString()));
        const before = { hits: models.hits, misses: models.misses };
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, text));
        await shared.workspace.DocumentBuilder.update([uri], []);
        expect(relinked.length).toBeGreaterThan(2);
        expect(models.misses - before.misses).toBe(1);
        expect(models.hits - before.hits).toBe(files.length);
    });

    test('a subnet that changes AZ in one file changes the TGW attachment declared in another (AZ resolution reads it)', async () => {
        const vpcFile = {
            uri: 'file:///ws/vpc.topo',
            text: 'region ap-northeast-1 {\n  vpc app 10.1.0.0/16 {\n    subnet tgw-a 10.1.255.0/28 az a\n  }\n}\n',
        };
        const tgwFile = {
            uri: 'file:///ws/tgw.topo',
            text: 'region ap-northeast-1 {\n  transit-gateway core {\n    attachment att-app vpc app in tgw-a\n  }\n}\n',
        };
        const { shared, Topo } = await workspace([vpcFile, tgwFile]);
        expect(Topo.topo.Analysis.current().topology.tgwAttachments[0].azs.map((a) => a.name)).toEqual([
            'ap-northeast-1a',
        ]);
        const uri = URI.parse(vpcFile.uri);
        setTextDocument(shared, TextDocument.create(uri.toString(), 'topo', 2, vpcFile.text.replace('az a', 'az c')));
        await shared.workspace.DocumentBuilder.update([uri], []);
        expect(Topo.topo.Analysis.current().topology.tgwAttachments[0].azs.map((a) => a.name)).toEqual([
            'ap-northeast-1c',
        ]);
    });
});
