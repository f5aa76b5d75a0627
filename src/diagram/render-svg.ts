/**
 * The one SVG renderer, shared by `topo export` and the VS Code panel. Laid-out diagram in, SVG text out:
 * containers, then links, then cards, then trace hops with their numbers, then badges and the legend.
 * Every string that comes from the Topology goes through escapeText/escapeAttr. Coordinates are rounded to
 * one decimal, so the same input gives byte-identical output. Elements carry `data-node` / `data-element`
 * (click to reveal, cursor to highlight) and `data-edge` / `data-hop` (hover shows the `<title>`).
 */
import { glyph } from './glyphs.js';
import { CARD, FONT, HEADER } from './layout-options.js';
import { LEGEND_LINE, LEGEND_PAD, legendLines } from './legend.js';
import { BADGE_R, placeLabels } from './place-labels.js';
import { fitText, textWidth } from './text-metrics.js';
import { EDGE_INK, INK, KIND_INK } from './theme.js';
import type { DiagramEdge, DiagramLayout, DiagramNode, Point, Rect } from './types.js';
import { CONTAINER_KINDS } from './types.js';
import { escapeAttr as a, escapeText as t } from './xml.js';

const FONT_FAMILY = "'DejaVu Sans', Verdana, 'Segoe UI', sans-serif";

/** An empty diagram still has a size (and says why it is empty): a 0 x 0 image is not an image. */
const EMPTY_HEIGHT = 48;

/** A number as SVG wants it: at most one decimal, no trailing zero, never `-0`. */
function num(x: number): string {
    const r = Math.round(x * 10) / 10;
    return String(r === 0 ? 0 : r);
}

export function renderSvg(layout: DiagramLayout): string {
    const { graph, boxes } = layout;
    const empty = graph.nodes.size === 0;
    const width = Math.max(layout.width, graph.traces.length > 0 || graph.unplacedDiagnostics > 0 || empty ? 420 : 0);
    const legend = legendLines(graph, width);
    const legendHeight = legend.length ? LEGEND_PAD * 2 + legend.length * LEGEND_LINE : 0;
    const top = Math.max(layout.height, empty ? EMPTY_HEIGHT : 0);
    const height = top + legendHeight;
    const out: string[] = [];
    out.push(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" class="topo-diagram" font-family="${a(FONT_FAMILY)}" font-size="${FONT.title}">`,
    );
    out.push('<title>Topo network diagram</title>');
    out.push(defs());
    out.push(
        `<rect class="topo-background" x="0" y="0" width="${num(width)}" height="${num(height)}" fill="${INK.background}"/>`,
    );

    if (empty)
        out.push(
            `<text class="topo-empty" x="${LEGEND_PAD}" y="${LEGEND_PAD + 16}" font-size="${FONT.legend}" fill="${INK.muted}">Nothing to draw: these files declare no VPC, service or gateway.</text>`,
        );
    const nodes = [...graph.nodes.values()].filter((n) => boxes.has(n.id) && n.kind !== 'spacer');
    out.push('<g class="topo-containers">');
    for (const n of nodes) if (CONTAINER_KINDS.has(n.kind)) out.push(container(n, boxes.get(n.id)!));
    out.push('</g>');

    out.push('<g class="topo-links">');
    for (const e of graph.edges) if (e.kind !== 'hop') out.push(link(e, layout.routes.get(e.id)));
    out.push('</g>');

    out.push('<g class="topo-cards">');
    for (const n of nodes) if (!CONTAINER_KINDS.has(n.kind)) out.push(card(n, boxes.get(n.id)!));
    out.push('</g>');

    const placement = placeLabels(layout);
    const hops = graph.edges.filter((e) => e.kind === 'hop');
    out.push('<g class="topo-hops">');
    for (const e of hops) out.push(hopLine(e, layout.routes.get(e.id)));
    for (const e of hops) {
        const p = placement.hops.get(e.id);
        if (p) out.push(hopBadge(e, p));
    }
    out.push('</g>');

    out.push('<g class="topo-badges">');
    for (const n of nodes) if (n.badge) out.push(badge(n, boxes.get(n.id)!));
    for (const s of placement.stops) {
        const trace = graph.traces.find((x) => x.id === s.trace)!;
        out.push(
            `<g class="topo-stop" data-trace="${a(s.trace)}" data-node="${a(s.node)}"><title>${t(`${trace.label}: blocked${trace.reason ? ` (${trace.reason})` : ''}\n${trace.summary}`)}</title>` +
                `<rect x="${num(s.box.x)}" y="${num(s.box.y)}" width="${num(s.box.width)}" height="${num(s.box.height)}" rx="9" fill="${INK.stop}"/>` +
                `<text x="${num(s.box.x + 6)}" y="${num(s.box.y + 13)}" font-size="${FONT.legend}" font-weight="bold" fill="#ffffff">${t(s.text)}</text></g>`,
        );
    }
    out.push('</g>');

    if (legend.length) {
        out.push(
            `<g class="topo-legend"><line x1="${LEGEND_PAD}" y1="${num(top)}" x2="${num(width - LEGEND_PAD)}" y2="${num(top)}" stroke="${INK.region}" stroke-width="0.8"/>`,
        );
        legend.forEach((l, i) => {
            const y = top + LEGEND_PAD + (i + 1) * LEGEND_LINE - 4;
            const fill = l.color === 'stop' ? INK.stop : l.color === 'muted' ? INK.muted : INK.text;
            out.push(
                `<text x="${num(LEGEND_PAD + (l.indent ? 22 : 0))}" y="${num(y)}" font-size="${FONT.legend}"${l.bold ? ' font-weight="bold"' : ''} fill="${fill}">${t(l.text)}</text>`,
            );
        });
        out.push('</g>');
    }
    out.push('</svg>');
    return out.join('\n') + '\n';
}

function defs(): string {
    const marker = (id: string, color: string) =>
        `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${color}"/></marker>`;
    return `<defs>${marker('topo-arrow-forward', INK.forward)}${marker('topo-arrow-return', INK.return)}${marker('topo-arrow-link', INK.muted)}</defs>`;
}

function dataAttrs(n: DiagramNode): string {
    return `data-node="${a(n.id)}" data-kind="${n.kind}"${n.element ? ` data-element="${a(n.element)}"` : ''}`;
}

function container(n: DiagramNode, b: Rect): string {
    const parts: string[] = [
        `<g class="topo-node topo-${n.kind}${n.variant ? ` topo-${n.variant}` : ''}" ${dataAttrs(n)}><title>${t(n.tooltip)}</title>`,
    ];
    const rect = (attrs: string) =>
        `<rect class="topo-box" x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}" ${attrs}/>`;
    const room = b.width - 2 * HEADER.subnet.pad;
    switch (n.kind) {
        case 'region':
            parts.push(rect(`rx="8" fill="none" stroke="${INK.region}" stroke-width="1.2" stroke-dasharray="7 4"`));
            parts.push(
                `<text class="topo-title" x="${num(b.x + HEADER.region.pad)}" y="${num(b.y + 19)}" font-size="${FONT.header}" font-weight="bold" fill="${INK.muted}">${t(fitText(n.title, FONT.header, room, true))}</text>`,
            );
            break;
        case 'vpc':
            parts.push(rect(`rx="8" fill="${INK.vpcFill}" stroke="${INK.vpc}" stroke-width="1.6"`));
            parts.push(glyph('vpc', b.x + HEADER.vpc.pad - 2, b.y + 3, INK.vpc));
            parts.push(
                `<text class="topo-title" x="${num(b.x + HEADER.vpc.pad + CARD.glyph + CARD.gap - 2)}" y="${num(b.y + 19)}" font-size="${FONT.header}" font-weight="bold" fill="${INK.vpc}">${t(n.title)}</text>`,
            );
            if (n.subtitle)
                parts.push(
                    `<text class="topo-subtitle" x="${num(b.x + HEADER.vpc.pad)}" y="${num(b.y + 35)}" font-size="${FONT.headerSmall}" fill="${INK.muted}">${t(n.subtitle)}</text>`,
                );
            break;
        case 'az':
            parts.push(rect(`rx="6" fill="none" stroke="${INK.az}" stroke-width="1.1" stroke-dasharray="5 3"`));
            parts.push(headerLine(n, b, INK.az));
            break;
        default:
            parts.push(
                rect(
                    `rx="4" fill="${n.variant === 'public' ? INK.subnetPublic : INK.subnetPrivate}" stroke="${INK.subnetStroke}" stroke-width="1"`,
                ),
            );
            parts.push(headerLine(n, b, INK.text));
    }
    parts.push('</g>');
    return parts.join('');
}

/** An AZ's or subnet's one-line header: bold name, then the CIDR or AZ ID in grey. */
function headerLine(n: DiagramNode, b: Rect, color: string): string {
    const x = b.x + HEADER.subnet.pad;
    const y = b.y + 15;
    const room = b.width - 2 * HEADER.subnet.pad;
    const title = fitText(n.title, FONT.headerSmall, room, true);
    const titleW = textWidth(title, FONT.headerSmall, true);
    let s = `<text class="topo-title" x="${num(x)}" y="${num(y)}" font-size="${FONT.headerSmall}" font-weight="bold" fill="${color}">${t(title)}</text>`;
    if (n.subtitle && titleW + 8 < room) {
        const sub = fitText(n.subtitle, FONT.subtitle, room - titleW - 8);
        s += `<text class="topo-subtitle" x="${num(x + titleW + 8)}" y="${num(y)}" font-size="${FONT.subtitle}" fill="${INK.muted}">${t(sub)}</text>`;
    }
    return s;
}

function card(n: DiagramNode, b: Rect): string {
    const color = KIND_INK[n.kind] ?? INK.muted;
    const textX = b.x + CARD.padX + CARD.glyph + CARD.gap;
    const room = b.x + b.width - CARD.padX - textX;
    const parts = [
        `<g class="topo-node topo-card topo-${n.kind}" ${dataAttrs(n)}><title>${t(n.tooltip)}</title>`,
        `<rect class="topo-box" x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}" rx="5" fill="${INK.card}" stroke="${color}" stroke-width="1.3"/>`,
        glyph(n.kind, b.x + CARD.padX, b.y + (b.height - CARD.glyph) / 2, color),
        `<text class="topo-title" x="${num(textX)}" y="${num(b.y + (n.subtitle ? 16 : 23))}" font-size="${FONT.title}" font-weight="bold" fill="${INK.text}">${t(fitText(n.title, FONT.title, room, true))}</text>`,
    ];
    if (n.subtitle)
        parts.push(
            `<text class="topo-subtitle" x="${num(textX)}" y="${num(b.y + 30)}" font-size="${FONT.subtitle}" fill="${INK.muted}">${t(fitText(n.subtitle, FONT.subtitle, room))}</text>`,
        );
    parts.push('</g>');
    return parts.join('');
}

/** A polyline's points, rounded, without repeats (a zero-length run has no direction for an arrowhead). */
function points(route: readonly Point[]): string {
    const out: string[] = [];
    for (const p of route) {
        const xy = `${num(p.x)},${num(p.y)}`;
        if (out[out.length - 1] !== xy) out.push(xy);
    }
    return out.join(' ');
}

function link(e: DiagramEdge, route: readonly Point[] | undefined): string {
    if (!route) return '';
    const ink = EDGE_INK[e.kind as Exclude<typeof e.kind, 'hop'>];
    const dash = ink.dash ? ` stroke-dasharray="${ink.dash}"` : '';
    return `<g class="topo-edge topo-${e.kind}" data-edge="${a(e.id)}" data-source="${a(e.source)}" data-target="${a(e.target)}"><title>${t(e.tooltip)}</title><polyline points="${points(route)}" fill="none" stroke="${ink.color}" stroke-width="${ink.width}"${dash}/></g>`;
}

function hopLine(e: DiagramEdge, route: readonly Point[] | undefined): string {
    if (!route || !e.hop) return '';
    const forward = e.hop.direction === 'forward';
    const color = forward ? INK.forward : INK.return;
    const data = [
        `data-edge="${a(e.id)}"`,
        `data-trace="${a(e.hop.trace)}"`,
        `data-hop="${a(e.hop.label)}"`,
        `data-direction="${e.hop.direction}"`,
        `data-source="${a(e.source)}"`,
        `data-target="${a(e.target)}"`,
        ...(e.hop.route ? [`data-route="${a(e.hop.route)}"`] : []),
        ...(e.hop.dns ? [`data-dns="${a(e.hop.dns)}"`] : []),
    ].join(' ');
    return (
        `<g class="topo-hop topo-hop-${e.hop.direction}" ${data}><title>${t(e.tooltip)}</title>` +
        `<polyline points="${points(route)}" fill="none" stroke="${color}" stroke-width="${forward ? 2.4 : 2}"${forward ? '' : ' stroke-dasharray="6 3"'} stroke-linejoin="round" marker-end="url(#topo-arrow-${e.hop.direction})"/></g>`
    );
}

function hopBadge(e: DiagramEdge, p: Point): string {
    const hop = e.hop!;
    const color = hop.direction === 'forward' ? INK.forward : INK.return;
    const r = BADGE_R + (hop.label.length > 2 ? 3 : 0);
    return (
        `<g class="topo-hop-badge topo-hop-${hop.direction}" data-edge="${a(e.id)}" data-trace="${a(hop.trace)}"><title>${t(e.tooltip)}</title>` +
        `<circle cx="${num(p.x)}" cy="${num(p.y)}" r="${r}" fill="${color}" stroke="#ffffff" stroke-width="1.5"/>` +
        `<text x="${num(p.x)}" y="${num(p.y + 3.5)}" text-anchor="middle" font-size="${FONT.badge}" font-weight="bold" fill="#ffffff">${t(hop.label)}</text></g>`
    );
}

function badge(n: DiagramNode, b: Rect): string {
    const d = n.badge!;
    const color = d.severity === 'error' ? INK.error : d.severity === 'warning' ? INK.warning : INK.info;
    const cx = b.x + b.width - 3;
    const cy = b.y + 3;
    const mark = d.severity === 'error' || d.severity === 'warning' ? '!' : 'i';
    const count = d.messages.length > 1 ? String(d.messages.length) : mark;
    return (
        `<g class="topo-diagnostic topo-${d.severity}" data-node="${a(n.id)}"><title>${t(d.messages.join('\n'))}</title>` +
        `<circle cx="${num(cx)}" cy="${num(cy)}" r="8" fill="${color}" stroke="#ffffff" stroke-width="1.5"/>` +
        `<text x="${num(cx)}" y="${num(cy + 3.5)}" text-anchor="middle" font-size="${FONT.badge}" font-weight="bold" fill="#ffffff">${t(count)}</text></g>`
    );
}
