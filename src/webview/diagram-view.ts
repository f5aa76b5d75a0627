/**
 * The diagram panel's browser script (bundled to out/webview/diagram-view.js). It draws the SVG the language
 * server rendered, and does what a viewer does: pan (drag), zoom (wheel, +/-), fit (0), keep the viewport when
 * the diagram is redrawn while the user types, highlight the node under the editor's cursor, tell the
 * extension which node was clicked (to reveal its source) and which traces to draw, and rasterise the SVG to
 * PNG for the export. Layout never happens here.
 */
import type { DiagramResult, FromWebview, ToWebview } from './protocol.js';

interface VsCodeApi {
    postMessage(message: FromWebview): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

interface View {
    /** The diagram point at the centre of the viewport. */
    cx: number;
    cy: number;
    /** Screen pixels per diagram unit. */
    zoom: number;
}

const vscode = acquireVsCodeApi();
const viewport = document.getElementById('viewport') as HTMLDivElement;
const status = document.getElementById('status') as HTMLSpanElement;
const traceList = document.getElementById('trace-list') as HTMLDivElement;
const traceCount = document.getElementById('trace-count') as HTMLSpanElement;

let svg: SVGSVGElement | undefined;
let result: DiagramResult | undefined;
let size = { width: 1, height: 1 };
let view: View | undefined = (vscode.getState() as { view?: View } | undefined)?.view;
let highlighted: readonly string[] = [];

function setStatus(text: string, error = false): void {
    status.textContent = text;
    status.classList.toggle('error', error);
}

/** Puts the view into the SVG's viewBox: pan and zoom without CSS transforms (and crisp at every zoom). */
function apply(): void {
    if (!svg || !view) return;
    const w = Math.max(1, viewport.clientWidth) / view.zoom;
    const h = Math.max(1, viewport.clientHeight) / view.zoom;
    svg.setAttribute('viewBox', `${view.cx - w / 2} ${view.cy - h / 2} ${w} ${h}`);
    vscode.setState({ view });
}

function fit(): void {
    const cw = Math.max(1, viewport.clientWidth);
    const ch = Math.max(1, viewport.clientHeight);
    view = { cx: size.width / 2, cy: size.height / 2, zoom: Math.min(cw / size.width, ch / size.height) * 0.97 };
    apply();
}

function zoomAt(factor: number, sx = viewport.clientWidth / 2, sy = viewport.clientHeight / 2): void {
    if (!view) return;
    const zoom = Math.min(8, Math.max(0.05, view.zoom * factor));
    // Keep the diagram point under (sx, sy) where it is.
    const px = view.cx + (sx - viewport.clientWidth / 2) / view.zoom;
    const py = view.cy + (sy - viewport.clientHeight / 2) / view.zoom;
    view = { zoom, cx: px - (sx - viewport.clientWidth / 2) / zoom, cy: py - (sy - viewport.clientHeight / 2) / zoom };
    apply();
}

function show(next: DiagramResult, selected: readonly string[]): void {
    const doc = new DOMParser().parseFromString(next.svg, 'image/svg+xml');
    const root = doc.documentElement;
    if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) {
        setStatus('the diagram could not be read', true);
        return;
    }
    const fresh = document.importNode(root, true) as unknown as SVGSVGElement;
    fresh.removeAttribute('width');
    fresh.removeAttribute('height');
    const first = !svg;
    svg?.remove();
    svg = fresh;
    viewport.appendChild(fresh);
    result = next;
    size = {
        width: Number(root.getAttribute('width')) || next.width,
        height: Number(root.getAttribute('height')) || next.height,
    };
    // The first diagram is fitted; later ones keep the user's viewport (live update while typing).
    if (first && !view) fit();
    else apply();
    highlight(highlighted);
    renderPicker(next, selected);
    setStatus(next.problems.length ? next.problems.join('; ') : '', next.problems.length > 0);
}

function renderPicker(r: DiagramResult, selected: readonly string[]): void {
    traceList.replaceChildren();
    const keys = new Set(selected);
    for (const c of r.choices) {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.value = c.key;
        box.checked = keys.has(c.key);
        label.append(box, ` ${c.statement} ${c.key}`);
        traceList.append(label);
    }
    if (r.choices.length === 0) {
        const none = document.createElement('div');
        none.className = 'empty';
        none.textContent = 'No trace or expect statements in the workspace.';
        traceList.append(none);
    }
    traceCount.textContent = selected.length ? `(${selected.length})` : '';
}

function highlight(nodes: readonly string[]): void {
    highlighted = nodes;
    if (!svg) return;
    for (const el of Array.from(svg.querySelectorAll('.topo-highlight'))) el.classList.remove('topo-highlight');
    const wanted = new Set(nodes);
    let first: Element | undefined;
    for (const el of Array.from(svg.querySelectorAll('g.topo-node[data-node]'))) {
        if (!wanted.has(el.getAttribute('data-node') ?? '')) continue;
        el.classList.add('topo-highlight');
        first ??= el;
    }
    // Bring a highlighted node into view when it is outside the viewport.
    if (first && view) {
        const box = (first as SVGGraphicsElement).getBBox();
        const w = viewport.clientWidth / view.zoom;
        const h = viewport.clientHeight / view.zoom;
        const visible =
            box.x >= view.cx - w / 2 &&
            box.x + box.width <= view.cx + w / 2 &&
            box.y >= view.cy - h / 2 &&
            box.y + box.height <= view.cy + h / 2;
        if (!visible) {
            view = { ...view, cx: box.x + box.width / 2, cy: box.y + box.height / 2 };
            apply();
        }
    }
}

/** The SVG as exported (its own light colours), drawn on a canvas: PNG bytes, base64. */
async function rasterize(scale: number): Promise<string> {
    if (!result) throw new Error('no diagram yet');
    const blob = new Blob([result.svg], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(blob);
    try {
        const img = new Image();
        await new Promise<void>((resolve, reject) => {
            img.onload = () => resolve();
            img.onerror = () => reject(new Error('the SVG could not be drawn'));
            img.src = url;
        });
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(size.width * scale);
        canvas.height = Math.ceil(size.height * scale);
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no canvas');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
    } finally {
        URL.revokeObjectURL(url);
    }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    switch (m?.type) {
        case 'diagram':
            show(m.result, m.selected);
            break;
        case 'highlight':
            highlight(m.nodes);
            break;
        case 'busy':
            if (m.busy) setStatus('laying out…');
            break;
        case 'error':
            setStatus(m.message, true);
            break;
        case 'rasterize':
            rasterize(m.scale).then(
                (png) => vscode.postMessage({ type: 'raster', id: m.id, png }),
                (e: unknown) =>
                    vscode.postMessage({ type: 'raster', id: m.id, error: e instanceof Error ? e.message : String(e) }),
            );
            break;
    }
});

// Pan by dragging; a press that does not move is a click (reveal the node's source).
let drag: { x: number; y: number; cx: number; cy: number; moved: boolean } | undefined;
viewport.addEventListener('pointerdown', (e) => {
    if (!view || e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy, moved: false };
    viewport.setPointerCapture(e.pointerId);
});
viewport.addEventListener('pointermove', (e) => {
    if (!drag || !view) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    viewport.classList.add('panning');
    view = { ...view, cx: drag.cx - dx / view.zoom, cy: drag.cy - dy / view.zoom };
    apply();
});
viewport.addEventListener('pointerup', (e) => {
    const was = drag;
    drag = undefined;
    viewport.classList.remove('panning');
    if (was && !was.moved) {
        // Pointer capture retargets the event to the viewport: find what is under the pointer.
        const hit = document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-node]');
        const node = hit?.getAttribute('data-node');
        if (node) vscode.postMessage({ type: 'reveal', node });
    }
});
viewport.addEventListener(
    'wheel',
    (e) => {
        e.preventDefault();
        const r = viewport.getBoundingClientRect();
        zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false },
);
viewport.addEventListener('keydown', (e) => {
    if (e.key === '0') fit();
    else if (e.key === '+' || e.key === '=') zoomAt(1.25);
    else if (e.key === '-') zoomAt(0.8);
});
window.addEventListener('resize', () => apply());
document.getElementById('fit')!.addEventListener('click', () => fit());
document.getElementById('zoom-in')!.addEventListener('click', () => zoomAt(1.25));
document.getElementById('zoom-out')!.addEventListener('click', () => zoomAt(0.8));
document
    .getElementById('export-svg')!
    .addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'svg' }));
document
    .getElementById('export-png')!
    .addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'png' }));
traceList.addEventListener('change', () => {
    const keys = Array.from(traceList.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
        .filter((b) => b.checked)
        .map((b) => b.value);
    vscode.postMessage({ type: 'select', keys });
});

vscode.postMessage({ type: 'ready' });
