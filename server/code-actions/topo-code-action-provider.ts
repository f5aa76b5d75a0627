/**
 * Quick fixes keyed by diagnostic code. Each fix builds a minimal WorkspaceEdit from the diagnostic's range
 * and data plus the AST; it never reformats anything it does not claim to change. The registry is typed by the
 * codes (DiagnosticCode) and their data (DiagnosticData): a misspelt code, or a fix that reads a field its code's
 * data lacks, is a compile error; at run time each fix's data is checked first, and malformed data offers no fix.
 */
import type { LangiumDocument, LangiumDocuments, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver';
import type { TopoAnalysis } from '../../src/language/topo-analysis.js';
import type { TopoServices } from '../../src/language/topo-module.js';
import { diagnosticCode } from '../../src/language/diagnostic-code.js';
import type { DataOf } from '../../src/rules/diagnostic-data.js';
import { isDiagnosticCode, type DiagnosticCode } from '../../src/rules/registry.js';
import { canonicaliseCidr, moveSubnetToFreeCidr } from './cidr-fixes.js';
import { enableVpcDns } from './dns-fixes.js';
import { addEndpointSubnets, addGwlbEndpoint } from './endpoint-fixes.js';
import type { FixContext, FixEntry } from './fix-context.js';
import {
    ambiguousData,
    asymmetricData,
    cidrNotCanonicalData,
    gwlbeMissingData,
    noData,
    privateDnsData,
    singleAzData,
} from './fix-data.js';
import { fixReturnRoute } from './inspection-fixes.js';
import { qualifyReference } from './reference-fixes.js';

/** The data a fix for code `C` receives: the code's DiagnosticData, `undefined` for a code that carries none. */
type FixData<C extends DiagnosticCode> = [DataOf<C>] extends [never] ? undefined : DataOf<C>;

/** At most one fix per code, each typed by its code's data. */
export type FixRegistry = { readonly [C in DiagnosticCode]?: FixEntry<FixData<C>> };

/** The registry: one entry per diagnostic code that has a fix. */
export const FIXES: FixRegistry = {
    'cidr-not-canonical': { data: cidrNotCanonicalData, fix: canonicaliseCidr },
    'subnet-overlap': { data: noData, fix: moveSubnetToFreeCidr },
    'private-dns-needs-vpc-dns': { data: privateDnsData, fix: enableVpcDns },
    'private-zone-needs-vpc-dns': { data: privateDnsData, fix: enableVpcDns },
    'interface-endpoint-single-az': { data: singleAzData, fix: addEndpointSubnets },
    'gwlbe-missing-in-az': { data: gwlbeMissingData, fix: addGwlbEndpoint },
    'asymmetric-inspection': { data: asymmetricData, fix: fixReturnRoute },
    'ambiguous-reference': { data: ambiguousData, fix: qualifyReference },
};

/**
 * The fixes for one diagnostic of code `C`: none when the code has no fix or its data is malformed. Generic in
 * the code, so the entry's data check and its fix are known to agree.
 */
export function fixesFor<C extends DiagnosticCode>(
    code: C,
    rawData: unknown,
    ctx: Omit<FixContext, 'data'>,
): CodeAction[] {
    const entry = FIXES[code];
    const checked = entry?.data(rawData);
    return entry && checked ? entry.fix({ ...ctx, data: checked.data }) : [];
}

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
            const code = diagnosticCode(diagnostic);
            if (!isDiagnosticCode(code) || !FIXES[code]) continue;
            try {
                out.push(
                    ...fixesFor(code, diagnostic.data, {
                        document,
                        diagnostic,
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
