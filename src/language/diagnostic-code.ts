/**
 * The stable code of any diagnostic a Topo document carries. Rule and model findings carry it in `code`;
 * Langium's own lexing, parsing and linking errors carry a `data.code`, mapped here to Topo's names.
 */
import type { Diagnostic } from 'vscode-languageserver-types';

export function diagnosticCode(d: Diagnostic): string {
    if (typeof d.code === 'string') return d.code;
    const data = d.data as { code?: string } | undefined;
    if (data?.code === 'linking-error') return 'unresolved-reference';
    if (data?.code === 'lexing-error' || data?.code === 'parsing-error') return 'syntax-error';
    return data?.code ?? 'syntax-error';
}
