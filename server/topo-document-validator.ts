/**
 * Every diagnostic the editor shows carries its stable code (docs/rules/README.md), a `codeDescription` link to the
 * rule's page under docs/rules/, and `source: topo`. Langium's own lexing, parsing and linking errors get
 * Topo's codes (`syntax-error`, `unresolved-reference`) here too, so that the Problems panel, the CLI and
 * settings all speak the same codes.
 */
import type { LangiumCoreServices, LangiumDocument, ValidationAcceptor, ValidationOptions } from 'langium';
import { TopoDocumentValidator } from '../src/language/topo-validator.js';
import type { Model } from '../src/language/generated/ast.js';
import type { TopoServices } from '../src/language/topo-module.js';
import type { TopoDiagnostic } from '../src/model/diagnostic.js';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { diagnosticCode } from '../src/language/diagnostic-code.js';

/** The core's validator (root checks only), with LSP decorations on every diagnostic. */
export class TopoLspDocumentValidator extends TopoDocumentValidator {
    constructor(
        private readonly services: LangiumCoreServices,
        private readonly rulesDocBase: string | undefined,
    ) {
        super(services);
    }

    /** Findings of the analysis as the diagnostics validation would give for them (server/early-diagnostics.ts). */
    diagnosticsOf(document: LangiumDocument, findings: readonly TopoDiagnostic[]): Diagnostic[] {
        const out: Diagnostic[] = [];
        const accept: ValidationAcceptor = (severity, message, info) =>
            void out.push(this.toDiagnostic(severity, message, info));
        (this.services as TopoServices).topo.Validator.acceptFindings(
            document.parseResult.value as Model,
            findings,
            accept,
        );
        return out.map((d) => this.decorate(d));
    }

    override async validateDocument(
        document: LangiumDocument,
        options?: ValidationOptions,
        cancelToken?: CancellationToken,
    ): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        return diagnostics.map((d) => this.decorate(d));
    }

    private decorate(d: Diagnostic): Diagnostic {
        const code = diagnosticCode(d);
        const href = this.rulesDocBase ? `${this.rulesDocBase.replace(/\/$/, '')}/${code}.md` : undefined;
        return { ...d, code, source: 'topo', ...(href ? { codeDescription: { href } } : {}) };
    }
}
