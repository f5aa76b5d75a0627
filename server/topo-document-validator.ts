/**
 * Every diagnostic the editor shows carries its stable code (RULES.md), a `codeDescription` link to the
 * rule's page under docs/rules/, and `source: topo`. Langium's own lexing, parsing and linking errors get
 * Topo's codes (`syntax-error`, `unresolved-reference`) here too, so that the Problems panel, the CLI and
 * settings all speak the same codes.
 */
import type { LangiumCoreServices, LangiumDocument, ValidationOptions } from 'langium';
import { TopoDocumentValidator } from '../src/language/topo-validator.js';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { diagnosticCode } from '../src/language/diagnostic-code.js';

/** The core's validator (root checks only), with LSP decorations on every diagnostic. */
export class TopoLspDocumentValidator extends TopoDocumentValidator {
    constructor(services: LangiumCoreServices, private readonly rulesDocBase: string | undefined) {
        super(services);
    }

    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        return diagnostics.map((d) => this.decorate(d));
    }

    private decorate(d: Diagnostic): Diagnostic {
        const code = diagnosticCode(d);
        const href = this.rulesDocBase ? `${this.rulesDocBase.replace(/\/$/, '')}/${code}.md` : undefined;
        return { ...d, code, source: 'topo', ...(href ? { codeDescription: { href } } : {}) };
    }
}
