/**
 * The inside of a VPC is a table, not a graph: AZ columns side by side, tier rows top to bottom, cards in
 * rows inside each subnet. It is computed here directly (fast, exact, and the same every time); ELK then
 * places each VPC as one fixed-size box with its border ports (layout.ts). Sizes are evened out so the
 * picture reads as a grid: every subnet of one AZ takes the width of the widest subnet of that AZ in the
 * region (columns line up between VPCs stacked in one layer), and every subnet of one tier row takes the
 * height of the tallest in its VPC (tiers line up across AZ columns).
 */
import { CARD, HEADER, SPACING, SUBNET_ROW } from './layout-options.js';
import type { DiagramGraph, Rect } from './types.js';

interface Size {
    readonly width: number;
    readonly height: number;
}

interface Grid {
    /** Every box inside a VPC (AZ columns, subnets, row spacers, cards), relative to the VPC's top-left corner. */
    readonly inner: ReadonlyMap<string, Rect>;
    /** Each VPC's size. */
    readonly vpcs: ReadonlyMap<string, Size>;
}

export function gridLayout(
    graph: DiagramGraph,
    sizes: ReadonlyMap<string, Size>,
    minWidths: ReadonlyMap<string, number>,
): Grid {
    const kids = new Map<string, string[]>();
    for (const n of graph.nodes.values())
        if (n.parent && !n.border) kids.set(n.parent, [...(kids.get(n.parent) ?? []), n.id]);
    const kind = (id: string) => graph.nodes.get(id)!.kind;
    const inner = new Map<string, Rect>();
    const vpcSizes = new Map<string, Size>();

    // Subnets: cards in rows of SUBNET_ROW, left to right.
    const natural = new Map<string, Size>();
    const cardsAt = new Map<string, Array<{ id: string; x: number; y: number }>>();
    for (const n of graph.nodes.values()) {
        if (n.kind !== 'subnet') continue;
        const cards = kids.get(n.id) ?? [];
        const pad = HEADER.subnet.pad;
        let x = pad;
        let y = HEADER.subnet.height + pad;
        let rowWidth = 0;
        const placed: Array<{ id: string; x: number; y: number }> = [];
        cards.forEach((c, i) => {
            if (i > 0 && i % SUBNET_ROW === 0) {
                x = pad;
                y += CARD.height + SPACING.card;
            }
            placed.push({ id: c, x, y });
            x += sizes.get(c)!.width + SPACING.card;
            rowWidth = Math.max(rowWidth, x - SPACING.card + pad);
        });
        const height = cards.length ? y + CARD.height + pad : HEADER.subnet.height + pad;
        natural.set(n.id, { width: Math.max(rowWidth, minWidths.get(n.id) ?? 0, 120), height });
        cardsAt.set(n.id, placed);
    }

    // Column widths per (region, AZ) and row heights per (VPC, row).
    const regionOf = (vpc: string) => graph.nodes.get(vpc)!.parent ?? '';
    const colKey = (vpc: string, col: string) => `${regionOf(vpc)}|${col.slice(col.lastIndexOf('@'))}`;
    const colWidth = new Map<string, number>();
    const rowHeight = new Map<string, number>();
    const vpcIds = [...graph.nodes.values()].filter((n) => n.kind === 'vpc').map((n) => n.id);
    for (const vpc of vpcIds) {
        for (const col of kids.get(vpc) ?? []) {
            const key = colKey(vpc, col);
            colWidth.set(key, Math.max(colWidth.get(key) ?? 0, (minWidths.get(col) ?? 0) - 2 * HEADER.az.pad));
            (kids.get(col) ?? []).forEach((row, i) => {
                const size = natural.get(row) ?? sizes.get(row) ?? { width: 0, height: 0 };
                colWidth.set(key, Math.max(colWidth.get(key)!, size.width));
                rowHeight.set(`${vpc}|${i}`, Math.max(rowHeight.get(`${vpc}|${i}`) ?? 0, size.height));
            });
        }
    }

    for (const vpc of vpcIds) {
        const hasPorts = [...graph.nodes.values()].some((n) => n.parent === vpc && n.border);
        const top = HEADER.vpc.height + HEADER.vpc.pad + (hasPorts ? CARD.height / 2 : 0);
        let x = HEADER.vpc.pad;
        let bottom = top;
        for (const col of kids.get(vpc) ?? []) {
            const width = colWidth.get(colKey(vpc, col))!;
            let y = HEADER.az.height + HEADER.az.pad;
            const rows = kids.get(col) ?? [];
            rows.forEach((row, i) => {
                const loose = kind(row) !== 'subnet' && kind(row) !== 'spacer';
                const h = loose ? sizes.get(row)!.height : rowHeight.get(`${vpc}|${i}`)!;
                const w = loose ? sizes.get(row)!.width : width;
                inner.set(row, { x: x + HEADER.az.pad, y: top + y, width: w, height: h });
                for (const c of cardsAt.get(row) ?? []) {
                    const s = sizes.get(c.id)!;
                    inner.set(c.id, { x: x + HEADER.az.pad + c.x, y: top + y + c.y, width: s.width, height: s.height });
                }
                y += h + SPACING.subnet;
            });
            const colHeight = Math.max(y - SPACING.subnet + HEADER.az.pad, HEADER.az.height + HEADER.az.pad);
            inner.set(col, { x, y: top, width: width + 2 * HEADER.az.pad, height: colHeight });
            x += width + 2 * HEADER.az.pad + SPACING.azColumn;
            bottom = Math.max(bottom, top + colHeight);
        }
        // Columns of one VPC share one height, so the VPC's bottom edge is straight.
        for (const col of kids.get(vpc) ?? []) inner.set(col, { ...inner.get(col)!, height: bottom - top });
        const contentWidth = x - SPACING.azColumn + HEADER.vpc.pad;
        vpcSizes.set(vpc, { width: Math.max(contentWidth, minWidths.get(vpc) ?? 0), height: bottom + HEADER.vpc.pad });
    }
    return { inner, vpcs: vpcSizes };
}
