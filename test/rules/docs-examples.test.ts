/**
 * Every docs/rules/<code>.md example, run at one strictness: under `## Example`, the first ```topo block (the
 * mistake) raises its code and no other code, of any severity; the ```topo block after the line starting with
 * "Fixed" raises no diagnostic at all. Language codes are held to the same bar as rules.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, LANGUAGE_CODES } from '../../src/rules/registry.js';
import { analyze } from '../helpers.js';

const DOCS = resolve(__dirname, '../../docs/rules');

const CODES: readonly string[] = [...ALL_RULES.map((r) => r.code), ...LANGUAGE_CODES.map((c) => c.code)];

/** Codes whose page example cannot run through the analysis, and why. Nothing else may lack an example. */
const NOT_RUNNABLE: Readonly<Record<string, string>> = {
    'internal-error': 'only a crashing rule raises it, a bug in Topo: the page says no topology should produce it',
    'too-many-findings':
        'it needs more than 2,000 findings in one file; the page shows one line that stands for 3,000 copies',
};

/**
 * Codes a failing example raises beside its own because one mistake is both, by the rules' definitions. The
 * failing example must raise exactly its code plus these.
 */
const RAISED_WITH: Readonly<Record<string, readonly string[]>> = {
    // Transit is only ever suspected for a destination that is not inside the peer's blocks, and such a route is
    // always peering-route-outside-peer too (an error outside them, a warning when broader).
    'peering-transitive': ['peering-route-outside-peer'],
};

interface Example {
    readonly failing: string;
    readonly fixed: string;
}

/** The page's failing and fixed examples, or undefined when its `## Example` section has no such pair. */
function exampleOf(page: string): Example | undefined {
    const at = page.indexOf('\n## Example\n');
    if (at < 0) return undefined;
    const m = /```topo\n([\s\S]*?)```\n+Fixed[^\n]*\n+```topo\n([\s\S]*?)```/.exec(page.slice(at));
    return m ? { failing: m[1], fixed: m[2] } : undefined;
}

const pageOf = (code: string): string => readFileSync(resolve(DOCS, `${code}.md`), 'utf8');

describe('docs/rules examples', () => {
    for (const code of CODES.filter((c) => !(c in NOT_RUNNABLE))) {
        it(`${code}: the failing example raises exactly ${code}, the fixed one raises nothing`, async () => {
            const example = exampleOf(pageOf(code));
            expect(example, `docs/rules/${code}.md has a failing and a "Fixed:" topo example`).toBeDefined();
            const failing = (await analyze(example!.failing)).diagnostics;
            expect(failing.map((d) => d.code)).toContain(code);
            expect(
                [...new Set(failing.map((d) => d.code))].sort(),
                failing.map((d) => `${d.code}: ${d.message}`).join('\n'),
            ).toEqual([code, ...(RAISED_WITH[code] ?? [])].sort());
            const fixed = (await analyze(example!.fixed)).diagnostics;
            expect(fixed.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
        });
    }

    for (const [code, reason] of Object.entries(NOT_RUNNABLE)) {
        it(`${code}: not run, ${reason}`, async () => {
            expect(CODES).toContain(code);
            // Still exempt: the page has no example pair, or its example does not raise the code.
            const example = exampleOf(pageOf(code));
            if (example) expect((await analyze(example.failing)).diagnostics.map((d) => d.code)).not.toContain(code);
        });
    }

    it('the exemptions name known codes', () => {
        expect(Object.keys(RAISED_WITH).filter((c) => !CODES.includes(c))).toEqual([]);
        expect(
            Object.values(RAISED_WITH)
                .flat()
                .filter((c) => !CODES.includes(c)),
        ).toEqual([]);
    });
});
