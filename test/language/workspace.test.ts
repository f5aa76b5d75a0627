/**
 * Multi-file workspaces: references across files, and re-checking dependants when one file changes
 * (issue: "Changing one file re-checks the files that depend on it").
 */
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { createTopoServices } from '../../src/language/topo-module.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';
import { codeOf } from '../helpers.js';
import { MemoryFileSystem } from './memory-fs.js';

const PROVIDER = `account prov id 111111111111
account cons id 222222222222
region eu-west-1 {
  az a = euw1-az1
  vpc provider 10.0.0.0/16 account prov {
    subnet svc-a 10.0.1.0/24 az a
    instance api-1 in svc-a
    nlb api in svc-a targets api-1
  }
  endpoint-service api-svc backed-by provider.api allow cons
}
`;

const CONSUMER = `region eu-west-1 {
  vpc consumer 10.0.0.0/16 account cons {
    subnet app-a 10.0.1.0/24 az a
    endpoint api interface api-svc in app-a
  }
}
`;

async function open(files: Record<string, string>) {
    const fs = new MemoryFileSystem();
    for (const [uri, text] of Object.entries(files)) fs.write(uri, text);
    const { Topo, shared } = createTopoServices({ fileSystemProvider: () => fs });
    const builtin = ensureBuiltinDocument(Topo);
    const docs: LangiumDocument[] = [];
    for (const uri of Object.keys(files)) {
        const doc = await shared.workspace.LangiumDocumentFactory.fromUri(URI.parse(uri));
        shared.workspace.LangiumDocuments.addDocument(doc);
        docs.push(doc);
    }
    await shared.workspace.DocumentBuilder.build([builtin, ...docs], { validation: true });
    const codes = (uri: string) =>
        (shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))?.diagnostics ?? []).map(codeOf).sort();
    const change = async (uri: string, text: string) => {
        fs.write(uri, text);
        await shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
    };
    return { Topo, codes, change };
}

describe('multi-file workspaces', () => {
    test('a consumer in one file links to a provider endpoint service in another', async () => {
        const ws = await open({ 'file:///ws/provider.topo': PROVIDER, 'file:///ws/consumer.topo': CONSUMER });
        expect(ws.codes('file:///ws/consumer.topo')).not.toContain('unresolved-reference');
        const ep = ws.Topo.topo.Analysis.current().topology.endpoints.find((e) => e.name === 'api');
        expect(ep?.service).toEqual({ kind: 'endpoint-service', id: 'endpoint-service:api-svc' });
        // The consumer's AZ `a` comes from the region's AZ declared in the provider's file.
        expect(ws.Topo.topo.Analysis.current().topology.subnets.find((s) => s.name === 'app-a')?.az).toEqual({
            name: 'eu-west-1a',
            id: 'euw1-az1',
        });
    });

    test('renaming the service in the provider file re-checks the consumer that references it', async () => {
        const ws = await open({ 'file:///ws/provider.topo': PROVIDER, 'file:///ws/consumer.topo': CONSUMER });
        expect(ws.codes('file:///ws/consumer.topo')).toEqual([]);
        await ws.change(
            'file:///ws/provider.topo',
            PROVIDER.replace('endpoint-service api-svc', 'endpoint-service api-svc2'),
        );
        expect(ws.codes('file:///ws/consumer.topo')).toEqual(['unresolved-reference']);
        await ws.change('file:///ws/provider.topo', PROVIDER);
        expect(ws.codes('file:///ws/consumer.topo')).toEqual([]);
    });

    test('a change re-checks files whose findings depend on it even without a reference (duplicate names)', async () => {
        const a = 'file:///ws/a.topo';
        const b = 'file:///ws/b.topo';
        const vpc = (name: string, cidr: string) => `region eu-west-1 {\n  vpc ${name} ${cidr} {\n  }\n}\n`;
        const ws = await open({ [a]: vpc('web', '10.0.0.0/16'), [b]: vpc('web', '10.1.0.0/16') });
        expect(ws.codes(b)).toEqual(['duplicate-name']);
        await ws.change(a, vpc('web-old', '10.0.0.0/16'));
        expect(ws.codes(b)).toEqual([]);
        expect(ws.codes(a)).toEqual([]);
    });
});
