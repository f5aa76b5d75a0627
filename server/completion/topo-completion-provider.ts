/**
 * Completion that knows the network. On top of Langium's keyword and in-scope name completion:
 *  - a subnet's CIDR: the next free block of a sensible size inside its VPC (and a few other sizes);
 *  - a VPC's CIDR: a /16 that overlaps no other VPC of the workspace;
 *  - `az`: the AZs declared in the region, with their AZ IDs;
 *  - region names; endpoint services and AWS services filtered by the endpoint's type (gateway endpoints
 *    exist only for S3 and DynamoDB; a GWLB endpoint needs a GWLB-backed service).
 */
import type { AstNode, AstNodeDescription, LangiumDocuments, MaybePromise, ReferenceInfo, Stream } from 'langium';
import { AstUtils, GrammarAST } from 'langium';
import {
    DefaultCompletionProvider,
    type CompletionAcceptor,
    type CompletionContext,
    type LangiumServices,
    type NextFeature,
} from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import * as ast from '../../src/language/generated/ast.js';
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

    /** Endpoint services and AWS services, filtered by what the endpoint's type can connect to. */
    protected override getReferenceCandidates(
        refInfo: ReferenceInfo,
        context: CompletionContext,
    ): Stream<AstNodeDescription> {
        const all = super.getReferenceCandidates(refInfo, context);
        const container = refInfo.container;
        if (!ast.isEndpoint(container) || refInfo.property !== 'service' || !container.kind) return all;
        return all.filter((d) => fitsEndpoint(container.kind, d.node));
    }
}

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
