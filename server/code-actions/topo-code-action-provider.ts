/**
 * Quick fixes keyed by diagnostic code. Each fix builds a minimal WorkspaceEdit from the diagnostic's range
 * and data plus the AST; it never reformats anything it does not claim to change.
 */
import type { LangiumDocument, LangiumDocuments, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver';
import type { TopoAnalysis } from '../../src/language/topo-analysis.js';
import type { TopoServices } from '../../src/language/topo-module.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';
import { canonicaliseCidr, moveSubnetToFreeCidr } from './cidr-fixes.js';
import { enableVpcDns } from './dns-fixes.js';
import { addEndpointSubnets, addGwlbEndpoint } from './endpoint-fixes.js';
import type { Fix } from './fix-context.js';
import { fixReturnRoute } from './inspection-fixes.js';
import { qualifyReference } from './reference-fixes.js';

/** The registry: one entry per diagnostic code that has a fix. */
const FIXES: Readonly<Record<string, Fix>> = {
    'cidr-not-canonical': canonicaliseCidr,
    'subnet-overlap': moveSubnetToFreeCidr,
    'private-dns-needs-vpc-dns': enableVpcDns,
    'interface-endpoint-single-az': addEndpointSubnets,
    'gwlbe-missing-in-az': addGwlbEndpoint,
    'asymmetric-inspection': fixReturnRoute,
    'ambiguous-reference': qualifyReference,
};

export class TopoCodeActionProvider implements CodeActionProvider {
    private readonly analysis: TopoAnalysis;
    private readonly documents: LangiumDocuments;

    constructor(services: TopoServices) {
        this.analysis = services.topo.Analysis;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const out: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const fix = FIXES[diagnosticCode(diagnostic)];
            if (!fix) continue;
            const data = (diagnostic.data && typeof diagnostic.data === 'object' ? diagnostic.data : {}) as Record<
                string,
                unknown
            >;
            try {
                out.push(
                    ...fix({
                        document,
                        diagnostic,
                        data,
                        analysis: this.analysis.current(),
                        documents: this.documents,
                    }),
                );
            } catch (err) {
                // A fix that cannot be computed is simply not offered; the diagnostic stays.
                console.error(`quick fix for ${diagnosticCode(diagnostic)} failed:`, err);
            }
        }
        return out;
    }
}
