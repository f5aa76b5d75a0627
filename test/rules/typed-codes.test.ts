/**
 * The typed contracts (issue 10): rule codes are a union derived from the registry, each code's diagnostic data
 * has a type, and the quick fixes are keyed by both. The `@ts-expect-error` lines are checked by `tsc` (the lint
 * step of `npm test`): each must be an error, or tsc fails on the unused directive. The tests check at run time
 * what the types cannot: data that arrives over LSP as JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { MessageConnection } from 'vscode-jsonrpc';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Fix } from '../../server/code-actions/fix-context.js';
import { FIXES, fixesFor, type FixRegistry } from '../../server/code-actions/topo-code-action-provider.js';
import type { TopoLspServices } from '../../server/topo-lsp-module.js';
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import { ALL_RULES, isDiagnosticCode, type CheckedCode, type DiagnosticCode } from '../../src/rules/registry.js';
import { RULE_CODES, type RuleCode } from '../../src/rules/rule-codes.js';
import { runRules } from '../../src/rules/run-rules.js';
import { defineCheck } from '../../src/rules/types.js';
import { elementId, elementRef, parseId, parseIdOf } from '../../src/model/ids.js';
import type { TopologyIndex } from '../../src/model/topology-index.js';
import type { RouteTable, Subnet, Topology, Vpc } from '../../src/model/topology.js';
import { DIAGRAM_REQUEST } from '../../src/webview/protocol.js';
import { analyzeFiles } from '../helpers.js';
import { lspServices, openDocs } from '../server/lsp-services.js';

// ---- Compile-time: each line below the directive must not compile. ----

// @ts-expect-error a misspelt code is not a DiagnosticCode
export const misspelt: DiagnosticCode = 'subnet-overlapp';

// @ts-expect-error a language code is not a rule code
export const notARule: RuleCode = 'syntax-error';

export const wrongField = defineCheck('cidr-not-canonical', (ctx) => {
    // @ts-expect-error cidr-not-canonical's data is { canonical }, not { canon }
    ctx.report({ at: { src: undefined }, message: '', data: { canon: '10.0.0.0/16' } });
    ctx.report({ at: { src: undefined }, message: '', data: { canonical: '10.0.0.0/16' } });
});

export const dataOnADatalessCode = defineCheck('subnet-overlap', (ctx) => {
    // @ts-expect-error subnet-overlap carries no data
    ctx.report({ at: { src: undefined }, message: '', data: { canonical: '10.0.0.0/16' } });
});

// @ts-expect-error a check is declared under a code of the contract (RULE_CODES) only
export const uncontracted = defineCheck('subnet-overlapp', () => undefined);

export function misspeltOverride(topology: Topology): void {
    // @ts-expect-error severity overrides are keyed by registered codes
    runRules(topology, { severity: { 'nat-cros-az': 'off' } });
    runRules(topology, { severity: { 'nat-cross-az': 'off' } });
}

export const misspeltFix: FixRegistry = {
    // @ts-expect-error the registry's keys are diagnostic codes
    'cidr-not-canonicall': FIXES['cidr-not-canonical'],
};

export const fixOfAnotherCode: FixRegistry = {
    // @ts-expect-error a fix receives its own code's data: cidr-not-canonical's fix cannot serve ambiguous-reference
    'ambiguous-reference': FIXES['cidr-not-canonical'],
};

export const renamedField: Fix<DiagnosticData['private-dns-needs-vpc-dns']> = (ctx) => {
    // @ts-expect-error the data has `vpc`, not `vpcId`
    void ctx.data.vpcId;
    void ctx.data.vpc;
    return [];
};

export function diagramRequestMismatch(connection: MessageConnection): void {
    // @ts-expect-error the request's params are DiagramParams (`traces`)
    void connection.sendRequest(DIAGRAM_REQUEST, { trace: [] });
    // @ts-expect-error the handler must answer a DiagramResult
    connection.onRequest(DIAGRAM_REQUEST, () => ({ svg: 1 }));
}

export function typedLookups(index: TopologyIndex, subnet: Subnet): void {
    const table: RouteTable | undefined = index.get(subnet.routeTable);
    void table;
    // @ts-expect-error a subnet's route table is not a VPC
    const vpc: Vpc | undefined = index.get(subnet.routeTable);
    void vpc;
    // @ts-expect-error a plain string is not an id: it becomes one through elementId or parseId
    index.get('subnet:web.app-a');
    // @ts-expect-error an id of one kind is not an id of another
    index.routeTableOfSubnet(subnet.vpc);
}

// ---- Run time ----

const MALFORMED: readonly unknown[] = [
    undefined,
    null,
    42,
    'cidr',
    [],
    {},
    { canonical: 7 },
    { vpc: 1, missing: 'dns-support' },
    { missingAzs: [{ id: 'x' }] },
    { az: 3 },
    { retarget: 1, addRoute: { table: 5 } },
    { candidates: 'a.b' },
];

/** Codes whose fix reads data (every fix but the ones for codes that carry none). */
const withData = Object.entries(FIXES).filter(([code]) => code !== 'subnet-overlap');

describe('typed diagnostic codes and data', () => {
    it('the families check exactly the codes of the contract, each once', () => {
        expectTypeOf<CheckedCode>().toEqualTypeOf<RuleCode>();
        const checked = ALL_RULES.map((r) => r.code);
        expect(new Set(checked).size).toBe(checked.length);
        expect([...checked].sort()).toEqual(Object.keys(RULE_CODES).sort());
    });

    it('DiagnosticData names only registered codes (a misspelt key fails to compile here)', () => {
        expectTypeOf<keyof DiagnosticData>().toExtend<DiagnosticCode>();
        expect(Object.keys(FIXES).every(isDiagnosticCode)).toBe(true);
    });

    it('every code in FIXES is a registered diagnostic code', () => {
        const codes = Object.keys(FIXES);
        expect(codes.length).toBeGreaterThan(0);
        expect(codes.filter((c) => !isDiagnosticCode(c))).toEqual([]);
    });

    it("every fix's data check rejects malformed data without throwing", () => {
        for (const [code, entry] of withData) {
            for (const bad of MALFORMED) {
                if (code === 'ambiguous-reference' && isObjectWith(bad, 'candidates')) continue;
                expect(() => entry.data(bad), `${code} with ${JSON.stringify(bad)}`).not.toThrow();
                expect(entry.data(bad), `${code} with ${JSON.stringify(bad)}`).toBeUndefined();
            }
        }
    });

    it('the data every rule reports in the broken examples passes its fix check after a JSON round trip', async () => {
        const dir = new URL('../../examples/broken/', import.meta.url);
        const files = readdirSync(dir)
            .filter((f) => f.endsWith('.topo'))
            .map((f) => ({ uri: `file:///broken/${f}`, text: readFileSync(new URL(f, dir), 'utf8') }));
        let checked = 0;
        for (const file of files) {
            const { diagnostics } = await analyzeFiles([file]);
            for (const d of diagnostics) {
                if (!isDiagnosticCode(d.code)) continue;
                const entry = FIXES[d.code];
                if (!entry) continue;
                const wire: unknown = JSON.parse(JSON.stringify(d.data ?? null));
                expect(entry.data(wire), `${d.code} in ${file.uri}`).toBeDefined();
                checked++;
            }
        }
        expect(checked).toBeGreaterThan(0);
    });
});

describe('element ids', () => {
    it('parseId checks the prefix; parseIdOf checks the kind; elementRef reads the kind from the id', () => {
        expect(parseId('subnet:web.app-a')).toBe(elementId('subnet', 'web.app-a'));
        expect(parseId('web.app-a')).toBeUndefined();
        expect(parseId('bogus:web.app-a')).toBeUndefined();
        expect(parseId('vpc:')).toBeUndefined();
        expect(parseIdOf('route-table:web.rt', 'route-table')).toBe('route-table:web.rt');
        expect(parseIdOf('subnet:web.rt', 'route-table')).toBeUndefined();
        expect(parseIdOf('igw:web.igw', 'igw', 'vgw')).toBe('igw:web.igw');
        expect(elementRef(elementId('tgw-attachment', 'hub.att'))).toEqual({
            kind: 'element',
            id: 'tgw-attachment:hub.att',
            elementKind: 'tgw-attachment',
        });
    });
});

describe('a fix given malformed data is not offered and does not throw', () => {
    let services: TopoLspServices;
    beforeAll(async () => {
        services = await lspServices();
    });

    it('for every code with data, through fixesFor and the code action provider', async () => {
        const [document] = await openDocs(services, ['region r {\n  vpc v 10.0.0.0/16 {\n  }\n}\n']);
        const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };
        for (const [code] of withData) {
            if (!isDiagnosticCode(code)) throw new Error(code);
            for (const bad of MALFORMED) {
                if (code === 'ambiguous-reference' && isObjectWith(bad, 'candidates')) continue;
                const diagnostic: Diagnostic = { range, message: 'x', code, data: bad };
                const ctx = {
                    document,
                    diagnostic,
                    analysis: services.topo.Analysis.current(),
                    documents: services.shared.workspace.LangiumDocuments,
                };
                expect(fixesFor(code, bad, ctx)).toEqual([]);
                const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
                    textDocument: { uri: document.uri.toString() },
                    range,
                    context: { diagnostics: [diagnostic] },
                })) as CodeAction[];
                expect(actions, `${code} with ${JSON.stringify(bad)}`).toEqual([]);
            }
        }
    });
});

function isObjectWith(u: unknown, key: string): boolean {
    return typeof u === 'object' && u !== null && key in u;
}
