/**
 * Syntax-error messages stay short and well-formed whatever the input (src/language/error-messages.ts): a quoted
 * token is cut to 40 code points with an ellipsis, never inside a surrogate pair, and an unexpected character is
 * quoted whole (an emoji, not half of one).
 */
import { describe, expect, test } from 'vitest';
import { analyze } from '../helpers.js';

/** A lone half of a surrogate pair: what a UTF-16 cut through an emoji leaves. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

async function syntaxMessages(text: string): Promise<string[]> {
    return (await analyze(text)).diagnostics.filter((d) => d.code === 'syntax-error').map((d) => d.message);
}

describe('syntax-error messages', () => {
    test('an 800 KB token is quoted as its first 40 characters and an ellipsis', async () => {
        const messages = await syntaxMessages(`region eu-west-1 {\n  ${'x'.repeat(800_000)} {\n  }\n}\n`);
        const quoting = messages.filter((m) => m.includes('xxx'));
        expect(quoting).toHaveLength(1);
        expect(quoting[0]).toContain(`\`${'x'.repeat(40)}…\``);
        expect(quoting[0].length).toBeLessThan(120);
    });

    test('a 1 MB unterminated string is quoted cut short too', async () => {
        const messages = await syntaxMessages(
            `region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n    "${'y'.repeat(1_000_000)}\n`,
        );
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) expect(m.length).toBeLessThan(200);
        expect(messages.some((m) => m.includes(`"${'y'.repeat(39)}…`))).toBe(true);
    });

    test('a token cut at 40 characters keeps each emoji whole (no lone surrogate)', async () => {
        // `"a` then emojis: 40 UTF-16 units would end inside the 20th emoji.
        const messages = await syntaxMessages(
            `region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n    "a${'😀'.repeat(100)}"\n  }\n}\n`,
        );
        const quoting = messages.filter((m) => m.includes('😀'));
        expect(quoting).toHaveLength(1);
        expect(quoting[0]).toContain(`"a${'😀'.repeat(38)}…`);
        expect(quoting[0]).not.toMatch(LONE_SURROGATE);
    });

    test('an unexpected emoji is quoted whole, not as half of its surrogate pair', async () => {
        const messages = await syntaxMessages(`region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n   😀 subnet\n  }\n}\n`);
        const lexing = messages.filter((m) => m.startsWith('unexpected character'));
        expect(lexing).toEqual(['unexpected character: ->😀<- at offset: 46, skipped 2 characters.']);
        for (const m of messages) expect(m).not.toMatch(LONE_SURROGATE);
    });

    test('short tokens are quoted as they are', async () => {
        const messages = await syntaxMessages(`region eu-west-1 {\n  frobnicate {\n  }\n}\n`);
        expect(messages.some((m) => m.includes('`frobnicate`') || m.includes("'frobnicate'"))).toBe(true);
        for (const m of messages) expect(m).not.toContain('…');
    });
});

describe('the end of the file', () => {
    test('a missing closing brace says the file ends, instead of quoting an empty token', async () => {
        const messages = await syntaxMessages('region eu-west-1 {\n  vpc app 10.1.0.0/16 {\n');
        expect(messages).toContain("Expecting token of type '}' but the file ends here.");
        expect(messages.some((m) => m.includes('``'))).toBe(false);
    });

    test('a statement cut short at the end of the file says the file ends, instead of quoting nothing', async () => {
        for (const text of ['region eu-west-1 {\n  vpc', 'trace']) {
            const messages = await syntaxMessages(text);
            expect(messages.length).toBeGreaterThan(0);
            expect(messages.some((m) => m.endsWith('but the file ends here.'))).toBe(true);
            expect(messages.some((m) => m.includes("found: ''"))).toBe(false);
        }
    });
});
