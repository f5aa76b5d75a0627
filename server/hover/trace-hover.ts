/** Hover on a `trace` or `expect` statement: the verdict, the reason and the hops, forward and return. */
import type { TraceResult, Hop } from '../../src/trace/types.js';
import type { TraceStatement } from '../../src/model/topology.js';
import { azText } from './route-hover.js';
import { code, md } from './markdown.js';

export function traceHover(st: TraceStatement, r: TraceResult | undefined): string {
    if (!r) return `**${st.statement}**\n\nOne end does not resolve, so there is nothing to trace yet.`;
    const verdict = r.verdict === 'reachable' ? '✓ reachable' : `✗ blocked${r.reason ? ` (${code(r.reason)})` : ''}`;
    const out = [
        `**${st.statement}**: ${verdict}`,
        md(r.summary),
        '**Forward**',
        hopList(r.forward, r.stoppedIn === 'forward' ? r.stoppedAt : undefined),
    ];
    if (r.return.length > 0)
        out.push('**Return**', hopList(r.return, r.stoppedIn === 'return' ? r.stoppedAt : undefined));
    if (r.notes.length > 0) out.push(`Notes: ${r.notes.map(md).join(', ')}`);
    return out.join('\n\n');
}

function hopList(hops: readonly Hop[], stop: number | undefined): string {
    return hops
        .map((h, i) => {
            const az = h.az ? ` [${md(azText(h.az))}]` : '';
            const route = h.route
                ? ` — ${code(`${h.route.destination} -> ${h.route.target}`)} in ${code(h.route.tableName)}`
                : '';
            const dns = h.dns
                ? ` — ${code(h.dns.name)} → ${md(h.dns.addresses.join(', ') || 'no answer')} (${md(h.dns.answeredBy)})`
                : '';
            return `${i + 1}. ${i === stop ? '✗ ' : ''}${md(h.kind)} ${code(h.name)}${az}: ${md(h.detail)}${route}${dns}`;
        })
        .join('\n');
}
