/**
 * Building a set of in-memory documents (plus the built-in AWS services document) with validation.
 * The CLI reads files and calls this; tests call it with strings. No file I/O here.
 */
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import { BUILTIN_URI, builtinDocumentText } from './builtin.js';
import type { TopoServices } from './topo-module.js';

/**
 * A file's text as an editor holds it: VS Code drops a UTF-8 byte order mark when it opens a file, so positions in
 * the first line count from the character after it. Whoever reads a file from disk (the CLI, the language server's
 * file system) drops it too, so that the CLI, an open editor and a closed file report the same columns.
 */
export function withoutBom(text: string): string {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface SourceFile {
    readonly uri: string;
    readonly text: string;
}

/** Adds the built-in document once per service container. */
export function ensureBuiltinDocument(services: TopoServices): LangiumDocument {
    const documents = services.shared.workspace.LangiumDocuments;
    const uri = URI.parse(BUILTIN_URI);
    const existing = documents.getDocument(uri);
    if (existing) return existing;
    const doc = services.shared.workspace.LangiumDocumentFactory.fromString(builtinDocumentText(), uri);
    documents.addDocument(doc);
    return doc;
}

/** Parses, links and validates the given files together; returns their documents in input order. */
export async function buildWorkspace(services: TopoServices, files: readonly SourceFile[]): Promise<LangiumDocument[]> {
    const builtin = ensureBuiltinDocument(services);
    const documents = services.shared.workspace.LangiumDocuments;
    const docs = files.map((f) => {
        const doc = services.shared.workspace.LangiumDocumentFactory.fromString(f.text, URI.parse(f.uri));
        documents.addDocument(doc);
        return doc;
    });
    await services.shared.workspace.DocumentBuilder.build([builtin, ...docs], { validation: true });
    return docs;
}
