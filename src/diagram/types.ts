/**
 * The diagram's own data: what the graph builder produces, the layout fills in and the SVG renderer reads.
 * Plain data with deterministic ids, like the Topology: the same input gives the same diagram.
 */
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { TopoDiagnostic } from '../model/diagnostic.js';
import type { Range, Topology } from '../model/topology.js';
import type { TraceResult } from '../trace/types.js';

/** What a diagram node stands for. Containers first, then the cards. */
export type NodeKind =
    | 'internet'
    | 'region'
    | 'vpc'
    | 'az'
    | 'subnet'
    | 'spacer'
    | 'instance'
    | 'appliance'
    | 'eni'
    | 'nat'
    | 'endpoint-eni'
    | 'tgw-eni'
    | 'igw'
    | 'vgw'
    | 'gateway-endpoint'
    | 'load-balancer'
    | 'endpoint-service'
    | 'aws-service'
    | 'transit-gateway'
    | 'on-premises';

export const CONTAINER_KINDS: ReadonlySet<NodeKind> = new Set(['region', 'vpc', 'az', 'subnet']);

export interface DiagramBadge {
    readonly severity: 'error' | 'warning' | 'info' | 'hint';
    /** `code: message`, one per diagnostic. */
    readonly messages: readonly string[];
}

export interface DiagramNode {
    readonly id: string;
    readonly kind: NodeKind;
    /** The Topology element drawn (click reveals it; the cursor on it highlights the node). */
    readonly element?: string;
    readonly title: string;
    readonly subtitle?: string;
    /** Hover text. */
    readonly tooltip: string;
    /** The parent node's id (undefined for top-level nodes). */
    readonly parent?: string;
    /** Drawn on its parent VPC's top border (an ELK port). */
    readonly border?: boolean;
    /** Subnets: public when their route table sends 0.0.0.0/0 (or anything) to an internet gateway. */
    readonly variant?: 'public' | 'private';
    badge?: DiagramBadge;
}

export type EdgeKind = 'privatelink' | 'peering' | 'tgw' | 'hop';

interface HopInfo {
    /** The trace's id in this diagram (`t1`, `t2`, …). */
    readonly trace: string;
    readonly direction: 'forward' | 'return';
    /** 1-based position in its direction. */
    readonly number: number;
    /** What the badge shows: `3`, `R2`, `B3`. */
    readonly label: string;
    /** The winning route of the route table the packet met on this hop, as `table: dest -> target (why)`. */
    readonly route?: string;
    /** The DNS answer the client used, for the first hop. */
    readonly dns?: string;
}

export interface DiagramEdge {
    readonly id: string;
    readonly kind: EdgeKind;
    readonly source: string;
    readonly target: string;
    readonly label?: string;
    readonly tooltip: string;
    readonly hop?: HopInfo;
}

/** A trace drawn on the diagram. */
export interface DiagramTraceSummary {
    readonly id: string;
    /** `A`, `B`, … when several traces are drawn; empty for one. */
    readonly letter: string;
    readonly label: string;
    readonly verdict: 'reachable' | 'blocked';
    readonly reason: string | null;
    readonly summary: string;
    /** For a blocked trace: the node where it stopped and the short text shown there. */
    readonly stop?: { readonly node: string; readonly text: string };
}

/** Everything the builder produces: the ELK graph (structure, plus layout-only edges) and the drawn parts. */
export interface DiagramGraph {
    readonly elk: ElkNode;
    readonly nodes: ReadonlyMap<string, DiagramNode>;
    /** Drawn edges, in a stable order: links first, then trace hops. */
    readonly edges: readonly DiagramEdge[];
    readonly traces: readonly DiagramTraceSummary[];
    /** Diagnostics that belong to nothing drawn (a trace statement, a prefix list): counted in the legend. */
    readonly unplacedDiagnostics: number;
    /** Card and port sizes, by node id. */
    readonly sizes: ReadonlyMap<string, { readonly width: number; readonly height: number }>;
    /** Containers' least widths (their header text and ports). */
    readonly minWidths: ReadonlyMap<string, number>;
    /** Drawn links that ELK routes (the others, and all trace hops, are routed after layout). */
    readonly elkRouted: ReadonlySet<string>;
}

/** A trace to draw: a label and the tracer's result. */
export interface DiagramTraceInput {
    readonly label: string;
    readonly result: TraceResult;
    /** The region of an AWS service destination, when the trace names one. */
    readonly serviceRegion?: string;
}

export interface DiagramInput {
    readonly topology: Topology;
    readonly traces?: readonly DiagramTraceInput[];
    readonly diagnostics?: readonly TopoDiagnostic<string>[];
    /** Only these VPCs (by name or id), and what they connect to. Empty or absent: all. */
    readonly vpcs?: readonly string[];
}

export interface Rect {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
}

export interface Point {
    readonly x: number;
    readonly y: number;
}

/** The laid-out diagram, in absolute coordinates. */
export interface DiagramLayout {
    readonly graph: DiagramGraph;
    readonly width: number;
    readonly height: number;
    /** Every node's box, by node id, in drawing order (parents before children). */
    readonly boxes: ReadonlyMap<string, Rect>;
    /** Every drawn edge's polyline, by edge id. */
    readonly routes: ReadonlyMap<string, readonly Point[]>;
}

/** Where a node's element is written, for the editor (click → reveal, cursor → highlight). */
export interface NodeLocation {
    readonly node: string;
    readonly element: string;
    readonly uri: string;
    readonly range: Range;
}
