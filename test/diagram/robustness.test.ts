/**
 * Bad input never crashes the diagram: mutated examples (cut, shuffled, corrupted; test/robustness/mutations.ts)
 * are drawn with their first trace, and the result is always well-formed SVG that resvg can render.
 */
import { Resvg } from '@resvg/resvg-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderDiagram } from '../../src/diagram/diagram.js';
import { findTraceEnd } from '../../src/trace/names.js';
import { traceRequest } from '../../src/trace/trace-request.js';
import { createRng } from '../../bench/generate.js';
import { MUTATIONS } from '../robustness/mutations.js';
import { EXAMPLES, loadText } from './fixtures.js';
import { parseSvg } from './svg-check.js';

const SOURCES = [
    'reference/distributed-inspection.topo',
    'reference/centralized-inspection.topo',
    'seed/interface-endpoint.topo',
];

describe('mutated examples still draw', () => {
    test.each(SOURCES)(
        '%s',
        async (path) => {
            const text = readFileSync(join(EXAMPLES, path), 'utf8');
            const rng = createRng(20240601);
            for (const m of MUTATIONS) {
                const mutated = m.apply(text, rng);
                const l = await loadText(mutated);
                const st = l.topology.traces[0];
                const end = (e: NonNullable<typeof st>['from']) =>
                    e.kind === 'element'
                        ? e.id.slice(e.id.indexOf(':') + 1)
                        : e.kind === 'internet'
                          ? 'internet'
                          : e.kind === 'ip'
                            ? e.ip
                            : '';
                const traces = [];
                if (st) {
                    const a = findTraceEnd(l.topology, end(st.from));
                    const b = findTraceEnd(l.topology, end(st.to));
                    if (a.ok && b.ok)
                        traces.push({ label: 'first', result: traceRequest(l.topology, a.end, b.end, {}, l.index) });
                }
                const { svg } = await renderDiagram({ topology: l.topology, traces, diagnostics: l.diagnostics });
                expect(() => parseSvg(svg), m.name).not.toThrow();
                expect(new Resvg(svg, { font: { loadSystemFonts: false } }).render().width, m.name).toBeGreaterThan(0);
            }
        },
        120_000,
    );
});
