/** `--format json`: the contract in README.md ("Checking"), plus `related` (additive, so scripts keep working). */
import type { CliDiagnostic } from '../check.js';

export function formatJson(diagnostics: readonly CliDiagnostic[]): string {
    return JSON.stringify({ diagnostics }, null, 2) + '\n';
}
