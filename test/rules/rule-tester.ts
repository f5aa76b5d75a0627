/**
 * Rule cases as tables, in the manner of typescript-eslint's RuleTester: per code, `valid` cases must not raise
 * it and `invalid` cases must raise it on exactly their `tokens`, in order. `ruleTester` makes one vitest test per
 * case, titled with its name (the AWS fact it shows), under `<title> > valid` and `<title> > invalid`.
 */
import { describe, expect, it } from 'vitest';
import { analyze, check, lineOf, type Checked } from '../helpers.js';

/** A message expectation: a substring it contains or a pattern it matches. */
export type MessageMatcher = string | RegExp;

/** What one finding must show besides its token. Absent fields are not checked. */
export interface FindingExpectation {
    /** 1 error, 2 warning, 3 information. */
    readonly severity?: number;
    /** The message contains each string and matches each pattern. */
    readonly message?: MessageMatcher | readonly MessageMatcher[];
    /** The texts the related locations cover, in order. */
    readonly related?: readonly string[];
    /** A subset of the finding's data (`toMatchObject`). */
    readonly data?: Record<string, unknown>;
    /** The finding starts on the first line that contains this text. */
    readonly line?: string;
}

/** A case's text, or a function that builds it inside the test (fixture edits that assert stay in the test). */
export type CaseText = string | (() => string);

export interface ValidCase {
    readonly name: string;
    readonly text: CaseText;
    /** Nor does the text raise any of these codes (a family's other codes, say). */
    readonly alsoNot?: readonly string[];
    /** The text raises no diagnostic at all, of any code. */
    readonly clean?: boolean;
    /** Further assertions that do not fit a field. */
    readonly assert?: (text: string) => void | Promise<void>;
}

/** Top-level expectation fields apply to the first finding (most cases have one); `findings` to each by index. */
export interface InvalidCase extends FindingExpectation {
    readonly name: string;
    readonly text: CaseText;
    /** The text each finding of the code points at, in order. */
    readonly tokens: readonly string[];
    readonly findings?: ReadonlyArray<FindingExpectation | undefined>;
    /** Further assertions that do not fit a field. */
    readonly assert?: (found: Checked[], text: string) => void | Promise<void>;
}

export interface RuleCases {
    /** The describe title; defaults to the code. Titles may state the AWS fact the code rests on. */
    readonly title?: string;
    readonly valid: readonly ValidCase[];
    readonly invalid: readonly InvalidCase[];
}

function expectFinding(text: string, d: Checked, e: FindingExpectation, label: string): void {
    if (e.severity !== undefined) expect(d.severity, `${label} severity`).toBe(e.severity);
    const messages = e.message === undefined ? [] : Array.isArray(e.message) ? e.message : [e.message];
    for (const m of messages as MessageMatcher[]) {
        if (typeof m === 'string') expect(d.message, `${label} message`).toContain(m);
        else expect(d.message, `${label} message`).toMatch(m);
    }
    if (e.related !== undefined) expect(d.related, `${label} related`).toEqual(e.related);
    if (e.data !== undefined) expect(d.data, `${label} data`).toMatchObject(e.data);
    if (e.line !== undefined) expect(d.range.start.line, `${label} line`).toBe(lineOf(text, e.line));
}

const textOf = (t: CaseText): string => (typeof t === 'function' ? t() : t);

/** Runs a rule's table of cases: one test per case. */
export function ruleTester(code: string, cases: RuleCases): void {
    describe(cases.title ?? code, () => {
        describe('valid', () => {
            for (const c of cases.valid) {
                it(c.name, async () => {
                    const text = textOf(c.text);
                    await check(text, code, []);
                    if (c.alsoNot || c.clean) {
                        const codes = (await analyze(text)).diagnostics.map((d) => `${d.code}: ${d.message}`);
                        const not = c.alsoNot ?? [];
                        expect(codes.filter((d) => c.clean || not.some((n) => d.startsWith(`${n}: `)))).toEqual([]);
                    }
                    await c.assert?.(text);
                });
            }
        });
        describe('invalid', () => {
            for (const c of cases.invalid) {
                it(c.name, async () => {
                    expect(c.tokens.length, 'an invalid case names at least one token').toBeGreaterThan(0);
                    const text = textOf(c.text);
                    const found = await check(text, code, c.tokens);
                    expectFinding(text, found[0], c, `${code} finding 0`);
                    (c.findings ?? []).forEach((e, i) => {
                        if (e) expectFinding(text, found[i], e, `${code} finding ${i}`);
                    });
                    await c.assert?.(found, text);
                });
            }
        });
    });
}
