/** `--format text`: one `file:line:col: severity code: message` line per diagnostic, related lines indented. */
import type { CliDiagnostic } from '../check.js';

export function formatText(diagnostics: readonly CliDiagnostic[], fileCount: number): string {
    const lines: string[] = [];
    for (const d of diagnostics) {
        lines.push(`${escapeControls(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${oneLine(d.message)}`);
        for (const r of d.related)
            lines.push(`    ${escapeControls(r.file)}:${r.line}:${r.column}: ${oneLine(r.message)}`);
    }
    const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
    const errors = count('error');
    const warnings = count('warning');
    const infos = count('info') + count('hint');
    lines.push(
        `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')} in ${plural(fileCount, 'file')}`,
    );
    return lines.join('\n') + '\n';
}

/** One line, with control characters (from garbage input) shown as escapes instead of driving the terminal. */
function oneLine(s: string): string {
    return escapeControls(s.replace(/\s*\n\s*/g, ' '));
}

/**
 * Text from a file made inert for a terminal or CI log: C0 and C1 control characters and DEL (ANSI and OSC escape
 * sequences, BEL) become `\x1b`-style escapes, and bidirectional overrides (U+202A–U+202E, U+2066–U+2069) `\u202e`.
 */
export function escapeControls(s: string): string {
    return (
        s
            // eslint-disable-next-line no-control-regex
            .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
            .replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    );
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
