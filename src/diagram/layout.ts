/**
 * Runs ELK on the diagram graph, in two passes, and returns absolute boxes.
 *  1. Every subnet's cards are packed on their own (ELK box), which gives each subnet its natural size.
 *  2. Sizes are evened out so that the picture reads as a grid: all subnets of one AZ get the width of the
 *     widest in that AZ across the region's VPCs (AZ columns line up between VPCs stacked in one layer), and
 *     all subnets of one tier row in a VPC get the height of the tallest (tiers line up across AZ columns).
 *     Then ELK lays out everything above the subnets, with the subnets as fixed-size boxes.
 * Edges are routed afterwards (route-edges.ts) on the finished boxes.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { PACK_ROOT_OPTIONS } from './layout-options.js';
import type { DiagramGraph, Rect } from './types.js';

export interface Boxes {
    readonly width: number;
    readonly height: number;
    readonly boxes: Map<string, Rect>;
}

let elk: InstanceType<typeof ELK> | undefined;

function engine(): InstanceType<typeof ELK> {
    elk ??= new ELK();
    return elk;
}

export async function layoutBoxes(graph: DiagramGraph): Promise<Boxes> {
    const subnets: ElkNode[] = [];
    const collect = (n: ElkNode): void => {
        if (graph.nodes.get(n.id)?.kind === 'subnet') subnets.push(n);
        else for (const c of n.children ?? []) collect(c);
    };
    collect(graph.elk);

    // Pass 1: each subnet's cards.
    const packed: ElkNode = subnets.length ? await engine().layout({ id: 'pack', layoutOptions: PACK_ROOT_OPTIONS, children: subnets.map(clone) }) : { id: 'pack' };
    const inner = new Map<string, ElkNode>();
    for (const s of packed.children ?? []) inner.set(s.id, s);

    // Even out widths per (region, AZ) and heights per (VPC, row).
    const width = new Map<string, number>();
    const height = new Map<string, number>();
    const rowOf = new Map<string, { column: string; row: string }>();
    for (const region of graph.elk.children ?? []) {
        for (const vpc of region.children ?? []) {
            for (const col of vpc.children ?? []) {
                const rows = col.children ?? [];
                const kinds = rows.map((r) => graph.nodes.get(r.id)?.kind);
                if (graph.nodes.get(col.id)?.kind !== 'az' || !kinds.every((k) => k === 'subnet' || k === 'spacer')) continue;
                const column = `${region.id}|${col.id.slice(col.id.lastIndexOf('@'))}`;
                rows.forEach((r, i) => {
                    const row = `${vpc.id}|${i}`;
                    const size = inner.get(r.id) ?? r;
                    rowOf.set(r.id, { column, row });
                    width.set(column, Math.max(width.get(column) ?? 0, size.width ?? 0));
                    height.set(row, Math.max(height.get(row) ?? 0, size.height ?? 0));
                });
            }
        }
    }

    // Pass 2: everything above the subnets, subnets as fixed boxes.
    const main = strip(graph.elk, (id) => {
        const at = rowOf.get(id);
        return at ? { width: width.get(at.column)!, height: height.get(at.row)! } : undefined;
    });
    const laid = await engine().layout(main);

    const boxes = new Map<string, Rect>();
    const place = (n: ElkNode, ox: number, oy: number): void => {
        const x = ox + (n.x ?? 0);
        const y = oy + (n.y ?? 0);
        if (n.id !== 'root') boxes.set(n.id, { x, y, width: n.width ?? 0, height: n.height ?? 0 });
        for (const p of n.ports ?? []) boxes.set(p.id, { x: x + (p.x ?? 0), y: y + (p.y ?? 0), width: p.width ?? 0, height: p.height ?? 0 });
        const packedInner = inner.get(n.id);
        if (packedInner) for (const c of packedInner.children ?? []) place(c, x, y);
        else for (const c of n.children ?? []) place(c, x, y);
    };
    place(laid, 0, 0);
    return { width: laid.width ?? 0, height: laid.height ?? 0, boxes };
}

function clone(n: ElkNode): ElkNode {
    return JSON.parse(JSON.stringify(n)) as ElkNode;
}

/** A copy of the graph in which subnets (and row spacers) are leaves of the given sizes; pass 1 placed their cards. */
function strip(n: ElkNode, sizeOf: (id: string) => { width: number; height: number } | undefined): ElkNode {
    const size = sizeOf(n.id);
    if (size) return { id: n.id, width: size.width, height: size.height };
    const out: ElkNode = { ...n };
    if (n.children) out.children = n.children.map((c) => strip(c, sizeOf));
    if (n.ports) out.ports = n.ports.map((p) => ({ ...p }));
    if (n.edges) out.edges = n.edges.map((e) => ({ ...e }));
    return out;
}
