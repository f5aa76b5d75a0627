/**
 * The language server entry point: the Topo core services plus Langium's LSP module, over stdio or IPC.
 * Editor features (hover with resolved routes, completion, quick fixes, …) are added here, on top of the core.
 */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createTopoLspServices } from './topo-lsp-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createTopoLspServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
