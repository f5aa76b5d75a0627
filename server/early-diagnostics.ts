/**
 * What a keystroke shows at once. The workspace-wide analysis waits for a typing pause
 * (TopoDocumentBuilder.validationDelayMs); until it has run, an edited document shows, as soon as it is linked:
 *  - its syntax and linking errors, from the new parse;
 *  - the findings of the local rules (Rule.local: host bits, block sizes, subnets outside or overlapping) in the
 *    items the edit touches (a VPC, a TGW…), from a model of those items alone (TopoAnalysis.localDiagnosticsFor);
 *  - every other finding of its last complete check, moved with the text around the edit. One that touches the
 *    edited text is left out until the analysis has looked again: it may be the one just fixed.
 * The complete set replaces these when the analysis has run, like TypeScript's syntactic-then-semantic
 * diagnostics. With no typing pause (tests, the CLI) nothing is published early.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import { DocumentState, type AstNode, type LangiumDocument } from 'langium';
import type { Diagnostic, Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TopoDocumentBuilder } from '../src/language/topo-document-builder.js';
import { editOf } from '../src/language/incremental-parse.js';
import { diagnosticCode } from '../src/language/diagnostic-code.js';
import { LOCAL_RULES } from '../src/rules/registry.js';
import { forEachItem } from '../src/language/model-builder/ast-ids.js';
import type { Model } from '../src/language/generated/ast.js';
import type { TopoLspServices } from './topo-lsp-module.js';
import { TopoLspDocumentValidator } from './topo-document-validator.js';

/**
 * Codes an early publication computes afresh: Langium's own (syntax, linking); and the local rules', in the edited
 * items.
 */
const BUILT_IN: ReadonlySet<string> = new Set(['syntax-error', 'unresolved-reference']);
const LOCAL: ReadonlySet<string> = new Set(LOCAL_RULES.map((r) => r.code));

interface Checked {
    /** The text the diagnostics were computed on. */
    readonly text: string;
    readonly diagnostics: readonly Diagnostic[];
}

export function registerEarlyDiagnostics(
    shared: LangiumSharedServices,
    Topo: TopoLspServices,
    publish: (params: PublishDiagnosticsParams) => void,
): void {
    const builder = shared.workspace.DocumentBuilder;
    const validator = Topo.validation.DocumentValidator;
    if (!(builder instanceof TopoDocumentBuilder) || !(validator instanceof TopoLspDocumentValidator)) return;
    const editor = shared.workspace.TextDocuments;
    const lastChecked = new Map<string, Checked>();

    builder.onDocumentPhase(DocumentState.Validated, (doc) => {
        const text = parsedText(doc);
        if (text !== undefined) lastChecked.set(doc.uri.toString(), { text, diagnostics: doc.diagnostics ?? [] });
    });
    builder.onUpdate((_changed, deleted) => {
        for (const uri of deleted) lastChecked.delete(uri.toString());
    });
    builder.onDocumentPhase(DocumentState.IndexedReferences, async (doc, cancelToken) => {
        if (builder.validationDelayMs <= 0) return;
        const uri = doc.uri.toString();
        const last = lastChecked.get(uri);
        const text = parsedText(doc);
        // Only documents open in an editor and edited since their last check: a document merely re-linked
        // because another one changed keeps what it shows until the analysis runs.
        if (!last || text === undefined || text === last.text || !editor?.get(uri)) return;
        const own = await validator.validateDocument(doc, { categories: ['built-in'] }, cancelToken);
        try {
            // The items the edit touches: their local findings are computed again, the others' carried over.
            const edit = editOf(last.text, text);
            const focus = new Set<AstNode>();
            const spans: Range[] = [];
            forEachItem(doc.parseResult.value as Model, 'elements', (item) => {
                const cst = item.$cstNode;
                if (!cst || cst.offset > edit.newEnd || cst.end < edit.start) return;
                focus.add(item);
                spans.push(cst.range);
            });
            const local =
                focus.size > 0 ? validator.diagnosticsOf(doc, Topo.topo.Analysis.localDiagnosticsFor(doc, focus)) : [];
            const recomputed = (d: Diagnostic): boolean =>
                LOCAL.has(diagnosticCode(d)) &&
                spans.some((r) => !precedes(d.range.start, r.start) && precedes(d.range.start, r.end));
            const carried = carryOver(
                last.diagnostics.filter((d) => !BUILT_IN.has(diagnosticCode(d))),
                last.text,
                text,
                uri,
                edit,
            ).filter((d) => !recomputed(d));
            publish({ uri, diagnostics: [...own, ...local, ...carried] });
        } catch (e) {
            // Early diagnostics are a courtesy: a failure here must not stop the build that brings the real ones.
            console.error(`topo: early diagnostics for ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
    });
}

function precedes(a: Position, b: Position): boolean {
    return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function parsedText(doc: LangiumDocument): string | undefined {
    return doc.parseResult.value.$cstNode?.root.fullText;
}

/**
 * `diagnostics` of `before`, placed in `after`: the two texts share a prefix and a suffix, and the edit is what
 * lies between. A diagnostic wholly before the edit keeps its place, one wholly after it moves with the text, and
 * one that touches it is dropped. Related locations in the same document move too (or go, if they touch it).
 */
export function carryOver(
    diagnostics: readonly Diagnostic[],
    before: string,
    after: string,
    uri: string,
    edit = editOf(before, after),
): Diagnostic[] {
    if (diagnostics.length === 0) return [];
    const { start: prefix, oldEnd: editEnd } = edit;
    const shift = after.length - before.length;
    const old = TextDocument.create(uri, 'topo', 0, before);
    const now = TextDocument.create(uri, 'topo', 0, after);
    const move = (r: Range): Range | undefined => {
        const start = old.offsetAt(r.start);
        const end = old.offsetAt(r.end);
        if (end < prefix) return r;
        if (start > editEnd) return { start: now.positionAt(start + shift), end: now.positionAt(end + shift) };
        return undefined;
    };
    const out: Diagnostic[] = [];
    for (const d of diagnostics) {
        const range = move(d.range);
        if (!range) continue;
        const related = d.relatedInformation?.flatMap((info) => {
            if (info.location.uri !== uri) return [info];
            const moved = move(info.location.range);
            return moved ? [{ ...info, location: { uri, range: moved } }] : [];
        });
        out.push({ ...d, range, ...(related ? { relatedInformation: related } : {}) });
    }
    return out;
}
