/**
 * A code lens on every `trace` and `expect` statement: its verdict (and for `expect`, whether it holds),
 * plus "Show in diagram", which opens the diagram with that trace drawn (command `topo.openDiagram`).
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import { AstUtils } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import * as ast from '../src/language/generated/ast.js';
import type { TopoAnalysis } from '../src/language/topo-analysis.js';
import type { TopoServices } from '../src/language/topo-module.js';
import { pathText, runStatement } from '../src/trace/statements.js';
import { traceStatementAt } from './trace-statements.js';

export class TopoCodeLensProvider implements CodeLensProvider {
    private readonly analysis: TopoAnalysis;

    constructor(services: TopoServices) {
        this.analysis = services.topo.Analysis;
    }

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[]> {
        const analysis = this.analysis.current();
        const uri = document.uri.toString();
        const lenses: CodeLens[] = [];
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            if (!ast.isTrace(node) && !ast.isExpect(node)) continue;
            const range = node.$cstNode?.range;
            if (!range) continue;
            const st = traceStatementAt(analysis.topology, uri, range.start);
            const result = st ? runStatement(analysis.topology, st, analysis.index) : undefined;
            const at = { start: range.start, end: range.start };
            if (!result) {
                lenses.push({ range: at, command: { title: 'not traced: an end does not resolve', command: '' } });
                continue;
            }
            const verdict =
                result.verdict === 'reachable'
                    ? `✓ reachable: ${pathText(result.forward)}`
                    : `✗ blocked${result.reason ? ` (${result.reason})` : ''}: ${pathText(result.forward)}`;
            const holds = ast.isExpect(node)
                ? (analysis.diagnostics.get(uri) ?? []).some(
                      (d) => d.code === 'expectation-failed' && d.range.start.line === range.start.line,
                  )
                    ? 'expectation fails · '
                    : 'expectation holds · '
                : '';
            lenses.push({ range: at, command: { title: `${holds}${verdict}`, command: '' } });
            lenses.push({
                range: at,
                command: {
                    title: 'Show in diagram',
                    command: 'topo.openDiagram',
                    arguments: [uri, { from: endText(node.from), to: endText(node.to) }],
                },
            });
        }
        return lenses;
    }
}

function endText(end: ast.TraceEnd | undefined): string {
    if (!end) return '';
    if (end.internet) return 'internet';
    if (end.ip) return end.ip;
    return end.ref?.$refText ?? '';
}
