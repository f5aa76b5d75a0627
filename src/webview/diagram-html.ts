/**
 * The diagram panel's page. A strict Content Security Policy: nothing by default, the script only with this
 * page's nonce, styles only from this page's nonce-marked stylesheet, images only from the webview itself
 * (and blob:/data: for the PNG export, which draws the SVG onto a canvas). Nothing remote; no inline style
 * attributes (the SVG carries presentation attributes, which CSP does not govern). The stylesheet maps the
 * SVG's classes onto VS Code's theme variables, so the diagram follows light, dark and high-contrast themes.
 */
import { escapeAttr } from '../diagram/xml.js';

interface DiagramPageOptions {
    /** A fresh random value per page load (base64 or hex). */
    readonly nonce: string;
    /** The webview's URI of out/webview/diagram-view.js. */
    readonly scriptUri: string;
    /** `webview.cspSource`: the origin the webview serves local resources from. */
    readonly cspSource: string;
}

export function contentSecurityPolicy(o: DiagramPageOptions): string {
    return [
        "default-src 'none'",
        `img-src ${o.cspSource} blob: data:`,
        `style-src 'nonce-${o.nonce}'`,
        `script-src 'nonce-${o.nonce}'`,
        `font-src ${o.cspSource}`,
        "base-uri 'none'",
        "form-action 'none'",
    ].join('; ');
}

export function diagramPage(o: DiagramPageOptions): string {
    const nonce = escapeAttr(o.nonce);
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Topo diagram</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Diagram">
  <button id="fit" title="Fit the diagram (0)">Fit</button>
  <button id="zoom-in" title="Zoom in (+)">+</button>
  <button id="zoom-out" title="Zoom out (-)">−</button>
  <details id="traces">
    <summary title="Traces to draw">Traces <span id="trace-count"></span></summary>
    <div id="trace-list" role="group" aria-label="Traces to draw"></div>
  </details>
  <button id="export-svg" title="Export Diagram as SVG">SVG</button>
  <button id="export-png" title="Export Diagram as PNG">PNG</button>
  <span id="status" role="status"></span>
</div>
<div id="viewport" tabindex="0" aria-label="Network diagram: drag to pan, wheel to zoom, click a box to reveal its source"></div>
<script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** Theme mapping: VS Code's variables over the SVG's own (light) colours. */
const STYLE = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { display: flex; flex-direction: column; background: var(--vscode-editor-background, #fff); color: var(--vscode-editor-foreground, #1f2328);
  font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); }
#toolbar { display: flex; gap: 6px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, #ccc); flex: none; }
#toolbar button { background: var(--vscode-button-secondaryBackground, #e4e4e4); color: var(--vscode-button-secondaryForeground, #000);
  border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; cursor: pointer; font: inherit; }
#toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground, #d0d0d0); }
#toolbar button:focus-visible, #viewport:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0078d4); }
#traces { position: relative; }
#traces summary { cursor: pointer; padding: 2px 6px; list-style: none; border: 1px solid var(--vscode-button-border, var(--vscode-panel-border, #ccc)); }
#trace-list { position: absolute; z-index: 10; top: 100%; left: 0; min-width: 320px; max-height: 60vh; overflow: auto; padding: 6px;
  background: var(--vscode-editorWidget-background, #f3f3f3); border: 1px solid var(--vscode-editorWidget-border, #c8c8c8); }
#trace-list label { display: block; white-space: nowrap; padding: 2px 0; cursor: pointer; }
#trace-list .empty { opacity: 0.7; }
#status { margin-left: auto; opacity: 0.8; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#status.error { color: var(--vscode-errorForeground, #cf222e); opacity: 1; }
#viewport { flex: 1; position: relative; overflow: hidden; cursor: grab; }
#viewport.panning { cursor: grabbing; }
#viewport > svg { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }

.topo-diagram .topo-background { fill: var(--vscode-editor-background, #fff); }
.topo-diagram text { fill: var(--vscode-editor-foreground, #1f2328); }
.topo-diagram .topo-subtitle, .topo-diagram .topo-region .topo-title, .topo-legend text { fill: var(--vscode-descriptionForeground, #59636e); }
.topo-diagram .topo-region > .topo-box { stroke: var(--vscode-descriptionForeground, #8a96a3); }
.topo-diagram .topo-vpc > .topo-box { fill: color-mix(in srgb, var(--vscode-charts-green, #3f8624) 7%, var(--vscode-editor-background, #fff)); stroke: var(--vscode-charts-green, #3f8624); }
.topo-diagram .topo-vpc > .topo-title { fill: var(--vscode-charts-green, #3f8624); }
.topo-diagram .topo-az > .topo-box { stroke: var(--vscode-charts-blue, #2e75b6); }
.topo-diagram .topo-az > .topo-title { fill: var(--vscode-charts-blue, #2e75b6); }
.topo-diagram .topo-subnet > .topo-box { stroke: var(--vscode-panel-border, #9fb3c8); }
.topo-diagram .topo-subnet.topo-public > .topo-box { fill: color-mix(in srgb, var(--vscode-charts-green, #3f8624) 14%, var(--vscode-editor-background, #fff)); }
.topo-diagram .topo-subnet.topo-private > .topo-box { fill: color-mix(in srgb, var(--vscode-charts-blue, #2e75b6) 12%, var(--vscode-editor-background, #fff)); }
.topo-diagram .topo-card > .topo-box { fill: var(--vscode-editorWidget-background, #fff); }
.topo-diagram .topo-hop-forward polyline { stroke: var(--vscode-charts-orange, #e8590c); }
.topo-diagram .topo-hop-return polyline { stroke: var(--vscode-charts-blue, #1c6fd1); }
.topo-diagram .topo-hop-badge.topo-hop-forward circle { fill: var(--vscode-charts-orange, #e8590c); }
.topo-diagram .topo-hop-badge.topo-hop-return circle { fill: var(--vscode-charts-blue, #1c6fd1); }
/* Arrowheads live in <defs>: colour them like the lines they end, in every theme. */
.topo-diagram #topo-arrow-forward path { fill: var(--vscode-charts-orange, #e8590c); }
.topo-diagram #topo-arrow-return path { fill: var(--vscode-charts-blue, #1c6fd1); }
.topo-diagram .topo-hop-badge text, .topo-diagram .topo-stop text, .topo-diagram .topo-diagnostic text { fill: #ffffff; }
.topo-diagram .topo-hop-badge circle, .topo-diagram .topo-diagnostic circle { stroke: var(--vscode-editor-background, #fff); }
.topo-diagram .topo-stop rect, .topo-diagram .topo-diagnostic.topo-error circle { fill: var(--vscode-errorForeground, #cf222e); }
.topo-diagram .topo-diagnostic.topo-warning circle { fill: var(--vscode-editorWarning-foreground, #bf8700); }
.topo-diagram .topo-diagnostic.topo-info circle, .topo-diagram .topo-diagnostic.topo-hint circle { fill: var(--vscode-editorInfo-foreground, #0969da); }
.topo-diagram [data-node] { cursor: pointer; }
.topo-diagram .topo-highlight > .topo-box { stroke: var(--vscode-focusBorder, #0078d4); stroke-width: 3.5px; }
.topo-diagram .topo-hop:hover polyline { stroke-width: 4px; }

body.vscode-high-contrast .topo-diagram .topo-box, body.vscode-high-contrast-light .topo-diagram .topo-box { stroke: var(--vscode-contrastBorder, #fff); stroke-width: 1.5px; }
body.vscode-high-contrast .topo-diagram .topo-card > .topo-box, body.vscode-high-contrast .topo-diagram .topo-subnet > .topo-box,
body.vscode-high-contrast .topo-diagram .topo-vpc > .topo-box { fill: var(--vscode-editor-background, #000); }
body.vscode-high-contrast .topo-diagram polyline { stroke-width: 3px; }
body.vscode-high-contrast .topo-diagram .topo-highlight > .topo-box { stroke: var(--vscode-contrastActiveBorder, #f38518); stroke-width: 4px; }
`;
