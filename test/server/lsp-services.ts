/**
 * LSP services for editor-feature tests: Topo's server module over an in-memory file system, with the
 * built-in AWS services document loaded as the server's workspace manager would. Use with langium/test's
 * `<|>`-marker helpers (expectHover, expectCompletion, …) or `openDocs` for several files.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';
import { BUILTIN_URI } from '../../src/language/builtin.js';
import { createTopoLspServices, type TopoLspServices } from '../../server/topo-lsp-module.js';

export interface LspFixture {
    readonly services: TopoLspServices;
}

export async function lspServices(): Promise<TopoLspServices> {
    const { Topo } = createTopoLspServices({ ...EmptyFileSystem });
    const builtin = ensureBuiltinDocument(Topo);
    await Topo.shared.workspace.DocumentBuilder.build([builtin], { validation: false });
    return Topo;
}

let n = 0;

/**
 * Replaces the workspace's documents (the built-in one stays) and builds them validated; returns them in input order.
 */
export async function openDocs(services: TopoLspServices, texts: readonly string[]): Promise<LangiumDocument[]> {
    const documents = services.shared.workspace.LangiumDocuments;
    const builtin = URI.parse(BUILTIN_URI).toString();
    const stale = documents.all
        .filter((d) => d.uri.toString() !== builtin)
        .map((d) => d.uri)
        .toArray();
    await services.shared.workspace.DocumentBuilder.update([], stale);
    const docs = texts.map((text) => {
        const doc = services.shared.workspace.LangiumDocumentFactory.fromString(
            text,
            URI.parse(`file:///ws/doc-${++n}.topo`),
        );
        services.shared.workspace.LangiumDocuments.addDocument(doc);
        return doc;
    });
    await services.shared.workspace.DocumentBuilder.build(docs, { validation: true });
    return docs;
}

/** Strips `<|>` markers; returns the text and the marker offsets. */
export function markers(text: string): { text: string; offsets: number[] } {
    const offsets: number[] = [];
    let out = '';
    let rest = text;
    for (let i = rest.indexOf('<|>'); i >= 0; i = rest.indexOf('<|>')) {
        out += rest.slice(0, i);
        offsets.push(out.length);
        rest = rest.slice(i + 3);
    }
    return { text: out + rest, offsets };
}
