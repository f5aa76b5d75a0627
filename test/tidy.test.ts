/**
 * Tidy checks over the repository's own text, after rust-analyzer's `xtask/src/tidy.rs`: the core stays pure,
 * every export is used somewhere else, every file of src/rules/ is a registered family or a declared helper,
 * every source file is in ARCHITECTURE.md's code map, the committed generated code is what `langium generate`
 * makes, and no comment runs past 120 columns. Every walk stays inside the repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(__dirname, '..');

/** Repository-relative paths (with `/`) of the files under `dir` whose name ends with `ext`. */
function filesUnder(dir: string, ext: string): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const name of readdirSync(join(ROOT, rel)).sort()) {
            const path = `${rel}/${name}`;
            if (statSync(join(ROOT, path)).isDirectory()) walk(path);
            else if (name.endsWith(ext)) out.push(path);
        }
    };
    walk(dir);
    return out;
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const GENERATED = 'src/language/generated/';
/** The product's TypeScript: what ships. */
const PRODUCT = ['src', 'server', 'client'].flatMap((d) => filesUnder(d, '.ts'));
const PRODUCT_SOURCES = PRODUCT.filter((f) => !f.startsWith(GENERATED));
/** All of the repository's TypeScript: where an export may be used. */
const ALL_TS = [...PRODUCT, ...['test', 'bench', 'scripts'].flatMap((d) => filesUnder(d, '.ts'))];

/** The module specifiers a file imports or re-exports, static or dynamic. */
function importSpecifiers(text: string): string[] {
    const specs: string[] = [];
    for (const m of text.matchAll(/\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g)) specs.push(m[1] ?? '');
    for (const m of text.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) specs.push(m[1] ?? '');
    for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1] ?? '');
    return specs;
}

describe('tidy', () => {
    test('the core (src/net, model, trace, rules, diagram) imports neither langium, vscode nor the file system', () => {
        const core = PRODUCT.filter((f) => /^src\/(net|model|trace|rules|diagram)\//.test(f));
        expect(core.length).toBeGreaterThan(50);
        const forbidden = /^(langium|vscode|node:fs|fs)($|[/-])/;
        const bad = core.flatMap((f) =>
            importSpecifiers(read(f))
                .filter((s) => forbidden.test(s))
                .map((s) => `${f} imports ${s}`),
        );
        expect(bad).toEqual([]);
    });

    test('every export of src/, server/ and client/ is used by another file', () => {
        // Entry points: their exports are used by the runtime (VS Code, node, the browser), not by our code.
        const roots = new Set([
            'server/main.ts',
            'client/extension.ts',
            'src/cli/main.ts',
            'src/webview/diagram-view.ts',
        ]);
        const files = new Map(ALL_TS.map((f) => [f, ts.createSourceFile(f, read(f), ts.ScriptTarget.Latest, true)]));
        const resolveSpec = (from: string, spec: string): string | undefined => {
            if (!spec.startsWith('.')) return undefined;
            const base = join(dirname(from), spec).replace(/\.js$/, '');
            return [`${base}.ts`, `${base}/index.ts`].find((f) => files.has(f));
        };

        // What each file exports, by name.
        const exported = new Map<string, Set<string>>();
        for (const [f, sf] of files) {
            const names = new Set<string>();
            for (const st of sf.statements) {
                const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
                const isExport = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
                const isDefault = mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
                if (isExport && isDefault) names.add('default');
                else if (isExport && ts.isVariableStatement(st))
                    for (const d of st.declarationList.declarations) {
                        if (ts.isIdentifier(d.name)) names.add(d.name.text);
                    }
                else if (isExport && 'name' in st && st.name && ts.isIdentifier(st.name as ts.Node))
                    names.add((st.name as ts.Identifier).text);
                else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause)
                    if (ts.isNamedExports(st.exportClause))
                        for (const e of st.exportClause.elements) names.add(e.name.text);
                if (ts.isExportAssignment(st)) names.add('default');
            }
            exported.set(f, names);
        }

        // What other files use: named imports and re-exports, `ns.name` of namespace imports, `import('x').Name`
        // types. A namespace used other than by member access, `export *` or a dynamic import uses everything.
        const used = new Map<string, Set<string>>();
        const use = (target: string | undefined, name: string) => {
            if (!target) return;
            let s = used.get(target);
            if (!s) used.set(target, (s = new Set()));
            s.add(name);
        };
        const useAll = (target: string | undefined) => {
            for (const n of (target && exported.get(target)) || []) use(target, n);
        };
        for (const [f, sf] of files) {
            const namespaces = new Map<string, string | undefined>();
            for (const st of sf.statements) {
                if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
                    const target = resolveSpec(f, st.moduleSpecifier.text);
                    const clause = st.importClause;
                    if (clause?.name) use(target, 'default');
                    const nb = clause?.namedBindings;
                    if (nb && ts.isNamedImports(nb))
                        for (const e of nb.elements) use(target, (e.propertyName ?? e.name).text);
                    else if (nb && ts.isNamespaceImport(nb)) namespaces.set(nb.name.text, target);
                } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
                    const target = resolveSpec(f, st.moduleSpecifier.text);
                    if (st.exportClause && ts.isNamedExports(st.exportClause))
                        for (const e of st.exportClause.elements) use(target, (e.propertyName ?? e.name).text);
                    else useAll(target);
                }
            }
            const visit = (node: ts.Node): void => {
                if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
                    const lit = node.argument.literal;
                    const target = ts.isStringLiteral(lit) ? resolveSpec(f, lit.text) : undefined;
                    if (!node.qualifier) useAll(target);
                    else {
                        let q: ts.EntityName = node.qualifier;
                        while (ts.isQualifiedName(q)) q = q.left;
                        use(target, q.text);
                    }
                } else if (
                    ts.isCallExpression(node) &&
                    node.expression.kind === ts.SyntaxKind.ImportKeyword &&
                    node.arguments[0] &&
                    ts.isStringLiteral(node.arguments[0])
                ) {
                    // `const { a, b } = await import('x')` uses a and b; any other dynamic import uses everything.
                    const target = resolveSpec(f, node.arguments[0].text);
                    const decl = ts.isAwaitExpression(node.parent) ? node.parent.parent : undefined;
                    if (decl && ts.isVariableDeclaration(decl) && ts.isObjectBindingPattern(decl.name))
                        for (const e of decl.name.elements) {
                            const name = e.propertyName ?? e.name;
                            if (ts.isIdentifier(name)) use(target, name.text);
                        }
                    else useAll(target);
                } else if (ts.isIdentifier(node) && namespaces.has(node.text)) {
                    const target = namespaces.get(node.text);
                    const parent = node.parent;
                    if (ts.isPropertyAccessExpression(parent) && parent.expression === node)
                        use(target, parent.name.text);
                    else if (ts.isQualifiedName(parent) && parent.left === node) use(target, parent.right.text);
                    else if (!ts.isNamespaceImport(parent)) useAll(target);
                }
                ts.forEachChild(node, visit);
            };
            visit(sf);
        }

        const unused: string[] = [];
        for (const f of PRODUCT_SOURCES) {
            if (roots.has(f)) continue;
            for (const name of exported.get(f) ?? []) if (!used.get(f)?.has(name)) unused.push(`${f}: ${name}`);
        }
        expect(unused).toEqual([]);
    });

    test('every file of src/rules/ is a registered rule family or a declared helper', () => {
        /** Files of src/rules/ that are not families, each with why it is there. */
        const HELPERS: Record<string, string> = {
            'registry.ts': 'the one list of families and the language-level codes',
            'run-rules.ts': 'runs the rules, contains crashes, applies severity overrides',
            'types.ts': 'the Rule API',
            'cidr-anchors.ts': 'anchors findings on a CIDR or prefix-list entry, shared by several families',
            'facts.ts': 'the words, anchors, roles and probes the families share',
            'rule-codes.ts': 'the contract: every rule code with its severity, summary and promises',
            'diagnostic-data.ts': "the shape of each code's diagnostic data, shared by the rules and the quick fixes",
            'gwlb-symmetry.ts': 'asymmetric-inspection, a rule of the gwlb family kept in its own file',
            'route-overlaps.ts': 'the two overlapping-route rules of the routing family',
        };
        const registry = ts.createSourceFile('registry.ts', read('src/rules/registry.ts'), ts.ScriptTarget.Latest);
        const importedFrom = new Map<string, string>();
        const familyValues = new Set<string>();
        for (const st of registry.statements) {
            if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
                const nb = st.importClause?.namedBindings;
                if (nb && ts.isNamedImports(nb))
                    for (const e of nb.elements) importedFrom.set(e.name.text, basename(st.moduleSpecifier.text));
            }
            if (ts.isVariableStatement(st))
                for (const d of st.declarationList.declarations) {
                    if (!ts.isIdentifier(d.name) || d.name.text !== 'RULE_FAMILIES') continue;
                    let init = d.initializer;
                    // `{ … } as const satisfies …`
                    while (init && (ts.isSatisfiesExpression(init) || ts.isAsExpression(init))) init = init.expression;
                    if (init && ts.isObjectLiteralExpression(init))
                        for (const p of init.properties) {
                            if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer))
                                familyValues.add(p.initializer.text);
                            if (ts.isShorthandPropertyAssignment(p)) familyValues.add(p.name.text);
                        }
                }
        }
        const families = new Set(
            [...familyValues].map((v) => importedFrom.get(v)?.replace(/\.js$/, '.ts')).filter((f) => f !== undefined),
        );
        expect(families.size).toBeGreaterThan(5);
        const files = readdirSync(join(ROOT, 'src/rules')).filter((n) => n.endsWith('.ts'));
        expect(files.filter((n) => !families.has(n) && !(n in HELPERS))).toEqual([]);
        // And the list holds no stale entries.
        expect(Object.keys(HELPERS).filter((n) => !files.includes(n) || families.has(n))).toEqual([]);
    });

    test("every source file is named in docs/ARCHITECTURE.md's code map", () => {
        const doc = read('docs/ARCHITECTURE.md');
        const start = doc.indexOf('\n## Code map\n');
        expect(start).toBeGreaterThan(0);
        const map = doc.slice(start + 1).split(/\n## /)[0] ?? '';
        // A file is named by its repository path, or by its file name in a paragraph or list item that also
        // names its directory (`src/rules/`, or a path in it such as `server/main.ts`), or under a `###`
        // heading that does. Within a block, `a.ts` counts only when it does not follow a `/`.
        const dirsOf = (text: string) =>
            [...text.matchAll(/`([\w./-]+)`/g)]
                .map((m) => m[1] ?? '')
                .filter((p) => p.includes('/'))
                .map((p) => (p.endsWith('/') ? p.slice(0, -1) : dirname(p)));
        const blocks: Array<{ text: string; dirs: string[] }> = [];
        let headingDirs: string[] = [];
        for (const block of map.split(/\n(?=\s*\n|- |### )/)) {
            if (block.trimStart().startsWith('### ')) headingDirs = dirsOf(block.split('\n')[0] ?? '');
            blocks.push({ text: block, dirs: [...headingDirs, ...dirsOf(block)] });
        }
        const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const named = (f: string) => {
            if (map.includes(f)) return true;
            const name = new RegExp(`(?<![\\w./-])${escape(basename(f))}(?!\\w)`);
            const dir = dirname(f);
            return blocks.some(
                (b) => name.test(b.text) && b.dirs.some((d) => d.length > 0 && (dir === d || dir.endsWith(`/${d}`))),
            );
        };
        expect(PRODUCT_SOURCES.filter((f) => !named(f))).toEqual([]);
    });

    test('the committed generated code is what langium generate makes from the grammar', () => {
        const tmp = join(ROOT, 'test-output/tidy-langium');
        rmSync(tmp, { recursive: true, force: true });
        mkdirSync(tmp, { recursive: true });
        const config = JSON.parse(read('langium-config.json')) as {
            languages: Array<{ grammar: string; textMate?: { out: string } }>;
            out: string;
        };
        const committed: string[] = [];
        for (const lang of config.languages) {
            lang.grammar = relative(tmp, join(ROOT, lang.grammar));
            if (lang.textMate) {
                committed.push(lang.textMate.out);
                lang.textMate.out = lang.textMate.out.replace(/^\/*/, '');
            }
        }
        for (const name of readdirSync(join(ROOT, config.out))) committed.push(`${config.out}/${name}`);
        config.out = config.out.replace(/^\/*/, '');
        writeFileSync(join(tmp, 'langium-config.json'), JSON.stringify(config));
        execFileSync(
            process.execPath,
            [
                join(ROOT, 'node_modules/langium-cli/bin/langium.js'),
                'generate',
                '--file',
                join(tmp, 'langium-config.json'),
            ],
            { cwd: tmp, stdio: 'pipe' },
        );
        const made = [...filesUnder(relative(ROOT, tmp), '')].map((f) => relative(relative(ROOT, tmp), f));
        const differ = committed.filter((f) => {
            try {
                return readFileSync(join(tmp, f), 'latin1') !== readFileSync(join(ROOT, f), 'latin1');
            } catch {
                return true;
            }
        });
        expect(differ).toEqual([]);
        // Nothing generated is missing from the repository.
        expect(made.filter((f) => f !== 'langium-config.json' && !committed.includes(f))).toEqual([]);
    });

    test('no comment line of src/, server/ or client/ is longer than 120 columns', () => {
        const long: string[] = [];
        for (const f of PRODUCT_SOURCES) {
            const text = read(f);
            const lines = text.split('\n');
            if (!lines.some((l) => l.length > 120)) continue;
            const lineStarts: number[] = [0];
            for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
            const lineOf = (pos: number) => {
                let lo = 0;
                let hi = lineStarts.length - 1;
                while (lo < hi) {
                    const mid = (lo + hi + 1) >> 1;
                    if ((lineStarts[mid] ?? 0) <= pos) lo = mid;
                    else hi = mid - 1;
                }
                return lo;
            };
            // Comments are trivia before a token: visit every token (getChildren) and read its leading trivia.
            const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
            const seen = new Set<number>();
            const visit = (node: ts.Node): void => {
                for (const c of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
                    if (seen.has(c.pos)) continue;
                    seen.add(c.pos);
                    for (let l = lineOf(c.pos); l <= lineOf(c.end - 1); l++) {
                        const lineEnd = (lineStarts[l + 1] ?? text.length + 1) - 1;
                        // The comment's part of the line ends past column 120.
                        if (Math.min(c.end, lineEnd) - (lineStarts[l] ?? 0) > 120) long.push(`${f}:${l + 1}`);
                    }
                }
                for (const child of node.getChildren(sf)) visit(child);
            };
            visit(sf);
        }
        expect(long).toEqual([]);
    });
});
