/**
 * The lexer is linear on every input: an unclosed block comment or string is one token (to the end of the file, or
 * of the line), reported once at its start, instead of a pattern retried at every later offset.
 */
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { createTopoServices } from '../../src/language/topo-module.js';
import { analyze } from '../helpers.js';

const { Topo } = createTopoServices(EmptyFileSystem);
const parser = Topo.parser.LangiumParser;
const lexer = Topo.parser.Lexer;

/** `head` then `unit` repeated to `size` characters in all. */
function pathological(head: string, unit: string, size: number): string {
    return head + unit.repeat(Math.ceil((size - head.length) / unit.length)).slice(0, size - head.length);
}

/** The fastest of three parses, in ms. */
function parseTime(text: string): number {
    return fastest(() => parser.parse(text));
}

function lexTime(text: string): number {
    return fastest(() => lexer.tokenize(text));
}

function fastest(run: () => unknown): number {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
        const start = performance.now();
        run();
        best = Math.min(best, performance.now() - start);
    }
    return best;
}

const MB = 1_000_000;

describe('linear lexing of unclosed comments and strings', () => {
    // Full of `/*` and `"`: each one was a restart point that scanned to the end of the file.
    test('a 1 MB file that opens a block comment and never closes it parses in under a second, linearly', () => {
        const make = (size: number) => pathological('/*', 'region r { vpc a 10.0.0.0/16 } /* "x\\" ', size);
        const small = parseTime(make(MB / 2));
        const large = parseTime(make(MB));
        expect(large).toBeLessThan(1500);
        // Doubling the input: twice the time, not four times (some slack for a busy machine and small figures).
        expect(large).toBeLessThan(3 * small + 50);
    });

    test('a 1 MB string whose closing quotes are all escaped parses in under a second, linearly', () => {
        const make = (size: number) => pathological('region r { "', 'a\\"b\\" \\\\\\" /* ', size);
        const small = parseTime(make(MB / 2));
        const large = parseTime(make(MB));
        expect(large).toBeLessThan(1500);
        expect(large).toBeLessThan(3 * small + 50);
    });

    // 45,000 statements: the parser's share is the bench's business; this one times the lexer.
    test('1 MB of lines that each open an unterminated string lexes in under a second, linearly', () => {
        const make = (size: number) => pathological('', 'aws-service s dns "x\\" /*\n', size);
        const small = lexTime(make(MB / 2));
        const large = lexTime(make(MB));
        expect(large).toBeLessThan(1500);
        expect(large).toBeLessThan(3 * small + 50);
    });
});

describe('an unclosed comment or string is one syntax error at its start', () => {
    test('an unclosed block comment is reported at its `/*`, and says what is unclosed', async () => {
        const text = 'region eu-west-1 {\n  vpc v 10.0.0.0/16 {\n  }\n}\n  /* not closed\nregion x {\n';
        const { diagnostics } = await analyze(text);
        expect(diagnostics.map((d) => [d.code, d.message, d.range])).toEqual([
            [
                'syntax-error',
                'Unclosed block comment: this `/*` has no `*/` after it.',
                { start: { line: 4, character: 2 }, end: { line: 4, character: 4 } },
            ],
        ]);
    });

    test('a string with no closing quote on its line is reported at its quote, and the next lines still parse', async () => {
        const text =
            'aws-service bedrock interface dns "bedrock.{region}.amazonaws.com\nregion eu-west-1 {\n  vpc v 10.0.0.0/16 {\n  }\n}\n';
        const { diagnostics, topology } = await analyze(text);
        const syntax = diagnostics.filter((d) => d.code === 'syntax-error');
        expect(syntax.map((d) => [d.message, d.range])).toEqual([
            [
                'Unterminated string: this `"` has no closing `"` on its line.',
                {
                    start: { line: 0, character: text.indexOf('"') },
                    end: { line: 0, character: text.indexOf('"') + 1 },
                },
            ],
        ]);
        expect(topology.vpcs.map((v) => v.name)).toEqual(['v']);
    });

    test('an escaped quote does not close a string; an escaped backslash before a quote does', () => {
        const strings = (text: string) =>
            lexer
                .tokenize(text)
                .tokens.filter((t) => t.tokenType.name === 'STRING')
                .map((t) => t.image);
        const unclosed = (text: string) => lexer.tokenize(text).report?.diagnostics.map((d) => d.message) ?? [];
        expect(strings('"a\\"b" x')).toEqual(['"a\\"b"']);
        expect(unclosed('"a\\"b" x')).toEqual([]);
        expect(strings('"a\\\\" x')).toEqual(['"a\\\\"']);
        expect(unclosed('"a\\\\" x')).toEqual([]);
        expect(strings('"a\\" x\ny')).toEqual(['"a\\" x']);
        expect(unclosed('"a\\" x\ny')).toEqual(['Unterminated string: this `"` has no closing `"` on its line.']);
    });

    test('closed block comments end at their first `*/`, stars included', () => {
        const comments = (text: string) => lexer.tokenize(text).hidden.map((t) => t.image);
        expect(comments('/**/ a /* b **/ c /*** d ***/ e /* f */ */')).toEqual([
            '/**/',
            '/* b **/',
            '/*** d ***/',
            '/* f */',
        ]);
        expect(lexer.tokenize('/**/ a /* b **/').report?.diagnostics ?? []).toEqual([]);
        expect(comments('a /*/ b')).toEqual(['/*/ b']);
        expect(lexer.tokenize('a /*/ b').report?.diagnostics.map((d) => d.offset)).toEqual([2]);
    });
});

describe('addresses and numbers lex whole', () => {
    const kinds = (text: string) => lexer.tokenize(text).tokens.map((t) => `${t.tokenType.name} ${t.image}`);

    test('an IPv6 block or address is one CIDR or IP token, so that parsing goes on after it', () => {
        expect(kinds('2600:1f18::/56 ::/0 fd00::1 fe80::1:2')).toEqual([
            'CIDR 2600:1f18::/56',
            'CIDR ::/0',
            'IP fd00::1',
            'IP fe80::1:2',
        ]);
        expect(lexer.tokenize('vpc v 2600:1f18::/56').errors).toEqual([]);
    });

    test('kind-qualified names still lex as a name, a colon and a name', () => {
        expect(kinds('subnet:app-a igw:dead')).toEqual([
            'subnet subnet',
            ': :',
            'ID app-a',
            'igw igw',
            ': :',
            'ID dead',
        ]);
    });

    test('a number with an exponent or a fraction is one NUMBER token (a port checks it)', () => {
        expect(kinds('port 1e23')).toEqual(['port port', 'NUMBER 1e23']);
        expect(kinds('port 80.5')).toEqual(['port port', 'NUMBER 80.5']);
        expect(kinds('10.0.0.1 10.0.0.0/16')).toEqual(['IP 10.0.0.1', 'CIDR 10.0.0.0/16']);
    });
});
