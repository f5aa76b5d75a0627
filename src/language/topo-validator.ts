/**
 * Bridges the global analysis into Langium's per-document validation, so that the editor and the CLI
 * see rule findings next to syntax and linking errors.
 */
import type { AstNode, ValidationAcceptor, ValidationOptions } from 'langium';
import { AstUtils, Cancellation, DefaultDocumentValidator } from 'langium';
import type { Model, TopoAstType } from './generated/ast.js';
import type { TopoServices } from './topo-module.js';
import type { TopoAnalysis } from './topo-analysis.js';
import type { TopoDiagnostic } from '../model/diagnostic.js';
import { checkAmbiguousReferences } from './topo-ambiguity.js';
import { truncateCodePoints } from './error-messages.js';

export class TopoValidator {
    private readonly analysis: TopoAnalysis;

    constructor(services: TopoServices) {
        this.analysis = services.topo.Analysis;
    }

    checkModel(model: Model, accept: ValidationAcceptor): void {
        const uri = AstUtils.getDocument(model).uri.toString();
        this.acceptFindings(model, this.analysis.diagnosticsFor(uri), accept);
    }

    /** Hands a document's findings to Langium's acceptor, as diagnostics on its root. */
    acceptFindings(model: Model, all: readonly TopoDiagnostic[], accept: ValidationAcceptor): void {
        // A pathological file can produce findings by the hundred thousand; past a bound they help nobody, and
        // Langium's validator would overflow the stack spreading them. Keep the first ones, by position.
        const shown =
            all.length > MAX_FINDINGS_PER_DOCUMENT
                ? [...all].sort(byPosition).slice(0, MAX_FINDINGS_PER_DOCUMENT)
                : all;
        if (shown.length < all.length) {
            accept('warning', `${all.length - shown.length} more findings in this file are not shown.`, {
                node: model,
                range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                code: 'too-many-findings',
            });
        }
        for (const d of shown) {
            accept(d.severity, truncateCodePoints(d.message, MAX_MESSAGE_LENGTH), {
                node: model,
                range: d.range,
                code: d.code,
                relatedInformation: d.related.map((r) => ({
                    location: { uri: r.uri, range: r.range },
                    message: truncateCodePoints(r.message, MAX_MESSAGE_LENGTH),
                })),
                data: { code: d.code, ...(d.data ?? {}) },
            });
        }
    }
}

export const MAX_FINDINGS_PER_DOCUMENT = 2000;

/**
 * Rule messages quote the names they are about; a name can be a pasted megabyte. A message is cut (code-point safe)
 * at this length: the range still points at the whole name.
 */
export const MAX_MESSAGE_LENGTH = 500;

function byPosition(a: TopoDiagnostic, b: TopoDiagnostic): number {
    return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/**
 * Topo's checks are whole-workspace analyses run from the root: the only node type with registered checks. The
 * document validator below relies on that; register a check on another type and it must be listed here.
 */
const CHECKED_TYPES: ReadonlySet<string> = new Set(['Model']);

export function registerTopoValidation(services: TopoServices): void {
    const validator = services.topo.Validator;
    services.validation.ValidationRegistry.register<TopoAstType>({
        Model: [
            (node, accept) => validator.checkModel(node, accept),
            (node, accept) => checkAmbiguousReferences(services, node, accept),
        ],
    });
}

/**
 * Langium's validator visits every AST node (an iterator step, a registry lookup and an await each) to find
 * per-node checks. Topo registers checks only for the types in CHECKED_TYPES, all of them roots, so it runs the
 * root's checks and skips the walk. Syntax and linking errors are reported as before.
 */
export class TopoDocumentValidator extends DefaultDocumentValidator {
    protected override async validateAstNodes(
        rootNode: AstNode,
        options: ValidationOptions,
        acceptor: ValidationAcceptor,
        cancelToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        if (!CHECKED_TYPES.has(rootNode.$type)) return;
        for (const check of this.validationRegistry.getChecks(rootNode.$type, options.categories)) {
            await check(rootNode, acceptor, cancelToken);
        }
    }
}
