/** The runner's guarantees: a crashing rule is contained, severities can be overridden or turned off. */
import { describe, expect, test } from 'vitest';
import { runRules, runRulesCooperatively } from '../../src/rules/run-rules.js';
import { ALL_RULES } from '../../src/rules/registry.js';
import { readFileSync } from 'node:fs';
import type { Rule } from '../../src/rules/types.js';
import { analyze } from '../helpers.js';

const TEXT = `region eu-west-1 {
  vpc app 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a
  }
}`;

const flagEveryVpc: Rule = {
    code: 'test-flag',
    severity: 'warning',
    summary: 'flags every VPC',
    check: (ctx) =>
        ctx.topology.vpcs.forEach((v) => ctx.report({ at: { src: v.src, prop: 'cidrs' }, message: `flag ${v.name}` })),
};

const crashes: Rule = {
    code: 'test-crash',
    severity: 'error',
    summary: 'always throws',
    check: () => {
        throw new Error('boom');
    },
};

describe('run-rules', () => {
    test('a rule that throws becomes one internal-error and the other rules still run', async () => {
        const { topology } = await analyze(TEXT);
        const out = runRules(topology, { rules: [crashes, flagEveryVpc] });
        expect(out.map((d) => d.code)).toEqual(['internal-error', 'test-flag']);
        expect(out[0].message).toContain('test-crash');
        expect(out[0].message).toContain('boom');
    });

    test('findings point at the requested property', async () => {
        const { topology } = await analyze(TEXT);
        const [d] = runRules(topology, { rules: [flagEveryVpc] });
        expect(d.range.start).toEqual({ line: 1, character: 10 });
        expect(d.range.end).toEqual({ line: 1, character: 21 });
    });

    test('severity overrides apply per code, and off disables the rule', async () => {
        const { topology } = await analyze(TEXT);
        expect(runRules(topology, { rules: [flagEveryVpc], severity: { 'test-flag': 'error' } })[0].severity).toBe(
            'error',
        );
        expect(runRules(topology, { rules: [flagEveryVpc], severity: { 'test-flag': 'off' } })).toEqual([]);
    });
});

describe('run-rules, cooperatively (the editor yields between rules)', () => {
    test('the same findings in the same order, with one pause after each rule', async () => {
        const text = readFileSync(new URL('../../examples/broken/asymmetric-inspection.topo', import.meta.url), 'utf8');
        const { topology } = await analyze(text);
        let pauses = 0;
        const found = await runRulesCooperatively(topology, {}, async () => void pauses++);
        expect(found).toEqual(runRules(topology));
        expect(found.length).toBeGreaterThan(0);
        expect(pauses).toBe(ALL_RULES.length);
    });

    test('a pause that throws (a cancelled check) stops the run there', async () => {
        const { topology } = await analyze(TEXT);
        let ran = 0;
        const counting: Rule = { ...flagEveryVpc, check: () => void ran++ };
        const run = runRulesCooperatively(topology, { rules: [counting, counting, counting] }, async () => {
            if (ran === 2) throw new Error('cancelled');
        });
        await expect(run).rejects.toThrow('cancelled');
        expect(ran).toBe(2);
    });
});
