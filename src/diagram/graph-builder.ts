/**
 * The mutable half of graph building: nodes with their parents, card sizes, drawn edges, and the
 * layout-only edges that shape the ELK layout. `toElk` turns it into the ELK graph: containers with
 * children, VPC border items as ports. ELK lays out each container on its own, so an edge must join two
 * children (or ports of children) of one container: a drawn link whose ends are such siblings becomes an
 * ELK edge there (ELK routes it); a layout-only edge is lifted to the lowest container that holds both
 * ends. Everything else (trace hops, links across regions) is routed after layout by route-edges.ts.
 */
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk.bundled.js';
import { CARD, FONT, HEADER, optionsFor, PORT_GAP, portOptions, REGION_CHILD_OPTIONS } from './layout-options.js';
import { textWidth } from './text-metrics.js';
import type { DiagramEdge, DiagramNode } from './types.js';

interface Size {
    readonly width: number;
    readonly height: number;
}

export class GraphBuilder {
    readonly nodes = new Map<string, DiagramNode>();
    readonly edges: DiagramEdge[] = [];
    private readonly children = new Map<string | undefined, string[]>();
    /** Card and port sizes. */
    readonly sizes = new Map<string, Size>();
    /** Containers' least widths (their header text). */
    readonly minWidths = new Map<string, number>();
    /** Drawn edges that ELK routes (filled by toElk). */
    readonly elkRouted = new Set<string>();
    private readonly layoutEdges = new Map<string, { source: string; target: string }>();
    private readonly edgeIds = new Set<string>();

    has(id: string): boolean {
        return this.nodes.has(id);
    }

    get(id: string): DiagramNode | undefined {
        return this.nodes.get(id);
    }

    /** Adds a node once; the first definition wins (ids are deterministic, so a repeat is the same node). */
    add(node: DiagramNode, size?: Size): DiagramNode {
        const existing = this.nodes.get(node.id);
        if (existing) return existing;
        this.nodes.set(node.id, node);
        const list = this.children.get(node.parent);
        if (list) list.push(node.id);
        else this.children.set(node.parent, [node.id]);
        if (size) this.sizes.set(node.id, size);
        return node;
    }

    childrenOf(id: string | undefined): readonly string[] {
        return this.children.get(id) ?? [];
    }

    /** A container's least width (its header text). */
    setMinWidth(id: string, width: number): void {
        this.minWidths.set(id, Math.max(width, this.minWidths.get(id) ?? 0));
    }

    addEdge(edge: DiagramEdge): void {
        if (this.edgeIds.has(edge.id)) return;
        this.edgeIds.add(edge.id);
        this.edges.push(edge);
    }

    /** An edge that only shapes the layout (it is never drawn). Self-edges and repeats are dropped. */
    addLayoutEdge(source: string, target: string): void {
        const key = `${source}->${target}`;
        if (source !== target && !this.layoutEdges.has(key)) this.layoutEdges.set(key, { source, target });
    }

    /** The chain of ancestors of a node, outermost first, the node itself last. A port counts as its VPC. */
    private path(id: string): string[] {
        const out: string[] = [];
        let cur: string | undefined = id;
        while (cur !== undefined) {
            const n = this.nodes.get(cur);
            if (!n) break;
            if (!n.border) out.push(cur);
            cur = n.parent;
        }
        return out.reverse();
    }

    toElk(rootId: string, rootOptions: Record<string, string>): ElkNode {
        const lifted = new Map<string | undefined, ElkExtendedEdge[]>();
        const joined = new Set<string>();
        // Drawn links between siblings: ELK edges in their container (links are built between VPCs and
        // the services and gateways beside them, never to border ports: ELK's detours into a port on a
        // node's top side cut through the other nodes of its layer).
        for (const e of this.edges) {
            if (e.kind === 'hop') continue;
            const a = this.path(e.source);
            const b = this.path(e.target);
            if (
                a.length === 0 ||
                a.length !== b.length ||
                a.slice(0, -1).join('\n') !== b.slice(0, -1).join('\n') ||
                a.at(-1) === b.at(-1)
            )
                continue;
            const container = a.length > 1 ? a[a.length - 2] : undefined;
            const list = lifted.get(container) ?? [];
            list.push({ id: e.id, sources: [e.source], targets: [e.target] });
            lifted.set(container, list);
            joined.add(`${a.at(-1)}\n${b.at(-1)}`);
            this.elkRouted.add(e.id);
        }
        for (const [key, e] of this.layoutEdges) {
            const a = this.path(e.source);
            const b = this.path(e.target);
            let i = 0;
            while (i < a.length && i < b.length && a[i] === b[i]) i++;
            // One end inside the other (or both the same node): nothing to lay out between them.
            if (i >= a.length || i >= b.length) continue;
            const container = i === 0 ? undefined : a[i - 1];
            const pair = `${a[i]}\n${b[i]}`;
            if (joined.has(pair)) continue;
            joined.add(pair);
            const list = lifted.get(container) ?? [];
            list.push({ id: `layout:${key}`, sources: [a[i]], targets: [b[i]] });
            lifted.set(container, list);
        }
        const build = (id: string): ElkNode => {
            const node = this.nodes.get(id)!;
            const kids = this.childrenOf(id);
            const parentKind = node.parent ? this.nodes.get(node.parent)?.kind : undefined;
            const elk: ElkNode = {
                id,
                layoutOptions: {
                    ...optionsFor(node.kind, kids.length),
                    ...(parentKind === 'region' ? REGION_CHILD_OPTIONS : {}),
                },
            };
            const size = this.sizes.get(id);
            if (size) {
                elk.width = size.width;
                elk.height = size.height;
            }
            const inner = kids.filter((k) => !this.nodes.get(k)?.border);
            if (inner.length > 0) elk.children = inner.map(build);
            const ports = kids.filter((k) => this.nodes.get(k)?.border);
            if (ports.length > 0) elk.ports = this.ports(node, ports);
            if (elk.ports)
                this.setMinWidth(id, Math.max(...elk.ports.map((p) => (p.x ?? 0) + (p.width ?? 0) + HEADER.vpc.pad)));
            const edges = lifted.get(id);
            if (edges) elk.edges = edges;
            return elk;
        };
        const top = this.childrenOf(undefined).filter((k) => !this.nodes.get(k)?.border);
        return { id: rootId, layoutOptions: rootOptions, children: top.map(build), edges: lifted.get(undefined) ?? [] };
    }

    /** Border items on a VPC's top edge, left to right after the header text, half outside the box. */
    private ports(vpc: DiagramNode, ids: readonly string[]): ElkPort[] {
        const title = textWidth(vpc.title, FONT.header, true) + CARD.glyph + CARD.gap;
        const sub = vpc.subtitle ? textWidth(vpc.subtitle, FONT.headerSmall) : 0;
        let x = HEADER.vpc.pad + Math.max(title, sub) + PORT_GAP * 2;
        return ids.map((id) => {
            const size = this.sizes.get(id)!;
            const port: ElkPort = {
                id,
                x,
                y: -size.height / 2,
                width: size.width,
                height: size.height,
                layoutOptions: portOptions(size.height),
            };
            x += size.width + PORT_GAP;
            return port;
        });
    }
}
