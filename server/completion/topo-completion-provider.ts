/**
 * Completion that knows the network. On top of Langium's keyword and in-scope name completion:
 *  - a subnet's CIDR: the next free block of a sensible size inside its VPC (and a few other sizes);
 *  - a VPC's CIDR: a /16 that overlaps no other VPC of the workspace;
 *  - `az`: the AZs declared in the region, with their AZ IDs;
 *  - region names; endpoint services and AWS services filtered by the endpoint's type (gateway endpoints
 *    exist only for S3 and DynamoDB; a GWLB endpoint needs a GWLB-backed service);
 *  - where a reference takes several kinds: after a kind word (`subnet:`) the names of that kind, and a name that
 *    elements of several kinds share offered with its kind (`subnet:gwlbe-a`, `endpoint:gwlbe-a`).
 */
import type { AstNode, AstNodeDescription, LangiumDocuments, MaybePromise, ReferenceInfo, Stream } from 'langium';
import { AstUtils, GrammarAST, stream } from 'langium';
import {
    DefaultCompletionProvider,
    type CompletionAcceptor,
    type CompletionContext,
    type CompletionValueItem,
    type LangiumServices,
    type NextFeature,
} from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import * as ast from '../../src/language/generated/ast.js';
import { astTypeOfKind, kindOf } from '../../src/language/model-builder/ast-ids.js';
import { AWS_REGIONS } from '../../src/net/aws-regions.js';
import { parseCidr, type Cidr } from '../../src/net/cidr.js';
import { parsedCidrs, vpcSpace } from '../vpc-space.js';
import { nextFreeCidr, sensibleSubnetPrefix } from '../../src/net/next-free-cidr.js';

export class TopoCompletionProvider extends DefaultCompletionProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    protected override completionFor(
        context: CompletionContext,
        next: NextFeature,
        acceptor: CompletionAcceptor,
    ): MaybePromise<void> {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule)?.name;
        // After a kind word (`subnet:`), the names of that kind only, whichever feature the parser expects there.
        const kinded = this.kindWritten(context, next);
        if (kinded) return this.once(context, 'kind', () => this.ofKind(context, kinded, acceptor));
        if (assignment && !GrammarAST.isCrossReference(assignment.terminal)) {
            if (rule === 'Subnet' && assignment.feature === 'cidr') return this.subnetCidrs(context, acceptor);
            if (rule === 'Vpc' && assignment.feature === 'cidrs') return this.vpcCidrs(context, acceptor);
        }
        // Names are a datatype rule: the feature is inside `Name`, and `next.property` says which property it fills.
        if (rule === 'Name' && context.node) {
            const on = context.node.$type;
            const prop = next.property;
            if ((on === 'Subnet' && prop === 'az') || ((on === 'Trace' || on === 'Expect') && prop === 'zone'))
                return this.once(context, 'az', () => this.azs(context, acceptor));
            if (
                (on === 'Endpoint' && prop === 'serviceRegion') ||
                ((on === 'Trace' || on === 'Expect') && prop === 'region') ||
                (on === 'EndpointService' && prop === 'regions')
            ) {
                return this.once(context, 'region', () => this.regions(context, acceptor));
            }
        }
        return super.completionFor(context, next, acceptor);
    }

    /** The Name rule yields one feature per alternative; answer a property once per request. */
    private readonly answered = new WeakMap<CompletionContext, Set<string>>();

    private once(context: CompletionContext, key: string, fill: () => void): void {
        let done = this.answered.get(context);
        if (!done) this.answered.set(context, (done = new Set()));
        if (done.has(key)) return;
        done.add(key);
        fill();
    }

    private subnetCidrs(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const vpc = context.node ? AstUtils.getContainerOfType(context.node, ast.isVpc) : undefined;
        if (!vpc) return;
        const { blocks, used } = vpcSpace(vpc, context.node);
        const sensible = sensibleSubnetPrefix(blocks, used);
        const sizes = [sensible, ...[24, 26, 28, 20].filter((p) => p !== sensible)];
        sizes.forEach((prefix, i) => {
            const free = nextFreeCidr(blocks, used, prefix);
            if (!free) return;
            acceptor(context, {
                label: free.canonical,
                kind: CompletionItemKind.Value,
                detail: `next free /${prefix} in VPC ${vpc.name}${i === 0 ? ' (the size most of its subnets have)' : ''}`,
                sortText: `0${i}`,
                preselect: i === 0,
            });
        });
    }

    private vpcCidrs(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const taken: Cidr[] = [];
        for (const doc of this.documents.all) {
            for (const v of AstUtils.streamAllContents(doc.parseResult.value).filter(ast.isVpc)) {
                if (v !== context.node) taken.push(...parsedCidrs(v.cidrs));
            }
        }
        for (const [space, i] of [
            ['10.0.0.0/8', 0],
            ['172.16.0.0/12', 1],
            ['100.64.0.0/10', 2],
        ] as const) {
            const block = parseCidr(space);
            if (!block.ok) continue;
            const free = nextFreeCidr([block.cidr], taken, 16);
            if (free)
                acceptor(context, {
                    label: free.canonical,
                    kind: CompletionItemKind.Value,
                    detail: `free /16 in ${space}: overlaps no VPC in the workspace`,
                    sortText: `0${i}`,
                });
        }
    }

    private azs(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const region = context.node ? AstUtils.getContainerOfType(context.node, ast.isRegion) : undefined;
        const regions = region ? [region] : [...this.allRegions()];
        const seen = new Set<string>();
        for (const r of regions) {
            for (const az of r.azs ?? []) {
                if (seen.has(az.name)) continue;
                seen.add(az.name);
                acceptor(context, {
                    label: az.name,
                    kind: CompletionItemKind.EnumMember,
                    detail: `AZ of ${r.name}${az.azId ? `, AZ ID ${az.azId}` : ''}`,
                });
            }
        }
    }

    private regions(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const declared = new Set([...this.allRegions()].map((r) => r.name));
        for (const name of [...declared, ...AWS_REGIONS.filter((r) => !declared.has(r))]) {
            acceptor(context, {
                label: name,
                kind: CompletionItemKind.EnumMember,
                detail: declared.has(name) ? 'region in this workspace' : 'AWS Region',
                sortText: declared.has(name) ? `0${name}` : `1${name}`,
            });
        }
    }

    private *allRegions(): Generator<ast.Region> {
        for (const doc of this.documents.all) {
            yield* (doc.parseResult.value as ast.Model).statements?.filter(ast.isRegion) ?? [];
        }
    }

    /**
     * The kind word written just before the cursor's name (`trace web-a -> subnet:<cursor>`), where the reference
     * takes a kind (the grammar's `RefName`): the node that holds it (or the one the parser is about to make), the
     * type the kind names, and where the name after the colon starts.
     */
    private kindWritten(context: CompletionContext, next: NextFeature): KindWritten | undefined {
        const node = context.node;
        if (!node) return undefined;
        const holder: AstNode | undefined = KIND_QUALIFIED[node.$type]
            ? node
            : next.type && KIND_QUALIFIED[next.type]
              ? { $type: next.type, $container: node }
              : undefined;
        if (!holder) return undefined;
        const before = context.textDocument.getText().slice(Math.max(0, context.offset - 200), context.offset);
        const m = /([a-z][a-z-]*)\s*:\s*([A-Za-z0-9_.-]*)$/.exec(before);
        const type = m ? astTypeOfKind(m[1]) : undefined;
        if (!m || !type) return undefined;
        const refInfo: ReferenceInfo = {
            reference: { $refText: '', ref: undefined },
            container: holder,
            property: KIND_QUALIFIED[holder.$type],
        };
        return { type, refInfo, nameStart: context.offset - m[2].length };
    }

    private ofKind(context: CompletionContext, kinded: KindWritten, acceptor: CompletionAcceptor): void {
        const range = {
            start: context.textDocument.positionAt(kinded.nameStart),
            end: context.position,
        };
        const typed = context.textDocument.getText().slice(kinded.nameStart, context.offset);
        for (const d of this.scopeProvider.getScope(kinded.refInfo).getAllElements()) {
            if (!this.astReflection.isSubtype(d.type, kinded.type) || !this.fuzzyMatcher.match(typed, d.name)) continue;
            acceptor(context, {
                ...super.createReferenceCompletionItem(d, kinded.refInfo, context),
                label: d.name,
                filterText: d.name,
                textEdit: { range, newText: d.name },
            });
        }
    }

    /** Per completed reference: the names that elements of several kinds share, offered as `subnet:gwlbe-a`. */
    private readonly shared = new WeakMap<ReferenceInfo, ReadonlySet<string>>();

    /** Endpoint services and AWS services, filtered by what the endpoint's type can connect to. */
    protected override getReferenceCandidates(
        refInfo: ReferenceInfo,
        context: CompletionContext,
    ): Stream<AstNodeDescription> {
        let all = super.getReferenceCandidates(refInfo, context);
        const container = refInfo.container;
        if (ast.isEndpoint(container) && refInfo.property === 'service' && container.kind) {
            const kind = container.kind;
            all = all.filter((d) => fitsEndpoint(kind, d.node));
        }
        if (!KIND_QUALIFIED[container.$type]) return all;
        const list = all.toArray();
        const typesByName = new Map<string, Set<string>>();
        for (const d of list) {
            const types = typesByName.get(d.name) ?? new Set<string>();
            typesByName.set(d.name, types.add(d.type));
        }
        this.shared.set(refInfo, new Set([...typesByName].filter(([, t]) => t.size > 1).map(([n]) => n)));
        return stream(list);
    }

    protected override createReferenceCompletionItem(
        description: AstNodeDescription,
        refInfo: ReferenceInfo,
        context: CompletionContext,
    ): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const kind = description.node && kindOf(description.node);
        if (!kind || !this.shared.get(refInfo)?.has(description.name)) return item;
        // Filtered by the name as typed so far (`gw` finds `subnet:gwlbe-a`), inserted with its kind.
        const typed = context.textDocument.getText().slice(context.tokenOffset, context.offset);
        const label = `${kind}:${description.name}`;
        if (!this.fuzzyMatcher.match(typed, description.name)) return { ...item, label };
        const range = { start: context.textDocument.positionAt(context.tokenOffset), end: context.position };
        return { ...item, label, filterText: description.name, textEdit: { range, newText: label } };
    }
}

interface KindWritten {
    readonly type: string;
    readonly refInfo: ReferenceInfo;
    /** The offset where the name after the kind word starts. */
    readonly nameStart: number;
}

/**
 * The node types holding a reference that may be written with its kind (`RefName` in the grammar), and its
 * property. Where elements of several kinds share a name, completion offers the kind-qualified form.
 */
const KIND_QUALIFIED: Readonly<Record<string, string>> = {
    TraceEnd: 'ref',
    Expect: 'via',
    Route: 'target',
    RouteTable: 'edges',
    Endpoint: 'service',
    LbTarget: 'ref',
};

function fitsEndpoint(kind: string, node: AstNode | undefined): boolean {
    if (!node) return true;
    if (ast.isAwsService(node))
        return kind === 'gateway' ? node.gateway : kind === 'interface' ? node.interface : false;
    if (ast.isEndpointService(node)) {
        const kinds = node.loadBalancers.map((r) => r.ref?.kind).filter((k) => k !== undefined);
        if (kind === 'gateway') return false;
        if (kinds.length === 0) return true;
        return kind === 'gwlb' ? kinds.includes('gwlb') : kinds.some((k) => k !== 'gwlb');
    }
    return true;
}
