/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other CI viewers read it. Every known code is
 * listed in `tool.driver.rules` (so viewers can show the rule text even for codes with no result), and each
 * result points at its rule by id and index.
 *
 * Artifact locations are URI references (SARIF 2.1.0, "artifactLocation object", `uri`: RFC 3986), relative to the
 * working directory, `%SRCROOT%` (an absolute `file:` URI in `originalUriBaseIds`): every path segment is
 * percent-encoded, so a space, `#`, `?`, `%`, `:` or a non-ASCII name stays one path, and a relative reference
 * never starts with something that reads as a scheme (RFC 3986, 4.2). A path that cannot be relative (another
 * Windows drive) is an absolute `file:` URI without a base; a location that is already a URI (the built-in
 * services document) is kept as it is.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES, LANGUAGE_CODES } from '../../rules/registry.js';
import type { Severity } from '../../model/diagnostic.js';
import type { CliDiagnostic } from '../check.js';
import { toJson, wellFormed } from './json.js';

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
                originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(process.cwd()) } },
                results,
            },
        ],
    };
    return toJson(sarif);
}

function location(file: string, line: number, column: number, endLine?: number, endColumn?: number) {
    return {
        physicalLocation: {
            artifactLocation: artifactLocation(file),
            region: { startLine: line, startColumn: column, ...(endLine ? { endLine, endColumn } : {}) },
        },
    };
}

/** A path as the CLI shows it (relative to the working directory) as a SARIF artifact location. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
    // Relative paths from path.relative() never hold `//`, so this is a URI (e.g. builtin:///aws-services.topo).
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return { uri: file };
    if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
    // A backslash separates only on Windows; elsewhere it is part of a name (and encoded).
    const uri = wellFormed(file)
        .split(sep === '\\' ? /[\\/]/ : '/')
        .map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment)))
        .join('/');
    return { uri, uriBaseId: '%SRCROOT%' };
}

/** The directory's `file:` URI, percent-encoded, ending with `/` so that relative references resolve inside it. */
function directoryUri(dir: string): string {
    const href = pathToFileURL(dir).href;
    return href.endsWith('/') ? href : `${href}/`;
}
