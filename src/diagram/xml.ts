/**
 * XML escaping for everything the diagram writes into SVG. Names, CIDRs, DNS answers and diagnostic messages
 * come from the user's files (and ARNs and DNS names are free strings), so every piece of text and every
 * attribute value goes through one of these two functions; nothing from the Topology is concatenated raw.
 */

const TEXT: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR: Readonly<Record<string, string>> = {
    ...TEXT,
    '"': '&quot;',
    "'": '&#39;',
    '\n': '&#10;',
    '\r': '&#13;',
    '\t': '&#9;',
};

/** Characters XML 1.0 does not allow at all (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
const INVALID =
    // eslint-disable-next-line no-control-regex -- matching the control characters is the point
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text content. */
export function escapeText(s: string): string {
    return s.replace(INVALID, '\uFFFD').replace(/[&<>]/g, (c) => TEXT[c]);
}

/** Escapes an attribute value (for double- or single-quoted attributes; newlines survive as character references). */
export function escapeAttr(s: string): string {
    return s.replace(INVALID, '\uFFFD').replace(/[&<>"'\n\r\t]/g, (c) => ATTR[c]);
}
