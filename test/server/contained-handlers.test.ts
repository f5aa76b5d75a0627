/**
 * containHandlers over a real vscode-languageserver connection, spoken to through in-memory streams (the server
 * process itself, and `exit`, are the end-to-end test's: test/robustness/lsp-stdio.test.ts).
 */
import { PassThrough } from 'node:stream';
import { OperationCancelled } from 'langium';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node.js';
import {
    createProtocolConnection,
    HoverRequest,
    SemanticTokensRequest,
    StreamMessageReader,
    StreamMessageWriter,
    type ProtocolConnection,
} from 'vscode-languageserver-protocol/node.js';
import { containHandlers } from '../../server/contained-handlers.js';

interface Pair {
    readonly server: Connection;
    readonly client: ProtocolConnection;
    readonly logs: string[];
}

const open: Pair[] = [];
afterEach(() => {
    for (const p of open.splice(0)) {
        p.client.dispose();
        p.server.dispose();
    }
});

function connect(): Pair {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const raw = createConnection(
        ProposedFeatures.all,
        new StreamMessageReader(toServer),
        new StreamMessageWriter(toClient),
    );
    const logs: string[] = [];
    const server = containHandlers(raw, (m) => logs.push(m));
    const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.listen();
    const pair = { server, client, logs };
    open.push(pair);
    return pair;
}

async function errorOf(p: Promise<unknown>): Promise<{ code?: number; message?: string } | undefined> {
    try {
        await p;
        return undefined;
    } catch (e) {
        return e as { code?: number; message?: string };
    }
}

const hover = { textDocument: { uri: 'file:///x.topo' }, position: { line: 0, character: 0 } };

describe('every handler is contained', () => {
    it('a request handler that throws answers its request with InternalError, and the stack is logged', async () => {
        const { server, client, logs } = connect();
        server.onHover(() => {
            throw new Error('boom');
        });
        server.listen();
        const error = await errorOf(client.sendRequest(HoverRequest.type, hover));
        expect(error?.code).toBe(-32603);
        expect(error?.message).toContain('hover failed: boom');
        expect(logs).toHaveLength(1);
        expect(logs[0]).toMatch(/^topo: hover failed: Error: boom\n\s+at /);
    });

    it('a custom request whose handler rejects likewise, named by its method; the next request is served', async () => {
        const { server, client, logs } = connect();
        let calls = 0;
        server.onRequest('topo/custom', async (params: { fail: boolean }) => {
            calls++;
            await Promise.resolve();
            if (params.fail) throw new TypeError('bad params');
            return 'ok';
        });
        server.listen();
        expect((await errorOf(client.sendRequest('topo/custom', { fail: true })))?.code).toBe(-32603);
        expect(await client.sendRequest('topo/custom', { fail: false })).toBe('ok');
        expect(calls).toBe(2);
        expect(logs.map((l) => l.split('\n')[0])).toEqual(['topo: topo/custom failed: TypeError: bad params']);
    });

    it('a nested registration (semantic tokens) is contained too', async () => {
        const { server, client, logs } = connect();
        server.languages.semanticTokens.on(() => {
            throw new Error('tokens');
        });
        server.listen();
        const error = await errorOf(
            client.sendRequest(SemanticTokensRequest.type, { textDocument: hover.textDocument }),
        );
        expect(error?.code).toBe(-32603);
        expect(logs[0]).toContain('topo: languages.semanticTokens failed: Error: tokens');
    });

    it('a notification handler that rejects is logged, not left as an unhandled rejection', async () => {
        const { server, client, logs } = connect();
        const unhandled: unknown[] = [];
        const listener = (e: unknown): void => void unhandled.push(e);
        process.on('unhandledRejection', listener);
        try {
            // An async handler, as Langium's are: vscode-jsonrpc never looks at what a notification handler returns.
            const failing = (): Promise<void> => Promise.reject(new Error('late failure'));
            server.onNotification('topo/note', failing as () => void);
            server.listen();
            await client.sendNotification('topo/note', {});
            await expect.poll(() => logs.length).toBe(1);
            await new Promise((r) => setTimeout(r, 20));
            expect(logs[0]).toContain('topo: topo/note failed: Error: late failure');
            expect(unhandled).toEqual([]);
        } finally {
            process.off('unhandledRejection', listener);
        }
    });

    it('a cancelled request is answered RequestCancelled, and nothing is logged', async () => {
        const { server, client, logs } = connect();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        server.onHover(() => Promise.reject(OperationCancelled));
        server.listen();
        expect((await errorOf(client.sendRequest(HoverRequest.type, hover)))?.code).toBe(-32800);
        expect(logs).toEqual([]);
    });
});

describe('shutdown as LSP says', () => {
    it('after shutdown a request is refused with InvalidRequest and its handler is not run', async () => {
        const { server, client } = connect();
        let hovers = 0;
        server.onHover(() => {
            hovers++;
            return null;
        });
        server.listen();
        expect(await client.sendRequest(HoverRequest.type, hover)).toBeNull();
        expect(await client.sendRequest('shutdown')).toBeNull();
        expect((await errorOf(client.sendRequest(HoverRequest.type, hover)))?.code).toBe(-32600);
        expect(hovers).toBe(1);
    });

    it('after shutdown a notification is dropped, an unknown method and a second shutdown are InvalidRequest', async () => {
        const { server, client } = connect();
        const notes: unknown[] = [];
        server.onNotification('topo/note', (p) => void notes.push(p));
        let shutdowns = 0;
        server.onShutdown(() => void shutdowns++);
        server.listen();
        expect((await errorOf(client.sendRequest('topo/unknown')))?.code).toBe(-32601);
        await client.sendRequest('shutdown');
        await client.sendNotification('topo/note', 1);
        expect((await errorOf(client.sendRequest('topo/unknown')))?.code).toBe(-32600);
        expect((await errorOf(client.sendRequest('shutdown')))?.code).toBe(-32600);
        expect(notes).toEqual([]);
        expect(shutdowns).toBe(1);
    });
});
