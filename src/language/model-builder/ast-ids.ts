/**
 * From an AST node to the id its element has in the Topology (`subnet:web.app-a`), without building one:
 * the editor asks this to find the element under the cursor. build-topology.ts assigns ids by the same rule.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { elementId, qualify, type Id } from '../../model/ids.js';
import type { ElementKind } from '../../model/topology.js';

/** The element kind of each AST type that declares an element (kindOf's table, as a type). */
interface KindByType {
    readonly Account: 'account';
    readonly Region: 'region';
    readonly Vpc: 'vpc';
    readonly Subnet: 'subnet';
    readonly RouteTable: 'route-table';
    readonly Igw: 'igw';
    readonly Vgw: 'vgw';
    readonly Nat: 'nat';
    readonly Instance: 'instance';
    readonly Eni: 'eni';
    readonly Endpoint: 'endpoint';
    readonly AwsService: 'aws-service';
    readonly LoadBalancer: 'load-balancer';
    readonly EndpointService: 'endpoint-service';
    readonly PrefixList: 'prefix-list';
    readonly Peering: 'peering';
    readonly TransitGateway: 'transit-gateway';
    readonly TgwAttachment: 'tgw-attachment';
    readonly TgwRouteTable: 'tgw-route-table';
    readonly PrivateZone: 'private-zone';
    readonly OnPremises: 'on-premises';
}

/** The kind of element an AST node type declares (`KindOfNode<ast.Subnet>` is 'subnet'; a union gives a union). */
type KindOfNode<N> = N extends { readonly $type: infer T }
    ? T extends keyof KindByType
        ? KindByType[T]
        : string extends T
          ? ElementKind
          : never
    : never;

/** The id of the element a node of type N declares: `NodeId<ast.RouteTable>` is `Id<'route-table'>`. */
export type NodeId<N extends AstNode> = Id<KindOfNode<N>>;

/** The AST type that declares each element kind: kindOf's table read the other way (`subnet:app-a` -> Subnet). */
const TYPE_BY_KIND: { readonly [T in keyof KindByType as KindByType[T]]: T } = {
    account: 'Account',
    region: 'Region',
    vpc: 'Vpc',
    subnet: 'Subnet',
    'route-table': 'RouteTable',
    igw: 'Igw',
    vgw: 'Vgw',
    nat: 'Nat',
    instance: 'Instance',
    eni: 'Eni',
    endpoint: 'Endpoint',
    'aws-service': 'AwsService',
    'load-balancer': 'LoadBalancer',
    'endpoint-service': 'EndpointService',
    'prefix-list': 'PrefixList',
    peering: 'Peering',
    'transit-gateway': 'TransitGateway',
    'tgw-attachment': 'TgwAttachment',
    'tgw-route-table': 'TgwRouteTable',
    'private-zone': 'PrivateZone',
    'on-premises': 'OnPremises',
};

/** The AST type of the elements a kind word names (`subnet` -> `Subnet`), or undefined for a word that is no kind. */
export function astTypeOfKind(kind: string): string | undefined {
    return Object.hasOwn(TYPE_BY_KIND, kind) ? TYPE_BY_KIND[kind as ElementKind] : undefined;
}

export function kindOf(node: AstNode): ElementKind | undefined {
    switch (node.$type) {
        case 'Account':
            return 'account';
        case 'Region':
            return 'region';
        case 'Vpc':
            return 'vpc';
        case 'Subnet':
            return 'subnet';
        case 'RouteTable':
            return 'route-table';
        case 'Igw':
            return 'igw';
        case 'Vgw':
            return 'vgw';
        case 'Nat':
            return 'nat';
        case 'Instance':
            return 'instance';
        case 'Eni':
            return 'eni';
        case 'Endpoint':
            return 'endpoint';
        case 'AwsService':
            return 'aws-service';
        case 'LoadBalancer':
            return 'load-balancer';
        case 'EndpointService':
            return 'endpoint-service';
        case 'PrefixList':
            return 'prefix-list';
        case 'Peering':
            return 'peering';
        case 'TransitGateway':
            return 'transit-gateway';
        case 'TgwAttachment':
            return 'tgw-attachment';
        case 'TgwRouteTable':
            return 'tgw-route-table';
        case 'PrivateZone':
            return 'private-zone';
        case 'OnPremises':
            return 'on-premises';
        default:
            return undefined;
    }
}

/** VPC and transit gateway members are qualified by their container: `web.app-a`. */
function qualifiedName(node: AstNode & { name: string }): string {
    if (ast.isVpc(node) || ast.isTransitGateway(node) || ast.isAccount(node) || ast.isRegion(node)) return node.name;
    const container = node.$container;
    return qualify(
        container && (ast.isVpc(container) || ast.isTransitGateway(container)) ? container.name : undefined,
        node.name,
    );
}

/** The element id of a named declaration, or undefined for nodes that are not elements. */
export function astElementId<N extends AstNode>(node: N): NodeId<N> | undefined {
    const n: AstNode = node;
    const kind = kindOf(n);
    const name = (n as { name?: unknown }).name;
    if (!kind || typeof name !== 'string' || name.length === 0) return undefined;
    return asNodeId(node, elementId(kind, qualifiedName(n as AstNode & { name: string })));
}

/**
 * An id made from `kindOf(node)` as the id of N's kind. kindOf and KindByType are the same table, once as code and
 * once as a type; this is where the two meet, so the one cast of the AST -> id mapping is here.
 */
export function asNodeId<N extends AstNode>(_node: N, id: Id): NodeId<N> {
    return id as NodeId<N>;
}

/** Langium's value converter already strips a STRING's quotes; strip them only if still there. */
export function unquote(text: string): string {
    return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** Direct children that can hold named elements. */
export function childrenOf(node: AstNode): readonly AstNode[] {
    // `$type` comparisons: none of these types has subtypes, and this runs for every node of the workspace.
    switch (node.$type) {
        case 'Model':
            return (node as ast.Model).statements ?? [];
        case 'Region':
            return (node as ast.Region).items ?? [];
        case 'Vpc':
            return (node as ast.Vpc).members ?? [];
        case 'TransitGateway':
            return (node as ast.TransitGateway).members ?? [];
        default:
            return [];
    }
}

/**
 * A document's items (statements, and the items of its `region` blocks, with the region's name): all of them,
 * all but `trace`/`expect` statements, or only those. Accounts and region blocks themselves are not items.
 */
export function forEachItem(
    model: ast.Model,
    which: 'all' | 'elements' | 'traces',
    visit: (item: ast.RegionItem | ast.AwsService, region: string | undefined) => void,
): void {
    const wanted = (item: AstNode): boolean =>
        which === 'all' || (which === 'traces') === (item.$type === 'Trace' || item.$type === 'Expect');
    for (const st of model.statements ?? []) {
        if (st.$type === 'Region') {
            for (const item of st.items ?? []) if (wanted(item)) visit(item, st.name);
        } else if (st.$type !== 'Account' && wanted(st)) visit(st, undefined);
    }
}
