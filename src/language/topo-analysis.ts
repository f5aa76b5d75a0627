/**
 * Whole-workspace analysis: all linked documents -> one Topology -> rule diagnostics per document.
 * Rules are global (a peering in file C relates VPCs in files A and B), so the result is computed once per
 * workspace state and shared by every document's validation. The cache key is the identity of every
 * document's root node: any re-parse changes it, and re-linking only ever follows a re-parse elsewhere.
 */
import type { LangiumDocument } from 'langium';
import { DocumentState } from 'langium';
import type { LangiumCoreServices } from 'langium';
import type { Model } from './generated/ast.js';
import { buildTopology } from '../model/build-topology.js';
import type { Severity, TopoDiagnostic } from '../model/diagnostic.js';
import { TopologyIndex } from '../model/topology-index.js';
import type { Topology } from '../model/topology.js';
import { runRules } from '../rules/run-rules.js';

export interface WorkspaceAnalysis {
    readonly topology: Topology;
    readonly index: TopologyIndex;
    /** Model-building issues and rule findings, by document URI. */
    readonly diagnostics: ReadonlyMap<string, readonly TopoDiagnostic[]>;
}

export class TopoAnalysis {
    private cacheKey: readonly object[] = [];
    private cached: WorkspaceAnalysis | undefined;
    private severity: Readonly<Record<string, Severity | 'off'>> = {};

    constructor(private readonly services: LangiumCoreServices) {}

    /** Per-code severity overrides from the user's settings. */
    setSeverityOverrides(overrides: Readonly<Record<string, Severity | 'off'>>): void {
        this.severity = { ...overrides };
        this.cached = undefined;
    }

    current(): WorkspaceAnalysis {
        const docs = this.services.shared.workspace.LangiumDocuments.all
            .filter((d) => d.state >= DocumentState.Linked)
            .toArray()
            .sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
        const key = docs.map((d) => d.parseResult.value);
        if (this.cached && key.length === this.cacheKey.length && key.every((k, i) => k === this.cacheKey[i])) {
            return this.cached;
        }
        this.cacheKey = key;
        this.cached = analyzeDocuments(docs, this.severity);
        return this.cached;
    }

    diagnosticsFor(uri: string): readonly TopoDiagnostic[] {
        return this.current().diagnostics.get(uri) ?? [];
    }
}

/**
 * The Topology is built at once; the rule findings only when first asked for. Hover and completion need just
 * the Topology, so after an edit they never wait for the rules (which run in the validation phase).
 */
export function analyzeDocuments(docs: readonly LangiumDocument[], severity: Readonly<Record<string, Severity | 'off'>> = {}): WorkspaceAnalysis {
    const { topology, issues } = buildTopology(docs.map((d) => ({ uri: d.uri.toString(), model: d.parseResult.value as Model })));
    const index = new TopologyIndex(topology);
    let diagnostics: Map<string, TopoDiagnostic[]> | undefined;
    return {
        topology,
        index,
        get diagnostics() {
            if (!diagnostics) {
                diagnostics = new Map();
                const all = [...issues.filter((i) => severity[i.code] !== 'off'), ...runRules(topology, { severity, index })];
                for (const d of all) {
                    const list = diagnostics.get(d.uri);
                    if (list) list.push(d);
                    else diagnostics.set(d.uri, [d]);
                }
            }
            return diagnostics;
        },
    };
}
