/**
 * The legend under the diagram: one entry per drawn trace (its letter, from -> to, verdict and the tracer's
 * one-sentence summary), the key to the hop styles, and how many diagnostics have no node to sit on. Lines
 * are wrapped to the diagram's width, so the legend never runs into anything.
 */
import { FONT } from './layout-options.js';
import { fitText, textWidth } from './text-metrics.js';
import type { DiagramGraph } from './types.js';

interface LegendLine {
    readonly text: string;
    readonly bold?: boolean;
    /** Indented continuation or detail line. */
    readonly indent?: boolean;
    readonly color?: 'forward' | 'return' | 'stop' | 'muted';
}

export const LEGEND_LINE = 16;
export const LEGEND_PAD = 14;

export function legendLines(graph: DiagramGraph, width: number): LegendLine[] {
    const lines: LegendLine[] = [];
    const max = width - 2 * LEGEND_PAD;
    if (graph.traces.length > 0) {
        const key =
            'Traces: numbered hops forward (solid), the reply as R-numbered hops (dashed). Hover a hop for the route or DNS answer.';
        for (const w of wrap(key, max)) lines.push({ text: w, color: 'muted' });
        for (const t of graph.traces) {
            const head = `${t.letter ? `${t.letter}  ` : ''}${t.label}: ${t.verdict}${t.reason ? ` (${t.reason})` : ''}`;
            for (const w of wrap(head, max, true))
                lines.push({ text: w, bold: true, color: t.verdict === 'blocked' ? 'stop' : undefined });
            for (const w of wrap(t.summary, max - 22)) lines.push({ text: w, indent: true });
        }
    }
    if (graph.unplacedDiagnostics > 0) {
        const n = graph.unplacedDiagnostics;
        const text = `${n} diagnostic${n === 1 ? '' : 's'} on statements the diagram does not draw (traces, prefix lists, zones).`;
        for (const w of wrap(text, max)) lines.push({ text: w, color: 'muted' });
    }
    return lines;
}

/** Words onto lines of at most `max` px (a single longer word is cut with an ellipsis). */
function wrap(text: string, max: number, bold = false): string[] {
    const out: string[] = [];
    let line = '';
    for (const word of text
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => fitText(w, FONT.legend, max, bold))) {
        const next = line ? `${line} ${word}` : word;
        if (line && textWidth(next, FONT.legend, bold) > max) {
            out.push(line);
            line = word;
        } else line = next;
    }
    if (line) out.push(line);
    return out;
}
