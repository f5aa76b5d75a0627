/**
 * The problems the model builder itself finds (not the rules): a name declared twice, a CIDR or an address that
 * does not parse. Each is anchored to the offending token, found in the CST only when there is a problem.
 */
import type { AstNode } from 'langium';
import { GrammarUtils } from 'langium';
import type { TopoDiagnostic } from '../../model/diagnostic.js';

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

/** `cidr-invalid` / `ip-invalid` on the `index`-th value of property `prop` of the node (else the whole node). */
export function invalidValueIssue(
    code: 'cidr-invalid' | 'ip-invalid',
    message: string,
    node: AstNode,
    uri: string | undefined,
    prop: string,
    index = 0,
): TopoDiagnostic | undefined {
    const cst = node.$cstNode;
    const range = cst ? (GrammarUtils.findNodesForProperty(cst, prop)[index]?.range ?? cst.range) : undefined;
    return range && uri ? { code, severity: 'error', message, uri, range, related: [] } : undefined;
}
