/**
 * Runs every registered rule over a Topology. A rule that throws becomes one `internal-error` diagnostic
 * and the other rules still run (the invariant "analysis never throws", after LikeC4's tryOrLog).
 */
import type { RelatedInfo, Severity, TopoDiagnostic } from '../model/diagnostic.js';
import { ZERO_RANGE } from '../model/diagnostic.js';
import { TopologyIndex } from '../model/topology-index.js';
import type { Range, Topology } from '../model/topology.js';
import { engineFor } from '../trace/engine.js';
import { ALL_RULES } from './registry.js';
import type { Anchor, Finding, Rule } from './types.js';

interface RunOptions {
    /** Per-code severity overrides; 'off' disables the rule. */
    readonly severity?: Readonly<Record<string, Severity | 'off'>>;
    readonly rules?: readonly Rule[];
    /** Reuse an index already built for this topology. */
    readonly index?: TopologyIndex;
}

export function runRules(topology: Topology, options: RunOptions = {}): TopoDiagnostic[] {
    const out: TopoDiagnostic[] = [];
    const index = options.index ?? new TopologyIndex(topology);
    for (const rule of options.rules ?? ALL_RULES) runOne(rule, topology, index, options, out);
    return out;
}

/**
 * The same, awaiting `between()` after each rule: the editor yields there, so that a hover or a keystroke is
 * served within one rule's time instead of after all of them, and a cancelled check stops early (`between`
 * throws). The findings are those of runRules, in the same order.
 */
export async function runRulesCooperatively(
    topology: Topology,
    options: RunOptions,
    between: () => Promise<void>,
): Promise<TopoDiagnostic[]> {
    const out: TopoDiagnostic[] = [];
    const index = options.index ?? new TopologyIndex(topology);
    for (const rule of options.rules ?? ALL_RULES) {
        runOne(rule, topology, index, options, out);
        await between();
    }
    return out;
}

function runOne(
    rule: Rule,
    topology: Topology,
    index: TopologyIndex,
    options: RunOptions,
    out: TopoDiagnostic[],
): void {
    const override = options.severity?.[rule.code];
    if (override === 'off') return;
    const report = (f: Finding): void => {
        const d = toDiagnostic(rule, f, override);
        if (d) out.push(d);
    };
    try {
        rule.check({ topology, index, engine: engineFor(topology, index), report });
    } catch (e) {
        out.push({
            code: 'internal-error',
            severity: 'error',
            message: `Rule ${rule.code} failed: ${e instanceof Error ? e.message : String(e)}. The other rules still ran; please report this.`,
            uri: firstUri(topology) ?? '',
            range: ZERO_RANGE,
            related: [],
        });
    }
}

function toDiagnostic(rule: Rule, f: Finding, override: Severity | undefined): TopoDiagnostic | undefined {
    const at = placeAnchor(f.at);
    if (!at) return undefined;
    const related: RelatedInfo[] = [];
    for (const r of f.related ?? []) {
        const p = placeAnchor(r);
        if (p) related.push({ ...p, message: r.message });
    }
    return {
        code: rule.code,
        severity: override ?? f.severity ?? rule.severity,
        message: f.message,
        uri: at.uri,
        range: at.range,
        related,
        ...(f.data ? { data: f.data } : {}),
    };
}

/** The range of an anchor: the property's item if given and known, else the name, else the declaration. */
function placeAnchor(a: Anchor): { uri: string; range: Range } | undefined {
    const src = a.src;
    if (!src) return undefined;
    if (a.prop) {
        const ranges = src.props[a.prop];
        const r = ranges?.[a.index ?? 0] ?? ranges?.[0];
        if (r) return { uri: src.uri, range: r };
    }
    return { uri: src.uri, range: src.name ?? src.range };
}

function firstUri(t: Topology): string | undefined {
    return t.vpcs.find((v) => v.src)?.src?.uri;
}
