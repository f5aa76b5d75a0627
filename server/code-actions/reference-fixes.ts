/** Quick fix for ambiguous-reference: write one of the qualified names the diagnostic lists. */
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import { action, replace, type Fix } from './fix-context.js';

export const qualifyReference: Fix<DiagnosticData['ambiguous-reference']> = (ctx) => {
    return ctx.data.candidates
        .filter((c) => c.includes('.'))
        .map((c) => action(ctx, `Use ${c}`, { [ctx.document.uri.toString()]: [replace(ctx.diagnostic.range, c)] }));
};
