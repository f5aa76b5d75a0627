/**
 * Layout: the grid inside each VPC (grid-layout.ts), then ELK for everything above it. ELK gets the root
 * (the internet above the regions) and the regions (VPCs, endpoint services, transit gateways and AWS
 * services, left to right along the links), with each VPC as one fixed-size box whose border items are
 * fixed ports. ELK routes the links between siblings; the rest is routed afterwards (route-edges.ts).
 * Returns absolute boxes for every node and the routes of the ELK-routed links.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { gridLayout } from './grid-layout.js';
import type { DiagramGraph, Point, Rect } from './types.js';

interface Boxes {
    readonly width: number;
    readonly height: number;
    readonly boxes: Map<string, Rect>;
    /** Routes of the links ELK routed, absolute. */
    readonly routes: Map<string, Point[]>;
}

let elk: InstanceType<typeof ELK> | undefined;

function engine(): InstanceType<typeof ELK> {
    elk ??= new ELK();
    return elk;
}

export async function layoutBoxes(graph: DiagramGraph): Promise<Boxes> {
    const grid = gridLayout(graph, graph.sizes, graph.minWidths);
    // A VPC reaches ELK as a box of the grid's size with its border ports, plus one port on each side for
    // its links: out on the right (the layout runs left to right), in on the left. Edges to a VPC use them,
    // so every link of a VPC leaves and arrives at one point, like a bus.
    const end = (id: string, side: 'out' | 'in') => (grid.vpcs.has(id) ? `${id}#${side}` : id);
    const strip = (n: ElkNode): ElkNode => {
        const vpc = grid.vpcs.get(n.id);
        if (vpc) {
            const link = (side: 'out' | 'in') => ({
                id: `${n.id}#${side}`,
                x: side === 'out' ? vpc.width : 0,
                y: vpc.height / 2,
                width: 0,
                height: 0,
                layoutOptions: { 'elk.port.side': side === 'out' ? 'EAST' : 'WEST' },
            });
            return {
                id: n.id,
                width: vpc.width,
                height: vpc.height,
                ports: [...(n.ports ?? []), link('out'), link('in')],
                layoutOptions: n.layoutOptions,
            };
        }
        return {
            ...n,
            children: n.children?.map(strip),
            edges: n.edges?.map((e) => ({
                ...e,
                sources: e.sources.map((x) => end(x, 'out')),
                targets: e.targets.map((x) => end(x, 'in')),
            })),
        };
    };
    const laid = await engine().layout(strip(graph.elk));

    const boxes = new Map<string, Rect>();
    const routes = new Map<string, Point[]>();
    const place = (n: ElkNode, ox: number, oy: number): void => {
        const x = ox + (n.x ?? 0);
        const y = oy + (n.y ?? 0);
        if (n.id !== graph.elk.id) boxes.set(n.id, { x, y, width: n.width ?? 0, height: n.height ?? 0 });
        for (const p of n.ports ?? [])
            if (!p.id.includes('#'))
                boxes.set(p.id, { x: x + (p.x ?? 0), y: y + (p.y ?? 0), width: p.width ?? 0, height: p.height ?? 0 });
        if (grid.vpcs.has(n.id)) {
            for (const [id, r] of grid.inner)
                if (isInside(graph, id, n.id)) boxes.set(id, { ...r, x: x + r.x, y: y + r.y });
        }
        for (const c of n.children ?? []) place(c, x, y);
        // SEPARATE_CHILDREN: an edge's coordinates are relative to the node whose edge list holds it.
        for (const e of n.edges ?? []) if (graph.elkRouted.has(e.id)) routes.set(e.id, sectionPoints(e, x, y));
    };
    place(laid, 0, 0);
    return { width: laid.width ?? 0, height: laid.height ?? 0, boxes, routes };
}

/** Whether a node lies (at any depth) inside a given ancestor. */
function isInside(graph: DiagramGraph, id: string, ancestor: string): boolean {
    for (let p = graph.nodes.get(id)?.parent; p; p = graph.nodes.get(p)?.parent) if (p === ancestor) return true;
    return false;
}

function sectionPoints(e: ElkExtendedEdge, ox: number, oy: number): Point[] {
    const pts: Point[] = [];
    for (const s of e.sections ?? []) {
        for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) {
            const q = { x: ox + p.x, y: oy + p.y };
            const last = pts[pts.length - 1];
            if (!last || last.x !== q.x || last.y !== q.y) pts.push(q);
        }
    }
    return pts;
}
