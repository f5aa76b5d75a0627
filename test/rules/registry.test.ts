/**
 * The rule contract, held together inside the repository: the registry (src/rules/registry.ts: every rule's code,
 * default severity and summary, plus LANGUAGE_CODES), the pages docs/rules/<code>.md, the index
 * docs/rules/README.md, and the trace reasons (REASONS in src/trace/types.ts) must agree. Every code is also
 * exercised by at least one test besides this one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_RULES, LANGUAGE_CODES } from '../../src/rules/registry.js';
import { REASONS } from '../../src/trace/types.js';

const ROOT = resolve(__dirname, '../..');
const RULES_DIR = join(ROOT, 'docs/rules');
const INDEX = 'README.md';

interface Entry {
    readonly code: string;
    readonly severity: string;
    readonly summary: string;
}

const ENTRIES: readonly Entry[] = [...ALL_RULES, ...LANGUAGE_CODES].map(({ code, severity, summary }) => ({
    code,
    severity,
    summary,
}));
const CODES = ENTRIES.map((e) => e.code);

function page(code: string): string {
    return readFileSync(join(RULES_DIR, `${code}.md`), 'utf8');
}

/** The index's table rows `| [code](code.md) | severity | summary |`, in order. */
function indexRows(): Entry[] {
    const rows: Entry[] = [];
    for (const line of readFileSync(join(RULES_DIR, INDEX), 'utf8').split('\n')) {
        const m = /^\| \[([^\]]+)\]\(([^)]+)\) \| ([^|]+) \| (.+) \|$/.exec(line);
        if (!m) continue;
        expect(m[2], `the link of ${m[1]} in ${INDEX}`).toBe(`${m[1]}.md`);
        rows.push({ code: m[1], severity: m[3].trim(), summary: m[4].trim() });
    }
    return rows;
}

/** The index's "Trace reasons" table: its first column, in order. */
function indexReasons(): string[] {
    const text = readFileSync(join(RULES_DIR, INDEX), 'utf8');
    const start = text.indexOf('\n## Trace reasons\n');
    expect(start, `${INDEX} has a "## Trace reasons" section`).toBeGreaterThan(0);
    const section = text.slice(start + 1).split(/\n## /)[0];
    return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

function testSources(dir: string, skip: string): string {
    let text = '';
    for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) text += testSources(full, skip);
        else if (full !== skip && /\.(ts|topo)$/.test(name)) text += readFileSync(full, 'utf8');
    }
    return text;
}

describe('the rule contract: registry, docs/rules pages and index agree', () => {
    test('codes are unique and kebab-case', () => {
        expect(CODES.filter((c, i) => CODES.indexOf(c) !== i)).toEqual([]);
        expect(CODES.filter((c) => !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(c))).toEqual([]);
        expect(CODES.length).toBeGreaterThan(60);
    });

    test('every registered code has docs/rules/<code>.md with its title and What, Why, How to fix and Example', () => {
        const pages = new Set(readdirSync(RULES_DIR));
        expect(CODES.filter((c) => !pages.has(`${c}.md`))).toEqual([]);
        for (const code of CODES) {
            const text = page(code);
            expect(text.startsWith(`# ${code}\n`), `${code}.md title`).toBe(true);
            for (const section of ['## What', '## Why', '## How to fix', '## Example'])
                expect(text, `${code}.md ${section}`).toMatch(new RegExp(`^${section}$`, 'm'));
        }
    });

    test("every page's Severity: line starts with the registry's default severity", () => {
        for (const { code, severity } of ENTRIES) {
            // One line: `Severity: error`, or with the other forms a finding may take, the default first:
            // `Severity: error/warning` or `Severity: error (warning when …)`.
            const lines = page(code).match(/^Severity: .*$/gm) ?? [];
            const line = lines[0] ?? '';
            expect(lines.length, `${code}.md has one Severity: line`).toBe(1);
            const m = /^Severity: (error|warning|info|hint)(?:\/(?:error|warning|info|hint))*(?: \(.+\))?$/.exec(line);
            expect(m, `${code}.md: ${line}`).not.toBeNull();
            expect(m?.[1], `${code}.md default severity`).toBe(severity);
        }
    });

    test('every page in docs/rules/ is a registered code (no orphan page)', () => {
        const known = new Set(CODES);
        const orphans = readdirSync(RULES_DIR).filter(
            (name) => name !== INDEX && !(name.endsWith('.md') && known.has(name.slice(0, -3))),
        );
        expect(orphans).toEqual([]);
    });

    test('docs/rules/README.md lists exactly the registered codes, with their severity and summary', () => {
        const rows = indexRows();
        const byCode = (a: Entry, b: Entry) => a.code.localeCompare(b.code);
        expect([...rows].sort(byCode)).toEqual([...ENTRIES].sort(byCode));
    });

    test('docs/rules/README.md lists exactly the trace reasons of REASONS, in order', () => {
        expect(indexReasons()).toEqual([...REASONS]);
    });

    test('every code is exercised by at least one test besides this one', () => {
        const tests = testSources(join(ROOT, 'test'), resolve(__filename));
        const untested = CODES.filter((code) => !tests.includes(`'${code}'`) && !tests.includes(`"${code}"`));
        expect(untested).toEqual([]);
    });
});
