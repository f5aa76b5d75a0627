/**
 * Scoping. Every named element is exported to the workspace index under its simple name (a private zone's record
 * under its full DNS name), and members of a VPC or transit gateway also under `<container>.<name>`, so a provider
 * VPC in one file can be used from another (`backed-by inspection.inspect`). Local scopes (the default container
 * chain) make a VPC's own members win over same-named members of other VPCs.
 *
 * Built for speed, since it runs on every keystroke: one walk per document yields both the exports and the local
 * symbols (sharing their descriptions), descriptions compute their path and ranges only when asked, and the
 * linker resolves a name with map lookups (`resolve`) instead of building a scope object per reference.
 */
import type {
    AstNode,
    AstNodeDescription,
    AstNodeLocator,
    AstReflection,
    DocumentSegment,
    LangiumCoreServices,
    LangiumDocument,
    LocalSymbols,
    NameProvider,
    ReferenceInfo,
    Scope,
    ScopeComputation,
    Stream,
    URI,
} from 'langium';
import { AstUtils, CstUtils, DefaultScopeProvider, DocumentState, EMPTY_SCOPE, stream, WorkspaceCache } from 'langium';
import type * as ast from './generated/ast.js';
import { AstShapes } from './ast-walk.js';
import { astElementId, astTypeOfKind } from './model-builder/ast-ids.js';
import { preferredCandidates, splitKind, type NameCandidate, type NamePosition } from '../model/name-resolution.js';
import { recordFqdn } from '../net/dns-names.js';

/** name -> descriptions, in document order. */
type NameLevel = Map<string, AstNodeDescription[]>;

/** What a description needs to compute its lazy parts; one per service container. */
interface DescriptionContext {
    readonly locator: AstNodeLocator;
    readonly names: NameProvider;
}

/**
 * An index entry whose path and ranges are computed on first use: building the index is on the keystroke path,
 * while only a few of its entries are ever asked for their range (workspace symbols, find references).
 */
class LazyDescription implements AstNodeDescription {
    readonly type: string;
    private cachedPath: string | undefined;
    private cachedSelection: DocumentSegment | undefined;
    private cachedNameSegment: DocumentSegment | undefined;

    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly documentUri: URI,
        private readonly context: DescriptionContext,
    ) {
        this.type = node.$type;
    }

    get path(): string {
        return (this.cachedPath ??= this.context.locator.getAstNodePath(this.node));
    }

    get selectionSegment(): DocumentSegment | undefined {
        return (this.cachedSelection ??= CstUtils.toDocumentSegment(this.node.$cstNode));
    }

    get nameSegment(): DocumentSegment | undefined {
        return (this.cachedNameSegment ??= CstUtils.toDocumentSegment(
            this.context.names.getNameNode(this.node) ?? this.node.$cstNode,
        ));
    }
}

/** A document's local symbols: for each container, its named children by name. */
class TopoLocalSymbols implements LocalSymbols {
    constructor(readonly byContainer: ReadonlyMap<AstNode, NameLevel>) {}

    has(node: AstNode): boolean {
        return this.byContainer.has(node);
    }

    getStream(node: AstNode): Stream<AstNodeDescription> {
        const level = this.byContainer.get(node);
        return level ? stream(level.values()).flat() : stream([]);
    }
}

interface DocumentSymbols {
    readonly exports: AstNodeDescription[];
    readonly locals: TopoLocalSymbols;
}

export class TopoScopeComputation implements ScopeComputation {
    private readonly shapes: AstShapes;
    private readonly context: DescriptionContext;
    /** Per parsed root: the walk's result, so the exports and the local symbols phases walk the tree once. */
    private readonly computed = new WeakMap<AstNode, DocumentSymbols>();

    constructor(services: LangiumCoreServices) {
        this.shapes = AstShapes.of(services.shared.AstReflection);
        this.context = { locator: services.workspace.AstNodeLocator, names: services.references.NameProvider };
    }

    async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        return this.symbolsOf(document).exports;
    }

    async collectLocalSymbols(document: LangiumDocument): Promise<LocalSymbols> {
        return this.symbolsOf(document).locals;
    }

    private symbolsOf(document: LangiumDocument): DocumentSymbols {
        const root = document.parseResult.value;
        let symbols = this.computed.get(root);
        if (!symbols) {
            symbols = this.walk(root, document.uri);
            this.computed.set(root, symbols);
        }
        return symbols;
    }

    private walk(root: AstNode, uri: URI): DocumentSymbols {
        const exports: AstNodeDescription[] = [];
        const byContainer = new Map<AstNode, NameLevel>();
        const names = this.context.names;
        this.shapes.forEachNode(root, (node) => {
            const container = node.$container;
            if (!container) return;
            const written = names.getName(node);
            if (!written) return;
            // A private zone's record is known by its full DNS name (`trace web -> db.corp.internal`).
            const name =
                node.$type === 'DnsRecord' ? recordFqdn(written, (container as ast.PrivateZone).name ?? '') : written;
            const description = new LazyDescription(node, name, uri, this.context);
            exports.push(description);
            const qualifier = qualifierOf(node);
            if (qualifier) exports.push(new LazyDescription(node, `${qualifier}.${name}`, uri, this.context));
            let level = byContainer.get(container);
            if (!level) byContainer.set(container, (level = new Map<string, AstNodeDescription[]>()));
            const same = level.get(name);
            if (same) same.push(description);
            else level.set(name, [description]);
        });
        return { exports, locals: new TopoLocalSymbols(byContainer) };
    }
}

/** The VPC or transit gateway name that qualifies a member, if any. */
function qualifierOf(node: AstNode): string | undefined {
    const c = node.$container;
    if (c?.$type === 'Vpc' || c?.$type === 'TransitGateway')
        return (c as ast.Vpc | ast.TransitGateway).name || undefined;
    return undefined;
}

/**
 * Reference types that only make sense within one VPC: a subnet's route table, a table's subnets and edge
 * gateway, the subnets of a NAT, instance, endpoint or load balancer. From inside a VPC they resolve among
 * that VPC's own members only, so `routes rt-a` can never silently pick another VPC's `rt-a`.
 */
export const VPC_LOCAL_TYPES: ReadonlySet<string> = new Set(['Subnet', 'RouteTable', 'EdgeGateway']);

/** How a reference's name resolved. */
interface Resolution {
    readonly description: AstNodeDescription | undefined;
    /** Found among an enclosing container's own members (or the attached VPC's), before the workspace index. */
    readonly local: boolean;
    /**
     * Every element of the expected kinds the name could mean where it was found, the chosen one first: the
     * matches of the local level that had any, or those of the workspace index that name-resolution.ts keeps.
     */
    readonly candidates: readonly AstNodeDescription[];
}

const NOT_FOUND_LOCALLY: Resolution = { description: undefined, local: true, candidates: [] };

/**
 * A reference's text as a kind and a name: `subnet:gwlbe-a` names subnets only. The type is the reference's own
 * when no kind is written, and undefined when the kind word is no kind or one the reference cannot name.
 */
export function kindAndName(
    text: string,
    referenceType: string,
    reflection: AstReflection,
): { readonly type: string | undefined; readonly name: string; readonly kind?: string } {
    const { kind, name } = splitKind(text);
    if (kind === undefined) return { type: referenceType, name };
    const type = astTypeOfKind(kind);
    return { type: type && reflection.isSubtype(type, referenceType) ? type : undefined, name, kind };
}

export class TopoScopeProvider extends DefaultScopeProvider {
    /** The workspace index by name, and its view per reference type. Rebuilt after every indexing phase. */
    private readonly globalByName: WorkspaceCache<string, NameLevel>;
    private readonly globalByType: WorkspaceCache<string, NameLookup>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.globalByName = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
        this.globalByType = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
    }

    override getScope(context: ReferenceInfo): Scope {
        try {
            return this.computeScope(context);
        } catch {
            return EMPTY_SCOPE;
        }
    }

    protected override getGlobalScope(referenceType: string): Scope {
        return new NameMapScope(this.globalIndex(referenceType));
    }

    /** The linker's path: the element a reference names, by map lookups, and how it was found. */
    resolve(context: ReferenceInfo): Resolution {
        const referenceType = this.reflection.getReferenceType(context);
        const text = context.reference.$refText;
        let type: string | undefined = referenceType;
        let name = text;
        // Most references have no kind word: no allocation for them.
        if (text.includes(':')) ({ type, name } = kindAndName(text, referenceType, this.reflection));
        if (type === undefined) return NOT_FOUND_LOCALLY;
        const { levels, global } = this.levelsFor(context, referenceType);
        for (const level of levels) {
            const candidates = this.matching(level, name, type);
            if (candidates) return { description: candidates[0], local: true, candidates };
        }
        if (!global) return NOT_FOUND_LOCALLY;
        const all = this.globalIndex(type).get(name) ?? [];
        const candidates = this.preferred(all, context);
        return { description: candidates[0], local: false, candidates };
    }

    private computeScope(context: ReferenceInfo): Scope {
        const type = this.reflection.getReferenceType(context);
        const { levels, global } = this.levelsFor(context, type);
        return new IndexedChainScope(levels, type, this.reflection, global ? this.getGlobalScope(type) : EMPTY_SCOPE);
    }

    /**
     * The workspace's candidates that name-resolution.ts keeps: a user's element shadows the AWS service of the same
     * name, and in a trace end an endpoint named after its service stands for the service. Most names have one
     * candidate, and most positions no AWS service or endpoint: then nothing is computed.
     */
    private preferred(all: readonly AstNodeDescription[], context: ReferenceInfo): readonly AstNodeDescription[] {
        if (all.length < 2) return all;
        const position: NamePosition = context.container.$type === 'TraceEnd' ? 'trace-end' : 'reference';
        const relevant = all.some(
            (d) => d.type === 'AwsService' || (position === 'trace-end' && d.type === 'Endpoint'),
        );
        return relevant ? preferredCandidates(all, (d) => nameCandidate(d.node), position) : all;
    }

    /**
     * Where a reference looks, in order: the local levels (a container's named members, innermost first) and
     * whether the workspace index comes after them. A VPC-local type looks in its VPC only; a TGW attachment's
     * subnets look in the attachment's VPC first. One walk up, comparing `$type` rather than running reflection
     * checks: this runs for every reference of the workspace.
     */
    private levelsFor(context: ReferenceInfo, type: string): { levels: NameLevel[]; global: boolean } {
        let vpc: ast.Vpc | undefined;
        let root: AstNode = context.container;
        for (let n: AstNode | undefined = context.container; n; n = n.$container) {
            if (!vpc && n.$type === 'Vpc') vpc = n as ast.Vpc;
            root = n;
        }
        const levels: NameLevel[] = [];
        const add = (level: NameLevel | undefined): void => void (level && levels.push(level));
        if (vpc && VPC_LOCAL_TYPES.has(type)) {
            add(this.levelOf(vpc));
            return { levels, global: false };
        }
        const attached = this.attachedVpc(context);
        if (attached) add(this.levelOf(attached));
        const locals = localSymbolsOf((root as { $document?: LangiumDocument }).$document);
        if (locals)
            for (let n: AstNode | undefined = context.container; n; n = n.$container) add(locals.byContainer.get(n));
        return { levels, global: true };
    }

    /** For a TGW attachment's `subnets`, the attachment's VPC (if it resolves). */
    private attachedVpc(context: ReferenceInfo): ast.Vpc | undefined {
        if (context.property !== 'subnets' || context.container.$type !== 'TgwAttachment') return undefined;
        try {
            return (context.container as ast.TgwAttachment).vpc?.ref;
        } catch {
            return undefined;
        }
    }

    private levelOf(vpc: ast.Vpc): NameLevel | undefined {
        return localSymbolsOf(AstUtils.getDocument(vpc))?.byContainer.get(vpc);
    }

    /** The level's elements of the type with that name, or undefined; allocates only when the name has several. */
    private matching(level: NameLevel, name: string, type: string): readonly AstNodeDescription[] | undefined {
        const list = level.get(name);
        if (!list) return undefined;
        if (list.length === 1) return this.reflection.isSubtype(list[0].type, type) ? list : undefined;
        const found = list.filter((d) => this.reflection.isSubtype(d.type, type));
        return found.length > 0 ? found : undefined;
    }

    /**
     * The workspace index of one reference type, by name. Built from one by-name map of every export, filtered per
     * name on first use: Langium's per-type view filters every export of every document once per reference type.
     */
    private globalIndex(type: string): NameLookup {
        return this.globalByType.get(type, () => new TypedNameLookup(this.allByName(), type, this.reflection));
    }

    private allByName(): NameLevel {
        return this.globalByName.get('*', () => {
            const byName: NameLevel = new Map();
            for (const d of this.indexManager.allElements()) {
                const same = byName.get(d.name);
                if (same) same.push(d);
                else byName.set(d.name, [d]);
            }
            return byName;
        });
    }
}

/** Names to descriptions: a local level, or the workspace index of one type. */
interface NameLookup {
    get(name: string): readonly AstNodeDescription[] | undefined;
    values(): Iterable<readonly AstNodeDescription[]>;
}

/** A by-name view of the whole index restricted to one type; each name is filtered once, when first asked. */
class TypedNameLookup implements NameLookup {
    private readonly filtered = new Map<string, readonly AstNodeDescription[]>();
    private complete = false;

    constructor(
        private readonly all: NameLevel,
        private readonly type: string,
        private readonly reflection: AstReflection,
    ) {}

    get(name: string): readonly AstNodeDescription[] | undefined {
        let list = this.filtered.get(name);
        if (list === undefined) {
            list = (this.all.get(name) ?? []).filter((d) => this.reflection.isSubtype(d.type, this.type));
            this.filtered.set(name, list);
        }
        return list.length > 0 ? list : undefined;
    }

    /** Completion asks for everything: filter every name. */
    values(): Iterable<readonly AstNodeDescription[]> {
        if (!this.complete) {
            for (const name of this.all.keys()) this.get(name);
            this.complete = true;
        }
        return [...this.filtered.values()].filter((l) => l.length > 0);
    }
}

/** What name-resolution.ts needs to know of a declaration: its id, its name, and an endpoint's service. */
export function nameCandidate(node: AstNode | undefined): NameCandidate | undefined {
    const id = node && astElementId(node);
    if (!node || !id) return undefined;
    const name = (node as { name?: string }).name ?? '';
    if (node.$type !== 'Endpoint') return { id, name };
    let service: AstNode | undefined;
    try {
        service = (node as ast.Endpoint).service?.ref;
    } catch {
        service = undefined;
    }
    const serves = service && astElementId(service);
    return serves ? { id, name, serves } : { id, name };
}

function localSymbolsOf(document: LangiumDocument | undefined): TopoLocalSymbols | undefined {
    const symbols = document?.localSymbols;
    return symbols instanceof TopoLocalSymbols ? symbols : undefined;
}

/** The workspace index of one reference type, looked up by name. */
class NameMapScope implements Scope {
    constructor(private readonly byName: NameLookup) {}

    getElement(name: string): AstNodeDescription | undefined {
        return this.byName.get(name)?.[0];
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.byName.get(name) ?? []);
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.byName.values()).flat();
    }
}

/** Local levels (innermost first) looked up by name, then the outer (global) scope. */
class IndexedChainScope implements Scope {
    constructor(
        private readonly levels: readonly NameLevel[],
        private readonly type: string,
        private readonly reflection: AstReflection,
        private readonly outer: Scope,
    ) {}

    private local(name: string): AstNodeDescription[] {
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
        const locals = this.levels
            .flatMap((l) => [...l.values()].flat())
            .filter((d) => this.reflection.isSubtype(d.type, this.type));
        return stream(locals).concat(this.outer.getAllElements());
    }
}
