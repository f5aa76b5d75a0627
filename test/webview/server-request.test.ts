/**
 * `topo/diagram` on the BUNDLED language server (out/server/main.js, built by `npm run build`), spoken to over
 * stdio as the extension does: the request is registered, answers with the SVG of the open document's
 * workspace, draws a picked trace, and follows an edit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LspClient } from '../../bench/lsp-client.js';
import { DIAGRAM_REQUEST, type DiagramParams } from '../../src/webview/protocol.js';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'out/server/main.js');
const EXAMPLE = join(ROOT, 'examples/reference/distributed-inspection.topo');

describe('topo/diagram on the bundled server', () => {
    const uri = pathToFileURL(join(ROOT, 'test-output/diagram-request/distributed-inspection.topo')).href;
    let client: LspClient | undefined;
    let failure: unknown;
    const ask = (params: DiagramParams) => {
        if (!client)
            throw failure instanceof Error ? failure : new Error(`the server did not start: ${String(failure)}`);
        return client.connection.sendRequest(DIAGRAM_REQUEST, params);
    };

    beforeAll(async () => {
        try {
            if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
            client = (await LspClient.start({ serverModule: SERVER, cwd: ROOT })).client;
            const diagnostics = client.nextDiagnostics(uri);
            await client.open(uri, readFileSync(EXAMPLE, 'utf8'));
            await diagnostics;
        } catch (e) {
            failure = e;
        }
    }, 60_000);

    afterAll(async () => {
        await client?.stop();
    });

    test('answers with the diagram, the trace choices and where each node is written', async () => {
        const r = await ask({ traces: [{ from: 'shop-1a', to: 'internet' }] });
        expect(r.svg).toContain('data-node="vpc:storefront"');
        expect(r.drawn).toEqual(['shop-1a -> internet']);
        expect((r.svg.match(/class="topo-hop topo-hop-forward"/g) ?? []).length).toBe(8);
        expect(r.choices.map((c) => c.key)).toEqual(['shop-1a -> internet port 443', 'shop-1c -> internet port 443']);
        expect(r.locations.find((l) => l.node === 'instance:storefront.shop-1a')).toMatchObject({ uri });
    });

    test('follows an edit: a new instance appears in the next answer', async () => {
        const text = readFileSync(EXAMPLE, 'utf8').replace(
            'instance shop-1c in app-c ip 10.40.12.10',
            'instance shop-1c in app-c ip 10.40.12.10\n    instance shop-2c in app-c',
        );
        await client!.change(uri, text);
        const r = await ask({ traces: [] });
        expect(r.svg).toContain('data-node="instance:storefront.shop-2c"');
        expect(r.drawn).toEqual([]);
    });
});
