/**
 * Every layout decision in one place (after sprotty's layout-config.ts): the ELK options per kind of
 * diagram node, the sizes of cards and headers, and the spacing. The graph builder and the layout read
 * these; nothing else sets an ELK option.
 *
 * The shape: the root stacks the internet above the regions (layered, DOWN). A region places its VPCs,
 * endpoint services, transit gateways and AWS services left to right along the layout-only edges that say
 * who uses whom (layered, RIGHT: consumers, then services, then providers). A VPC puts its AZ columns side by
 * side, with its border items (IGW, VGW, gateway endpoints, load balancers) as ports on its top border. An
 * AZ column stacks its subnets top-down in tier order. A subnet packs its cards in rows. Each container is
 * laid out on its own (hierarchy SEPARATE_CHILDREN): trace edges never move a box.
 */
import type { LayoutOptions } from 'elkjs/lib/elk.bundled.js';
import type { NodeKind } from './types.js';

/** Font sizes (px). */
export const FONT = {
    title: 12,
    subtitle: 10,
    header: 13,
    headerSmall: 11,
    badge: 10,
    legend: 11,
} as const;

/** A card: the leaf node (host, ENI, NAT, service, border item). */
export const CARD = {
    height: 38,
    minWidth: 92,
    maxTextWidth: 190,
    glyph: 22,
    padX: 8,
    gap: 7,
} as const;

/** Container headers: the height of the title band and its inner padding. */
export const HEADER: Readonly<
    Record<'region' | 'vpc' | 'az' | 'subnet', { readonly height: number; readonly pad: number }>
> = {
    region: { height: 28, pad: 14 },
    vpc: { height: 40, pad: 12 },
    az: { height: 22, pad: 8 },
    subnet: { height: 22, pad: 8 },
};

/** A region with more children than this wraps its layers into rows. */
const WRAP_ABOVE = 10;

/** Gap between border ports on a VPC's top edge, and between the header text and the first port. */
export const PORT_GAP = 14;

/** Cards per row in a subnet before it wraps. */
export const SUBNET_ROW = 3;

export const SPACING = {
    card: 10,
    subnet: 12,
    azColumn: 32,
    regionNodes: 36,
    regionLayers: 70,
    root: 40,
} as const;

const padding = (top: number, side: number, bottom = side): string =>
    `[top=${top},left=${side},bottom=${bottom},right=${side}]`;

/** The root graph: the internet above the regions. */
export const ROOT_OPTIONS: LayoutOptions = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
    'elk.padding': padding(20, 20),
    'elk.spacing.nodeNode': String(SPACING.root),
    'elk.layered.spacing.nodeNodeBetweenLayers': String(SPACING.root),
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
    'elk.separateConnectedComponents': 'false',
    'elk.randomSeed': '1',
};

/**
 * Options per node kind. Regions are ELK's real work: layered, left to right along the links, routing them
 * orthogonally. A VPC reaches ELK as one fixed-size box with its border items as fixed ports; its inside
 * (AZ columns, tier rows, subnets, cards) is a grid that grid-layout.ts computes, so those kinds are
 * `fixed` here: ELK keeps the positions it is given.
 */
export function optionsFor(kind: NodeKind, children = 0): LayoutOptions {
    switch (kind) {
        case 'region':
            return {
                'elk.algorithm': 'layered',
                'elk.direction': 'RIGHT',
                'elk.padding': padding(HEADER.region.height + HEADER.region.pad + CARD.height / 2, HEADER.region.pad),
                'elk.spacing.nodeNode': String(SPACING.regionNodes),
                'elk.layered.spacing.nodeNodeBetweenLayers': String(SPACING.regionLayers),
                'elk.spacing.edgeNode': '14',
                'elk.spacing.edgeEdge': '8',
                'elk.edgeRouting': 'ORTHOGONAL',
                'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
                'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
                'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
                'elk.layered.nodePlacement.bk.fixedAlignment': 'LEFTUP',
                'elk.separateConnectedComponents': 'false',
                // A big region's long chain of layers (VPCs in a row of dependencies) wraps into several
                // rows; a small one stays in one row, where its links are short.
                ...(children > WRAP_ABOVE
                    ? { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.aspectRatio': '1.8' }
                    : {}),
            };
        case 'vpc':
            return { 'elk.algorithm': 'fixed', 'elk.portConstraints': 'FIXED_POS' };
        case 'az':
        case 'subnet':
            return { 'elk.algorithm': 'fixed' };
        default:
            return {};
    }
}

/** Options for a port (a border item on a VPC's top edge): half inside the VPC, half outside. */
export function portOptions(height: number): LayoutOptions {
    return { 'elk.port.side': 'NORTH', 'elk.port.borderOffset': String(-height / 2) };
}

/** Options for every child of a region: VPCs stacked in one layer line up on their left edges (AZ columns align). */
export const REGION_CHILD_OPTIONS: LayoutOptions = { 'elk.alignment': 'LEFT' };
