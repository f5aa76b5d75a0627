/**
 * The problems the model builder itself finds (not the rules): a name declared twice, a CIDR or an address that
 * does not parse or is IPv6, a port, account ID, AZ or Region that cannot be one (value-issues.ts). Each is anchored
 * to the offending token, found in the CST only when there is a problem.
 */
import type { AstNode } from 'langium';
import { GrammarUtils } from 'langium';
import type { Severity, TopoDiagnostic } from '../../model/diagnostic.js';

/** `duplicate-name` on the node's name, for the element id it would have had. */
export function duplicateNameIssue(node: AstNode, uri: string, id: string): TopoDiagnostic | undefined {
    const cst = node.$cstNode;
    const nameNode = cst ? GrammarUtils.findNodeForProperty(cst, 'name') : undefined;
    const range = (nameNode ?? cst)?.range;
    if (!range) return undefined;
    const kind = id.slice(0, id.indexOf(':'));
    return {
        code: 'duplicate-name',
        severity: 'error',
        message: `'${id.slice(id.indexOf(':') + 1)}' is already declared as a ${kind}. Names must be unique per kind (members of a VPC or transit gateway are qualified by it).`,
        uri,
        range,
        related: [],
    };
}

/** The codes of values the model builder refuses, with their severities (LANGUAGE_CODES in src/rules/registry.ts). */
const VALUE_SEVERITY = {
    'cidr-invalid': 'error',
    'ip-invalid': 'error',
    'ipv6-unsupported': 'warning',
    'port-invalid': 'error',
    'account-id-invalid': 'error',
    'az-invalid': 'error',
    'region-unknown': 'warning',
} as const satisfies Readonly<Record<string, Severity>>;

export type ValueCode = keyof typeof VALUE_SEVERITY;

/** A value's issue (`cidr-invalid`, `port-invalid`…) on the `index`-th value of `prop` of the node (else the node). */
export function invalidValueIssue(
    code: ValueCode,
    message: string,
    node: AstNode,
    uri: string | undefined,
    prop: string,
    index = 0,
): TopoDiagnostic | undefined {
    const cst = node.$cstNode;
    const range = cst ? (GrammarUtils.findNodesForProperty(cst, prop)[index]?.range ?? cst.range) : undefined;
    return range && uri ? { code, severity: VALUE_SEVERITY[code], message, uri, range, related: [] } : undefined;
}
