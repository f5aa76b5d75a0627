/**
 * Where the small labels go: each hop's number badge somewhere along its route, and each blocked trace's
 * stop label beside the node where it stopped, so that no label covers a card, a header text or another
 * label. Candidates are tried in a fixed order (the middle of the route first, then spots beside it); the
 * first free one wins, else the one that covers least.
 */
import { CARD, FONT, HEADER } from './layout-options.js';
import { textWidth } from './text-metrics.js';
import type { DiagramLayout, Point, Rect } from './types.js';
import { CONTAINER_KINDS } from './types.js';

export const BADGE_R = 8;

interface StopLabel {
    readonly trace: string;
    readonly node: string;
    readonly text: string;
    readonly box: Rect;
}

interface Placement {
    readonly hops: ReadonlyMap<string, Point>;
    readonly stops: readonly StopLabel[];
}

const overlaps = (a: Rect, b: Rect): boolean =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export function placeLabels(layout: DiagramLayout): Placement {
    const taken: Rect[] = [];
    for (const [id, box] of layout.boxes) {
        const node = layout.graph.nodes.get(id);
        if (!node || node.kind === 'spacer') continue;
        if (!CONTAINER_KINDS.has(node.kind)) taken.push(box);
        else {
            const size = node.kind === 'vpc' || node.kind === 'region' ? FONT.header : FONT.headerSmall;
            const w =
                textWidth(node.title, size, true) +
                (node.subtitle ? 8 + textWidth(node.subtitle, FONT.subtitle) : 0) +
                (node.kind === 'vpc' ? CARD.glyph + CARD.gap : 0);
            taken.push({
                x: box.x,
                y: box.y,
                width: w + HEADER.subnet.pad * 2,
                height: node.kind === 'vpc' ? HEADER.vpc.height : HEADER.subnet.height,
            });
        }
    }
    const labels: Rect[] = [];
    /** How bad a spot is: 0 when free; covering another label is worst, then a card or a header text. */
    const clash = (r: Rect): number => {
        let score = r.x < 0 || r.y < 0 || r.x + r.width > layout.width ? 1 : 0;
        for (const t of labels) if (overlaps(t, r)) score += 100;
        for (const t of taken) if (overlaps(t, r)) score += 10;
        return score;
    };
    const best = (options: readonly Rect[]): number => {
        let pick = 0;
        let score = Infinity;
        options.forEach((o, i) => {
            const c = clash(o);
            if (c < score) {
                score = c;
                pick = i;
            }
        });
        return pick;
    };

    const hops = new Map<string, Point>();
    for (const e of layout.graph.edges) {
        if (e.kind !== 'hop') continue;
        const route = layout.routes.get(e.id);
        if (!route || route.length < 2) continue;
        const r = BADGE_R + (e.label && e.label.length > 2 ? 3 : 0);
        // The middle first, then outwards in both directions.
        const onRoute = [
            0.5,
            ...Array.from({ length: 9 }, (_, i) => [0.5 - (i + 1) * 0.05, 0.5 + (i + 1) * 0.05]).flat(),
        ].map((f) => along(route, f));
        // Off the route (beside it) only when every spot on it is taken.
        const beside = onRoute.slice(0, 7).flatMap((p) =>
            [2 * r + 3, 3 * r + 12].flatMap((d) =>
                [-1, 1].flatMap((s) => [
                    { x: p.x + s * d, y: p.y },
                    { x: p.x, y: p.y + s * d },
                ]),
            ),
        );
        const candidates = [...onRoute, ...beside];
        const pick = candidates[best(candidates.map((p) => square(p, r)))];
        hops.set(e.id, pick);
        labels.push(square(pick, r));
    }

    const stops: StopLabel[] = [];
    for (const t of layout.graph.traces) {
        if (!t.stop) continue;
        const box = layout.boxes.get(t.stop.node);
        if (!box) continue;
        const w = textWidth(t.stop.text, FONT.legend, true) + 12;
        const h = 18;
        const options: Rect[] = [
            { x: box.x + box.width + 6, y: box.y + (box.height - h) / 2, width: w, height: h },
            { x: box.x - w - 6, y: box.y + (box.height - h) / 2, width: w, height: h },
            { x: box.x, y: box.y + box.height + 6, width: w, height: h },
            { x: box.x, y: box.y - h - 6, width: w, height: h },
            { x: box.x + box.width + 6, y: box.y + box.height + 6, width: w, height: h },
            { x: box.x - w - 6, y: box.y - h - 6, width: w, height: h },
        ];
        const pick = options[best(options)];
        stops.push({ trace: t.id, node: t.stop.node, text: t.stop.text, box: pick });
        labels.push(pick);
    }
    return { hops, stops };
}

function square(p: Point, r: number): Rect {
    return { x: p.x - r - 1, y: p.y - r - 1, width: 2 * r + 2, height: 2 * r + 2 };
}

/** The point at fraction f of a polyline's length. */
function along(route: readonly Point[], f: number): Point {
    let total = 0;
    for (let i = 1; i < route.length; i++) total += dist(route[i - 1], route[i]);
    let left = total * f;
    for (let i = 1; i < route.length; i++) {
        const d = dist(route[i - 1], route[i]);
        if (left <= d && d > 0) {
            const a = route[i - 1];
            const b = route[i];
            return { x: a.x + ((b.x - a.x) * left) / d, y: a.y + ((b.y - a.y) * left) / d };
        }
        left -= d;
    }
    return route[route.length - 1];
}

function dist(a: Point, b: Point): number {
    return Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
}
