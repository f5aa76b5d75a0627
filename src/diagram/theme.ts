/**
 * Colours. The SVG carries them as presentation attributes (so an exported file looks right anywhere, and
 * resvg needs no stylesheet) plus a class per element; the webview's stylesheet overrides the classes with
 * VS Code's theme variables (author CSS beats presentation attributes), which is how the panel follows the
 * light, dark and high-contrast themes.
 */
import type { EdgeKind, NodeKind } from './types.js';

export const INK = {
    background: '#ffffff',
    text: '#1f2328',
    muted: '#59636e',
    region: '#8a96a3',
    vpc: '#3f8624',
    vpcFill: '#f6faf3',
    az: '#2e75b6',
    subnetPublic: '#e8f4e0',
    subnetPrivate: '#e6f0fa',
    subnetStroke: '#9fb3c8',
    card: '#ffffff',
    forward: '#e8590c',
    return: '#1c6fd1',
    stop: '#cf222e',
    error: '#cf222e',
    warning: '#bf8700',
    info: '#0969da',
} as const;

/** The stroke of a card and its glyph, by kind: compute orange, networking purple, PrivateLink teal. */
export const KIND_INK: Readonly<Partial<Record<NodeKind, string>>> = {
    internet: '#55606e',
    instance: '#d45b07',
    appliance: '#c0262d',
    eni: '#6b7785',
    nat: '#7b42e0',
    igw: '#7b42e0',
    vgw: '#7b42e0',
    'load-balancer': '#7b42e0',
    'transit-gateway': '#7b42e0',
    'tgw-eni': '#7b42e0',
    'endpoint-eni': '#0f7b8a',
    'gateway-endpoint': '#0f7b8a',
    'endpoint-service': '#c7156f',
    'aws-service': '#2f5fd0',
    'on-premises': '#55606e',
};

export const EDGE_INK: Readonly<
    Record<Exclude<EdgeKind, 'hop'>, { readonly color: string; readonly dash?: string; readonly width: number }>
> = {
    privatelink: { color: '#0f7b8a', dash: '5 3', width: 1.4 },
    tgw: { color: '#7b42e0', width: 1.4 },
    peering: { color: '#55606e', dash: '8 4', width: 1.6 },
};
