/**
 * "Topo: Open Diagram to the Side": one webview panel that shows the workspace's diagram. The extension host
 * only forwards: the language server lays out and renders (request `topo/diagram`), the webview displays. The
 * panel follows edits (debounced; the webview keeps its viewport), highlights the node under the cursor,
 * reveals a clicked node's source, draws the traces the user picks, and exports SVG (the server's) or PNG
 * (rasterised in the webview, so no native module ships with the extension). Exports are written atomically.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import {
    commands,
    type Disposable,
    Range,
    Selection,
    TextEditorRevealType,
    Uri,
    ViewColumn,
    window,
    workspace,
    type ExtensionContext,
    type TextDocument,
    type WebviewPanel,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { diagramPage } from '../src/webview/diagram-html.js';
import { nodesAt } from '../src/webview/locate.js';
import {
    DIAGRAM_REQUEST,
    traceKey,
    type DiagramParams,
    type DiagramResult,
    type FromWebview,
    type ToWebview,
    type TraceSpec,
} from '../src/webview/protocol.js';

/** Typing pause before the diagram is asked for again. */
const DEBOUNCE_MS = 350;
const PNG_SCALE = 2;

export function registerDiagramCommands(context: ExtensionContext, client: () => LanguageClient | undefined): void {
    // The code lens "Show in diagram" passes the document and the trace to draw.
    const open = (_uri?: string | Uri, trace?: { from: string; to: string }) =>
        DiagramPanel.show(context, client, trace);
    context.subscriptions.push(
        commands.registerCommand('topo.openDiagram', open),
        commands.registerCommand('topo.exportDiagramSvg', () => DiagramPanel.exportAs(context, client, 'svg')),
        commands.registerCommand('topo.exportDiagramPng', () => DiagramPanel.exportAs(context, client, 'png')),
    );
}

class DiagramPanel {
    private static current: DiagramPanel | undefined;
    private readonly disposables: Disposable[] = [];
    private selected: TraceSpec[] = [];
    private result: DiagramResult | undefined;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private generation = 0;
    private ready = false;
    private rasterId = 0;
    private readonly rasters = new Map<number, (r: { png?: string; error?: string }) => void>();

    static async show(
        context: ExtensionContext,
        client: () => LanguageClient | undefined,
        trace?: { from: string; to: string },
    ): Promise<DiagramPanel> {
        const existing = DiagramPanel.current;
        const panel = existing ?? new DiagramPanel(context, client);
        if (trace?.from && trace.to && !panel.selected.some((t) => traceKey(t) === traceKey(trace)))
            panel.selected.push({ from: trace.from, to: trace.to });
        if (existing) existing.panel.reveal(ViewColumn.Beside, true);
        panel.refresh(0);
        return panel;
    }

    static async exportAs(
        context: ExtensionContext,
        client: () => LanguageClient | undefined,
        format: 'svg' | 'png',
    ): Promise<void> {
        const panel = DiagramPanel.current ?? (await DiagramPanel.show(context, client));
        await panel.export(format);
    }

    private readonly panel: WebviewPanel;

    private constructor(
        context: ExtensionContext,
        private readonly client: () => LanguageClient | undefined,
    ) {
        const root = Uri.joinPath(context.extensionUri, 'out', 'webview');
        this.panel = window.createWebviewPanel(
            'topo.diagram',
            'Topo Diagram',
            { viewColumn: ViewColumn.Beside, preserveFocus: true },
            {
                enableScripts: true,
                localResourceRoots: [root],
                retainContextWhenHidden: true,
            },
        );
        const nonce = randomBytes(16).toString('base64');
        const scriptUri = this.panel.webview.asWebviewUri(Uri.joinPath(root, 'diagram-view.js')).toString();
        this.panel.webview.html = diagramPage({ nonce, scriptUri, cspSource: this.panel.webview.cspSource });
        DiagramPanel.current = this;
        this.disposables.push(
            this.panel.onDidDispose(() => this.dispose()),
            this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m)),
            workspace.onDidChangeTextDocument((e) => isTopo(e.document) && this.refresh(DEBOUNCE_MS)),
            workspace.onDidSaveTextDocument((d) => isTopo(d) && this.refresh(0)),
            window.onDidChangeTextEditorSelection(
                (e) =>
                    isTopo(e.textEditor.document) && this.highlightAt(e.textEditor.document, e.selections[0]?.active),
            ),
        );
    }

    private post(m: ToWebview): void {
        void this.panel.webview.postMessage(m);
    }

    /** Asks the server again after `delay` ms without further changes; only the latest answer is shown. */
    private refresh(delay: number): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.fetch(), delay);
    }

    private async fetch(): Promise<void> {
        const client = this.client();
        if (!client || !this.ready) return;
        const generation = ++this.generation;
        this.post({ type: 'busy', busy: true });
        try {
            const params: DiagramParams = { traces: this.selected };
            const result = await client.sendRequest(DIAGRAM_REQUEST, params);
            if (generation !== this.generation) return;
            // "Show in diagram" names only the ends; the statement may add a port, AZ or region: take the
            // statement's own spec, so the picker shows one entry and the trace is the one the file asks.
            const exact = this.selected.map((t) =>
                t.port === undefined && !t.zone && !t.region
                    ? (result.choices.find((c) => c.spec.from === t.from && c.spec.to === t.to)?.spec ?? t)
                    : t,
            );
            if (exact.some((t, i) => t !== this.selected[i])) {
                this.selected = exact;
                this.refresh(0);
                return;
            }
            this.result = result;
            this.post({ type: 'diagram', result, selected: result.drawn });
            const editor = window.activeTextEditor;
            if (editor && isTopo(editor.document)) this.highlightAt(editor.document, editor.selection.active);
        } catch (e) {
            if (generation === this.generation)
                this.post({ type: 'error', message: `diagram: ${e instanceof Error ? e.message : String(e)}` });
        }
    }

    private receive(m: FromWebview): void {
        switch (m.type) {
            case 'ready':
                this.ready = true;
                this.refresh(0);
                break;
            case 'reveal':
                void this.reveal(m.node);
                break;
            case 'select': {
                const choices = new Map((this.result?.choices ?? []).map((c) => [c.key, c.spec]));
                const kept = this.selected.filter((t) => m.keys.includes(traceKey(t)));
                for (const key of m.keys)
                    if (!kept.some((t) => traceKey(t) === key) && choices.has(key)) kept.push(choices.get(key)!);
                this.selected = kept;
                this.refresh(0);
                break;
            }
            case 'export':
                void this.export(m.format);
                break;
            case 'raster':
                this.rasters.get(m.id)?.({ png: m.png, error: m.error });
                this.rasters.delete(m.id);
                break;
        }
    }

    /** Opens the node's element where it is written and selects its declaration. */
    private async reveal(node: string): Promise<void> {
        const loc = this.result?.locations.find((l) => l.node === node);
        if (!loc) return;
        const doc = await workspace.openTextDocument(Uri.parse(loc.uri));
        const range = new Range(
            loc.range.start.line,
            loc.range.start.character,
            loc.range.end.line,
            loc.range.end.character,
        );
        const column =
            window.visibleTextEditors.find((e) => e.document.uri.toString() === loc.uri)?.viewColumn ?? ViewColumn.One;
        const editor = await window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
        editor.selection = new Selection(range.start, range.start);
        editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
    }

    /** Highlights the nodes of the innermost element whose declaration holds the cursor. */
    private highlightAt(doc: TextDocument, at: { line: number; character: number } | undefined): void {
        if (!this.result || !at) return;
        this.post({ type: 'highlight', nodes: nodesAt(this.result.locations, doc.uri.toString(), at) });
    }

    private async export(format: 'svg' | 'png'): Promise<void> {
        if (!this.result) await this.fetch();
        const result = this.result;
        if (!result) {
            void window.showErrorMessage('Topo: no diagram to export yet.');
            return;
        }
        const folder = workspace.workspaceFolders?.[0]?.uri;
        const target = await window.showSaveDialog({
            defaultUri: folder ? Uri.joinPath(folder, `diagram.${format}`) : undefined,
            filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
            saveLabel: `Export as ${format.toUpperCase()}`,
        });
        if (!target) return;
        let bytes: Uint8Array;
        if (format === 'svg') bytes = new TextEncoder().encode(result.svg);
        else {
            const id = ++this.rasterId;
            const answer = await new Promise<{ png?: string; error?: string }>((resolve) => {
                this.rasters.set(id, resolve);
                this.post({ type: 'rasterize', id, scale: PNG_SCALE });
            });
            if (!answer.png) {
                void window.showErrorMessage(`Topo: PNG export failed: ${answer.error ?? 'no image'}`);
                return;
            }
            bytes = Uint8Array.from(Buffer.from(answer.png, 'base64'));
        }
        await writeAtomically(target, bytes);
        void window.showInformationMessage(`Topo: exported ${path.basename(target.fsPath)}`);
    }

    private dispose(): void {
        DiagramPanel.current = undefined;
        if (this.timer) clearTimeout(this.timer);
        for (const d of this.disposables) d.dispose();
        this.disposables.length = 0;
    }
}

function isTopo(doc: TextDocument): boolean {
    return doc.languageId === 'topo';
}

/** A temporary file next to the target, then a rename over it: the export is complete or absent. */
async function writeAtomically(target: Uri, bytes: Uint8Array): Promise<void> {
    const tmp = target.with({
        path: `${path.posix.dirname(target.path)}/.${path.posix.basename(target.path)}.${randomBytes(4).toString('hex')}.tmp`,
    });
    try {
        await workspace.fs.writeFile(tmp, bytes);
        await workspace.fs.rename(tmp, target, { overwrite: true });
    } catch (e) {
        await workspace.fs.delete(tmp).then(undefined, () => undefined);
        void window.showErrorMessage(
            `Topo: cannot write ${target.fsPath}: ${e instanceof Error ? e.message : String(e)}`,
        );
    }
}
