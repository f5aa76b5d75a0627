/**
 * Lane geometry for the edge router: a road (one route between two nodes) is shared by every hop between
 * them, each on its own lane beside the centre line, on the right of its direction of travel; lane ends are
 * kept on the sides of their boxes. And the plain elbow drawn when a search gives up.
 */
import type { Point, Rect } from './types.js';

/** Lanes: the first hop runs this far right of the road's centre line, each further one LANE_GAP more. */
export const LANE_FIRST = 3.5;
export const LANE_GAP = 6;

/** The arrow's last run, at least this long. */
const MIN_LAST = 12;
/** Ends stay this far inside the corners of the side they attach to. */
const CORNER = 3;

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), Math.max(lo, hi));

/**
 * A lane is the road moved sideways, so its ends can slide off the side of a box they attach to, and its
 * last run can come out short or even backwards. Slide the ends back onto their sides (moving the
 * neighbouring corner with them, so every run stays straight) and pull the last corner back so the run into
 * the target is at least MIN_LAST long and enters head-on. The direction of each end comes from the road.
 */
export function fitEnds(lane: readonly Point[], road: readonly Point[], source: Rect, target: Rect): Point[] {
    let path = lane.map((p) => ({ ...p }));
    if (path.length === 2) {
        // A straight road: give it a jog in the middle so each end can slide on its own.
        const [a, b] = path as [Point, Point];
        path =
            a.y === b.y
                ? [a, { x: (a.x + b.x) / 2, y: a.y }, { x: (a.x + b.x) / 2, y: b.y }, b]
                : [a, { x: a.x, y: (a.y + b.y) / 2 }, { x: b.x, y: (a.y + b.y) / 2 }, b];
    }
    const n = path.length;
    const axis = (p: Point, q: Point) => ({ x: Math.sign(q.x - p.x), y: Math.sign(q.y - p.y) });
    const slide = (end: number, next: number, box: Rect, dir: { x: number; y: number }) => {
        const e = path[end];
        if (dir.x !== 0) {
            e.y = clamp(e.y, box.y + CORNER, box.y + box.height - CORNER);
            path[next].y = e.y;
        } else {
            e.x = clamp(e.x, box.x + CORNER, box.x + box.width - CORNER);
            path[next].x = e.x;
        }
    };
    slide(0, 1, source, axis(road[0], road[1]));
    const last = axis(road[road.length - 2], road[road.length - 1]);
    slide(n - 1, n - 2, target, last);
    const end = path[n - 1];
    const corner = path[n - 2];
    const run = last.x !== 0 ? (end.x - corner.x) * last.x : (end.y - corner.y) * last.y;
    if (run < MIN_LAST / 2 && n >= 3) {
        if (last.x !== 0) corner.x = path[n - 3].x = end.x - last.x * MIN_LAST;
        else corner.y = path[n - 3].y = end.y - last.y * MIN_LAST;
    }
    return path;
}

/** An orthogonal polyline moved `d` px to the right of its direction of travel (y points down). */
export function offset(path: readonly Point[], d: number): Point[] {
    const normal = (p: Point, q: Point): Point => {
        const dx = Math.sign(q.x - p.x);
        const dy = Math.sign(q.y - p.y);
        return { x: -dy, y: dx };
    };
    return path.map((p, i) => {
        const before = i > 0 ? normal(path[i - 1], p) : undefined;
        const after = i < path.length - 1 ? normal(p, path[i + 1]) : undefined;
        let nx = 0;
        let ny = 0;
        for (const n of [before, after]) {
            if (!n) continue;
            // A corner takes both normals; a straight run (same normal twice) takes it once.
            if (n === after && before && before.x === n.x && before.y === n.y) continue;
            nx += n.x;
            ny += n.y;
        }
        return { x: p.x + nx * d, y: p.y + ny * d };
    });
}

/** When the search gives up (too far, no way through): out of a's side facing b, across, into b. */
export function elbow(a: Rect, b: Rect): Point[] {
    const ay = a.y + a.height / 2;
    const by = b.y + b.height / 2;
    if (b.x >= a.x + a.width || b.x + b.width <= a.x) {
        const right = b.x >= a.x + a.width;
        const x1 = right ? a.x + a.width : a.x;
        const x2 = right ? b.x : b.x + b.width;
        const mid = (x1 + x2) / 2;
        return [
            { x: x1, y: ay },
            { x: mid, y: ay },
            { x: mid, y: by },
            { x: x2, y: by },
        ];
    }
    const down = b.y >= a.y + a.height;
    const ax = a.x + a.width / 2;
    const bx = b.x + b.width / 2;
    const y1 = down ? a.y + a.height : a.y;
    const y2 = down ? b.y : b.y + b.height;
    const mid = (y1 + y2) / 2;
    return [
        { x: ax, y: y1 },
        { x: ax, y: mid },
        { x: bx, y: mid },
        { x: bx, y: y2 },
    ];
}
