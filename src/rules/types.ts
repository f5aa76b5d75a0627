/**
 * What a rule is. A rule has one code from docs/rules/README.md (the public contract), a default severity, and a
 * check over the whole Topology. Rules report findings anchored to an element's source; the runner turns
 * them into TopoDiagnostics, applies severity overrides, and contains crashes.
 */
import type { Severity } from '../model/diagnostic.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { Src, Topology } from '../model/topology.js';
import type { TraceEngine } from '../trace/engine.js';
import type { FlowOptions } from '../trace/trace-request.js';
import type { FlowStart, Reason, TraceEnd, TraceOptions } from '../trace/types.js';
import type { DataOf } from './diagnostic-data.js';
import type { RuleCode, RuleMeta } from './rule-codes.js';

/** Where a finding points: an element's source and optionally one property (and list item) of it. */
export interface Anchor {
    readonly src: Src | undefined;
    /** A property name as in the grammar (`cidr`, `cidrs`, `subnets`, `target`, …); the name when absent. */
    readonly prop?: string;
    readonly index?: number;
}

export interface RelatedAnchor extends Anchor {
    readonly message: string;
}

/**
 * A flow a finding speaks of, with the verdict the tracer gives it: asked `engine.trace(from, to, options)`, the
 * tracer answers `verdict` and `reason` (and, when set, stops at the hop whose element is `stopsAt`). A rule whose
 * findings are statements about paths attaches the flows they stand for, so that a test can hold every such finding
 * to the tracer (test/rules/checker-agrees-with-tracer.test.ts).
 */
export interface FlowClaim {
    readonly from: FlowStart;
    readonly to: TraceEnd;
    readonly options?: TraceOptions & FlowOptions;
    readonly verdict: 'reachable' | 'blocked';
    readonly reason: Reason | null;
    readonly stopsAt?: string;
}

/** A finding of a rule whose code carries data of type `D` (DiagnosticData); `never`: the code carries none. */
export interface Finding<D = never> {
    readonly at: Anchor;
    readonly message: string;
    readonly related?: readonly RelatedAnchor[];
    readonly data?: D;
    /** Overrides the rule's default severity for this finding (e.g. peering-route-outside-peer's warning form). */
    readonly severity?: Severity;
    /** The flows this finding states a verdict about: always for a rule marked `paths`, else where a flow exists. */
    readonly flows?: readonly FlowClaim[];
}

export interface RuleContext<D = never> {
    readonly topology: Topology;
    readonly index: TopologyIndex;
    /** The one query surface for paths: route lookup in VPC and TGW tables, and traces. */
    readonly engine: TraceEngine;
    readonly report: (finding: Finding<D>) => void;
}

/**
 * A rule's check, declared in its family file with `defineCheck` under its code; the rest of the rule (severity,
 * summary, promises) is the code's entry in RULE_CODES (rule-codes.ts), and the registry joins the two.
 */
export interface RuleCheck<C extends string = string> {
    /** The code, exactly as in docs/rules/README.md. */
    readonly code: C;
    readonly check: (ctx: RuleContext<DataOf<C>>) => void;
}

/** A rule: its check and its entry of the contract. Tests may make rules of their own with made-up codes. */
export interface Rule<C extends string = string> extends RuleCheck<C>, RuleMeta {}

/** Declares the check of rule `code`; `report` then takes the data DiagnosticData gives that code. */
export function defineCheck<const C extends RuleCode>(
    code: C,
    check: (ctx: RuleContext<DataOf<C>>) => void,
): RuleCheck<C> {
    return { code, check };
}
