/**
 * Markdown for hovers. Every name, address and message that comes from a file goes through `md()` or
 * `code()`: a name like `*evil*<img src=x>` must show as text, never as markup or HTML.
 */

/**
 * Escapes Markdown and HTML metacharacters so the text renders literally: inline markup everywhere, and the
 * block markers (`#`, `-`, `+`, `1.`) where they would start a line.
 */
export function md(text: string): string {
    return inline(text).replace(/^(\s*)([#+-]|\d+\.)/gm, (_m, space: string, mark: string) => `${space}\\${mark}`);
}

/** Escapes inline markup only: for text that never starts a line (table cells, the middle of a sentence). */
export function inline(text: string): string {
    return text.replace(/[\\`*_[\]<>&|~]/g, (c) =>
        c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`,
    );
}

/** Inline code: backticks inside are neutralised by choosing a longer fence. */
export function code(text: string): string {
    const clean = text.replace(/[\r\n]+/g, ' ');
    const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A Markdown table; cells are escaped here. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
    const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
    return [line(header.map(inline)), line(header.map(() => '---')), ...rows.map((r) => line(r.map(cell)))].join('\n');
}

/** A table cell: already-escaped text is passed through `raw()`; anything else is escaped. */
function cell(text: string): string {
    return text.startsWith(RAW) ? text.slice(RAW.length) : inline(text).replace(/\r?\n/g, ' ');
}

const RAW = '\u0000raw:';

/** Marks a cell as already-safe Markdown (built with md()/code()). */
export function raw(markdown: string): string {
    return `${RAW}${markdown.replace(/\|/g, '\\|')}`;
}
