/** Pathological input stays bounded: the parser guard and the per-document findings cap. */
import { describe, expect, test } from 'vitest';
import { TOO_BROKEN_MESSAGE } from '../../src/language/topo-parser.js';
import { MAX_FINDINGS_PER_DOCUMENT, MAX_MESSAGE_LENGTH } from '../../src/language/topo-validator.js';
import { analyze } from '../helpers.js';

describe('bounded diagnostics', () => {
    test('thousands of consecutive syntax errors give one syntax-error instead of a parser stack overflow', async () => {
        const text = `region ap-northeast-1 {\n${Array.from({ length: 3000 }, (_, i) => `  subnet s${i} 10.0.${i % 250}.0/24 az a`).join('\n')}\n}\n`;
        const { diagnostics, topology } = await analyze(text);
        expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['syntax-error', TOO_BROKEN_MESSAGE]]);
        expect(topology.subnets).toEqual([]);
    });

    test('more findings than the cap: the first ones by position are shown, and too-many-findings says how many more', async () => {
        const blocks = Array.from({ length: MAX_FINDINGS_PER_DOCUMENT + 150 }, () => '10.0.0.0/16').join(', ');
        const { diagnostics } = await analyze(`region eu-west-1 {\n  vpc v ${blocks}\n}`);
        const overlaps = diagnostics.filter((d) => d.code === 'vpc-cidr-overlap');
        expect(overlaps).toHaveLength(MAX_FINDINGS_PER_DOCUMENT);
        const more = diagnostics.filter((d) => d.code === 'too-many-findings');
        expect(more).toHaveLength(1);
        expect(more[0].message).toBe('149 more findings in this file are not shown.');
    });

    test('a finding that quotes a megabyte name is cut to MAX_MESSAGE_LENGTH characters, its range still whole', async () => {
        const name = 'v'.repeat(300_000);
        const text = `region eu-west-1 {\n  vpc ${name} 10.1.0.0/16 {}\n  vpc ${name} 10.2.0.0/16 {}\n}\n`;
        const { diagnostics } = await analyze(text);
        const duplicates = diagnostics.filter((d) => d.code === 'duplicate-name');
        expect(duplicates.length).toBeGreaterThan(0);
        for (const d of duplicates) {
            expect(d.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 1);
            expect(d.message.endsWith('…')).toBe(true);
            expect(d.range.end.character - d.range.start.character).toBe(name.length);
        }
    });
});
