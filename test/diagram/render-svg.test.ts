/**
 * The SVG: its structure (what the webview and the export rely on), determinism (byte-identical output for
 * the same input), and escaping: names, descriptions and messages from files are text, never markup.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, test } from 'vitest';
import type { TopoDiagnostic } from '../../src/model/diagnostic.js';
import type { Topology } from '../../src/model/topology.js';
import { escapeAttr, escapeText } from '../../src/diagram/xml.js';
import { input, loadExample, svgOf, trace } from './fixtures.js';
import { renderDiagram } from '../../src/diagram/diagram.js';
import { elements, parseSvg, textOf } from './svg-check.js';

/** Every element name and attribute the renderer may write: nothing else may appear. */
const ELEMENTS = new Set([
    'svg',
    'title',
    'defs',
    'marker',
    'path',
    'rect',
    'g',
    'text',
    'polyline',
    'circle',
    'ellipse',
    'line',
]);
const ATTRIBUTES = new Set([
    'xmlns',
    'width',
    'height',
    'viewBox',
    'class',
    'font-family',
    'font-size',
    'font-weight',
    'x',
    'y',
    'x1',
    'y1',
    'x2',
    'y2',
    'rx',
    'ry',
    'cx',
    'cy',
    'r',
    'fill',
    'stroke',
    'stroke-width',
    'stroke-dasharray',
    'stroke-linecap',
    'stroke-linejoin',
    'points',
    'd',
    'transform',
    'text-anchor',
    'id',
    'refX',
    'refY',
    'markerUnits',
    'markerWidth',
    'markerHeight',
    'orient',
    'marker-end',
    'data-node',
    'data-kind',
    'data-element',
    'data-edge',
    'data-trace',
    'data-hop',
    'data-direction',
    'data-source',
    'data-target',
    'data-route',
    'data-dns',
]);

function checkVocabulary(svg: string): void {
    for (const e of elements(parseSvg(svg))) {
        expect(ELEMENTS, `element <${e.name}>`).toContain(e.name);
        for (const name of Object.keys(e.attrs)) expect(ATTRIBUTES, `attribute ${name} on <${e.name}>`).toContain(name);
    }
}

describe('SVG structure', () => {
    test('one <svg> with size and viewBox; nodes, links and hops carry their ids; hops carry route and direction', async () => {
        const l = await loadExample('reference/distributed-inspection.topo');
        const svg = await svgOf(l, [['shop-1a', 'internet']]);
        const root = parseSvg(svg);
        expect(root.attrs.viewBox).toBe(`0 0 ${root.attrs.width} ${root.attrs.height}`);
        const all = [...elements(root)];
        const byNode = (id: string) => all.find((e) => e.attrs['data-node'] === id && e.name === 'g');
        expect(byNode('vpc:storefront')!.attrs.class).toBe('topo-node topo-vpc');
        // Public: the subnet's table sends traffic to an internet gateway (here the GWLBE subnets; the "public"
        // subnets reach the IGW only through the GWLBE).
        expect(byNode('subnet:storefront.gwlbe-a')!.attrs.class).toBe('topo-node topo-subnet topo-public');
        expect(byNode('subnet:storefront.public-a')!.attrs.class).toBe('topo-node topo-subnet topo-private');
        expect(byNode('instance:storefront.shop-1a')!.attrs.class).toBe('topo-node topo-card topo-instance');
        const hops = all.filter((e) => e.attrs.class?.startsWith('topo-hop topo-hop-'));
        expect(hops.map((h) => h.attrs['data-hop'])).toEqual([
            '1',
            '2',
            '3',
            '4',
            '5',
            '6',
            '7',
            '8',
            'R1',
            'R2',
            'R3',
            'R4',
            'R5',
            'R6',
            'R7',
            'R8',
        ]);
        expect(hops[0].attrs['data-route']).toBe('route table rt-app-a: 0.0.0.0/0 -> nat-a (only matching route)');
        expect(hops[0].attrs['data-direction']).toBe('forward');
        expect(hops[8].attrs['data-direction']).toBe('return');
        expect(textOf(hops[0].children.find((c) => c.name === 'title')!)).toContain('1. shop-1a → nat-a (forward)');
        // Forward solid with its arrow; return dashed with the other.
        const line = (h: (typeof hops)[number]) => h.children.find((c) => c.name === 'polyline')!;
        expect(line(hops[0]).attrs['marker-end']).toBe('url(#topo-arrow-forward)');
        expect(line(hops[0]).attrs['stroke-dasharray']).toBeUndefined();
        expect(line(hops[8]).attrs['stroke-dasharray']).toBe('6 3');
        const badges = all
            .filter((e) => e.attrs.class?.startsWith('topo-hop-badge'))
            .map((b) => textOf(b.children.find((c) => c.name === 'text')!));
        expect(badges).toEqual(hops.map((h) => h.attrs['data-hop']));
        checkVocabulary(svg);
    });

    test('a blocked trace shows a stop label at the node where it stopped; the legend says why', async () => {
        const l = await loadExample('seed/interface-endpoint.topo');
        const svg = await svgOf(l, [['ops-1a', 'ssm']]);
        const all = [...elements(parseSvg(svg))];
        const stop = all.find((e) => e.attrs.class === 'topo-stop')!;
        expect(stop.attrs['data-node']).toBe('instance:ops.ops-1a');
        expect(textOf(stop)).toContain('✕ private-dns-not-shared');
        const legend = textOf(all.find((e) => e.attrs.class === 'topo-legend')!);
        expect(legend).toContain('ops-1a → ssm: blocked (private-dns-not-shared)');
    });

    test('diagnostics are badges with the code and message on hover', async () => {
        const l = await loadExample('broken/trace-blackhole.topo');
        const svg = await svgOf(l);
        const badge = [...elements(parseSvg(svg))].find((e) => e.attrs.class === 'topo-diagnostic topo-warning')!;
        expect(badge.attrs['data-node']).toBe('subnet:app.app-a');
        expect(textOf(badge.children[0])).toMatch(/^route-blackhole: /);
    });

    test('same input, byte-identical SVG (fresh analysis each time)', async () => {
        const a = await svgOf(await loadExample('reference/centralized-inspection.topo'), [['pay-1a', 'ord-1c']]);
        const b = await svgOf(await loadExample('reference/centralized-inspection.topo'), [['pay-1a', 'ord-1c']]);
        expect(a.length).toBeGreaterThan(10_000);
        expect(a === b).toBe(true);
    });

    test('resvg reads it (the PNG export path)', async () => {
        const svg = await svgOf(await loadExample('reference/privatelink-saas'), [['client-1a', 'api-svc']]);
        const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
        expect(png.width).toBeGreaterThan(400);
    });
});

describe('escaping: names from files render as text', () => {
    const HOSTILE = {
        'vpc:storefront': '<script>alert(1)</script>',
        'instance:storefront.shop-1a': '"><img src=x onerror=alert(2)>',
        'subnet:storefront.app-a': "a&b 'quoted' <b>bold</b>",
        'endpoint-service:fw-svc': ']]><svg onload=alert(3)>',
        'igw:storefront.igw': '\u0000\u0007ctl',
    } as const;

    /** The example's Topology with some names replaced, as if a file had declared them. */
    function hostile(t: Topology): Topology {
        const copy = JSON.parse(JSON.stringify(t)) as Record<string, unknown>;
        for (const value of Object.values(copy)) {
            const list = Array.isArray(value) ? value : Object.values(value as object);
            for (const e of list as Array<{ id?: string; name?: string }>)
                if (e.id && e.id in HOSTILE) e.name = HOSTILE[e.id as keyof typeof HOSTILE];
        }
        return copy as unknown as Topology;
    }

    test('hostile names, trace labels and diagnostic messages are escaped: no markup, same text back', async () => {
        const l = await loadExample('reference/distributed-inspection.topo');
        const topology = hostile(l.topology);
        const evil: TopoDiagnostic<string> = {
            code: 'x<y',
            severity: 'error',
            message: '</title><script>alert(4)</script>&',
            uri: l.diagnostics[0]?.uri ?? topology.vpcs[0].src!.uri,
            range: topology.byId['instance:storefront.shop-1a'].src!.range,
            related: [],
        };
        const t = trace(l, 'shop-1a', 'internet');
        const { svg } = await renderDiagram({
            topology,
            traces: [{ ...t, label: '<i>trace</i> & "x"' }],
            diagnostics: [evil],
        });
        checkVocabulary(svg);
        const root = parseSvg(svg);
        const text = textOf(root);
        expect(text).toContain('<script>alert(1)</script>');
        expect(text).toContain('"><img src=x onerror=alert(2)>');
        expect(text).toContain('</title><script>alert(4)</script>&');
        expect(text).toContain('<i>trace</i> & "x"');
        const attrs = [...elements(root)].flatMap((e) => Object.values(e.attrs));
        expect(attrs.some((v) => v.includes('onerror=alert(2)'))).toBe(false); // names are not in attributes except ids
        // Raw markup would start with `<`; escaped it reads `&lt;`.
        expect(svg).not.toMatch(/<(script|img|i)[\s>]|<svg onload/);
        expect(svg).not.toContain('\u0000');
        // And resvg renders it.
        expect(new Resvg(svg, { font: { loadSystemFonts: false } }).render().width).toBeGreaterThan(100);
    });

    test.each([
        ['<>&', '&lt;&gt;&amp;', '&lt;&gt;&amp;'],
        [`"'\n`, `"'\n`, '&quot;&#39;&#10;'],
        ['\u0001x\uD800', '\uFFFDx\uFFFD', '\uFFFDx\uFFFD'],
    ])('escapeText/escapeAttr(%j)', (raw, text, attr) => {
        expect(escapeText(raw)).toBe(text);
        expect(escapeAttr(raw)).toBe(attr);
    });

    test('input() helper keeps diagnostics (sanity for the fixtures above)', async () => {
        const l = await loadExample('broken/trace-blackhole.topo');
        expect(input(l).diagnostics!.length).toBeGreaterThan(0);
    });
});
