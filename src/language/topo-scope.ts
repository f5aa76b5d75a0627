/**
 * Scoping. Every named element is exported to the workspace index under its simple name, and members of a
 * VPC or transit gateway also under `<container>.<name>`, so a provider VPC in one file can be used from
 * another (`backed-by inspection.inspect`). Local scopes (the default container chain) make a VPC's own
 * members win over same-named members of other VPCs.
 */
import type { AstNode, AstNodeDescription, AstReflection, LangiumDocument, ReferenceInfo, Scope, Stream } from 'langium';
import { AstUtils, DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, stream } from 'langium';
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
    /** Per document: container -> name -> local descriptions. Rebuilt whenever Langium recomputes local symbols. */
    private readonly localIndexes = new WeakMap<object, Map<AstNode, Map<string, AstNodeDescription[]>>>();

    override getScope(context: ReferenceInfo): Scope {
        try {
            return this.computeScope(context);
        } catch {
            return EMPTY_SCOPE;
        }
    }

    private computeScope(context: ReferenceInfo): Scope {
        const type = this.reflection.getReferenceType(context);
        const vpc = AstUtils.getContainerOfType(context.container, ast.isVpc);
        if (vpc && VPC_LOCAL_TYPES.has(type)) return this.membersOf(vpc, type, EMPTY_SCOPE);
        // A TGW attachment's subnets belong to the attachment's VPC: look there first.
        if (ast.isTgwAttachment(context.container) && context.property === 'subnets') {
            let attached: ast.Vpc | undefined;
            try {
                attached = context.container.vpc?.ref;
            } catch {
                attached = undefined;
            }
            const outer = this.chainScope(context, type);
            if (!attached) return outer;
            return this.membersOf(attached, type, outer);
        }
        return this.chainScope(context, type);
    }

    /** The named members of one VPC (from its document's local symbols) of the given type, then `outer`. */
    private membersOf(vpc: ast.Vpc, type: string, outer: Scope): Scope {
        const level = this.localIndex(AstUtils.getDocument(vpc))?.get(vpc);
        return new IndexedChainScope(level ? [level] : [], type, this.reflection, outer);
    }

    /**
     * The default container-chain scope (local symbols of each enclosing container, innermost first, then the
     * workspace), but with name lookups through per-container maps instead of a linear scan of siblings: a
     * region with hundreds of VPCs made linking quadratic.
     */
    private chainScope(context: ReferenceInfo, type: string): Scope {
        const document = AstUtils.getDocument(context.container);
        const levels: Array<Map<string, AstNodeDescription[]>> = [];
        const index = this.localIndex(document);
        if (index) {
            for (let node: AstNode | undefined = context.container; node; node = node.$container) {
                const level = index.get(node);
                if (level) levels.push(level);
            }
        }
        return new IndexedChainScope(levels, type, this.reflection, this.getGlobalScope(type, context));
    }

    private localIndex(document: LangiumDocument): Map<AstNode, Map<string, AstNodeDescription[]>> | undefined {
        const symbols = document.localSymbols;
        if (!symbols) return undefined;
        let index = this.localIndexes.get(symbols);
        if (!index) {
            index = new Map();
            for (const [container, desc] of (symbols as unknown as { entries(): Iterable<[AstNode, AstNodeDescription]> }).entries()) {
                let level = index.get(container);
                if (!level) index.set(container, (level = new Map()));
                const list = level.get(desc.name);
                if (list) list.push(desc);
                else level.set(desc.name, [desc]);
            }
            this.localIndexes.set(symbols, index);
        }
        return index;
    }
}

/** Whether `name` resolves at a local level of the scope (a container's own members), before the workspace index. */
export function resolvesLocally(scope: Scope, name: string): boolean {
    return scope instanceof IndexedChainScope && scope.local(name).length > 0;
}

/** Local levels (innermost first) looked up by name, then the outer (global) scope. */
class IndexedChainScope implements Scope {
    constructor(
        private readonly levels: ReadonlyArray<Map<string, AstNodeDescription[]>>,
        private readonly type: string,
        private readonly reflection: AstReflection,
        private readonly outer: Scope,
    ) {}

    local(name: string): AstNodeDescription[] {
        const out: AstNodeDescription[] = [];
        for (const level of this.levels) {
            for (const d of level.get(name) ?? []) if (this.reflection.isSubtype(d.type, this.type)) out.push(d);
        }
        return out;
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.local(name)[0] ?? this.outer.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.local(name)).concat(this.outer.getElements(name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        const locals = this.levels.flatMap((l) => [...l.values()].flat()).filter((d) => this.reflection.isSubtype(d.type, this.type));
        return stream(locals).concat(this.outer.getAllElements());
    }
}
