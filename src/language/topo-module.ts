/**
 * The Topo services module (Langium core, no LSP). server/ adds the LSP module on top of it; the CLI and
 * the tests use it as it is.
 */
import type {
    DefaultSharedCoreModuleContext,
    LangiumCoreServices,
    LangiumSharedCoreServices,
    Module,
    PartialLangiumCoreServices,
    PartialLangiumSharedCoreServices,
} from 'langium';
import { createDefaultCoreModule, createDefaultSharedCoreModule, inject } from 'langium';
import { TopoGeneratedModule, TopoGeneratedSharedModule } from './generated/module.js';
import { TopoScopeComputation, TopoScopeProvider } from './topo-scope.js';
import { TopoAnalysis } from './topo-analysis.js';
import { TopoLinker } from './topo-linker.js';
import { createTopoParser } from './topo-parser.js';
import { TopoLexer, TopoTokenBuilder } from './topo-lexer.js';
import { TopoLexerErrorMessageProvider, TopoParserErrorMessageProvider } from './error-messages.js';
import { TopoDocumentBuilder, TopoLangiumDocuments } from './topo-document-builder.js';
import { registerTopoValidation, TopoDocumentValidator, TopoValidator } from './topo-validator.js';
import { TopoIndexManager } from './topo-index-manager.js';

/** Services Topo adds, grouped under one key. */
export interface TopoAddedServices {
    topo: {
        Analysis: TopoAnalysis;
        Validator: TopoValidator;
    };
}

export type TopoServices = LangiumCoreServices & TopoAddedServices;

export const TopoModule: Module<TopoServices, PartialLangiumCoreServices & TopoAddedServices> = {
    parser: {
        LangiumParser: (services) => createTopoParser(services),
        TokenBuilder: () => new TopoTokenBuilder(),
        Lexer: (services) => new TopoLexer(services),
        ParserErrorMessageProvider: () => new TopoParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new TopoLexerErrorMessageProvider(),
    },
    references: {
        ScopeComputation: (services) => new TopoScopeComputation(services),
        ScopeProvider: (services) => new TopoScopeProvider(services),
        Linker: (services) => new TopoLinker(services),
    },
    validation: {
        DocumentValidator: (services) => new TopoDocumentValidator(services),
    },
    topo: {
        Analysis: (services) => new TopoAnalysis(services),
        Validator: (services) => new TopoValidator(services),
    },
};

/** Shared (workspace-level) overrides, used by the core and the LSP server alike. */
export const TopoSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    workspace: {
        DocumentBuilder: (services) => new TopoDocumentBuilder(services),
        LangiumDocuments: (services) => new TopoLangiumDocuments(services),
        IndexManager: (services) => new TopoIndexManager(services),
    },
};

export function createTopoServices(context: DefaultSharedCoreModuleContext): {
    shared: LangiumSharedCoreServices;
    Topo: TopoServices;
} {
    const shared = inject(createDefaultSharedCoreModule(context), TopoGeneratedSharedModule, TopoSharedModule);
    const Topo = inject(createDefaultCoreModule({ shared }), TopoGeneratedModule, TopoModule);
    shared.ServiceRegistry.register(Topo);
    registerTopoValidation(Topo);
    return { shared, Topo };
}
