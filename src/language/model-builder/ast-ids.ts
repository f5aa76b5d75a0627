/**
 * From an AST node to the id its element has in the Topology (`subnet:web.app-a`), without building one:
 * the editor asks this to find the element under the cursor. build-topology.ts assigns ids by the same rule.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { elementId, qualify } from '../../model/ids.js';
import type { ElementKind } from '../../model/topology.js';

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
export function astElementId(node: AstNode): string | undefined {
    const kind = kindOf(node);
    const name = (node as { name?: unknown }).name;
    if (!kind || typeof name !== 'string' || name.length === 0) return undefined;
    return elementId(kind, qualifiedName(node as AstNode & { name: string }));
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
