/**
 * The laid-out diagram, for every example: boxes inside their containers, siblings apart (so labels, which
 * sit inside their boxes, never overlap), header bands free, ports on the VPC's top border, AZ columns and
 * tier rows lined up, routes that start and end on their nodes and never cut through a card, and hop
 * labels that do not cover each other.
 */
import { describe, expect, test } from 'vitest';
import { HEADER } from '../../src/diagram/layout-options.js';
import { placeLabels } from '../../src/diagram/place-labels.js';
import { offset } from '../../src/diagram/lanes.js';
import { headerText } from '../../src/diagram/route-edges.js';
import type { DiagramLayout, Point, Rect } from '../../src/diagram/types.js';
import { CONTAINER_KINDS } from '../../src/diagram/types.js';
import { exampleWorkspaces, firstTrace, layoutOf, loadExample } from './fixtures.js';

const E = 0.5;
const inside = (a: Rect, b: Rect) =>
    a.x >= b.x - E && a.y >= b.y - E && a.x + a.width <= b.x + b.width + E && a.y + a.height <= b.y + b.height + E;
const overlap = (a: Rect, b: Rect) =>
    a.x < b.x + b.width - E && b.x < a.x + a.width - E && a.y < b.y + b.height - E && b.y < a.y + a.height - E;

/** Geometry problems of a layout, as readable strings (empty when all is well). */
function problems(l: DiagramLayout): string[] {
    const out: string[] = [];
    const nodes = [...l.graph.nodes.values()];
    const box = (id: string) => l.boxes.get(id)!;
    for (const n of nodes) {
        const b = l.boxes.get(n.id);
        if (!b) {
            out.push(`${n.id} has no box`);
            continue;
        }
        if (!n.parent) continue;
        const p = box(n.parent);
        if (n.border) {
            // A port straddles its VPC's top edge, within the VPC's width.
            if (Math.abs(b.y + b.height / 2 - p.y) > E || b.x < p.x || b.x + b.width > p.x + p.width + E)
                out.push(`port ${n.id} is not on the top border of ${n.parent}`);
        } else if (!inside(b, p)) out.push(`${n.id} sticks out of ${n.parent}`);
        if (CONTAINER_KINDS.has(n.kind)) continue;
    }
    // Siblings never overlap (ports included: they must not cover the VPC's inner boxes).
    const byParent = new Map<string, string[]>();
    for (const n of nodes)
        if (n.kind !== 'spacer') byParent.set(n.parent ?? '', [...(byParent.get(n.parent ?? '') ?? []), n.id]);
    for (const [parent, kids] of byParent) {
        for (let i = 0; i < kids.length; i++)
            for (let j = i + 1; j < kids.length; j++)
                if (overlap(box(kids[i]), box(kids[j]))) out.push(`${kids[i]} overlaps ${kids[j]}`);
        // The container's header band holds its title: no child reaches into it.
        const pn = l.graph.nodes.get(parent);
        if (pn && (pn.kind === 'az' || pn.kind === 'subnet')) {
            const pb = box(parent);
            for (const k of kids)
                if (box(k).y < pb.y + HEADER[pn.kind].height) out.push(`${k} covers the header of ${parent}`);
        }
    }
    // Routes: orthogonal, from the source's box to the target's, never through another card.
    const cards = nodes.filter((n) => !CONTAINER_KINDS.has(n.kind) && n.kind !== 'spacer');
    for (const e of l.graph.edges) {
        const r = l.routes.get(e.id);
        if (!r) {
            out.push(`edge ${e.id} has no route`);
            continue;
        }
        for (let i = 1; i < r.length; i++)
            if (r[i - 1].x !== r[i].x && r[i - 1].y !== r[i].y) out.push(`edge ${e.id} has a diagonal segment`);
        const near = (p: Point, b: Rect) =>
            p.x >= b.x - 25 && p.x <= b.x + b.width + 25 && p.y >= b.y - 25 && p.y <= b.y + b.height + 25;
        if (!near(r[0], box(e.source)) || !near(r.at(-1)!, box(e.target)))
            out.push(`edge ${e.id} does not join its ends`);
        for (const c of cards) {
            if (c.id === e.source || c.id === e.target) continue;
            const cb = box(c.id);
            const shrunk = { x: cb.x + 2, y: cb.y + 2, width: cb.width - 4, height: cb.height - 4 };
            for (let i = 1; i < r.length; i++) {
                const a = r[i - 1];
                const b = r[i];
                const seg = {
                    x: Math.min(a.x, b.x),
                    y: Math.min(a.y, b.y),
                    width: Math.abs(a.x - b.x) + 0.01,
                    height: Math.abs(a.y - b.y) + 0.01,
                };
                if (overlap(seg, shrunk)) out.push(`edge ${e.id} cuts through ${c.id}`);
            }
        }
    }
    // Hop lanes never run across a container's title (a line through a name is hard to read).
    const titles = nodes
        .filter((n) => CONTAINER_KINDS.has(n.kind))
        .map((n) => ({ id: n.id, r: headerText(n.kind, n.title, n.subtitle, box(n.id)) }));
    for (const e of l.graph.edges) {
        if (e.kind !== 'hop') continue;
        const r = l.routes.get(e.id) ?? [];
        for (const t of titles) {
            for (let i = 1; i < r.length; i++) {
                const a = r[i - 1];
                const b = r[i];
                const seg = {
                    x: Math.min(a.x, b.x),
                    y: Math.min(a.y, b.y),
                    width: Math.abs(a.x - b.x) + 0.01,
                    height: Math.abs(a.y - b.y) + 0.01,
                };
                if (overlap(seg, t.r)) {
                    out.push(`edge ${e.id} crosses the title of ${t.id}`);
                    break;
                }
            }
        }
    }
    // Hop numbers and stop labels never cover one another.
    const p = placeLabels(l);
    const labels: Rect[] = [
        ...[...p.hops.values()].map((h) => ({ x: h.x - 8, y: h.y - 8, width: 16, height: 16 })),
        ...p.stops.map((s) => s.box),
    ];
    for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++)
            if (overlap(labels[i], labels[j])) out.push(`labels ${i} and ${j} overlap`);
    return out;
}

/** One trace per example: its first trace or expect statement, when it has one. */
describe('every example lays out cleanly', () => {
    test.each(exampleWorkspaces())('%s', async (path) => {
        const l = await loadExample(path);
        const layout = await layoutOf(l, firstTrace(l));
        expect(problems(layout)).toEqual([]);
        expect(layout.width).toBeGreaterThan(100);
    });
});

describe('the checker itself', () => {
    test('catches a card moved onto its neighbour, a card outside its subnet, and a route through a card', async () => {
        const layout = await layoutOf(await loadExample('reference/distributed-inspection.topo'), [
            ['shop-1a', 'internet'],
        ]);
        const boxes = new Map(layout.boxes);
        boxes.set('nat:storefront.nat-a', {
            ...boxes.get('nat:storefront.nat-a')!,
            y: boxes.get('nat:storefront.nat-a')!.y + 400,
        });
        const routes = new Map(layout.routes);
        const shop = boxes.get('instance:storefront.shop-1c')!;
        routes.set('hop:t1:f1', [
            { x: shop.x - 30, y: shop.y + 10 },
            { x: shop.x + shop.width + 30, y: shop.y + 10 },
        ]);
        const found = problems({ ...layout, boxes, routes });
        expect(found).toContain('nat:storefront.nat-a sticks out of subnet:storefront.public-a');
        expect(found).toContain('edge hop:t1:f1 cuts through instance:storefront.shop-1c');
        expect(found).toContain('edge hop:t1:f1 does not join its ends');
    });
});

describe('alignment', () => {
    test('AZ columns line up across VPCs stacked in a region (same x and width per AZ ID)', async () => {
        const layout = await layoutOf(await loadExample('reference/centralized-inspection.topo'));
        for (const az of ['apne1-az4', 'apne1-az1']) {
            const cols = [...layout.graph.nodes.values()]
                .filter((n) => n.kind === 'az' && n.id.endsWith(`@${az}`))
                .map((n) => layout.boxes.get(n.id)!);
            expect(cols.length).toBe(3);
            expect(new Set(cols.map((c) => `${c.x},${c.width}`)).size).toBe(1);
        }
    });

    test('tier rows line up across the AZ columns of a VPC (same y and height)', async () => {
        const layout = await layoutOf(await loadExample('reference/distributed-inspection.topo'));
        const b = (id: string) => layout.boxes.get(id)!;
        for (const tier of ['gwlbe', 'public', 'app']) {
            expect([b(`subnet:storefront.${tier}-a`).y, b(`subnet:storefront.${tier}-a`).height]).toEqual([
                b(`subnet:storefront.${tier}-c`).y,
                b(`subnet:storefront.${tier}-c`).height,
            ]);
        }
        expect(b('subnet:storefront.gwlbe-a').y).toBeLessThan(b('subnet:storefront.public-a').y);
        expect(b('subnet:storefront.public-a').y).toBeLessThan(b('subnet:storefront.app-a').y);
    });

    test('showing a trace never moves a box', async () => {
        const l = await loadExample('reference/distributed-inspection.topo');
        const without = await layoutOf(l);
        const withTrace = await layoutOf(l, [['shop-1a', 'internet']]);
        for (const [id, box] of without.boxes) expect(withTrace.boxes.get(id), id).toEqual(box);
    });
});

describe('lanes', () => {
    test('a hop and its reply run on either side of one road', () => {
        const road = [
            { x: 0, y: 0 },
            { x: 100, y: 0 },
            { x: 100, y: 50 },
        ];
        expect(offset(road, 4)).toEqual([
            { x: 0, y: 4 },
            { x: 96, y: 4 },
            { x: 96, y: 50 },
        ]);
        expect(offset([...road].reverse(), 4)).toEqual([
            { x: 104, y: 50 },
            { x: 104, y: -4 },
            { x: 0, y: -4 },
        ]);
    });
});
