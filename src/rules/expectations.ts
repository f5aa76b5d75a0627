/**
 * Rule family: expectations. `expect A -> B reachable|blocked [via …] [because …]` makes the file a test of
 * the network: the tracer answers, and a broken expectation is the diagnostic `expectation-failed`, whose
 * message shows the actual path. The tracer is the one source of path logic; this rule only compares.
 */
import { pathText, runStatement } from '../trace/statements.js';
import type { Hop } from '../trace/types.js';
import { REASONS } from '../trace/types.js';
import type { Id } from '../model/topology.js';
import { defineCheck, type RuleCheck } from './types.js';

/** Does `via` appear in the forward path, in this order (not necessarily adjacent)? */
function missingVia(via: readonly Id[], hops: readonly Hop[]): Id | undefined {
    let at = 0;
    for (const id of via) {
        const i = hops.findIndex((h, k) => k >= at && h.id === id);
        if (i < 0) return id;
        at = i + 1;
    }
    return undefined;
}

const expectationFailed = defineCheck('expectation-failed', (ctx) => {
    for (const st of ctx.topology.traces) {
        if (!st.expect) continue;
        const r = runStatement(ctx.topology, st, ctx.index);
        if (!r) continue;
        const want = st.expect;
        const problems: string[] = [];
        if (r.verdict !== want.verdict)
            problems.push(`expected ${want.verdict}, but the trace is ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`);
        if (want.reason && !(REASONS as readonly string[]).includes(want.reason))
            problems.push(`'${want.reason}' is not a trace reason (one of: ${REASONS.join(', ')})`);
        else if (want.reason && r.reason !== want.reason && r.verdict === want.verdict)
            problems.push(`expected reason ${want.reason}, but it is ${r.reason ?? 'none'}`);
        const missing = missingVia(want.via, r.forward);
        if (missing) {
            const name = ctx.index.get(missing)?.name ?? missing;
            problems.push(
                r.forward.some((h) => h.id === missing)
                    ? `the path passes ${name}, but not in the order written`
                    : `the path does not pass ${name}`,
            );
        }
        if (problems.length === 0) continue;
        const stop =
            r.stoppedIn === 'return'
                ? r.return[r.stoppedAt ?? 0]
                : r.stoppedIn === 'forward'
                  ? r.forward[r.stoppedAt ?? 0]
                  : undefined;
        const stopSrc = stop?.id ? ctx.index.get(stop.id)?.src : undefined;
        ctx.report({
            at: { src: st.src, prop: want.verdict === 'blocked' ? 'blocked' : 'reachable' },
            message: `Expectation failed: ${problems.join('; ')}. ${r.summary} Actual path: ${pathText(r.forward)}${r.return.length ? `; reply: ${pathText(r.return)}` : ''}.`,
            related: stop && stopSrc ? [{ src: stopSrc, message: `The trace stops here: ${stop.detail}` }] : [],
            data: { verdict: r.verdict, reason: r.reason },
        });
    }
});

export const expectationsRules = [expectationFailed] as const satisfies readonly RuleCheck[];
