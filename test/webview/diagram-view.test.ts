/**
 * The diagram panel in a real browser (headless chromium): for every example, what a person sees — every box
 * inside its container, no two labels overlapping (measured with the browser's own text layout), every label
 * inside its box, and the trace's hops drawn — with a screenshot in test-output/webview/. Then the panel's
 * behaviour: click to reveal, cursor highlight, pan/zoom/fit and a viewport that survives a redraw, the trace
 * picker, the themes, PNG rasterising, no CSP violation, and hostile names that stay text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderDiagram } from '../../src/diagram/diagram.js';
import type { DiagramInput } from '../../src/diagram/types.js';
import type { DiagramResult } from '../../src/webview/protocol.js';
import { exampleWorkspaces, firstTrace, input, loadExample } from '../diagram/fixtures.js';
import { close, launch, openPanel, OUT, type Panel } from './browser.js';

let context: BrowserContext | undefined;

beforeAll(async () => {
    context = await launch();
}, 60_000);

afterAll(async () => {
    await close(context);
}, 30_000);

/** A panel message for a diagram input (what the language server would answer). */
async function resultOf(
    inp: DiagramInput,
): Promise<{ result: DiagramResult; parents: Record<string, string>; ports: string[]; hops: number }> {
    const { svg, layout } = await renderDiagram(inp);
    const parents: Record<string, string> = {};
    const ports: string[] = [];
    for (const n of layout.graph.nodes.values()) {
        if (n.kind === 'spacer' || !n.parent) continue;
        if (n.border) ports.push(n.id);
        else parents[n.id] = n.parent;
    }
    const result: DiagramResult = {
        svg,
        width: layout.width,
        height: layout.height,
        choices: [],
        drawn: [],
        problems: [],
        locations: [],
    };
    return { result, parents, ports, hops: layout.graph.edges.filter((e) => e.kind === 'hop').length };
}

/** The first trace or expect statement of an example, by the names `topo trace` takes. */
/** What is visible, measured in the page: containment, label overlaps, labels outside their boxes, drawn hops. */
async function measure(panel: Panel, parents: Record<string, string>, ports: string[]) {
    return panel.page.evaluate(
        ({ parents, ports }) => {
            const E = 1;
            const svg = document.querySelector('#viewport > svg')!;
            const boxOf = (id: string) =>
                svg.querySelector(`g[data-node="${CSS.escape(id)}"] > rect.topo-box`)?.getBoundingClientRect();
            const inside = (a: DOMRect, b: DOMRect) =>
                a.left >= b.left - E && a.top >= b.top - E && a.right <= b.right + E && a.bottom <= b.bottom + E;
            const overlap = (a: DOMRect, b: DOMRect) =>
                a.left < b.right - E && b.left < a.right - E && a.top < b.bottom - E && b.top < a.bottom - E;
            const problems: string[] = [];
            for (const [id, parent] of Object.entries(parents)) {
                const a = boxOf(id);
                const b = boxOf(parent);
                if (!a || !b) problems.push(`${id}: not drawn`);
                else if (!inside(a, b)) problems.push(`${id} is not inside ${parent}`);
            }
            for (const id of ports) {
                const a = boxOf(id);
                if (!a || a.width < 10) problems.push(`port ${id}: not drawn`);
            }
            // Labels: node and badge texts (the legend is laid out apart, below the diagram).
            const texts = Array.from(
                svg.querySelectorAll('.topo-containers text, .topo-cards text, .topo-hops text, .topo-badges text'),
            ).map((t) => ({
                t,
                r: t.getBoundingClientRect(),
                owner: t.closest('g[data-node], g[data-edge], g.topo-stop, g.topo-diagnostic')!,
            }));
            for (let i = 0; i < texts.length; i++) {
                for (let j = i + 1; j < texts.length; j++) {
                    if (overlap(texts[i].r, texts[j].r))
                        problems.push(`labels overlap: "${texts[i].t.textContent}" and "${texts[j].t.textContent}"`);
                }
                // A node's own labels stay inside its box.
                const own = texts[i].owner.matches('g[data-node].topo-node')
                    ? texts[i].owner.querySelector(':scope > rect.topo-box')?.getBoundingClientRect()
                    : undefined;
                if (own && !inside(texts[i].r, own))
                    problems.push(`label "${texts[i].t.textContent}" spills out of its box`);
            }
            const hops = Array.from(svg.querySelectorAll('g.topo-hop polyline')).filter(
                (p) =>
                    (p as SVGPolylineElement).getTotalLength() > 5 &&
                    p.getBoundingClientRect().width + p.getBoundingClientRect().height > 5,
            );
            return { problems, hops: hops.length, texts: texts.length };
        },
        { parents, ports },
    );
}

describe('every example in the panel', () => {
    test.each(exampleWorkspaces())(
        '%s',
        async (path) => {
            const l = await loadExample(path);
            const { result, parents, ports, hops } = await resultOf(input(l, firstTrace(l)));
            const panel = await openPanel(context!);
            try {
                await panel.send({ type: 'diagram', result, selected: [] });
                await panel.page.waitForSelector('#viewport > svg');
                const seen = await measure(panel, parents, ports);
                await panel.page.screenshot({ path: join(OUT, `${path.replace(/[/.]/g, '_')}.png`) });
                expect(seen.problems).toEqual([]);
                expect(seen.hops).toBe(hops);
                expect(seen.texts).toBeGreaterThan(5);
                expect(panel.problems).toEqual([]);
            } finally {
                await panel.page.close();
            }
        },
        60_000,
    );
});

describe('the panel', () => {
    async function distributed(theme: 'light' | 'dark' | 'high-contrast' = 'light') {
        const l = await loadExample('reference/distributed-inspection.topo');
        const { result } = await resultOf(input(l, [['shop-1a', 'internet']]));
        const withChoices: DiagramResult = {
            ...result,
            drawn: ['shop-1a -> internet'],
            choices: [
                {
                    key: 'shop-1a -> internet',
                    spec: { from: 'shop-1a', to: 'internet' },
                    statement: 'expect',
                    uri: 'file:///x.topo',
                    line: 1,
                },
                {
                    key: 'shop-1c -> internet',
                    spec: { from: 'shop-1c', to: 'internet' },
                    statement: 'expect',
                    uri: 'file:///x.topo',
                    line: 2,
                },
            ],
        };
        const panel = await openPanel(context!, { theme });
        await panel.send({ type: 'diagram', result: withChoices, selected: ['shop-1a -> internet'] });
        await panel.page.waitForSelector('#viewport > svg');
        return { panel, result: withChoices };
    }

    test('clicking a box asks to reveal its source; a drag pans instead', async () => {
        const { panel } = await distributed();
        try {
            await panel.page.click('g[data-node="instance:storefront.shop-1c"]');
            expect((await panel.posted()).filter((m) => m.type === 'reveal')).toEqual([
                { type: 'reveal', node: 'instance:storefront.shop-1c' },
            ]);
            const before = await panel.page.getAttribute('#viewport > svg', 'viewBox');
            const box = (await panel.page.locator('g[data-node="subnet:storefront.app-c"] > rect').boundingBox())!;
            await panel.page.mouse.move(box.x + 5, box.y + 5);
            await panel.page.mouse.down();
            await panel.page.mouse.move(box.x + 105, box.y + 55, { steps: 5 });
            await panel.page.mouse.up();
            expect(await panel.page.getAttribute('#viewport > svg', 'viewBox')).not.toBe(before);
            expect((await panel.posted()).filter((m) => m.type === 'reveal')).toHaveLength(1);
        } finally {
            await panel.page.close();
        }
    });

    test('the cursor highlights its node; a highlighted node outside the view is brought into it', async () => {
        const { panel } = await distributed();
        try {
            await panel.send({ type: 'highlight', nodes: ['nat:storefront.nat-c'] });
            const cls = await panel.page.getAttribute('g[data-node="nat:storefront.nat-c"]', 'class');
            expect(cls).toContain('topo-highlight');
            const width = await panel.page.$eval(
                'g[data-node="nat:storefront.nat-c"] > rect',
                (r) => getComputedStyle(r).strokeWidth,
            );
            expect(width).toBe('3.5px');
            // Zoom far in elsewhere, then highlight: the view moves to the node.
            for (let i = 0; i < 8; i++) await panel.page.click('#zoom-in');
            await panel.send({ type: 'highlight', nodes: ['instance:security.ngfw-c'] });
            const visible = await panel.page.$eval('g[data-node="instance:security.ngfw-c"] > rect', (r) => {
                const a = r.getBoundingClientRect();
                const v = document.getElementById('viewport')!.getBoundingClientRect();
                return a.left >= v.left && a.right <= v.right && a.top >= v.top && a.bottom <= v.bottom;
            });
            expect(visible).toBe(true);
            await panel.send({ type: 'highlight', nodes: [] });
            expect(await panel.page.locator('.topo-highlight').count()).toBe(0);
        } finally {
            await panel.page.close();
        }
    });

    test('zoom and fit; a redraw (live update while typing) keeps the viewport', async () => {
        const { panel, result } = await distributed();
        try {
            const fitted = await panel.page.getAttribute('#viewport > svg', 'viewBox');
            await panel.page.mouse.move(600, 400);
            await panel.page.mouse.wheel(0, -400);
            const zoomed = await panel.page.getAttribute('#viewport > svg', 'viewBox');
            const w = (vb: string | null) => Number(vb!.split(' ')[2]);
            expect(w(zoomed)).toBeLessThan(w(fitted) * 0.8);
            await panel.send({ type: 'diagram', result, selected: ['shop-1a -> internet'] });
            expect(await panel.page.getAttribute('#viewport > svg', 'viewBox')).toBe(zoomed);
            await panel.page.click('#fit');
            expect(await panel.page.getAttribute('#viewport > svg', 'viewBox')).toBe(fitted);
        } finally {
            await panel.page.close();
        }
    });

    test('the trace picker lists the statements and posts the picked ones', async () => {
        const { panel } = await distributed();
        try {
            await panel.page.click('#traces summary');
            const labels = await panel.page.locator('#trace-list label').allTextContents();
            expect(labels.map((s) => s.trim())).toEqual(['expect shop-1a -> internet', 'expect shop-1c -> internet']);
            expect(await panel.page.isChecked('#trace-list input[value="shop-1a -> internet"]')).toBe(true);
            await panel.page.check('#trace-list input[value="shop-1c -> internet"]');
            expect((await panel.posted()).filter((m) => m.type === 'select').at(-1)).toEqual({
                type: 'select',
                keys: ['shop-1a -> internet', 'shop-1c -> internet'],
            });
        } finally {
            await panel.page.close();
        }
    });

    test.each(['light', 'dark', 'high-contrast'] as const)(
        'follows the %s theme through VS Code variables',
        async (theme) => {
            const { panel } = await distributed(theme);
            try {
                const colors = await panel.page.evaluate(() => {
                    const fill = (sel: string) => getComputedStyle(document.querySelector(sel)!).fill;
                    const stroke = (sel: string) => getComputedStyle(document.querySelector(sel)!).strokeWidth;
                    const line = getComputedStyle(document.querySelector('.topo-hop-forward polyline')!).stroke;
                    return {
                        bg: fill('.topo-background'),
                        title: fill('g[data-node="instance:storefront.shop-1a"] .topo-title'),
                        cardStroke: stroke('g[data-node="instance:storefront.shop-1a"] > rect'),
                        arrow: fill('#topo-arrow-forward path'),
                        line,
                    };
                });
                // Arrowheads follow the theme like the lines they end.
                expect(colors.arrow).toBe(colors.line);
                const expected = {
                    light: 'rgb(255, 255, 255)',
                    dark: 'rgb(30, 30, 30)',
                    'high-contrast': 'rgb(0, 0, 0)',
                }[theme];
                expect(colors.bg).toBe(expected);
                expect(colors.title).toBe(
                    { light: 'rgb(31, 31, 31)', dark: 'rgb(204, 204, 204)', 'high-contrast': 'rgb(255, 255, 255)' }[
                        theme
                    ],
                );
                if (theme === 'high-contrast') expect(colors.cardStroke).toBe('1.5px');
                await panel.page.screenshot({ path: join(OUT, `theme-${theme}.png`) });
            } finally {
                await panel.page.close();
            }
        },
    );

    test('rasterises the diagram to PNG for the export', async () => {
        const { panel } = await distributed();
        try {
            await panel.send({ type: 'rasterize', id: 7, scale: 1 });
            await panel.page.waitForFunction(() =>
                (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'raster'),
            );
            const raster = (await panel.posted()).find((m) => m.type === 'raster')!;
            expect(raster).toMatchObject({ type: 'raster', id: 7 });
            const png = Buffer.from((raster as { png: string }).png, 'base64');
            expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
            writeFileSync(join(OUT, 'rasterised.png'), new Uint8Array(png));
            expect(panel.problems).toEqual([]);
        } finally {
            await panel.page.close();
        }
    });

    test('hostile names stay text in the page: no element, no script runs, no CSP violation', async () => {
        const l = await loadExample('reference/distributed-inspection.topo');
        const t = JSON.parse(JSON.stringify(l.topology));
        const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
        for (const list of [t.vpcs, t.hosts]) for (const e of list) e.name = `${e.name}${evil}`;
        for (const e of Object.values<{ kind: string; name: string }>(t.byId))
            if (e.kind === 'vpc' || e.kind === 'instance') e.name = `${e.name.replace(evil, '')}${evil}`;
        const { result } = await resultOf({ topology: t, traces: [], diagnostics: [] });
        const panel = await openPanel(context!);
        try {
            await panel.send({ type: 'diagram', result, selected: [] });
            await panel.page.waitForSelector('#viewport > svg');
            const seen = await panel.page.evaluate(() => ({
                xss: (window as unknown as { __xss?: number }).__xss,
                imgs: document.querySelectorAll('#viewport img, #viewport script, #viewport foreignObject').length,
                title: document.querySelector('g[data-node="vpc:storefront"] .topo-title')!.textContent,
            }));
            expect(seen).toEqual({ xss: undefined, imgs: 0, title: `storefront${evil}` });
            expect(panel.problems).toEqual([]);
        } finally {
            await panel.page.close();
        }
    });
});
