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
import { TopoFileSystemProvider } from './topo-document-factory.js';

// The bundle lives in <extension>/out/server/; the rule pages ship in <extension>/docs/rules/.
const bundleDir = path.dirname(process.argv[1] ?? '.');
const rulesDocBase = pathToFileURL(path.resolve(bundleDir, '..', '..', 'docs', 'rules')).href;

const connection = createConnection(ProposedFeatures.all);
const { shared, Topo } = createTopoLspServices(
    { connection, fileSystemProvider: () => new TopoFileSystemProvider() },
    { rulesDocBase, validationDelayMs: DEFAULT_VALIDATION_DELAY_MS },
);
watchSettings(shared, Topo.topo.Analysis);
registerDiagramRequest(connection, shared, Topo);
startLanguageServer(shared);
