/**
 * The core's diagnostic: plain data, 0-based ranges, no LSP types. The CLI, the Langium validator and the
 * tests all consume this shape; server/ converts it to LSP in one place.
 */
import type { DataOf } from '../rules/diagnostic-data.js';
import type { DiagnosticCode } from '../rules/registry.js';
import type { Range } from './topology.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInfo {
    readonly uri: string;
    readonly range: Range;
    readonly message: string;
}

/** A diagnostic with code `C` (any registered code by default) and that code's data (DiagnosticData). */
export interface TopoDiagnostic<C extends string = DiagnosticCode> {
    readonly code: C;
    readonly severity: Severity;
    readonly message: string;
    readonly uri: string;
    readonly range: Range;
    readonly related: readonly RelatedInfo[];
    /** Extra facts for quick fixes (e.g. the canonical CIDR). Plain JSON. */
    readonly data?: DataOf<C>;
}

/** Per-code severity overrides ('off' disables the code), keyed by registered codes only. */
export type SeverityOverrides = Readonly<Partial<Record<DiagnosticCode, Severity | 'off'>>>;

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
