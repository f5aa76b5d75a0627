/**
 * The language server entry point: the Topo core services plus Langium's LSP module and Topo's editor
 * features (server/topo-lsp-module.ts), over stdio or IPC. Bundled to out/server/main.js.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createTopoLspServices } from './topo-lsp-module.js';
import { DEFAULT_VALIDATION_DELAY_MS, watchSettings } from './settings.js';
import { registerDiagramRequest } from './diagram-request.js';
import { containHandlers } from './contained-handlers.js';
import { TopoFileSystem } from './workspace-files.js';

// The bundle lives in <extension>/out/server/; the rule pages ship in <extension>/docs/rules/.
const bundleDir = path.dirname(process.argv[1] ?? '.');
const rulesDocBase = pathToFileURL(path.resolve(bundleDir, '..', '..', 'docs', 'rules')).href;

// Every handler registered from here on is contained: an exception answers its request and is logged.
const connection = containHandlers(createConnection(ProposedFeatures.all));
// The last line of defence: a failure outside any handler is logged, and the server keeps serving.
let reporting = false;
const logFailure = (what: string) => (e: unknown) => {
    if (reporting) return;
    reporting = true;
    try {
        connection.console.error(`topo: ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
        reporting = false;
    }
};
process.on('unhandledRejection', logFailure('unhandled rejection'));
process.on('uncaughtException', logFailure('uncaught exception'));
const { shared, Topo } = createTopoLspServices(
    { connection, ...TopoFileSystem },
    { rulesDocBase, validationDelayMs: DEFAULT_VALIDATION_DELAY_MS },
);
watchSettings(shared, Topo.topo.Analysis);
registerDiagramRequest(connection, shared, Topo);
startLanguageServer(shared);
