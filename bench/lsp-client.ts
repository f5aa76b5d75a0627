/**
 * A small LSP client for the bundled language server (out/server/main.js) over stdio, shared by the protocol test
 * (test/server/protocol.test.ts) and the LSP benchmark (bench/lsp-bench.ts).
 *
 * It speaks the protocol through vscode-jsonrpc and the request types of vscode-languageserver-protocol, keeps the
 * latest publishDiagnostics per document, and lets a caller wait for the next publish that satisfies a predicate
 * (Langium publishes without a document version, so "the diagnostics of my edit" is "the next publish that shows it").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
    CodeActionRequest,
    CompletionRequest,
    createProtocolConnection,
    DidChangeTextDocumentNotification,
    DidCloseTextDocumentNotification,
    DidOpenTextDocumentNotification,
    ExitNotification,
    HoverRequest,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    ShutdownRequest,
    StreamMessageReader,
    StreamMessageWriter,
    type ClientCapabilities,
    type CodeAction,
    type Command,
    type CompletionItem,
    type CompletionList,
    type Diagnostic,
    type Hover,
    type InitializeResult,
    type Position,
    type ProtocolConnection,
    type Range,
} from 'vscode-languageserver-protocol/node.js';

export interface LspClientOptions {
    /** The server module, run with the current node binary and `--stdio`. */
    readonly serverModule: string;
    /** Workspace folder URIs for initialize; none means a server with only the documents opened by the client. */
    readonly workspaceFolders?: readonly string[];
    /** Extra node flags for the server, e.g. ['--cpu-prof'] to profile it. */
    readonly execArgv?: readonly string[];
    /** Working directory of the server process. */
    readonly cwd?: string;
    /** Run the server as this user and group (a test as root that needs file permissions to hold). */
    readonly uid?: number;
    readonly gid?: number;
}

/** A window/logMessage or window/showMessage from the server (type: 1 error, 2 warning, 3 info, 4 log). */
export interface ServerMessage {
    readonly type: number;
    readonly message: string;
}

interface Waiter {
    readonly uri: string;
    readonly accept: (diagnostics: readonly Diagnostic[]) => boolean;
    readonly resolve: (diagnostics: Diagnostic[]) => void;
}

/** What an editor like VS Code announces; the server may tailor hover markup, snippets and diagnostics to it. */
const CAPABILITIES: ClientCapabilities = {
    textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: {
            completionItem: {
                snippetSupport: true,
                labelDetailsSupport: true,
                documentationFormat: ['markdown', 'plaintext'],
            },
            contextSupport: true,
        },
        codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
            isPreferredSupport: true,
        },
        publishDiagnostics: {
            relatedInformation: true,
            codeDescriptionSupport: true,
            dataSupport: true,
            versionSupport: true,
        },
    },
    workspace: { workspaceFolders: true, configuration: true },
};

export class LspClient {
    private readonly latest = new Map<string, Diagnostic[]>();
    private readonly waiters = new Set<Waiter>();
    private readonly listeners = new Set<(uri: string, diagnostics: Diagnostic[]) => void>();
    private readonly versions = new Map<string, number>();
    private stderr = '';
    private exited: Promise<number | null>;
    /** The server's window/logMessage notifications, in order. */
    readonly logs: ServerMessage[] = [];
    /** The server's window/showMessage notifications (notices to the user), in order. */
    readonly notices: ServerMessage[] = [];

    private constructor(
        readonly process: ChildProcess,
        readonly connection: ProtocolConnection,
    ) {
        this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
        process.stderr?.on('data', (chunk: Buffer) => {
            this.stderr = (this.stderr + chunk.toString()).slice(-8_000);
        });
        connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
            this.latest.set(p.uri, p.diagnostics);
            for (const l of this.listeners) l(p.uri, p.diagnostics);
            for (const w of [...this.waiters]) {
                if (w.uri === p.uri && w.accept(p.diagnostics)) {
                    this.waiters.delete(w);
                    w.resolve(p.diagnostics);
                }
            }
        });
        // The server may ask for settings (workspace/configuration): answer "no settings" for every item.
        connection.onRequest('workspace/configuration', (params: { items?: unknown[] }) =>
            (params.items ?? []).map(() => null),
        );
        connection.onNotification('window/logMessage', (m: ServerMessage) => void this.logs.push(m));
        connection.onNotification('window/showMessage', (m: ServerMessage) => void this.notices.push(m));
        connection.onRequest('client/registerCapability', () => null);
        connection.onRequest('window/workDoneProgress/create', () => null);
        connection.listen();
    }

    /** Spawns the server and runs initialize / initialized. */
    static async start(options: LspClientOptions): Promise<{ client: LspClient; init: InitializeResult }> {
        const child = spawn(process.execPath, [...(options.execArgv ?? []), options.serverModule, '--stdio'], {
            cwd: options.cwd,
            uid: options.uid,
            gid: options.gid,
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        const connection = createProtocolConnection(
            new StreamMessageReader(child.stdout),
            new StreamMessageWriter(child.stdin),
        );
        const client = new LspClient(child, connection);
        const folders = options.workspaceFolders ?? [];
        const init = await connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: folders[0] ?? null,
            workspaceFolders:
                folders.length > 0 ? folders.map((uri) => ({ uri, name: uri.split('/').pop() ?? uri })) : null,
            capabilities: CAPABILITIES,
        });
        await connection.sendNotification(InitializedNotification.type, {});
        return { client, init };
    }

    /** The exit code of the server process, once it has ended. */
    get exitCode(): Promise<number | null> {
        return this.exited;
    }

    /** Writes bytes to the server's stdin as they are: malformed frames, for robustness tests. */
    sendRaw(bytes: string | Uint8Array): Promise<void> {
        return new Promise((resolve, reject) => this.process.stdin?.write(bytes, (e) => (e ? reject(e) : resolve())));
    }

    /** The server's last stderr output, for failure messages. */
    get serverLog(): string {
        return this.stderr;
    }

    /** The last diagnostics published for a document (undefined before the first publish). */
    diagnostics(uri: string): Diagnostic[] | undefined {
        return this.latest.get(uri);
    }

    /** Calls `listener` on every publishDiagnostics; returns the function that removes it. */
    onDiagnostics(listener: (uri: string, diagnostics: Diagnostic[]) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /**
     * Resolves with the first publish for `uri`, from now on, that `accept` takes; rejects after `timeoutMs`.
     * Call it before sending the change whose diagnostics you wait for.
     */
    nextDiagnostics(
        uri: string,
        accept: (d: readonly Diagnostic[]) => boolean = () => true,
        timeoutMs = 20_000,
    ): Promise<Diagnostic[]> {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.waiters.delete(waiter);
                const last = this.latest.get(uri);
                reject(
                    new Error(
                        `no matching publishDiagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(last?.map((d) => d.code))}\n${this.stderr}`,
                    ),
                );
            }, timeoutMs);
            const waiter: Waiter = {
                uri,
                accept,
                resolve: (d) => {
                    clearTimeout(timer);
                    resolve(d);
                },
            };
            this.waiters.add(waiter);
        });
    }

    async open(uri: string, text: string, languageId = 'topo'): Promise<void> {
        this.versions.set(uri, 1);
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId, version: 1, text },
        });
    }

    /** Replaces the whole text (full sync), or one range when `range` is given (incremental). */
    async change(uri: string, text: string, range?: Range): Promise<void> {
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version },
            contentChanges: [range ? { range, text } : { text }],
        });
    }

    async close(uri: string): Promise<void> {
        this.versions.delete(uri);
        await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }

    hover(uri: string, position: Position): Promise<Hover | null> {
        return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    }

    /** Completion items at a position (a CompletionList is flattened to its items). */
    async completion(uri: string, position: Position): Promise<CompletionItem[]> {
        const result: CompletionItem[] | CompletionList | null = await this.connection.sendRequest(
            CompletionRequest.type,
            {
                textDocument: { uri },
                position,
                context: { triggerKind: 1 },
            },
        );
        return Array.isArray(result) ? result : (result?.items ?? []);
    }

    async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<Array<CodeAction | Command>> {
        return (
            (await this.connection.sendRequest(CodeActionRequest.type, {
                textDocument: { uri },
                range,
                context: { diagnostics },
            })) ?? []
        );
    }

    /** Resident set size of the server process now, and its peak, in MiB (Linux /proc). */
    memoryMb(): { rss: number; peak: number } {
        const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
        const kb = (field: string): number =>
            Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
        return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
    }

    /** shutdown + exit, then waits for the process; kills it (by its pid) if it does not end within 5 s. */
    async stop(): Promise<void> {
        if (this.process.exitCode !== null || this.process.signalCode !== null) return;
        try {
            await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 3_000);
            await this.connection.sendNotification(ExitNotification.type);
        } catch {
            // A server that cannot answer shutdown is killed below.
        }
        const ended = await withTimeout(this.exited, 5_000).then(
            () => true,
            () => false,
        );
        if (!ended) this.process.kill('SIGKILL');
        this.connection.dispose();
    }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
        p.then(
            (v) => {
                clearTimeout(timer);
                resolve(v);
            },
            (e: unknown) => {
                clearTimeout(timer);
                reject(e instanceof Error ? e : new Error(String(e)));
            },
        );
    });
}

/** The 0-based position of the first occurrence of `needle` in `text` (after `from`), plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, from = 0): Position {
    const offset = text.indexOf(needle, from);
    if (offset < 0) throw new Error(`"${needle}" not found`);
    const before = text.slice(0, offset + delta).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Plain text of a hover's contents, whatever form the server used. */
export function hoverText(hover: Hover | null): string {
    if (!hover) return '';
    const c = hover.contents;
    const one = (x: string | { value: string }): string => (typeof x === 'string' ? x : x.value);
    return Array.isArray(c) ? c.map(one).join('\n') : one(c);
}
