/**
 * The diagram panel's messages, defined once (after vscode-eslint's customMessages.ts): the `topo/diagram`
 * request between the extension and the language server, and the messages between the extension and the
 * webview. Plain data, and no `vscode` or LSP imports, so the server, the extension, the webview script and
 * the tests share it. The request is one typed descriptor (vscode-jsonrpc's RequestType: its method, params and
 * result): the server's `onRequest` and the client's `sendRequest` both take it, so a handler or a caller that
 * disagrees with these types is a compile error. The webview script imports only types from here.
 */
import { RequestType } from 'vscode-jsonrpc';
import type { NodeLocation } from '../diagram/types.js';

/** A trace to draw, by the names `topo trace` takes. */
export interface TraceSpec {
    readonly from: string;
    readonly to: string;
    readonly port?: number;
    /** `az c`: the endpoint's zonal DNS name for that AZ. */
    readonly zone?: string;
    /** The region of an AWS service destination. */
    readonly region?: string;
}

/** The key a trace is picked by: `from -> to`, plus its options. */
export function traceKey(t: TraceSpec): string {
    return `${t.from} -> ${t.to}${t.port !== undefined ? ` port ${t.port}` : ''}${t.zone ? ` az ${t.zone}` : ''}${t.region ? ` region ${t.region}` : ''}`;
}

export interface DiagramParams {
    readonly traces: readonly TraceSpec[];
    /** Only these VPCs (and what they connect to); empty: all. */
    readonly vpcs?: readonly string[];
}

/** A `trace` or `expect` statement of the workspace: a choice in the panel's trace picker. */
export interface TraceChoice {
    readonly key: string;
    readonly spec: TraceSpec;
    readonly statement: 'trace' | 'expect';
    readonly uri: string;
    readonly line: number;
}

export interface DiagramResult {
    readonly svg: string;
    readonly width: number;
    readonly height: number;
    /** The workspace's trace statements, for the picker. */
    readonly choices: readonly TraceChoice[];
    /** The keys of the traces drawn. */
    readonly drawn: readonly string[];
    /** Traces that could not be drawn (an end that names nothing), one line each. */
    readonly problems: readonly string[];
    /** Where each node's element is written: click reveals it, the cursor in it highlights the node. */
    readonly locations: readonly NodeLocation[];
}

/** Extension -> webview. */
export type ToWebview =
    | { readonly type: 'diagram'; readonly result: DiagramResult; readonly selected: readonly string[] }
    | { readonly type: 'highlight'; readonly nodes: readonly string[] }
    | { readonly type: 'busy'; readonly busy: boolean }
    | { readonly type: 'error'; readonly message: string }
    | { readonly type: 'rasterize'; readonly id: number; readonly scale: number };

/** Webview -> extension. */
export type FromWebview =
    | { readonly type: 'ready' }
    | { readonly type: 'reveal'; readonly node: string }
    | { readonly type: 'select'; readonly keys: readonly string[] }
    | { readonly type: 'export'; readonly format: 'svg' | 'png' }
    | { readonly type: 'raster'; readonly id: number; readonly png?: string; readonly error?: string };

/** LSP request `topo/diagram`: lay out and render the workspace's diagram (in the language server, off the UI). */
export const DIAGRAM_REQUEST = new RequestType<DiagramParams, DiagramResult, void>('topo/diagram');
