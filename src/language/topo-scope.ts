/**
 * Scoping. Every named element is exported to the workspace index under its simple name, and members of a
 * VPC or transit gateway also under `<container>.<name>`, so a provider VPC in one file can be used from
 * another (`backed-by inspection.inspect`). Local scopes (the default container chain) make a VPC's own
 * members win over same-named members of other VPCs.
 */
import type { AstNode, AstNodeDescription, LangiumDocument, ReferenceInfo, Scope } from 'langium';
import { AstUtils, DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, MapScope } from 'langium';
import type { Cancellation } from 'langium';
import * as ast from './generated/ast.js';

export class TopoScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument, _cancelToken?: Cancellation.CancellationToken): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            const name = this.nameProvider.getName(node);
            if (!name) continue;
            exports.push(this.descriptions.createDescription(node, name, document));
            const container = qualifierOf(node);
            if (container) exports.push(this.descriptions.createDescription(node, `${container}.${name}`, document));
        }
        return exports;
    }
}

/** The VPC or transit gateway name that qualifies a member, if any. */
export function qualifierOf(node: AstNode): string | undefined {
    const c = node.$container;
    if (ast.isVpc(c) || ast.isTransitGateway(c)) return c.name || undefined;
    return undefined;
}

/**
 * Reference types that only make sense within one VPC: a subnet's route table, a table's subnets and edge
 * gateway, the subnets of a NAT, instance, endpoint or load balancer. From inside a VPC they resolve among
 * that VPC's own members only, so `routes rt-a` can never silently pick another VPC's `rt-a`.
 */
export const VPC_LOCAL_TYPES: ReadonlySet<string> = new Set(['Subnet', 'RouteTable', 'EdgeGateway']);

export class TopoScopeProvider extends DefaultScopeProvider {
    override getScope(context: ReferenceInfo): Scope {
        const vpc = AstUtils.getContainerOfType(context.container, ast.isVpc);
        if (vpc && VPC_LOCAL_TYPES.has(this.reflection.getReferenceType(context))) {
            const type = this.reflection.getReferenceType(context);
            const members = (vpc.members ?? []).filter((m) => !!m.name && this.reflection.isSubtype(m.$type, type));
            return new MapScope(members.map((m) => this.descriptions.createDescription(m, m.name)));
        }
        // A TGW attachment's subnets belong to the attachment's VPC: look there first.
        if (ast.isTgwAttachment(context.container) && context.property === 'subnets') {
            let vpc: ast.Vpc | undefined;
            try {
                vpc = context.container.vpc?.ref;
            } catch {
                vpc = undefined;
            }
            const outer = super.getScope(context);
            if (!vpc) return outer;
            const subnets = (vpc.members ?? []).filter(ast.isSubnet).filter((s) => !!s.name);
            return new MapScope(subnets.map((s) => this.descriptions.createDescription(s, s.name)), outer);
        }
        try {
            return super.getScope(context);
        } catch {
            return EMPTY_SCOPE;
        }
    }
}
