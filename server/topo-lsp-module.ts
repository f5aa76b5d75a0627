/**
 * Composes the core Topo module with Langium's default LSP services and Topo's editor features; the workspace
 * manager (topo-workspace-manager.ts) loads the built-in AWS services document into every workspace.
 */
import type {
    DefaultSharedModuleContext,
    LangiumServices,
    LangiumSharedServices,
    PartialLangiumServices,
    PartialLangiumSharedServices,
} from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { inject, type Module } from 'langium';
import { TopoGeneratedModule, TopoGeneratedSharedModule } from '../src/language/generated/module.js';
import { TopoModule, TopoSharedModule, type TopoAddedServices } from '../src/language/topo-module.js';
import { TopoDocumentBuilder } from '../src/language/topo-document-builder.js';
import { registerTopoValidation } from '../src/language/topo-validator.js';
import { TopoHoverProvider } from './hover/topo-hover-provider.js';
import { TopoCompletionProvider } from './completion/topo-completion-provider.js';
import { TopoCodeActionProvider } from './code-actions/topo-code-action-provider.js';
import { TopoLspDocumentValidator } from './topo-document-validator.js';
import { TopoFormatter } from './topo-formatter.js';
import { TopoRenameProvider } from './topo-rename-provider.js';
import { TopoNodeKindProvider } from './topo-node-kinds.js';
import { TopoSemanticTokenProvider } from './topo-semantic-tokens.js';
import { TopoCodeLensProvider } from './topo-code-lens.js';
import { registerEarlyDiagnostics } from './early-diagnostics.js';
import { TopoDocumentFactory } from './topo-document-factory.js';
import { TopoWorkspaceManager } from './topo-workspace-manager.js';
import { TopoDocumentUpdateHandler, TopoServiceRegistry } from './topo-document-update-handler.js';

export type TopoLspServices = LangiumServices & TopoAddedServices;

const TopoSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    // Untitled and other non-file documents in Topo mode stay Topo until closed, then leave the workspace.
    ServiceRegistry: (services) => new TopoServiceRegistry(services),
    workspace: {
        WorkspaceManager: (services) => new TopoWorkspaceManager(services),
        // A keystroke reparses the block it falls in, not the whole file (incremental-parse.ts).
        LangiumDocumentFactory: (services) => new TopoDocumentFactory(services),
    },
    lsp: {
        NodeKindProvider: () => new TopoNodeKindProvider(),
        DocumentUpdateHandler: (services) => new TopoDocumentUpdateHandler(services),
    },
};

interface TopoLspOptions {
    /** Base URL of docs/rules/, for each diagnostic's codeDescription link. */
    readonly rulesDocBase?: string;
    /** Typing pause before the workspace-wide analysis runs (TopoDocumentBuilder.validationDelayMs). */
    readonly validationDelayMs?: number;
}

/** Topo's editor features, on top of Langium's defaults. */
const createTopoLspModule = (options: TopoLspOptions): Module<TopoLspServices, PartialLangiumServices> => ({
    validation: {
        DocumentValidator: (services) => new TopoLspDocumentValidator(services, options.rulesDocBase),
    },
    lsp: {
        HoverProvider: (services) => new TopoHoverProvider(services),
        CompletionProvider: (services) => new TopoCompletionProvider(services),
        CodeActionProvider: (services) => new TopoCodeActionProvider(services),
        Formatter: () => new TopoFormatter(),
        RenameProvider: (services) => new TopoRenameProvider(services),
        SemanticTokenProvider: (services) => new TopoSemanticTokenProvider(services),
        CodeLensProvider: (services) => new TopoCodeLensProvider(services),
    },
});

export function createTopoLspServices(
    context: DefaultSharedModuleContext,
    options: TopoLspOptions = {},
): { shared: LangiumSharedServices; Topo: TopoLspServices } {
    const shared = inject(
        createDefaultSharedModule(context),
        TopoGeneratedSharedModule,
        TopoSharedModule as Module<LangiumSharedServices, PartialLangiumSharedServices>,
        TopoSharedLspModule,
    );
    const Topo = inject(
        createDefaultModule({ shared }),
        TopoGeneratedModule,
        TopoModule as Module<TopoLspServices, Partial<TopoLspServices>>,
        createTopoLspModule(options),
    );
    shared.ServiceRegistry.register(Topo);
    if (shared.workspace.DocumentBuilder instanceof TopoDocumentBuilder)
        shared.workspace.DocumentBuilder.validationDelayMs = options.validationDelayMs ?? 0;
    // The editor re-analyses after every keystroke: reuse the elements of unchanged documents (model-cache.ts).
    Topo.topo.Analysis.reuseModels = true;
    registerTopoValidation(Topo);
    // A keystroke's syntax errors and local findings show before the typing pause ends (early-diagnostics.ts).
    registerEarlyDiagnostics(shared, Topo, (params) => void shared.lsp.Connection?.sendDiagnostics(params));
    return { shared, Topo };
}
