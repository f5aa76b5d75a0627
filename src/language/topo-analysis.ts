/**
 * Whole-workspace analysis: all linked documents -> one Topology -> rule diagnostics per document.
 * Rules are global (a peering in file C relates VPCs in files A and B), so the result is computed once per
 * workspace state and shared by every document's validation. The cache key is the identity of every
 * document's root node: any re-parse changes it, and re-linking only ever follows a re-parse elsewhere.
 */
import type { AstNode, Cancellation, LangiumDocument } from 'langium';
import { DocumentState, interruptAndCheck } from 'langium';
import type { LangiumCoreServices } from 'langium';
import type { Model } from './generated/ast.js';
import { buildTopology } from './model-builder/build-topology.js';
import { ModelCache } from './model-builder/model-cache.js';
import type { SeverityOverrides, TopoDiagnostic } from '../model/diagnostic.js';
import { TopologyIndex } from '../model/topology-index.js';
import type { Topology } from '../model/topology.js';
import { runRules, runRulesCooperatively } from '../rules/run-rules.js';
import { LOCAL_RULES } from '../rules/registry.js';
import { TopoLangiumDocuments } from './topo-document-builder.js';

export interface WorkspaceAnalysis {
    readonly topology: Topology;
    readonly index: TopologyIndex;
    /** Model-building issues and rule findings, by document URI (computed on first read). */
    readonly diagnostics: ReadonlyMap<string, readonly TopoDiagnostic[]>;
    /**
     * Computes the findings rule by rule, yielding to the event loop between rules (Langium's interruptAndCheck),
     * so a hover, a completion or a keystroke waits at most one rule; throws if the token is cancelled, leaving
     * the findings to be computed later. After it resolves, `diagnostics` is immediate.
     */
    prepare(cancelToken: Cancellation.CancellationToken): Promise<void>;
}

export class TopoAnalysis {
    private cacheKey: readonly object[] = [];
    /** The workspace generation (TopoLangiumDocuments) the cache key was last checked at. */
    private checkedAt = -1;
    private cached: WorkspaceAnalysis | undefined;
    private severity: SeverityOverrides = {};
    /**
     * Whether to keep the elements built per document and reuse them while their inputs are unchanged
     * (model-cache.ts). The language server turns this on; a one-shot check has nothing to reuse.
     */
    reuseModels = false;
    readonly models = new ModelCache();

    constructor(private readonly services: LangiumCoreServices) {}

    /** Per-code severity overrides from the user's settings. */
    setSeverityOverrides(overrides: SeverityOverrides): void {
        this.severity = { ...overrides };
        this.cached = undefined;
    }

    /**
     * The analysis of the linked documents as they are now. Each document's validation asks for it, so the check
     * that it is still current is O(1): while the workspace generation has not moved, nothing it is keyed on can
     * have changed; when it has, the documents are listed once and the cache kept if their roots are the same.
     */
    current(): WorkspaceAnalysis {
        const documents = this.services.shared.workspace.LangiumDocuments;
        const generation = documents instanceof TopoLangiumDocuments ? documents.generation : undefined;
        if (this.cached && generation !== undefined && generation === this.checkedAt) return this.cached;
        const docs = documents.all
            .filter((d) => d.state >= DocumentState.Linked)
            .toArray()
            .sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
        const key = docs.map((d) => d.parseResult.value);
        if (!this.cached || key.length !== this.cacheKey.length || key.some((k, i) => k !== this.cacheKey[i])) {
            this.cacheKey = key;
            this.cached = analyzeDocuments(docs, this.severity, this.reuseModels ? this.models : undefined);
        }
        this.checkedAt = generation ?? -1;
        return this.cached;
    }

    diagnosticsFor(uri: string): readonly TopoDiagnostic[] {
        return this.current().diagnostics.get(uri) ?? [];
    }

    /**
     * The findings of the local rules (Rule.local) in one document, from a model of that document alone: what a
     * keystroke can show before the workspace-wide analysis runs. Model issues are left to that analysis (a
     * single document's model misses what other files declare). With `focus`, only those items (region items and
     * top-level statements) are built: a local rule's findings in an item follow from the item alone.
     */
    localDiagnosticsFor(document: LangiumDocument, focus?: ReadonlySet<AstNode>): TopoDiagnostic[] {
        const uri = document.uri.toString();
        const { topology } = buildTopology(
            [{ uri, model: document.parseResult.value as Model, ...(focus ? { focus } : {}) }],
            undefined,
            true,
        );
        return runRules(topology, { severity: this.severity, rules: LOCAL_RULES }).filter((d) => d.uri === uri);
    }

    /** The current analysis with its findings computed cooperatively (see WorkspaceAnalysis.prepare). */
    async prepare(cancelToken: Cancellation.CancellationToken): Promise<void> {
        await this.current().prepare(cancelToken);
    }
}

/**
 * The Topology is built at once; the rule findings only when first asked for. Hover and completion need just
 * the Topology, so after an edit they never wait for the rules (which run in the validation phase).
 */
export function analyzeDocuments(
    docs: readonly LangiumDocument[],
    severity: SeverityOverrides = {},
    models?: ModelCache,
): WorkspaceAnalysis {
    const sources = docs.map((d) => ({
        uri: d.uri.toString(),
        model: d.parseResult.value as Model,
        ...(models ? { references: d.references } : {}),
    }));
    const { topology, issues } = buildTopology(sources, models);
    const index = new TopologyIndex(topology);
    let diagnostics: Map<string, TopoDiagnostic[]> | undefined;
    const modelIssues = (): TopoDiagnostic[] => issues.filter((i) => severity[i.code] !== 'off');
    const byUri = (all: readonly TopoDiagnostic[]): Map<string, TopoDiagnostic[]> => {
        const map = new Map<string, TopoDiagnostic[]>();
        for (const d of all) {
            const list = map.get(d.uri);
            if (list) list.push(d);
            else map.set(d.uri, [d]);
        }
        return map;
    };
    return {
        topology,
        index,
        get diagnostics() {
            diagnostics ??= byUri([...modelIssues(), ...runRules(topology, { severity, index })]);
            return diagnostics;
        },
        async prepare(cancelToken) {
            if (diagnostics) return;
            const found = await runRulesCooperatively(topology, { severity, index }, () =>
                interruptAndCheck(cancelToken),
            );
            diagnostics ??= byUri([...modelIssues(), ...found]);
        },
    };
}
