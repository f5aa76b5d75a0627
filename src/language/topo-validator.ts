/**
 * Bridges the global analysis into Langium's per-document validation, so that the editor and the CLI
 * see rule findings next to syntax and linking errors.
 */
import type { ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type { Model } from './generated/ast.js';
import type { TopoServices } from './topo-module.js';
import type { TopoAnalysis } from './topo-analysis.js';

export class TopoValidator {
    private readonly analysis: TopoAnalysis;

    constructor(services: TopoServices) {
        this.analysis = services.topo.Analysis;
    }

    checkModel(model: Model, accept: ValidationAcceptor): void {
        const uri = AstUtils.getDocument(model).uri.toString();
        for (const d of this.analysis.diagnosticsFor(uri)) {
            accept(d.severity, d.message, {
                node: model,
                range: d.range,
                code: d.code,
                relatedInformation: d.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
                data: { code: d.code, ...(d.data ?? {}) },
            });
        }
    }
}

export function registerTopoValidation(services: TopoServices): void {
    const validator = services.topo.Validator;
    services.validation.ValidationRegistry.register<import('./generated/ast.js').TopoAstType>({
        Model: (node, accept) => validator.checkModel(node, accept),
    });
}
