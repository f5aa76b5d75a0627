/**
 * The core's diagnostic: plain data, 0-based ranges, no LSP types. The CLI, the Langium validator and the
 * tests all consume this shape; server/ converts it to LSP in one place.
 */
import type { Range } from './topology.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInfo {
    readonly uri: string;
    readonly range: Range;
    readonly message: string;
}

export interface TopoDiagnostic {
    readonly code: string;
    readonly severity: Severity;
    readonly message: string;
    readonly uri: string;
    readonly range: Range;
    readonly related: readonly RelatedInfo[];
    /** Extra facts for quick fixes (e.g. the canonical CIDR). Plain JSON. */
    readonly data?: Readonly<Record<string, unknown>>;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
