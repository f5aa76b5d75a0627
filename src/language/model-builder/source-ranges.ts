/**
 * Source locations for the Topology: which properties' ranges are kept per AST type, and how they are read
 * from Langium's CST (lazily, in one walk per element).
 */
import type { AstNode, CompositeCstNode, CstNode } from 'langium';
import { AstUtils, GrammarAST } from 'langium';
import type * as T from '../../model/topology.js';

/** Which properties' ranges to keep per AST type (for precise diagnostics). */
export const PROPS: Partial<Record<string, readonly string[]>> = {
    Vpc: ['cidrs', 'account'],
    Subnet: ['cidr', 'az', 'routeTable'],
    RouteTable: ['main', 'edges', 'subnets'],
    Route: ['cidr', 'prefixList', 'target', 'local', 'blackhole'],
    Nat: ['subnet', 'eip', 'regional'],
    Instance: ['subnet', 'ip', 'publicIp', 'eip', 'sourceNat'],
    Eni: ['subnet', 'ip', 'publicIp', 'eip', 'sourceNat', 'instance'],
    Endpoint: [
        'kind',
        'service',
        'serviceRegion',
        'subnets',
        'routeTables',
        'privateDns',
        'accepted',
        'policy',
        'securityGroups',
    ],
    LoadBalancer: ['kind', 'subnets', 'targets', 'crossZone', 'internetFacing', 'internal'],
    EndpointService: ['loadBalancers', 'principals', 'acceptanceRequired', 'regions', 'privateDnsName'],
    Peering: ['requester', 'accepter'],
    TgwAttachment: ['vpc', 'subnets', 'applianceMode', 'association', 'propagations'],
    TgwRoute: ['cidr', 'attachment'],
    PrefixList: ['entries'],
    PrivateZone: ['vpcs', 'alias'],
    OnPremises: ['cidrs', 'vgws'],
    Trace: ['from', 'to', 'port', 'zone', 'region'],
    Expect: ['from', 'to', 'port', 'zone', 'region', 'reachable', 'blocked', 'via', 'reason'],
};

/**
 * Source locations are needed only where a finding is reported, which on a healthy topology is almost
 * nowhere, yet computing them for every element was most of the model's cost. So a Src computes its ranges
 * on first read and keeps them. It is the Topology's one class (object literals with getters cost a closure per
 * getter and fall out of V8's fast object shapes; at 10k lines that was a tenth of the analysis): the CST stays in
 * private fields, and `toJSON` makes it plain data again, `{ uri, range, name, props }`.
 */
class LazySrc implements T.Src {
    readonly #cst: CstNode;
    readonly #node: AstNode;
    readonly #wanted: readonly string[];
    #range: T.Range | undefined;
    #name: T.Range | undefined;
    #props: Record<string, T.Range[]> | undefined;

    constructor(
        readonly uri: string,
        cst: CstNode,
        node: AstNode,
        wanted: readonly string[],
    ) {
        this.#cst = cst;
        this.#node = node;
        this.#wanted = wanted;
    }

    get range(): T.Range {
        return (this.#range ??= plainRange(this.#cst.range));
    }

    get name(): T.Range | undefined {
        this.#load();
        return this.#name;
    }

    get props(): Readonly<Record<string, readonly T.Range[]>> {
        return this.#load();
    }

    #load(): Record<string, T.Range[]> {
        if (this.#props) return this.#props;
        const all = collectProps(this.#cst, this.#node, this.#wanted);
        this.#name = all['name']?.[0];
        const props: Record<string, T.Range[]> = {};
        for (const key of Object.keys(all)) if (key !== 'name') props[key] = all[key]!;
        return (this.#props = props);
    }

    toJSON(): T.Src {
        const name = this.name;
        return { uri: this.uri, range: this.range, ...(name ? { name } : {}), props: this.props };
    }
}

export function lazySrc(uri: string, cst: CstNode, node: AstNode, wanted: readonly string[]): T.Src {
    return new LazySrc(uri, cst, node, wanted);
}

/** The grammar feature a CST node assigns (`cidr`, `subnets`, …), cached per grammar element. */
const featureCache = new Map<unknown, string | null>();

function featureOf(cst: CstNode): string | null {
    const source = cst.grammarSource;
    if (!source) return null;
    let feature = featureCache.get(source);
    if (feature === undefined) {
        feature = AstUtils.getContainerOfType(source, GrammarAST.isAssignment)?.feature ?? null;
        featureCache.set(source, feature);
    }
    return feature;
}

/**
 * Ranges of the wanted properties (and the name) of one AST node, in one walk over its own CST: nested AST
 * nodes are skipped, and a node that carries an assignment is not descended into. This replaces one
 * findNodesForProperty walk per property, which dominated model building on large files.
 */
function collectProps(cst: CstNode, node: AstNode, wanted: readonly string[]): Record<string, T.Range[]> {
    const props: Record<string, T.Range[]> = {};
    const stack: CstNode[] = [];
    const pushChildren = (c: CstNode) => {
        const content = (c as CompositeCstNode).content;
        if (content) for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]);
    };
    pushChildren(cst);
    while (stack.length > 0) {
        const c = stack.pop()!;
        if (c.hidden) continue;
        if (c.astNode !== node) {
            // A nested AST node assigned to one of our properties (a principal, a target, a route): its whole range.
            const child = c.astNode;
            const prop = child.$container === node && child.$cstNode === c ? child.$containerProperty : undefined;
            if (prop && wanted.includes(prop)) (props[prop] ??= []).push(plainRange(c.range));
            continue;
        }
        const feature = featureOf(c);
        if (feature && (feature === 'name' || wanted.includes(feature))) {
            (props[feature] ??= []).push(plainRange(c.range));
            continue;
        }
        pushChildren(c);
    }
    return props;
}

/** CST ranges are plain-looking but not plain data; copy them so the Topology JSON round-trips exactly. */
function plainRange(r: T.Range): T.Range {
    return {
        start: { line: r.start.line, character: r.start.character },
        end: { line: r.end.line, character: r.end.character },
    };
}
