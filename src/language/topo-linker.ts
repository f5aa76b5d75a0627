/**
 * Linking. Two things beyond Langium's default linker:
 * - errors in the user's vocabulary: "no route target named 'igw2' (expected an IGW, VGW, NAT gateway, …)"
 *   instead of the grammar's type names;
 * - speed: the parser hands the linker every reference it builds (buildReference), in source order, so linking a
 *   cleanly parsed document walks no tree; other documents (syntax errors, a spliced block reparse) are walked
 *   (ast-walk.ts). References are resolved with the scope provider's map lookups, and a simple name that the
 *   workspace index holds several times is remembered for the `ambiguous-reference` check, which therefore costs
 *   nothing extra.
 */
import type {
    AstNode,
    AstNodeDescription,
    CstNode,
    LangiumCoreServices,
    LangiumDocument,
    LinkingError,
    Reference,
    ReferenceInfo,
} from 'langium';
import { AstUtils, Cancellation, DefaultLinker, interruptAndCheck } from 'langium';
import * as ast from './generated/ast.js';
import { AstShapes } from './ast-walk.js';
import { kindAndName, type TopoScopeProvider, VPC_LOCAL_TYPES } from './topo-scope.js';
import { astTypeOfKind } from './model-builder/ast-ids.js';
import { ELEMENT_KINDS } from '../model/ids.js';
import { truncateCodePoints } from './error-messages.js';

const EXPECTED: Record<string, string> = {
    Account: 'account',
    Subnet: 'subnet',
    RouteTable: 'route table',
    EdgeGateway: 'internet gateway or virtual private gateway',
    Vgw: 'virtual private gateway',
    RouteTarget: 'route target (an IGW, VGW, NAT gateway, instance, ENI, endpoint, peering or transit gateway)',
    PrefixList: 'prefix list',
    ServiceTarget: 'service (an AWS service such as s3 or ssm, or an endpoint-service)',
    Targetable: 'load balancer target (an instance, ENI or load balancer)',
    LoadBalancer: 'load balancer',
    Vpc: 'VPC',
    TgwRouteTable: 'transit gateway route table',
    TgwAttachment: 'transit gateway attachment',
    Endpoint: 'endpoint',
    Instance: 'instance',
    Traceable:
        'element or DNS name to trace (an instance, ENI, subnet, service, endpoint, …, or a name a private zone record holds)',
};

/**
 * A name that several elements share where it is written: of the expected kind in several VPCs (through the
 * workspace index), or of several kinds where the position takes several (`via gwlbe-a`: a subnet and an endpoint).
 */
interface AmbiguousReference {
    readonly info: ReferenceInfo;
    /** Every candidate, the chosen one first. */
    readonly candidates: readonly AstNodeDescription[];
}

/** References resolved between two cancellation checks while the editor waits. */
const CHECK_EVERY = 512;

/**
 * A reference as the parser built it. The array index (read only for a linking error's range) is looked up when
 * asked: at build time the reference is not in its list yet.
 */
class RecordedReference implements ReferenceInfo {
    constructor(
        readonly reference: Reference,
        readonly container: AstNode,
        readonly property: string,
    ) {}

    get index(): number | undefined {
        const value = (this.container as unknown as Record<string, unknown>)[this.property];
        return Array.isArray(value) ? value.indexOf(this.reference) : undefined;
    }
}

export class TopoLinker extends DefaultLinker {
    private readonly shapes: AstShapes;
    private readonly ambiguous = new WeakMap<LangiumDocument, AmbiguousReference[]>();
    /** The references built since startRecording, while a parse runs. */
    private recording: RecordedReference[] | undefined;
    /** Per parsed root: its references in source order, kept for clean parses only (finishRecording). */
    private readonly recorded = new WeakMap<AstNode, readonly RecordedReference[]>();

    constructor(services: LangiumCoreServices) {
        super(services);
        this.shapes = AstShapes.of(services.shared.AstReflection);
    }

    /** Called by the parser (topo-parser.ts) before a parse: collect the references it builds. */
    startRecording(): void {
        this.recording = [];
    }

    /**
     * Called after the parse that produced `root`. The references are kept only when the parse was clean: error
     * recovery can drop nodes that already built references, and then only a walk knows what the tree holds.
     */
    finishRecording(root: AstNode | undefined, clean: boolean): void {
        const refs = this.recording;
        this.recording = undefined;
        if (root && refs && clean) this.recorded.set(root, refs);
    }

    override buildReference(node: AstNode, property: string, refNode: CstNode | undefined, refText: string): Reference {
        const reference = super.buildReference(node, property, refNode, refText);
        this.recording?.push(new RecordedReference(reference, node, property));
        return reference;
    }

    /** The references of a document's tree, in source order: as recorded by its parse, else by a walk. */
    referencesOf(root: AstNode): readonly ReferenceInfo[] {
        const recorded = this.recorded.get(root);
        // Every recorded container must be in the tree: the parser can merge a node into another one (an unassigned
        // rule call), and then its references belong to the node that survived.
        if (recorded && recorded.every((r) => r.container === root || r.container.$container !== undefined))
            return recorded;
        const infos: ReferenceInfo[] = [];
        this.shapes.forEachReference(root, (container, reference, property, index) => {
            infos.push({ reference, container, property, index });
        });
        return infos;
    }

    override async link(
        document: LangiumDocument,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        const infos = this.referencesOf(document.parseResult.value);
        const cancellable = cancelToken !== Cancellation.CancellationToken.None;
        for (let i = 0; i < infos.length; i++) {
            if (cancellable && i % CHECK_EVERY === 0) await interruptAndCheck(cancelToken);
            this.doLink(infos[i], document);
        }
    }

    override unlink(document: LangiumDocument): void {
        super.unlink(document);
        this.ambiguous.delete(document);
    }

    override getCandidate(refInfo: ReferenceInfo): AstNodeDescription | LinkingError {
        const scopes = this.scopeProvider as TopoScopeProvider;
        const { description, local, candidates } = scopes.resolve(refInfo);
        if (!description) return this.createLinkingError(refInfo);
        if (candidates.length > 1) this.noteAmbiguity(refInfo, description, candidates, local);
        return description;
    }

    /** The ambiguous simple names found while linking `document`, in document order. */
    ambiguitiesOf(document: LangiumDocument): readonly AmbiguousReference[] {
        return this.ambiguous.get(document) ?? [];
    }

    private noteAmbiguity(
        info: ReferenceInfo,
        chosen: AstNodeDescription,
        candidates: readonly AstNodeDescription[],
        local: boolean,
    ): void {
        // Among a container's own members only different kinds are ambiguous (the same kind twice is a
        // duplicate-name); through the index, a member of an enclosing container is the user's evident choice.
        if (!local) {
            const container = chosen.node?.$container;
            for (let n: AstNode | undefined = info.container; n; n = n.$container) {
                if (n === container) return;
            }
        }
        const root = AstUtils.findRootNode(info.container);
        const document = (root as { $document?: LangiumDocument }).$document;
        if (!document) return;
        const distinct = local ? oneOfEachType(candidates) : distinctNodes(candidates);
        if (distinct.length < 2) return;
        let list = this.ambiguous.get(document);
        if (!list) this.ambiguous.set(document, (list = []));
        list.push({ info, candidates: distinct });
    }

    override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const type = this.reflection.getReferenceType(refInfo);
        const what = EXPECTED[type] ?? type;
        const vpc = AstUtils.getContainerOfType(refInfo.container, ast.isVpc);
        const where = vpc && VPC_LOCAL_TYPES.has(type) ? ` in VPC ${vpc.name}` : '';
        const refText = refInfo.reference.$refText;
        const { type: kindType, name: fullName, kind } = kindAndName(refText, type, this.reflection);
        // A name is quoted at most 40 characters long: a pasted megabyte is not repeated in the message.
        const text = truncateCodePoints(refText);
        const name = truncateCodePoints(fullName);
        if (kind === undefined) return { ...error, message: `No ${what} named '${text}'${where}.` };
        if (kindType === undefined) {
            const kinds = this.kindsOf(type);
            const why = astTypeOfKind(kind)
                ? `a ${kind} is not one`
                : `'${truncateCodePoints(kind)}' is not a kind of element`;
            return { ...error, message: `No ${what} named '${text}': ${why} (write ${kinds.join(', ')}).` };
        }
        return { ...error, message: `No ${kind} named '${name}'${where}.` };
    }

    /** The kind words a reference of this type takes, as `subnet:<name>`. */
    private kindsOf(type: string): string[] {
        return ELEMENT_KINDS.filter((k) => {
            const t = astTypeOfKind(k);
            return t !== undefined && this.reflection.isSubtype(t, type);
        }).map((k) => `${k}:<name>`);
    }
}

/** Of several matches among one container's members, the first of each kind. */
function oneOfEachType(descriptions: readonly AstNodeDescription[]): AstNodeDescription[] {
    const seen = new Set<string>();
    return descriptions.filter((d) => !seen.has(d.type) && seen.add(d.type));
}

/** One description per element (an element is exported once under each of its names). */
function distinctNodes(descriptions: readonly AstNodeDescription[]): AstNodeDescription[] {
    const seen = new Set<unknown>();
    return descriptions.filter((d) => {
        const key = d.node ?? `${d.documentUri.toString()}#${d.path}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}
