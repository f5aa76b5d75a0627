/**
 * User settings (`topo.*` in VS Code):
 *  - `topo.diagnostics.severity`: per-code overrides, e.g. `{ "nat-cross-az": "off", "gwlbe-missing-in-az": "error" }`.
 *    A change re-validates every document; parsing and linking are not repeated.
 *  - `topo.diagnostics.delay`: the typing pause (ms) before the workspace-wide analysis runs.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import type { Severity, SeverityOverrides } from '../src/model/diagnostic.js';
import type { TopoAnalysis } from '../src/language/topo-analysis.js';
import { TopoDocumentBuilder } from '../src/language/topo-document-builder.js';
import { isDiagnosticCode, type DiagnosticCode } from '../src/rules/registry.js';

/**
 * The typing pause before workspace-wide analysis: short enough to feel instant, long enough to skip keystrokes in a
 * burst.
 */
export const DEFAULT_VALIDATION_DELAY_MS = 100;

const LEVELS: ReadonlySet<string> = new Set<Severity | 'off'>(['error', 'warning', 'info', 'hint', 'off']);

function isLevel(level: unknown): level is Severity | 'off' {
    return typeof level === 'string' && LEVELS.has(level);
}

/**
 * Keeps only well-formed entries: a registered code and one of the five levels (anything else a user typed is
 * ignored). The settings are a `Record<string, unknown>` from the client; the result is keyed by DiagnosticCode.
 */
export function sanitizeSeverity(raw: unknown): SeverityOverrides {
    const out: Partial<Record<DiagnosticCode, Severity | 'off'>> = {};
    if (!raw || typeof raw !== 'object') return out;
    for (const [code, level] of Object.entries(raw)) {
        if (isLevel(level) && isDiagnosticCode(code)) out[code] = level;
    }
    return out;
}

function sanitizeDelay(raw: unknown): number {
    return typeof raw === 'number' && Number.isFinite(raw)
        ? Math.min(2000, Math.max(0, Math.round(raw)))
        : DEFAULT_VALIDATION_DELAY_MS;
}

export function watchSettings(shared: LangiumSharedServices, analysis: TopoAnalysis): void {
    let current = '{}';
    const apply = async (): Promise<void> => {
        const diagnostics = (await shared.workspace.ConfigurationProvider.getConfiguration('topo', 'diagnostics')) as
            { severity?: unknown; delay?: unknown } | undefined;
        const builder = shared.workspace.DocumentBuilder;
        if (builder instanceof TopoDocumentBuilder) builder.validationDelayMs = sanitizeDelay(diagnostics?.delay);
        const overrides = sanitizeSeverity(diagnostics?.severity);
        const key = JSON.stringify(overrides);
        if (key === current) return;
        current = key;
        analysis.setSeverityOverrides(overrides);
        await shared.workspace.WorkspaceLock.write((token) => shared.workspace.DocumentBuilder.update([], [], token));
    };
    const run = () => void apply().catch((err) => console.error('topo: could not apply settings:', err));
    shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate((update) => {
        if (update.section === 'topo') run();
    });
    void shared.workspace.WorkspaceManager.ready.then(run);
}
