/**
 * Finding trace ends by the names users type: `web-a`, `web.web-a` (qualified by VPC), `s3`, an endpoint
 * service, a load balancer, a VGW or an on-premises network, a DNS name a private hosted zone holds
 * (`db.corp.internal`), `internet`, or an IPv4 address; and, where elements of different kinds share a name, the
 * kind-qualified form `subnet:gwlbe-a` or the element's id
 * `endpoint:inspection.gwlbe-a`. A name means what it means in a `trace`
 * statement (src/model/name-resolution.ts): a user's element shadows the AWS service of the same name, and an
 * endpoint named after its service stands for the service.
 */
import { parseIp } from '../net/cidr.js';
import { forms, preferredCandidates, splitKind, type NameCandidate } from '../model/name-resolution.js';
import { normalDnsName, recordFqdn } from '../net/dns-names.js';
import type { Element, ElementKind, Topology } from '../model/topology.js';
import type { TraceEnd } from './types.js';

const END_KINDS: ReadonlySet<string> = new Set<ElementKind>([
    'instance',
    'eni',
    'subnet',
    'aws-service',
    'endpoint-service',
    'endpoint',
    'load-balancer',
    'vgw',
    'on-premises',
]);

type NamedEnd =
    | { readonly ok: true; readonly end: TraceEnd; readonly label: string }
    | { readonly ok: false; readonly error: string };

function candidate(e: Element): NameCandidate {
    return e.kind === 'endpoint' && e.service.kind !== 'unresolved'
        ? { id: e.id, name: e.name, serves: e.service.id }
        : { id: e.id, name: e.name };
}

/** Resolves a user-typed trace end. Ambiguous and unknown names are one-line errors that say what to write. */
export function findTraceEnd(topology: Topology, text: string): NamedEnd {
    if (text === 'internet') return { ok: true, end: { kind: 'internet' }, label: 'internet' };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
        return parseIp(text).ok
            ? { ok: true, end: { kind: 'ip', ip: text }, label: text }
            : { ok: false, error: `'${text}' is not a valid IPv4 address` };
    }
    const { kind, name } = splitKind(text);
    if (kind !== undefined && !END_KINDS.has(kind)) {
        return {
            ok: false,
            error: `'${text}': a trace end is not a ${kind} (write ${[...END_KINDS].map((k) => `${k}:<name>`).join(', ')})`,
        };
    }
    const matches: Element[] = [];
    for (const [id, e] of Object.entries(topology.byId)) {
        if (!END_KINDS.has(e.kind) || (kind !== undefined && e.kind !== kind)) continue;
        const qualified = id.slice(id.indexOf(':') + 1);
        if (e.name === name || qualified === name) matches.push(e);
    }
    const kept = preferredCandidates(matches, candidate, 'trace-end');
    if (kept.length === 1) return { ok: true, end: { kind: 'element', id: kept[0].id }, label: text };
    if (kept.length > 1) {
        const what = kept.map((e) => e.id.replace(':', ' '));
        return {
            ok: false,
            error: `'${text}' is ambiguous: it names ${what.join(', ')}; write one of: ${forms(kept.map(candidate), text).join(', ')}`,
        };
    }
    if (kind !== undefined) return { ok: false, error: `no ${kind} named '${name}' to trace from or to` };
    if (isPrivateName(topology, text)) return { ok: true, end: { kind: 'dns', name: text }, label: text };
    return {
        ok: false,
        error: `nothing named '${text}' to trace from or to (an instance, ENI, subnet, AWS service, endpoint service, endpoint, load balancer, VGW, on-premises network, a DNS name of a private zone, an IP address or 'internet')`,
    };
}

/** A name some private hosted zone holds: a record's full name, or the apex of a zone that aliases it. */
function isPrivateName(topology: Topology, text: string): boolean {
    const name = normalDnsName(text);
    return topology.privateZones.some(
        (z) =>
            (z.alias && normalDnsName(z.name) === name) ||
            z.records.some((r) => normalDnsName(recordFqdn(r.name, z.name)) === name),
    );
}
