/**
 * User settings (`topo.*` in VS Code):
 *  - `topo.diagnostics.severity`: per-code overrides, e.g. `{ "nat-cross-az": "off", "gwlbe-missing-in-az": "error" }`.
 *    A change re-validates every document; parsing and linking are not repeated.
 *  - `topo.diagnostics.delay`: the typing pause (ms) before the workspace-wide analysis runs.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import type { Severity } from '../src/model/diagnostic.js';
import type { TopoAnalysis } from '../src/language/topo-analysis.js';
import { TopoDocumentBuilder } from '../src/language/topo-document-builder.js';

type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

/**
 * The typing pause before workspace-wide analysis: short enough to feel instant, long enough to skip keystrokes in a
 * burst.
 */
export const DEFAULT_VALIDATION_DELAY_MS = 100;

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Keeps only well-formed entries: a code and one of the five levels (anything else a user typed is ignored). */
export function sanitizeSeverity(raw: unknown): SeverityOverrides {
    const out: Record<string, Severity | 'off'> = {};
    if (!raw || typeof raw !== 'object') return out;
    for (const [code, level] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof level === 'string' && LEVELS.has(level) && /^[a-z0-9-]+$/.test(code))
            out[code] = level as Severity | 'off';
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
