/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other CI viewers read it. Every known code is
 * listed in `tool.driver.rules` (so viewers can show the rule text even for codes with no result), and each
 * result points at its rule by id and index.
 */
import { ALL_RULES, LANGUAGE_CODES } from '../../rules/registry.js';
import type { Severity } from '../../model/diagnostic.js';
import type { CliDiagnostic } from '../check.js';

const RULES_DOC_BASE = 'https://github.com/topo-dev/topo/blob/main/docs/rules/';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
    error: 'error',
    warning: 'warning',
    info: 'note',
    hint: 'note',
};

export function formatSarif(diagnostics: readonly CliDiagnostic[], version: string): string {
    const rules = [
        ...ALL_RULES.map((r) => ({ id: r.code, summary: r.summary, severity: r.severity })),
        ...LANGUAGE_CODES.map((c) => ({ id: c.code, summary: c.summary, severity: c.severity })),
    ];
    const indexOf = new Map<string, number>(rules.map((r, i) => [r.id, i]));
    const results = diagnostics.map((d) => {
        const ruleIndex = indexOf.get(d.code);
        return {
            ruleId: d.code,
            ...(ruleIndex !== undefined ? { ruleIndex } : {}),
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [location(d.file, d.line, d.column, d.endLine, d.endColumn)],
            ...(d.related.length > 0
                ? {
                      relatedLocations: d.related.map((r, i) => ({
                          id: i,
                          ...location(r.file, r.line, r.column),
                          message: { text: r.message },
                      })),
                  }
                : {}),
        };
    });
    const sarif = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'topo',
                        version,
                        informationUri: 'https://github.com/topo-dev/topo',
                        rules: rules.map((r) => ({
                            id: r.id,
                            name: r.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
                            shortDescription: { text: r.summary },
                            helpUri: `${RULES_DOC_BASE}${r.id}.md`,
                            defaultConfiguration: { level: LEVEL[r.severity] },
                        })),
                    },
                },
                columnKind: 'utf16CodeUnits',
                originalUriBaseIds: { '%SRCROOT%': { uri: pathToUri(process.cwd()) + '/' } },
                results,
            },
        ],
    };
    return JSON.stringify(sarif, null, 2) + '\n';
}

function location(file: string, line: number, column: number, endLine?: number, endColumn?: number) {
    return {
        physicalLocation: {
            artifactLocation: { uri: file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
            region: { startLine: line, startColumn: column, ...(endLine ? { endLine, endColumn } : {}) },
        },
    };
}

function pathToUri(p: string): string {
    return 'file://' + p.split('\\').join('/');
}
