/**
 * Checking N files is linear in N (issue 12): no per-document step may list every document or read the whole
 * workspace index. Speed itself is measured in bench/ (`npm run bench`: 2,500 and 10,000 files); here the work is
 * counted, which is deterministic: every document listed from the workspace (`LangiumDocuments.all`) and every
 * entry read from the index (`IndexManager.allElements`), for N and 4N files. Linear work grows 4x; a step that
 * scans the workspace once per document grows 16x.
 */
import { describe, expect, it } from 'vitest';
import { URI } from 'langium';
import { generateSmallFiles } from '../../bench/generate.js';
import { createTopoServices } from '../../src/language/topo-module.js';
import { ensureBuiltinDocument } from '../../src/language/workspace.js';
import { MemoryFileSystem } from './memory-fs.js';

const N = 100;

interface Work {
    /** Documents listed and index entries read by the first complete check. */
    readonly check: number;
    /** The same, for re-checking after one file changed (the editor re-validates every document then). */
    readonly recheck: number;
    readonly findings: number;
}

async function workFor(count: number): Promise<Work> {
    const fs = new MemoryFileSystem();
    const files = generateSmallFiles(count);
    for (const f of files) fs.write(f.uri, f.text);
    const { shared, Topo } = createTopoServices({ fileSystemProvider: () => fs });
    const documents = shared.workspace.LangiumDocuments;
    const index = shared.workspace.IndexManager;
    let visits = 0;
    const seen = <T>(x: T): T => {
        visits++;
        return x;
    };
    // `all` is a getter on the class: shadow it on the instance, counting what the stream yields.
    let proto: object | null = documents;
    let all: PropertyDescriptor | undefined;
    while (proto && !(all = Object.getOwnPropertyDescriptor(proto, 'all'))) proto = Object.getPrototypeOf(proto);
    Object.defineProperty(documents, 'all', {
        get: () => (all!.get!.call(documents) as typeof documents.all).map(seen),
    });
    const allElements = index.allElements.bind(index);
    index.allElements = (type, uris) => allElements(type, uris).map(seen);

    const builtin = ensureBuiltinDocument(Topo);
    const docs = [];
    for (const f of files) docs.push(await documents.getOrCreateDocument(URI.parse(f.uri)));
    visits = 0;
    await shared.workspace.DocumentBuilder.build([builtin, ...docs], { validation: true });
    const check = visits;

    // One file of the middle changes its instance's address; every document is validated again.
    const changed = files[count >> 1];
    fs.write(changed.uri, changed.text.replace('.74\n', '.75\n'));
    visits = 0;
    await shared.workspace.DocumentBuilder.update([URI.parse(changed.uri)], []);
    const recheck = visits;
    const findings = docs.reduce((n, d) => n + (d.diagnostics?.length ?? 0), 0);
    return { check, recheck, findings };
}

describe('checking a workspace of many files', () => {
    it('four times the files cost at most ~4.5 times the document listings and index reads, checked and re-checked', async () => {
        const small = await workFor(N);
        const large = await workFor(4 * N);
        // The estate is clean and fully checked: the work counted is a real check's.
        expect(small.findings).toBe(0);
        expect(large.findings).toBe(0);
        expect(small.check).toBeGreaterThan(N);
        expect(small.recheck).toBeGreaterThan(N);
        expect(large.check / small.check).toBeLessThanOrEqual(4.5);
        expect(large.recheck / small.recheck).toBeLessThanOrEqual(4.5);
    });
});
