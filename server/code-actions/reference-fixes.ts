/**
 * Quick fix for ambiguous-reference: write one of the spellings the diagnostic lists, each naming one element:
 * the qualified name (`shop.web-a`), the kind and the name (`subnet:gwlbe-a`), or the element's id.
 */
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import { action, replace, type Fix } from './fix-context.js';

export const qualifyReference: Fix<DiagnosticData['ambiguous-reference']> = (ctx) => {
    const written = ctx.document.textDocument.getText(ctx.diagnostic.range);
    return ctx.data.candidates
        .filter((c) => c !== written)
        .map((c) => action(ctx, `Use ${c}`, { [ctx.document.uri.toString()]: [replace(ctx.diagnostic.range, c)] }));
};
