/**
 * The one registry of rules. Each family lives in its own file; this list is the only place that knows
 * them all. A test checks that every code here has docs/rules/<code>.md and tests that mention it.
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
import type { Rule } from './types.js';
import { vpcConnectivityRules } from './vpc-connectivity.js';

const RULE_FAMILIES: Readonly<Record<string, readonly Rule[]>> = {
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
};

export const ALL_RULES: readonly Rule[] = Object.values(RULE_FAMILIES).flat();

/** The rules whose findings in a document depend on that document alone (Rule.local). */
export const LOCAL_RULES: readonly Rule[] = ALL_RULES.filter((r) => r.local);

/**
 * Codes the language itself reports (not rules over the Topology): syntax and linking errors from Langium,
 * and problems found while building the model.
 */
export const LANGUAGE_CODES: ReadonlyArray<{ code: string; severity: 'error' | 'warning'; summary: string }> = [
    { code: 'syntax-error', severity: 'error', summary: 'The text does not follow the Topo grammar.' },
    { code: 'unresolved-reference', severity: 'error', summary: 'A name refers to nothing of the expected kind.' },
    {
        code: 'ambiguous-reference',
        severity: 'warning',
        summary: 'A simple name matches several elements of the expected kind; the qualified name chooses one.',
    },
    { code: 'duplicate-name', severity: 'error', summary: 'Two elements of the same kind share a (qualified) name.' },
    { code: 'cidr-invalid', severity: 'error', summary: 'A CIDR block is malformed (octet over 255, prefix over 32).' },
    { code: 'ip-invalid', severity: 'error', summary: 'An IPv4 address is malformed.' },
    { code: 'internal-error', severity: 'error', summary: 'A rule crashed; the other rules still ran.' },
    {
        code: 'too-many-findings',
        severity: 'warning',
        summary: 'A file has more findings than are shown (the first 2,000 by position are).',
    },
];
