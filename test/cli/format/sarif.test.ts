/**
 * SARIF artifact locations (src/cli/format/sarif.ts): RFC 3986 URI references, percent-encoded, relative to
 * %SRCROOT% (the working directory), as SARIF 2.1.0 asks of `artifactLocation.uri`.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { CliDiagnostic } from '../../../src/cli/check.js';
import { formatSarif } from '../../../src/cli/format/sarif.js';

function locationsOf(file: string, relatedFile?: string) {
    const d: CliDiagnostic = {
        file,
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 4,
        severity: 'warning',
        code: 'subnet-overlap',
        message: 'm',
        related: relatedFile ? [{ file: relatedFile, line: 1, column: 1, message: 'r' }] : [],
    };
    const run = JSON.parse(formatSarif([d], '0.0.0')).runs[0];
    const result = run.results[0];
    return {
        base: run.originalUriBaseIds['%SRCROOT%'].uri as string,
        main: result.locations[0].physicalLocation.artifactLocation,
        related: result.relatedLocations?.[0]?.physicalLocation.artifactLocation,
    };
}

describe('SARIF artifact URIs', () => {
    test.each([
        ['net.topo', 'net.topo'],
        ['infra/a b.topo', 'infra/a%20b.topo'],
        ['#1/?x%.topo', '%231/%3Fx%25.topo'],
        ['../up/é.topo', '../up/%C3%A9.topo'],
        // A colon in the first segment would read as a scheme: encoded.
        ['c:d.topo', 'c%3Ad.topo'],
    ])('%j is the relative reference %j on %SRCROOT%', (file, uri) => {
        const { main } = locationsOf(file);
        expect(main).toEqual({ uri, uriBaseId: '%SRCROOT%' });
    });

    test('%SRCROOT% is the working directory as an encoded file: URI ending with a slash', () => {
        const { base } = locationsOf('net.topo');
        expect(base).toBe(`${pathToFileURL(process.cwd()).href}/`);
    });

    test('a location that is already a URI (the built-in services document) is kept, without a base', () => {
        const { related } = locationsOf('net.topo', 'builtin:///aws-services.topo');
        expect(related).toEqual({ uri: 'builtin:///aws-services.topo' });
    });
});
