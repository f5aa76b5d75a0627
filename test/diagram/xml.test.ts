/**
 * Every SVG the diagram writes is well-formed XML 1.0 by a conformant parser (saxes), not only by our own reader:
 * every example with its first trace, and a file whose strings and names carry control characters, escape
 * sequences, bidirectional overrides, quotes, markup and emoji (src/diagram/xml.ts escapes them all).
 */
import { describe, expect, test } from 'vitest';
import { exampleWorkspaces, firstTrace, loadExample, loadText, svgOf } from './fixtures.js';
import { xmlErrors } from './svg-check.js';

/** ANSI colour, BEL, an OSC title sequence, a right-to-left override, markup, quotes and an emoji. */
const HOSTILE = '\x1b[31mred\x1b[0m\x07\x1b]0;owned\x07\u202e<script>alert(1)</script>\'\\"&amp;😀\x01\x7f\x9b';

describe('every SVG passes a strict XML 1.0 parser', () => {
    test.each(exampleWorkspaces())('%s', async (path) => {
        const l = await loadExample(path);
        expect(xmlErrors(await svgOf(l, firstTrace(l)))).toEqual([]);
    });

    test('strings and names full of control characters, markup and emoji', async () => {
        const l = await loadText(
            [
                `aws-service evil interface dns "${HOSTILE}.{region}.example.com"`,
                'region eu-west-1 {',
                '  az a = euw1-az1',
                '  vpc app 10.1.0.0/16 {',
                '    igw igw',
                '    subnet pub 10.1.1.0/24 az a routes rt',
                '    instance web in pub public-ip',
                '    route-table rt {',
                '      0.0.0.0/0 -> igw',
                '    }',
                `    endpoint ${HOSTILE} interface evil in pub`,
                '  }',
                `  vpc ${HOSTILE} 10.2.0.0/16 {`,
                '  }',
                '}',
            ].join('\n'),
        );
        const svg = await svgOf(l, [['web', 'evil']]);
        // The hostile DNS name is drawn (on the trace's DNS hop), as text.
        expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(xmlErrors(svg)).toEqual([]);
    });

    test('the parser itself rejects what XML forbids', () => {
        expect(xmlErrors('<svg xmlns="http://www.w3.org/2000/svg"><text>\x1b[31m</text></svg>')).not.toEqual([]);
        expect(xmlErrors('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')).not.toEqual([]);
        expect(xmlErrors('<svg xmlns="http://www.w3.org/2000/svg" a="1" a="2"/>')).not.toEqual([]);
        expect(xmlErrors('<svg xmlns="http://www.w3.org/2000/svg"><text>&#1;</text></svg>')).not.toEqual([]);
        expect(xmlErrors('<svg xmlns="http://www.w3.org/2000/svg"><text>ok</text></svg>')).toEqual([]);
    });
});
