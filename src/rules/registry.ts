/**
 * The one registry of rules: each family's checks (one file per family) joined with their entries of the contract,
 * RULE_CODES (rule-codes.ts), and the codes the language itself reports. test/rules/registry.test.ts checks that
 * every code has docs/rules/<code>.md, a row of docs/rules/README.md and tests that mention it.
 */
import { addressingRules } from './addressing.js';
import { edgeRoutingRules } from './edge-routing.js';
import { endpointServicesRules } from './endpoint-services.js';
import { expectationsRules } from './expectations.js';
import { gatewayEndpointsRules } from './gateway-endpoints.js';
import { gwlbRules } from './gwlb.js';
import { interfaceEndpointsRules } from './interface-endpoints.js';
import { internetNatRules } from './internet-nat.js';
import { routingRules } from './routing.js';
import { transitGatewayRules } from './transit-gateway.js';
import { RULE_CODES, type RuleCode } from './rule-codes.js';
import type { Rule, RuleCheck } from './types.js';
import { vpcConnectivityRules } from './vpc-connectivity.js';

const RULE_FAMILIES = {
    addressing: addressingRules,
    'vpc-connectivity': vpcConnectivityRules,
    routing: routingRules,
    'edge-routing': edgeRoutingRules,
    'internet-nat': internetNatRules,
    'transit-gateway': transitGatewayRules,
    'gateway-endpoints': gatewayEndpointsRules,
    'interface-endpoints': interfaceEndpointsRules,
    'endpoint-services': endpointServicesRules,
    gwlb: gwlbRules,
    expectations: expectationsRules,
} as const satisfies Readonly<Record<string, readonly RuleCheck<RuleCode>[]>>;

/** The codes the families check: test/rules/typed-codes.test.ts holds them equal to RuleCode. */
export type CheckedCode = (typeof RULE_FAMILIES)[keyof typeof RULE_FAMILIES][number]['code'];

/** A registered rule: `Rule<'subnet-overlap'> | …` widened to the union of their codes. */
type RegisteredRule = Rule<RuleCode>;

/** Every rule: each family's checks in order, each with its entry of the contract (RULE_CODES). */
export const ALL_RULES: readonly RegisteredRule[] = Object.values(RULE_FAMILIES)
    .flat()
    .map((c: RuleCheck<RuleCode>): RegisteredRule => ({ ...RULE_CODES[c.code], code: c.code, check: c.check }));

/** The rules whose findings in a document depend on that document alone (Rule.local). */
export const LOCAL_RULES: readonly RegisteredRule[] = ALL_RULES.filter((r) => r.local);

/**
 * Codes the language itself reports (not rules over the Topology): syntax and linking errors from Langium,
 * and problems found while building the model.
 */
export const LANGUAGE_CODES = [
    { code: 'syntax-error', severity: 'error', summary: 'The text does not follow the Topo grammar.' },
    { code: 'unresolved-reference', severity: 'error', summary: 'A name refers to nothing of the expected kind.' },
    {
        code: 'ambiguous-reference',
        severity: 'warning',
        summary:
            'A name matches several elements where it is written (in two VPCs, or of two kinds); a qualified name chooses one.',
    },
    { code: 'duplicate-name', severity: 'error', summary: 'Two elements of the same kind share a (qualified) name.' },
    { code: 'cidr-invalid', severity: 'error', summary: 'A CIDR block is malformed (octet over 255, prefix over 32).' },
    { code: 'ip-invalid', severity: 'error', summary: 'An IPv4 address is malformed.' },
    {
        code: 'ipv6-unsupported',
        severity: 'warning',
        summary: 'An IPv6 block or address: Topo does not model IPv6 yet, so it is left out and not checked.',
    },
    { code: 'port-invalid', severity: 'error', summary: 'A port is not a whole number from 0 to 65535.' },
    { code: 'account-id-invalid', severity: 'error', summary: 'An AWS account ID is not exactly 12 digits.' },
    {
        code: 'az-invalid',
        severity: 'error',
        summary: 'An AZ is neither a letter, a full AZ name of the Region nor an AZ ID.',
    },
    {
        code: 'region-unknown',
        severity: 'warning',
        summary: 'A Region name is not an AWS Region Topo knows (malformed, misspelt, or newer than Topo).',
    },
    { code: 'internal-error', severity: 'error', summary: 'A rule crashed; the other rules still ran.' },
    {
        code: 'too-many-findings',
        severity: 'warning',
        summary: 'A file has more findings than are shown (the first 2,000 by position are).',
    },
] as const satisfies ReadonlyArray<{ code: string; severity: 'error' | 'warning'; summary: string }>;

type LanguageCode = (typeof LANGUAGE_CODES)[number]['code'];

/** Every code a Topo diagnostic can carry: the public contract of docs/rules/README.md. */
export type DiagnosticCode = RuleCode | LanguageCode;

const ALL_CODES: ReadonlySet<string> = new Set<string>([
    ...ALL_RULES.map((r) => r.code),
    ...LANGUAGE_CODES.map((c) => c.code),
]);

/** The one check that turns a string from outside (settings, LSP, JSON) into a DiagnosticCode. */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
    return ALL_CODES.has(code);
}
