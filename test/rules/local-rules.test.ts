/**
 * A rule marked `local` promises that its findings in a document follow from that document alone: the editor shows
 * them from a model of the edited document before the workspace-wide analysis runs (server/early-diagnostics.ts).
 * Held here on every example workspace and on a two-file fixture that crosses files everywhere it can (peering,
 * routes to the peering, an account declared elsewhere): one document's model must give exactly the findings of
 * the whole workspace's model, for the local rules; and one item's model (a VPC, a TGW, a prefix list…) the
 * findings the workspace places in that item.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { SourceFile } from '../../src/language/workspace.js';
import { LOCAL_RULES } from '../../src/rules/registry.js';
import type { TopoDiagnostic } from '../../src/model/diagnostic.js';
import { generateTopologyFiles } from '../../bench/generate.js';
import { analyzeFiles } from '../helpers.js';
import { forEachItem } from '../../src/language/model-builder/ast-ids.js';
import type { Model } from '../../src/language/generated/ast.js';

const LOCAL = new Set<string>(LOCAL_RULES.map((r) => r.code));
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

const shape = (d: TopoDiagnostic): string =>
    `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

/**
 * For each file: the local rules' findings from the whole workspace, those from the file alone, and per item of
 * the file (a VPC, a TGW, a prefix list…) those the workspace places in it and those from the item alone.
 */
async function bothWays(
    files: readonly SourceFile[],
): Promise<Array<{ uri: string; workspace: string[]; alone: string[]; items: Array<[string[], string[]]> }>> {
    const { services } = await analyzeFiles(files);
    const analysis = services.topo.Analysis;
    return services.shared.workspace.LangiumDocuments.all
        .filter((d) => files.some((f) => f.uri === d.uri.toString()))
        .toArray()
        .map((doc) => {
            const workspace = analysis.diagnosticsFor(doc.uri.toString()).filter((d) => LOCAL.has(d.code));
            const items: Array<[string[], string[]]> = [];
            forEachItem(doc.parseResult.value as Model, 'elements', (item) => {
                const cst = item.$cstNode;
                if (!cst) return;
                const inside = workspace.filter((d) => {
                    const at = doc.textDocument.offsetAt(d.range.start);
                    return at >= cst.offset && at < cst.end;
                });
                items.push([
                    inside.map(shape).sort(),
                    analysis
                        .localDiagnosticsFor(doc, new Set([item]))
                        .map(shape)
                        .sort(),
                ]);
            });
            return {
                uri: doc.uri.toString(),
                workspace: workspace.map(shape).sort(),
                alone: analysis.localDiagnosticsFor(doc).map(shape).sort(),
                items,
            };
        });
}

function expectSame(results: Awaited<ReturnType<typeof bothWays>>): void {
    for (const r of results) {
        expect(r.alone, r.uri).toEqual(r.workspace);
        for (const [inWorkspace, alone] of r.items) expect(alone, r.uri).toEqual(inWorkspace);
    }
}

const CROSS_FILE: SourceFile[] = [
    {
        uri: 'file:///local/a.topo',
        text: `account shared 111111111111
region eu-west-1 {
  az a = euw1-az1
  vpc hub 10.0.0.7/16, 10.0.128.0/17, 172.17.0.0/16 account shared {
    subnet s1 10.0.1.0/24 az a routes rt
    subnet s2 10.0.1.128/25 az a
    subnet far 10.9.0.0/24 az a
    subnet tiny 10.0.2.0/29 az a
    instance h in s1 ip 10.0.1.1
    igw igw
    route-table e1 edge igw
    route-table e2 edge igw
    route-table rt {
      10.1.0.3/16 -> pcx
      169.254.169.0/24 -> pcx
    }
  }
}
`,
    },
    {
        uri: 'file:///local/b.topo',
        text: `region eu-west-1 {
  vpc spoke 10.1.0.0/12, 169.254.0.0/16 account shared {
    subnet s1 10.1.0.0/24 az a routes rt
    subnet s2 10.1.0.0/25 az a
    route-table rt {
      10.0.0.0/16 -> pcx
    }
  }
  peering pcx hub <-> spoke
  peering pcx-self hub <-> hub
}
`,
    },
];

function exampleWorkspaces(): Array<[string, SourceFile[]]> {
    const out: Array<[string, SourceFile[]]> = [];
    const src = (p: string): SourceFile => ({ uri: pathToFileURL(p).toString(), text: readFileSync(p, 'utf8') });
    for (const group of ['seed', 'reference', 'broken']) {
        const dir = join(EXAMPLES, group);
        for (const name of readdirSync(dir).sort()) {
            const p = join(dir, name);
            if (statSync(p).isDirectory())
                out.push([
                    `${group}/${name}`,
                    readdirSync(p)
                        .filter((f) => f.endsWith('.topo'))
                        .map((f) => src(join(p, f))),
                ]);
            else if (name.endsWith('.topo')) out.push([`${group}/${name}`, [src(p)]]);
        }
    }
    return out;
}

describe('local rules: one document gives the findings the workspace gives', () => {
    test('a two-file workspace that crosses files (peering, routes to it, an account declared in the other file)', async () => {
        const results = await bothWays(CROSS_FILE);
        expect(results).toHaveLength(2);
        expectSame(results);
        // Not vacuous: every local rule fires somewhere in the fixture.
        const fired = new Set(results.flatMap((r) => r.workspace.map((s) => s.split(' ')[0])));
        expect([...LOCAL].filter((c) => !fired.has(c))).toEqual([]);
    });

    test.each(exampleWorkspaces())('%s', async (_name, files) => {
        expectSame(await bothWays(files));
    });

    test('a generated 2,000-line workspace of 8 files', async () => {
        const files = generateTopologyFiles({ lines: 2000, seed: 7, files: 8 }).map((f, i) =>
            // Set host bits in a few blocks, so that findings exist to compare.
            i % 2 ? { ...f, text: f.text.replace(/(subnet \S+ \d+\.\d+\.\d+\.)0\//, '$15/') } : f,
        );
        const results = await bothWays(files);
        expect(results.flatMap((r) => r.workspace).length).toBeGreaterThan(0);
        expectSame(results);
    });
});
