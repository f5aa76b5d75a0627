/**
 * Orthogonal edge routing on the finished layout. ELK places the boxes; the links and trace hops are routed
 * here, around the cards and the header texts, through the gaps between boxes, so that showing another trace
 * never moves a box. A* on a grid (cell = GRID px) with a cost per step, per bend, per container border
 * crossed, near obstacles, and on cells earlier edges already use (so that a hop and its reply run side by
 * side instead of on top of each other). Cards, ports and header texts are walls, except the edge's own ends.
 */
import { CARD, FONT, HEADER } from './layout-options.js';
import { textWidth } from './text-metrics.js';
import type { DiagramGraph, Point, Rect } from './types.js';
import { CONTAINER_KINDS } from './types.js';
import { elbow, fitEnds, LANE_FIRST, LANE_GAP, offset } from './lanes.js';
import { Heap } from './min-heap.js';

const GRID = 8;
const WALL = 255;
/** Header text: passable, but dear (a line across a name is hard to read). */
const HEADER_TEXT = 120;
const BEND = 6;
/**
 * Crossing into or out of a container, by kind. Reaching a card deep inside costs the same on every route;
 * what these weigh is passing through a container on the way to somewhere else, which reads as traffic
 * that enters it. A VPC is the worst place to pass through.
 */
const CROSS: Readonly<Record<string, number>> = { region: 4, vpc: 30, az: 10, subnet: 10 };
/** Running on a container's outline (lines on top of a border are hard to tell apart from it). */
const ON_BORDER = 3;
const NEAR = 2;
const USED = 2;
/** A lane band across a card: possible (the lanes would be drawn over it) but very dear. */
const BAND_WALL = 60;
/** A lane band beyond the drawing's edge. */
const BAND_OUTSIDE = 20;
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
/** A search that expands more states than this gives up (the edge is drawn as a plain elbow instead). */
const MAX_EXPANSIONS = 150_000;
/** How far (in cells) beyond the two ends' bounding box the search may wander (then three times as far). */
const WINDOW = 24;

/** Routes every drawn edge ELK did not route (trace hops, links across regions); keeps ELK's routes. */
export function routeEdges(
    graph: DiagramGraph,
    boxes: ReadonlyMap<string, Rect>,
    width: number,
    height: number,
    elkRoutes: ReadonlyMap<string, Point[]> = new Map(),
): Map<string, Point[]> {
    const routes = new Map<string, Point[]>(elkRoutes);
    // Links ELK could not route (they join nodes in different regions) are drawn as plain elbows: they are
    // long, few, and not worth a search across the whole diagram.
    for (const e of graph.edges) {
        if (routes.has(e.id) || e.kind === 'hop') continue;
        const a = boxes.get(e.source);
        const b = boxes.get(e.target);
        if (a && b) routes.set(e.id, elbow(a, b));
    }
    const todo = graph.edges.filter((e) => !routes.has(e.id));
    if (todo.length === 0) return routes;
    const grid = new Grid(Math.ceil(width / GRID) + 2, Math.ceil(height / GRID) + 2);
    for (const [id, box] of boxes) {
        const node = graph.nodes.get(id);
        if (!node || node.kind === 'spacer') continue;
        if (CONTAINER_KINDS.has(node.kind)) {
            grid.container(box, CROSS[node.kind] ?? 10);
            grid.wall(headerText(node.kind, node.title, node.subtitle, box), HEADER_TEXT);
        } else grid.wall(box);
    }
    grid.nearWalls();
    // Edges between the same two nodes share one road: routed once, then each edge takes a lane beside it,
    // on the right of its direction of travel, so a hop and its reply read as two lanes of one road.
    const roads = new Map<string, { from: string; path: Point[]; lanes: Map<string, number> }>();
    const roadKey = (e: { source: string; target: string }): string =>
        e.source < e.target ? `${e.source}\n${e.target}` : `${e.target}\n${e.source}`;
    // How many lanes each road will carry in each direction: the search keeps that band clear, not just the centre.
    const laneCounts = new Map<string, Map<string, number>>();
    for (const e of todo) {
        const key = roadKey(e);
        const counts = laneCounts.get(key) ?? new Map<string, number>();
        laneCounts.set(key, counts);
        counts.set(e.source, (counts.get(e.source) ?? 0) + 1);
    }
    for (const e of todo) {
        const a = boxes.get(e.source);
        const b = boxes.get(e.target);
        if (!a || !b) continue;
        const key = roadKey(e);
        let road = roads.get(key);
        if (!road) {
            const counts = laneCounts.get(key)!;
            const band = { right: bandCells(counts.get(e.source) ?? 0), left: bandCells(counts.get(e.target) ?? 0) };
            road = { from: e.source, path: grid.route(a, b, band) ?? elbow(a, b), lanes: new Map() };
            roads.set(key, road);
        }
        const base = road.from === e.source ? road.path : [...road.path].reverse();
        const n = road.lanes.get(e.source) ?? 0;
        road.lanes.set(e.source, n + 1);
        routes.set(e.id, fitEnds(offset(base, LANE_FIRST + n * LANE_GAP), base, a, b));
    }
    return routes;
}

/** Cells beside a road's centre line that `lanes` lanes (plus half a stroke) reach into. */
function bandCells(lanes: number): number {
    return lanes <= 0 ? 0 : Math.ceil((LANE_FIRST + (lanes - 1) * LANE_GAP + 1.5) / GRID);
}

/** Where a container's header text is (the rest of its header band stays passable). */
export function headerText(kind: string, title: string, subtitle: string | undefined, box: Rect): Rect {
    if (kind === 'vpc') {
        const w = Math.max(
            textWidth(title, FONT.header, true) + CARD.glyph + CARD.gap,
            subtitle ? textWidth(subtitle, FONT.headerSmall) : 0,
        );
        return { x: box.x + HEADER.vpc.pad, y: box.y + 4, width: w, height: HEADER.vpc.height - 4 };
    }
    const h = HEADER[kind as 'region' | 'az' | 'subnet'];
    const size = kind === 'region' ? FONT.header : FONT.headerSmall;
    const w = textWidth(title, size, true) + (subtitle ? 8 + textWidth(subtitle, FONT.subtitle) : 0);
    return { x: box.x + h.pad, y: box.y + 2, width: w, height: h.height - 4 };
}

class Grid {
    private readonly cost: Uint8Array;
    private readonly used: Uint8Array;
    /** The innermost container each cell lies in (containers are painted parents first). */
    private readonly area: Int32Array;
    /** Per container painted: what crossing its outline costs; index 0 is the open space outside all. */
    private readonly crossCost: number[] = [0];
    /** Per container painted: its parent's label. */
    private readonly parentArea: number[] = [0];

    constructor(
        readonly w: number,
        readonly h: number,
    ) {
        this.cost = new Uint8Array(w * h);
        this.used = new Uint8Array(w * h);
        this.area = new Int32Array(w * h);
    }

    /** Cells whose centre lies inside the rectangle. */
    private cells(r: Rect): { x0: number; y0: number; x1: number; y1: number } {
        return {
            x0: Math.max(0, Math.ceil(r.x / GRID - 0.5)),
            y0: Math.max(0, Math.ceil(r.y / GRID - 0.5)),
            x1: Math.min(this.w - 1, Math.floor((r.x + r.width) / GRID - 0.5)),
            y1: Math.min(this.h - 1, Math.floor((r.y + r.height) / GRID - 0.5)),
        };
    }

    wall(r: Rect, cost = WALL): void {
        const c = this.cells(r);
        for (let y = c.y0; y <= c.y1; y++) {
            for (let i = y * this.w + c.x0; i <= y * this.w + c.x1; i++) this.cost[i] = Math.max(this.cost[i], cost);
        }
    }

    /** Paints a container's area (crossing into it costs CROSS) and makes its outline a little dearer. */
    container(r: Rect, crossing: number): void {
        const c = this.cells(r);
        const label = this.crossCost.length;
        this.crossCost.push(crossing);
        this.parentArea.push(this.area[Math.min(this.area.length - 1, Math.max(0, c.y0 * this.w + c.x0))]);
        for (let y = c.y0; y <= c.y1; y++) this.area.fill(label, y * this.w + c.x0, y * this.w + c.x1 + 1);
        const add = (x: number, y: number) => {
            const i = y * this.w + x;
            if (this.cost[i] < WALL) this.cost[i] = Math.min(WALL - 1, this.cost[i] + ON_BORDER);
        };
        for (let x = c.x0; x <= c.x1; x++) {
            add(x, c.y0);
            if (c.y1 !== c.y0) add(x, c.y1);
        }
        for (let y = c.y0 + 1; y < c.y1; y++) {
            add(c.x0, y);
            if (c.x1 !== c.x0) add(c.x1, y);
        }
    }

    /** Cells next to a wall cost a little more, so routes keep some air around cards. */
    nearWalls(): void {
        const { w, h, cost } = this;
        const near = new Uint8Array(w * h);
        for (let y = 0; y < h; y++) {
            for (let x = 0; x < w; x++) {
                const i = y * w + x;
                if (cost[i] === WALL) continue;
                if (
                    (x > 0 && cost[i - 1] === WALL) ||
                    (x < w - 1 && cost[i + 1] === WALL) ||
                    (y > 0 && cost[i - w] === WALL) ||
                    (y < h - 1 && cost[i + w] === WALL)
                )
                    near[i] = 1;
            }
        }
        for (let i = 0; i < near.length; i++) if (near[i]) cost[i] = Math.min(WALL - 1, cost[i] + NEAR);
    }

    /**
     * The road from a to b. `band`: how many cells its lanes reach to the right and to the left of the centre line
     * (in the direction a -> b); those cells count towards each step, so lanes do not end up across a header text
     * or a card that the centre line only skirted.
     */
    route(a: Rect, b: Rect, band: { right: number; left: number } = { right: 0, left: 0 }): Point[] | undefined {
        const ca = this.cells(a);
        const cb = this.cells(b);
        this.band = band;
        const win = {
            x0: Math.max(0, Math.min(ca.x0, cb.x0) - WINDOW),
            y0: Math.max(0, Math.min(ca.y0, cb.y0) - WINDOW),
            x1: Math.min(this.w - 1, Math.max(ca.x1, cb.x1) + WINDOW),
            y1: Math.min(this.h - 1, Math.max(ca.y1, cb.y1) + WINDOW),
        };
        const wide = {
            x0: Math.max(0, win.x0 - 3 * WINDOW),
            y0: Math.max(0, win.y0 - 3 * WINDOW),
            x1: Math.min(this.w - 1, win.x1 + 3 * WINDOW),
            y1: Math.min(this.h - 1, win.y1 + 3 * WINDOW),
        };
        const cells = this.search(ca, cb, win) ?? this.search(ca, cb, wide);
        if (!cells) return undefined;
        for (let k = 0; k < cells.length; k++) {
            const i = cells[k];
            this.used[i] = Math.min(3, this.used[i] + 1);
            // The lanes' cells are taken too, so that the next road runs beside them, not over them.
            const j = cells[k + 1] ?? cells[k - 1];
            if (j === undefined) continue;
            const d = cells[k + 1] !== undefined ? direction(i, j, this.w) : direction(j, i, this.w);
            this.forBand(i % this.w, Math.floor(i / this.w), d, (c) => {
                this.used[c] = Math.min(3, this.used[c] + 1);
            });
        }
        return this.points(cells, a, b);
    }

    private band = { right: 0, left: 0 };

    /** Calls `visit` for the cells of the lane band beside cell (x, y) when the road runs in direction d. */
    private forBand(x: number, y: number, d: number, visit: (cell: number) => void): void {
        for (const [side, m] of [
            [(d + 1) & 3, this.band.right],
            [(d + 3) & 3, this.band.left],
        ] as const) {
            for (let j = 1; j <= m; j++) {
                const bx = x + DX[side] * j;
                const by = y + DY[side] * j;
                if (bx >= 0 && by >= 0 && bx < this.w && by < this.h) visit(by * this.w + bx);
            }
        }
    }

    /**
     * What the band beside a step costs: header texts and cards the lanes would cross (the road's own ends are free).
     */
    private bandCost(x: number, y: number, d: number, src: CellBox, dst: CellBox): number {
        let total = 0;
        for (const [side, m] of [
            [(d + 1) & 3, this.band.right],
            [(d + 3) & 3, this.band.left],
        ] as const) {
            for (let j = 1; j <= m; j++) {
                const bx = x + DX[side] * j;
                const by = y + DY[side] * j;
                if (bx < 0 || by < 0 || bx >= this.w || by >= this.h) {
                    total += BAND_OUTSIDE;
                    continue;
                }
                if (inBox(src, bx, by) || inBox(dst, bx, by)) continue;
                const c = this.cost[by * this.w + bx];
                total += c === WALL ? BAND_WALL : c;
            }
        }
        return total;
    }

    /**
     * A* over (cell, direction of arrival). Starts are the cells just outside the source's sides, goals the
     * cells just outside the target's sides; both prefer the middle of a side.
     */
    private search(
        src: { x0: number; y0: number; x1: number; y1: number },
        dst: { x0: number; y0: number; x1: number; y1: number },
        win: { x0: number; y0: number; x1: number; y1: number },
    ): number[] | undefined {
        const { w } = this;
        const ww = win.x1 - win.x0 + 1;
        const inWin = (x: number, y: number) => x >= win.x0 && x <= win.x1 && y >= win.y0 && y <= win.y1;
        const inside = (r: typeof src, x: number, y: number) => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;
        // Per-search state is indexed within the window, in arrays reused by every search; a stamp says
        // which entries belong to this search.
        const stamp = ++this.stamp;
        const { g, seen, parent, goalAt, goalOff } = this.scratch(ww * (win.y1 - win.y0 + 1));
        const local = (x: number, y: number) => (y - win.y0) * ww + (x - win.x0);
        const heap = new Heap();
        for (const [x, y, d, off] of ring(dst, GOAL_RING)) {
            if (!inWin(x, y) || !this.clearStub(x, y, (d + 2) & 3, GOAL_RING)) continue;
            goalAt[local(x, y)] = stamp;
            goalOff[local(x, y)] = off;
        }
        const h = (x: number, y: number) =>
            Math.max(0, dst.x0 - 1 - x, x - dst.x1 - 1) + Math.max(0, dst.y0 - 1 - y, y - dst.y1 - 1);
        for (const [x, y, d, off] of ring(src, START_RING)) {
            if (!inWin(x, y) || !this.clearStub(x, y, (d + 2) & 3, START_RING)) continue;
            const s = local(x, y) * 4 + d;
            const cost = off + this.stepCost(y * w + x);
            if (seen[s] === stamp && g[s] <= cost) continue;
            seen[s] = stamp;
            g[s] = cost;
            parent[s] = -1;
            heap.push(s, cost + h(x, y));
        }
        let budget = MAX_EXPANSIONS;
        while (heap.size > 0 && budget-- > 0) {
            const s = heap.pop();
            const li = s >> 2;
            const d = s & 3;
            const gs = g[s];
            const x = win.x0 + (li % ww);
            const y = win.y0 + Math.floor(li / ww);
            if (goalAt[li] === stamp) {
                // Reached the ring around the target: done (the side-centre preference was added on entry).
                const cells: number[] = [];
                for (let cur = s; cur !== -1; cur = parent[cur]!) {
                    const c = cur >> 2;
                    cells.push((win.y0 + Math.floor(c / ww)) * w + win.x0 + (c % ww));
                }
                return cells.reverse();
            }
            const i = y * w + x;
            const ai = this.area[i];
            for (let nd = 0; nd < 4; nd++) {
                if (nd === ((d + 2) & 3)) continue;
                const nx = x + DX[nd];
                const ny = y + DY[nd];
                if (!inWin(nx, ny) || inside(src, nx, ny)) continue;
                const ni = ny * w + nx;
                if (this.cost[ni] === WALL) continue;
                const nl = local(nx, ny);
                const ns = nl * 4 + nd;
                const an = this.area[ni];
                const band = this.band.right + this.band.left > 0 ? this.bandCost(nx, ny, nd, src, dst) : 0;
                const cost =
                    gs +
                    this.stepCost(ni) +
                    band +
                    (nd !== d ? BEND : 0) +
                    (an !== ai ? this.crossing(ai, an) : 0) +
                    (goalAt[nl] === stamp ? goalOff[nl] : 0);
                if (seen[ns] === stamp && g[ns] <= cost) continue;
                seen[ns] = stamp;
                g[ns] = cost;
                parent[ns] = s;
                heap.push(ns, cost + h(nx, ny));
            }
        }
        return undefined;
    }

    /** The cell and the k - 1 cells from it towards a box (direction d) are free: the straight stub fits. */
    private clearStub(x: number, y: number, d: number, k: number): boolean {
        for (let j = 0; j < k; j++) {
            const cx = x + DX[d] * j;
            const cy = y + DY[d] * j;
            if (cx < 0 || cy < 0 || cx >= this.w || cy >= this.h || this.cost[cy * this.w + cx] === WALL) return false;
        }
        return true;
    }

    private stamp = 0;
    private arrays?: { g: Float64Array; seen: Int32Array; parent: Int32Array; goalAt: Int32Array; goalOff: Int32Array };

    /** Arrays for a window of n cells, grown when a larger window comes (stamps stay valid: they only rise). */
    private scratch(n: number) {
        if (!this.arrays || this.arrays.goalAt.length < n) {
            this.arrays = {
                g: new Float64Array(n * 4),
                seen: new Int32Array(n * 4),
                parent: new Int32Array(n * 4),
                goalAt: new Int32Array(n),
                goalOff: new Int32Array(n),
            };
        }
        return this.arrays;
    }

    private readonly crossings = new Map<number, number>();

    /** The cost of moving from one container to another: every outline between them, up and down (cached). */
    private crossing(a: number, b: number): number {
        const key = a * 1_000_003 + b;
        const known = this.crossings.get(key);
        if (known !== undefined) return known;
        // Containers nest, so the outlines crossed are those from a up to the common ancestor, then down to b.
        const up = new Set<number>();
        for (let x = a; x !== 0; x = this.parentArea[x]!) up.add(x);
        let cost = 0;
        let y = b;
        while (y !== 0 && !up.has(y)) {
            cost += this.crossCost[y];
            y = this.parentArea[y]!;
        }
        for (let x = a; x !== y; x = this.parentArea[x]!) cost += this.crossCost[x];
        this.crossings.set(key, cost);
        return cost;
    }

    private stepCost(i: number): number {
        const c = this.cost[i];
        return 1 + (c === WALL ? 0 : c) + this.used[i] * USED;
    }

    /** Cell path -> polyline: the ends attached to the boxes' sides, straight runs merged. */
    private points(cells: readonly number[], a: Rect, b: Rect): Point[] {
        const pts = cells.map((i) => ({
            x: (i % this.w) * GRID + GRID / 2,
            y: Math.floor(i / this.w) * GRID + GRID / 2,
        }));
        const attach = (p: Point, r: Rect): Point => {
            if (p.y < r.y) return { x: p.x, y: r.y };
            if (p.y > r.y + r.height) return { x: p.x, y: r.y + r.height };
            if (p.x < r.x) return { x: r.x, y: p.y };
            return { x: r.x + r.width, y: p.y };
        };
        const all = [attach(pts[0], a), ...pts, attach(pts[pts.length - 1], b)];
        const out: Point[] = [all[0]];
        for (let k = 1; k < all.length - 1; k++) {
            const p = out[out.length - 1];
            const q = all[k];
            const r = all[k + 1];
            if ((p.x === q.x && q.x === r.x) || (p.y === q.y && q.y === r.y)) continue;
            out.push(q);
        }
        out.push(all[all.length - 1]);
        return out;
    }
}

type CellBox = { x0: number; y0: number; x1: number; y1: number };

const inBox = (r: CellBox, x: number, y: number): boolean => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;

/** The grid direction (index into DX/DY) from cell i to its neighbour j. */
function direction(i: number, j: number, w: number): number {
    const d = j - i;
    return d === 1 ? 0 : d === w ? 1 : d === -1 ? 2 : 3;
}

/** Routes leave a box straight for this many cells and arrive straight over this many: room for the arrow. */
const START_RING = 2;
const GOAL_RING = 3;

/**
 * The cells k cells outside a box's four sides (corners left out), with the direction that leads away from the
 * box and a small cost for being off the side's centre.
 */
function* ring(
    r: { x0: number; y0: number; x1: number; y1: number },
    k: number,
): Generator<[number, number, number, number]> {
    const cx = (r.x0 + r.x1) / 2;
    const cy = (r.y0 + r.y1) / 2;
    const off = (d: number) => Math.round(Math.abs(d) / 2);
    for (let x = r.x0; x <= r.x1; x++) {
        yield [x, r.y0 - k, 3, off(x - cx)];
        yield [x, r.y1 + k, 1, off(x - cx)];
    }
    for (let y = r.y0; y <= r.y1; y++) {
        yield [r.x0 - k, y, 2, off(y - cy)];
        yield [r.x1 + k, y, 0, off(y - cy)];
    }
}
