/**
 * Semantic tokens: declared names and references coloured by what they name (a VPC, a subnet, an endpoint,
 * …), CIDRs and IPs as numbers, trace reasons as enum members. Unresolved references get no colour, so a
 * typo stands out before its diagnostic arrives.
 */
import type { AstNode, Reference } from 'langium';
import { isReference } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../src/language/generated/ast.js';

const TYPES: Readonly<Record<string, string>> = {
    Account: SemanticTokenTypes.namespace,
    Region: SemanticTokenTypes.namespace,
    AzDecl: SemanticTokenTypes.enumMember,
    Vpc: SemanticTokenTypes.class,
    TransitGateway: SemanticTokenTypes.class,
    Subnet: SemanticTokenTypes.struct,
    RouteTable: SemanticTokenTypes.enum,
    TgwRouteTable: SemanticTokenTypes.enum,
    Igw: SemanticTokenTypes.interface,
    Vgw: SemanticTokenTypes.interface,
    Nat: SemanticTokenTypes.interface,
    Instance: SemanticTokenTypes.variable,
    Eni: SemanticTokenTypes.variable,
    Endpoint: SemanticTokenTypes.event,
    LoadBalancer: SemanticTokenTypes.function,
    EndpointService: SemanticTokenTypes.type,
    AwsService: SemanticTokenTypes.type,
    PrefixList: SemanticTokenTypes.variable,
    Peering: SemanticTokenTypes.operator,
    TgwAttachment: SemanticTokenTypes.property,
    PrivateZone: SemanticTokenTypes.namespace,
    OnPremises: SemanticTokenTypes.namespace,
};

/** Properties that hold addresses, per node type. */
const ADDRESSES: Readonly<Record<string, readonly string[]>> = {
    Vpc: ['cidrs'],
    Subnet: ['cidr'],
    Route: ['cidr'],
    TgwRoute: ['cidr'],
    PrefixList: ['entries'],
    Instance: ['ip', 'publicAddress', 'eipAddress'],
    Eni: ['ip', 'publicAddress', 'eipAddress'],
    Nat: ['eipAddress'],
    LbTarget: ['ip'],
    DnsRecord: ['ip'],
    TraceEnd: ['ip'],
    OnPremises: ['cidrs'],
};

export class TopoSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const declared = TYPES[node.$type];
        if (declared && typeof (node as { name?: unknown }).name === 'string') {
            acceptor({ node, property: 'name', type: declared, modifier: SemanticTokenModifiers.declaration });
        }
        for (const prop of ADDRESSES[node.$type] ?? []) {
            const value = (node as unknown as Record<string, unknown>)[prop];
            const count = Array.isArray(value) ? value.length : value === undefined ? 0 : 1;
            for (let i = 0; i < count; i++)
                acceptor({
                    node,
                    property: prop,
                    ...(Array.isArray(value) ? { index: i } : {}),
                    type: SemanticTokenTypes.number,
                });
        }
        if (ast.isExpect(node) && node.reason)
            acceptor({ node, property: 'reason', type: SemanticTokenTypes.enumMember });
        for (const [prop, value] of Object.entries(node)) {
            if (prop.startsWith('$')) continue;
            const refs = Array.isArray(value) ? value : [value];
            refs.forEach((ref, i) => {
                if (!isReference(ref)) return;
                const type = referenceType(ref);
                if (type) acceptor({ node, property: prop, ...(Array.isArray(value) ? { index: i } : {}), type });
            });
        }
    }
}

function referenceType(ref: Reference): string | undefined {
    const target = ref.ref;
    return target ? TYPES[target.$type] : undefined;
}
