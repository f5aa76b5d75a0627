/**
 * Our own glyphs, one per kind of card: simple line drawings in a 22 x 22 box, drawn with the card's colour.
 * No third-party icon set (none whose licence we could ship), and nothing that needs a font.
 */
import type { NodeKind } from './types.js';

/** SVG elements (no fill colour of their own beyond white; stroke comes from the enclosing group). */
const G: Readonly<Partial<Record<NodeKind | 'vpc', string>>> = {
    // A chip: a square with pins.
    instance:
        '<rect x="5" y="5" width="12" height="12" rx="1.5"/><path d="M8 2v3M11 2v3M14 2v3M8 17v3M11 17v3M14 17v3M2 8h3M2 11h3M2 14h3M17 8h3M17 11h3M17 14h3"/>',
    // A shield with a check: a stateful appliance.
    appliance: '<path d="M11 2l8 3v6c0 5-3.5 8-8 9.5C6.5 19 3 16 3 11V5z"/><path d="M7.5 11l2.5 2.5 4.5-5"/>',
    // A network card: a box with a plug.
    eni: '<rect x="3" y="7" width="16" height="10" rx="1.5"/><path d="M7 7V4h8v3M7 12h8"/>',
    // Two opposed arrows through a box: address translation.
    nat: '<rect x="2" y="4" width="18" height="14" rx="2"/><path d="M6 9h10l-3-3M16 13H6l3 3"/>',
    // A keyhole in a circle: a private connection.
    'endpoint-eni': '<circle cx="11" cy="11" r="8.5"/><circle cx="11" cy="9" r="2.5"/><path d="M11 11.5v4.5"/>',
    'gateway-endpoint': '<path d="M3 19V8l8-5 8 5v11z"/><circle cx="11" cy="11" r="2.2"/><path d="M11 13.2v3.3"/>',
    // A hub with spokes.
    'transit-gateway':
        '<circle cx="11" cy="11" r="3.5"/><path d="M11 2v5.5M11 14.5V20M2 11h5.5M14.5 11H20M4.6 4.6l3.9 3.9M13.5 13.5l3.9 3.9M17.4 4.6l-3.9 3.9M8.5 13.5l-3.9 3.9"/>',
    'tgw-eni': '<circle cx="11" cy="11" r="3"/><path d="M11 3v5M11 14v5M3 11h5M14 11h5"/>',
    // A gateway arch.
    igw: '<path d="M3 20V10a8 8 0 0 1 16 0v10M3 20h16M7 20v-9a4 4 0 0 1 8 0v9"/>',
    vgw: '<path d="M3 20V10a8 8 0 0 1 16 0v10M3 20h16"/><rect x="7.5" y="12" width="7" height="6" rx="1"/><path d="M9 12v-2a2 2 0 0 1 4 0v2"/>',
    // One arrow fanning out to three.
    'load-balancer': '<circle cx="11" cy="11" r="9"/><path d="M5 11h4M9 11l6-5M9 11h6M9 11l6 5"/>',
    // Stacked plates: a published service.
    'endpoint-service': '<path d="M11 3l8 4-8 4-8-4z"/><path d="M3 11l8 4 8-4M3 15l8 4 8-4"/>',
    // A cube: an AWS service.
    'aws-service': '<path d="M11 2l8 4.5v9L11 20l-8-4.5v-9z"/><path d="M3 6.5L11 11l8-4.5M11 11v9"/>',
    // A globe.
    internet:
        '<circle cx="11" cy="11" r="9"/><ellipse cx="11" cy="11" rx="4" ry="9"/><path d="M2 11h18M3.5 6.5h15M3.5 15.5h15"/>',
    // A building: an on-premises network.
    'on-premises': '<path d="M4 20V3h9v17M13 8h5v12M2 20h18M7 6h3M7 9.5h3M7 13h3M15.5 11.5h0M15.5 15h0"/>',
    // A cloud: the VPC's header mark.
    vpc: '<path d="M6 17h11a4 4 0 0 0 .6-8A6 6 0 0 0 6.2 8 4.5 4.5 0 0 0 6 17z"/>',
};

/** The glyph of a kind as an SVG fragment, placed with its top-left corner at (x, y). */
export function glyph(kind: NodeKind | 'vpc', x: number, y: number, color: string): string {
    const body = G[kind];
    if (!body) return '';
    return `<g transform="translate(${x} ${y})" fill="none" stroke="${color}" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${body}</g>`;
}
