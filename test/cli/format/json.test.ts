/**
 * JSON as the CLI prints it (src/cli/format/json.ts): every string well-formed, so the output is valid UTF-8 that
 * strict readers accept, whatever a message or a name holds.
 */
import { describe, expect, test } from 'vitest';
import type { CliDiagnostic } from '../../../src/cli/check.js';
import { formatJson } from '../../../src/cli/format/json.js';
import { formatSarif } from '../../../src/cli/format/sarif.js';

function diagnostic(message: string, file = 'net.topo'): CliDiagnostic {
    return {
        file,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
        severity: 'error',
        code: 'syntax-error',
        message,
        related: [],
    };
}

/** A JSON escape of half a surrogate pair. */
const ESCAPED_LONE_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

describe('well-formed JSON output', () => {
    test.each([
        ['a high surrogate cut from its pair', 'name 😀'.slice(0, -1)],
        ['a low surrogate on its own', 'x \udc00 y'],
    ])('%s becomes U+FFFD in --format json and sarif', (_, message) => {
        for (const out of [formatJson([diagnostic(message)]), formatSarif([diagnostic(message)], '0.0.0')]) {
            expect(out).not.toMatch(ESCAPED_LONE_SURROGATE);
            expect(out).toContain('\ufffd');
            // Encoded and decoded strictly, the text is unchanged: it was valid UTF-16, so it is valid UTF-8.
            const bytes = new TextEncoder().encode(out);
            expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(out);
        }
    });

    test('whole emoji and other non-ASCII text are kept as they are', () => {
        const out = formatJson([diagnostic('unexpected ->😀<- in é')]);
        expect(JSON.parse(out).diagnostics[0].message).toBe('unexpected ->😀<- in é');
    });
});

describe('inert JSON output', () => {
    test('DEL, C1 controls (CSI) and bidirectional overrides are written as \\u escapes, with the same meaning', () => {
        const message = 'a\x7fb\x9b31mc\u202ed\u2066e\x1b[0m';
        const out = formatJson([diagnostic(message)]);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(out).toContain('\\u009b31m');
        expect(JSON.parse(out).diagnostics[0].message).toBe(message);
    });
});
