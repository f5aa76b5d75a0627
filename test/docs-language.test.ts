/**
 * docs/language.md is the user's reference: every ```topo example in it must parse, link and check without
 * errors or warnings, so the page can neither drift from the grammar (src/language/topo.langium) nor show a
 * topology AWS would refuse. (Mistakes are shown in examples/broken and docs/rules, not here.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { analyze } from './helpers.js';

const DOC = readFileSync(new URL('../docs/language.md', import.meta.url), 'utf8');
const SNIPPETS = [...DOC.matchAll(/```topo\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('docs/language.md examples follow the grammar and check clean', () => {
    test('the reference has an example for each construct', () => {
        expect(SNIPPETS.length).toBeGreaterThanOrEqual(15);
    });

    SNIPPETS.forEach((snippet, i) => {
        const title =
            snippet
                .split('\n')
                .find((l) => l.trim() && !l.trim().startsWith('//'))
                ?.trim() ?? '';
        test(`example ${i + 1} parses, links and has no errors or warnings: ${title}`, async () => {
            const a = await analyze(snippet);
            // Severity 1 = error, 2 = warning (LSP).
            const problems = a.diagnostics
                .filter((d) => d.severity === 1 || d.severity === 2)
                .map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
            expect(problems).toEqual([]);
        });
    });
});
