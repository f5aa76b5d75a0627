/**
 * Finding trace ends by the names users type: `web-a`, `web.web-a` (qualified by VPC), `s3`, an endpoint
 * service, `internet`, or an IPv4 address.
 */
import { parseIp } from '../net/cidr.js';
import type { Element, ElementKind, Topology } from '../model/topology.js';
import type { TraceEnd } from './types.js';

const END_KINDS: ReadonlySet<ElementKind> = new Set([
    'instance',
    'eni',
    'subnet',
    'aws-service',
    'endpoint-service',
    'endpoint',
]);

type NamedEnd =
    | { readonly ok: true; readonly end: TraceEnd; readonly label: string }
    | { readonly ok: false; readonly error: string };

/** Resolves a user-typed trace end. Ambiguous and unknown names are errors that list what exists. */
export function findTraceEnd(topology: Topology, text: string): NamedEnd {
    if (text === 'internet') return { ok: true, end: { kind: 'internet' }, label: 'internet' };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
        return parseIp(text).ok
            ? { ok: true, end: { kind: 'ip', ip: text }, label: text }
            : { ok: false, error: `'${text}' is not a valid IPv4 address` };
    }
    const matches: Element[] = [];
    for (const [id, e] of Object.entries(topology.byId)) {
        if (!END_KINDS.has(e.kind)) continue;
        const qualified = id.slice(id.indexOf(':') + 1);
        if (e.name === text || qualified === text) matches.push(e);
    }
    if (matches.length === 1) return { ok: true, end: { kind: 'element', id: matches[0].id }, label: text };
    if (matches.length > 1) {
        const options = matches.map((m) => m.id.slice(m.id.indexOf(':') + 1)).sort();
        // An AWS service and a same-named element elsewhere: prefer the more specific (qualified) spelling.
        return {
            ok: false,
            error: `'${text}' is ambiguous: it names ${matches.map((m) => `${m.kind} ${m.id.slice(m.id.indexOf(':') + 1)}`).join(', ')}; use one of: ${options.join(', ')}`,
        };
    }
    return {
        ok: false,
        error: `nothing named '${text}' to trace from or to (an instance, ENI, subnet, AWS service, endpoint service, endpoint, an IP address or 'internet')`,
    };
}
