/**
 * Tracer test helpers: analyse an inline topology once, find elements by name, run traceRequest and
 * flatten the result into what the tests assert (verdict, reason, hop kinds and names, return hops, notes).
 *
 * Ends are written as the language writes them: `internet`, an IPv4 address, a name (`web-a`), a
 * qualified name (`web.web-a`), a DNS name a private zone holds (`db.corp.internal`), or an exact id
 * (`aws-service:s3`) when a name is ambiguous.
 */
import { expect } from 'vitest';
import type { Element, Topology } from '../../src/model/topology.js';
import { recordFqdn } from '../../src/net/dns-names.js';
import { traceRequest } from '../../src/trace/trace-request.js';
import type { Hop, TraceEnd, TraceOptions, TraceResult } from '../../src/trace/types.js';
import { analyze, type Analysed } from '../helpers.js';

export interface Traced {
    readonly verdict: TraceResult['verdict'];
    readonly reason: TraceResult['reason'];
    /** Forward hop kinds and names, in order. */
    readonly kinds: string[];
    readonly names: string[];
    /** Forward hops as `kind:name`, for order assertions that need both. */
    readonly path: string[];
    /** Return hop names and `kind:name`, in order. */
    readonly ret: string[];
    readonly retPath: string[];
    readonly notes: readonly string[];
    readonly stoppedIn?: 'forward' | 'return';
    readonly stoppedAt?: number;
    /** The hop where a blocked trace stopped. */
    readonly stoppedHop?: Hop;
    readonly result: TraceResult;
}

const analysed = new Map<string, Promise<Analysed>>();

/** Analyses a topology once per distinct text; fails the test on syntax or linking errors (typos in a fixture). */
export async function topologyOf(text: string): Promise<Analysed> {
    let a = analysed.get(text);
    if (!a) analysed.set(text, (a = analyze(text)));
    const done = await a;
    const broken = done.diagnostics.filter((d) => d.code === 'syntax-error' || d.code === 'unresolved-reference');
    expect(
        broken.map((d) => `${d.code}: ${d.message}`),
        'fixture parses and links',
    ).toEqual([]);
    return done;
}

/** The element with this id, qualified name (`web.web-a`) or simple name; ambiguity fails the test. */
export function element(topology: Topology, name: string): Element {
    const exact = topology.byId[name];
    if (exact) return exact;
    const all = Object.values(topology.byId);
    const qualified = all.filter((e) => e.id.slice(e.id.indexOf(':') + 1) === name);
    const found = qualified.length > 0 ? qualified : all.filter((e) => e.name === name);
    const ids = found.map((e) => e.id);
    expect(ids.length, `exactly one element named '${name}' (found ${ids.join(', ') || 'none'})`).toBe(1);
    return found[0];
}

export function end(topology: Topology, text: string): TraceEnd {
    if (text === 'internet') return { kind: 'internet' };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) return { kind: 'ip', ip: text };
    // A DNS name a private zone holds (a record's full name, or a zone's apex), as `trace web -> db.corp.internal`.
    if (
        topology.privateZones.some((z) => z.name === text || z.records.some((r) => recordFqdn(r.name, z.name) === text))
    )
        return { kind: 'dns', name: text };
    return { kind: 'element', id: element(topology, text).id };
}

export function flatten(r: TraceResult): Traced {
    const stoppedHop = r.stoppedIn ? (r.stoppedIn === 'return' ? r.return : r.forward)[r.stoppedAt ?? 0] : undefined;
    return {
        verdict: r.verdict,
        reason: r.reason,
        kinds: r.forward.map((h) => h.kind),
        names: r.forward.map((h) => h.name),
        path: r.forward.map((h) => `${h.kind}:${h.name}`),
        ret: r.return.map((h) => h.name),
        retPath: r.return.map((h) => `${h.kind}:${h.name}`),
        notes: r.notes,
        ...(r.stoppedIn ? { stoppedIn: r.stoppedIn, stoppedAt: r.stoppedAt } : {}),
        ...(stoppedHop ? { stoppedHop } : {}),
        result: r,
    };
}

/** Analyses `text` and traces `from -> to`. */
export async function trace(text: string, from: string, to: string, options: TraceOptions = {}): Promise<Traced> {
    const { topology, index } = await topologyOf(text);
    return flatten(traceRequest(topology, end(topology, from), end(topology, to), options, index));
}

/** Each `[from, to]` pair traced over one topology. */
export async function traceAll(
    text: string,
    pairs: ReadonlyArray<readonly [string, string, TraceOptions?]>,
): Promise<Traced[]> {
    const out: Traced[] = [];
    for (const [from, to, options] of pairs) out.push(await trace(text, from, to, options ?? {}));
    return out;
}

/** The forward hop of a kind (the first one, or the n-th). */
export function hop(t: Traced, kind: string, nth = 0): Hop | undefined {
    return t.result.forward.filter((h) => h.kind === kind)[nth];
}

/**
 * `items` appear in `list` in this order (other items may come between). Returns the failure text, so that
 * `expect(inOrder(...)).toBe('')` prints what is missing.
 */
export function inOrder(list: readonly string[], items: readonly string[]): string {
    let at = 0;
    for (const item of items) {
        const i = list.indexOf(item, at);
        if (i < 0) return `'${item}' missing after position ${at} in [${list.join(' > ')}]`;
        at = i + 1;
    }
    return '';
}

/** Applies [from, to] text edits to a base fixture; an edit whose `from` is absent fails the test. */
export function edit(base: string, ...edits: ReadonlyArray<readonly [string, string]>): string {
    let text = base;
    for (const [from, to] of edits) {
        expect(text.includes(from), `fixture has '${from}'`).toBe(true);
        text = text.replace(from, to);
    }
    return text;
}
