/** `--format json`: the contract in README.md ("Checking"), plus `related` (additive, so scripts keep working). */
import type { CliDiagnostic } from '../check.js';

export function formatJson(diagnostics: readonly CliDiagnostic[]): string {
    return toJson({ diagnostics });
}

/**
 * JSON as the CLI prints it (two-space indent, a final newline), every string well-formed: a lone surrogate (half an
 * emoji, cut by a tool that counted UTF-16 units) becomes U+FFFD, so the output is valid UTF-8 and every strict JSON
 * reader accepts it. (`JSON.stringify` alone writes it as a `\ud83d` escape, which strict readers reject.) And inert
 * on a terminal: `JSON.stringify` escapes C0 controls; DEL, C1 controls and bidirectional overrides are escaped too
 * (`\u009b`; they can only occur inside strings, so the JSON means the same).
 */
export function toJson(value: unknown): string {
    const json = JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v), 2);
    return json.replace(INERT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** What JSON.stringify leaves raw that a terminal may act on. */
const INERT = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `String.prototype.toWellFormed` (ES2024; our TypeScript lib is ES2022). */
export function wellFormed(s: string): string {
    return s.replace(LONE_SURROGATE, '\ufffd');
}
