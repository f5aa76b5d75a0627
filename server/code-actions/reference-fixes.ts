/** Quick fix for ambiguous-reference: write one of the qualified names the diagnostic lists. */
import { action, replace, type Fix } from './fix-context.js';

export const qualifyReference: Fix = (ctx) => {
    const candidates = ctx.data['candidates'];
    if (!Array.isArray(candidates)) return [];
    return candidates
        .filter((c): c is string => typeof c === 'string' && c.includes('.'))
        .map((c) => action(ctx, `Use ${c}`, { [ctx.document.uri.toString()]: [replace(ctx.diagnostic.range, c)] }));
};
