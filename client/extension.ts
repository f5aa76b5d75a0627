/**
 * The VS Code extension: starts the bundled language server (out/server/main.js, no node_modules needed)
 * and connects a LanguageClient to it. Activation is on `onLanguage:topo` (package.json).
 * Settings under `topo.*` are pulled by the server (workspace/configuration); server logs go to the
 * "Topo" output channel, and protocol traces (`topo.trace.server`) to "Topo Language Server Trace".
 */
import * as path from 'node:path';
import { window, workspace, type ExtensionContext } from 'vscode';
import {
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node.js';
import { registerDiagramCommands } from './diagram-panel.js';
import { DEFAULT_MAX_MEMORY_MB, serverExecArgv } from '../server/process-options.js';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
    const module = context.asAbsolutePath(path.join('out', 'server', 'main.js'));
    const execArgv = serverExecArgv(
        workspace.getConfiguration('topo').get<number>('server.maxMemory', DEFAULT_MAX_MEMORY_MB),
    );
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc, options: { execArgv } },
        debug: {
            module,
            transport: TransportKind.ipc,
            options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] },
        },
    };
    const outputChannel = window.createOutputChannel('Topo');
    const traceOutputChannel = window.createOutputChannel('Topo Language Server Trace');
    context.subscriptions.push(outputChannel, traceOutputChannel);
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'topo' }],
        synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.topo') },
        outputChannel,
        traceOutputChannel,
    };
    client = new LanguageClient('topo', 'Topo Language Server', serverOptions, clientOptions);
    registerDiagramCommands(context, () => client);
    await client.start();
    outputChannel.appendLine(`Topo language server started (${module}).`);
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}
