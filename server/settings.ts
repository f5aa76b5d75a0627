/**
 * User settings (`topo.*` in VS Code): per-code severity overrides, e.g.
 * `"topo.diagnostics.severity": { "nat-cross-az": "off", "gwlbe-missing-in-az": "error" }`.
 * A change re-validates every document; parsing and linking are not repeated.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import type { Severity } from '../src/model/diagnostic.js';
import type { TopoAnalysis } from '../src/language/topo-analysis.js';

export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Keeps only well-formed entries: a code and one of the five levels (anything else a user typed is ignored). */
export function sanitizeSeverity(raw: unknown): SeverityOverrides {
    const out: Record<string, Severity | 'off'> = {};
    if (!raw || typeof raw !== 'object') return out;
    for (const [code, level] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof level === 'string' && LEVELS.has(level) && /^[a-z0-9-]+$/.test(code)) out[code] = level as Severity | 'off';
    }
    return out;
}

export function watchSettings(shared: LangiumSharedServices, analysis: TopoAnalysis): void {
    let current = '{}';
    const apply = async (): Promise<void> => {
        const diagnostics = (await shared.workspace.ConfigurationProvider.getConfiguration('topo', 'diagnostics')) as { severity?: unknown } | undefined;
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
