/**
 * AST -> Topology. Two passes: the first gives every named node its id (so references can be translated
 * without caring about declaration order or file order); the second builds the plain elements and
 * materialises the derived facts: effective route tables, local routes, gateway-endpoint prefix-list
 * routes, endpoint ENIs per AZ, propagated TGW routes and AZ name <-> AZ ID per account.
 *
 * It never throws on a partial AST (half-typed files parse with recovery): nameless nodes are skipped,
 * unresolved references are left out here and reported by the linker.
 */
import type { AstNode, MultiReference, Reference } from 'langium';
import * as ast from '../generated/ast.js';
import { type Cidr, parseCidr, parseIp } from '../../net/cidr.js';
import type { TopoDiagnostic } from '../../model/diagnostic.js';
import { elementId, elementRef, qualify, type Id } from '../../model/ids.js';
import { asNodeId, astElementId, childrenOf, forEachItem, kindOf, unquote, type NodeId } from './ast-ids.js';
import { resolveAz } from '../../model/az.js';
import { materialiseTgwRoutes } from '../../model/tgw-propagation.js';
import {
    deriveEndpointServiceRegions,
    deriveHostRoles,
    deriveRouteTables,
    type Mutable,
} from '../../model/derived-facts.js';
import { lazySrc, PROPS } from './source-ranges.js';
import { duplicateNameIssue, invalidValueIssue } from './model-issues.js';
import { traceStatement } from './trace-statements.js';
import { valueIssues } from './value-issues.js';
import {
    copyElement,
    type ElementList,
    type Fragment,
    fragmentKey,
    FragmentRecorder,
    globalsFingerprint,
    type ModelCache,
} from './model-cache.js';
import type * as T from '../../model/topology.js';

interface TopoSource {
    readonly uri: string;
    readonly model: ast.Model;
    /** The document's references in link order: with them, a ModelCache can reuse its elements (model-cache.ts). */
    readonly references?: ReadonlyArray<Reference | MultiReference>;
    /**
     * Build only these items (region items and top-level statements; server/early-diagnostics.ts). Not with a cache.
     */
    readonly focus?: ReadonlySet<AstNode>;
}

interface BuildResult {
    readonly topology: T.Topology;
    readonly issues: readonly TopoDiagnostic[]; // found while building: invalid CIDRs, duplicate names
}

/** A reference's target, or undefined when resolving it fails (a half-typed file). */
function deref<N extends AstNode>(ref: Reference<N> | undefined): N | undefined {
    try {
        return ref?.ref;
    } catch {
        return undefined;
    }
}

/**
 * With a cache (the editor's), the elements of documents whose inputs did not change are reused. `partial`: the
 * sources are part of a workspace; a reference to an element of another document keeps that element's id (its
 * route, say, stays) although the element is not built. Without it such references count as unresolved.
 */
export function buildTopology(sources: readonly TopoSource[], cache?: ModelCache, partial = false): BuildResult {
    return new TopologyBuilder(sources, cache, partial).build();
}

class TopologyBuilder {
    private readonly ids = new Map<AstNode, Id>();
    /** Document URI by root node: every node's URI is its root's (found by walking up `$container`). */
    private readonly rootUris = new Map<AstNode, string>();
    private readonly issues: TopoDiagnostic[] = [];
    private readonly byId: Record<string, T.Element> = {};
    private readonly t: Mutable<Omit<T.Topology, 'byId'>> = {
        accounts: [],
        regions: [],
        vpcs: [],
        subnets: [],
        routeTables: [],
        igws: [],
        vgws: [],
        nats: [],
        hosts: [],
        endpoints: [],
        awsServices: [],
        loadBalancers: [],
        endpointServices: [],
        prefixLists: [],
        peerings: [],
        transitGateways: [],
        tgwAttachments: [],
        tgwRouteTables: [],
        privateZones: [],
        onPremises: [],
        traces: [],
    };
    private readonly regionAzs = new Map<string, Map<string, T.AzRef>>();
    private readonly accountsById = new Map<string, T.Account>();

    constructor(
        private readonly sources: readonly TopoSource[],
        private readonly cache?: ModelCache,
        private readonly partial = false,
    ) {}

    private readonly recorder = new FragmentRecorder();
    private listNames: Map<unknown, ElementList> | undefined;

    build(): BuildResult {
        for (const s of this.sources) {
            this.rootUris.set(s.model, s.uri);
            this.assignIds(s.model, s.uri, undefined);
        }
        for (const s of this.sources) {
            this.collectAccountsAndRegions(s.model);
            if (!s.focus) this.issues.push(...valueIssues(s.model, s.uri));
        }
        const cache = this.duplicates ? undefined : this.cache;
        const globals = cache ? globalsFingerprint(this.t.accounts, this.regionAzs) : '';
        for (const s of this.sources) {
            const key = cache && s.references ? fragmentKey(s.references, (n) => this.ids.get(n), globals) : undefined;
            const fragment = key !== undefined ? cache!.get(s.model, key) : undefined;
            if (fragment) this.replay(fragment);
            else if (key !== undefined)
                cache!.set(
                    s.model,
                    this.recorder.capture(
                        key,
                        () => this.statements(s, 'elements'),
                        this.issues,
                        this.pendingAssociations,
                    ),
                );
            this.statements(s, key !== undefined ? 'traces' : 'all');
        }
        // Service regions first: an endpoint without `region` defaults to its endpoint service's region.
        deriveEndpointServiceRegions(this.t, this.byId);
        deriveRouteTables(this.t, this.byId, this.pendingAssociations);
        deriveHostRoles(this.t.hosts);
        materialiseTgwRoutes(this.t.tgwRouteTables, this.t.tgwAttachments, this.byId);
        return { topology: { ...this.t, byId: this.byId }, issues: this.issues };
    }

    /** A document's statements: everything, its elements only, or its traces only (traces are never cached). */
    private statements(s: TopoSource, which: 'all' | 'elements' | 'traces'): void {
        forEachItem(s.model, which, (item, region) =>
            s.focus && !s.focus.has(item) ? undefined : this.regionItem(item, region),
        );
    }

    /** A cached document's elements, as fresh copies (the derived facts change them). */
    private replay(f: Fragment): void {
        for (const [list, e] of f.elements) this.add(this.t[list], copyElement(e));
        this.pendingAssociations.push(...f.associations);
        this.issues.push(...f.issues);
    }

    // ------------------------------------------------------------------ pass 1: ids

    private assignIds(node: AstNode, uri: string, container: string | undefined): void {
        const name = (node as { name?: unknown }).name;
        let childContainer = container;
        const kind = kindOf(node);
        if (kind && typeof name === 'string' && name.length > 0) {
            // Kinds, not reflection checks (isVpc and the like): this runs for every element of a big workspace.
            const top = kind === 'vpc' || kind === 'transit-gateway';
            const qualified = top || kind === 'account' || kind === 'region' ? name : qualify(container, name);
            if (top) childContainer = name;
            const id = elementId(kind, qualified);
            // Regions may be written in several files: they merge. Everything else must be unique.
            if (kind !== 'region' && this.seen.has(id)) {
                this.duplicate(node, uri, id);
                this.ids.set(node, elementId(kind, `${qualified}#${this.ids.size}`));
            } else {
                this.ids.set(node, id);
                this.seen.add(id);
            }
        }
        const children = childrenOf(node);
        for (let i = 0; i < children.length; i++) this.assignIds(children[i], uri, childContainer);
    }

    private readonly seen = new Set<string>();

    /** Whether any name is declared twice (then nothing is cached: a duplicate's id depends on order). */
    private duplicates = false;

    private duplicate(node: AstNode, uri: string, id: string): void {
        this.duplicates = true;
        this.report(duplicateNameIssue(node, uri, id));
    }

    private report(issue: TopoDiagnostic | undefined): void {
        if (issue) this.issues.push(issue);
    }

    /** The id pass 1 gave the node (made from kindOf(node), so of N's kind). */
    private idOf<N extends AstNode>(node: N | undefined): NodeId<N> | undefined {
        if (!node) return undefined;
        const id = this.ids.get(node);
        return id !== undefined ? asNodeId(node, id) : this.partial ? astElementId(node) : undefined;
    }

    refId<N extends AstNode>(ref: Reference<N> | undefined): NodeId<N> | undefined {
        return this.idOf(deref(ref));
    }

    refIds<N extends AstNode>(refs: ReadonlyArray<Reference<N>> | undefined): NodeId<N>[] {
        const out: NodeId<N>[] = [];
        for (const r of refs ?? []) {
            const id = this.refId(r);
            if (id && !out.includes(id)) out.push(id);
        }
        return out;
    }

    /** A `propagate` list's route tables, and where each is written when that differs from its place among them. */
    private propagationsOf(refs: ReadonlyArray<Reference<ast.TgwRouteTable>> | undefined): {
        propagations: NodeId<ast.TgwRouteTable>[];
        propagationsWritten?: number[];
    } {
        const propagations: NodeId<ast.TgwRouteTable>[] = [];
        const written: number[] = [];
        (refs ?? []).forEach((r, i) => {
            const id = this.refId(r);
            if (!id || propagations.includes(id)) return;
            propagations.push(id);
            written.push(i);
        });
        return written.every((w, i) => w === i) ? { propagations } : { propagations, propagationsWritten: written };
    }

    /** The document a node was written in: its root's (sources are whole documents). */
    private uriOf(node: AstNode): string | undefined {
        let n: AstNode = node;
        while (n.$container) n = n.$container;
        return this.rootUris.get(n);
    }

    src(node: AstNode): T.Src | undefined {
        const cst = node.$cstNode;
        const uri = this.uriOf(node);
        if (!cst || !uri) return undefined;
        return lazySrc(uri, cst, node, PROPS[node.$type] ?? []);
    }

    private add<E extends T.Element>(list: E[], element: E): E {
        list.push(element);
        this.byId[element.id] = element;
        if (this.recorder.capturing) {
            this.listNames ??= new Map(Object.entries(this.t).map(([k, v]) => [v, k as ElementList]));
            this.recorder.added(this.listNames.get(list)!, element);
        }
        return element;
    }

    private cidr(text: string | undefined, node: AstNode, prop: string, index: number): Cidr | undefined {
        if (!text) return undefined;
        if (text.includes(':')) return this.ipv6(text, node, prop, index);
        const parsed = parseCidr(text);
        if (parsed.ok) return parsed.cidr;
        this.report(
            invalidValueIssue(
                'cidr-invalid',
                `'${text}' is not a valid IPv4 CIDR block: ${parsed.error}.`,
                node,
                this.uriOf(node),
                prop,
                index,
            ),
        );
        return undefined;
    }

    /** The address if it is a valid IPv4 one; else reported (an IPv6 one as not supported) and undefined. */
    ip(text: string | undefined, node: AstNode, prop: string): string | undefined {
        if (!text) return undefined;
        if (text.includes(':')) return this.ipv6(text, node, prop, 0);
        const parsed = parseIp(text);
        if (parsed.ok) return text;
        this.report(
            invalidValueIssue(
                'ip-invalid',
                `'${text}' is not a valid IPv4 address: ${parsed.error}.`,
                node,
                this.uriOf(node),
                prop,
            ),
        );
        return undefined;
    }

    /**
     * An IPv6 block or address: Topo models IPv4 only, so it is reported once, on its token, and left out of the
     * model; the rest of the file is still checked.
     */
    private ipv6(text: string, node: AstNode, prop: string, index: number): undefined {
        const what = text.includes('/') ? 'block' : 'address';
        this.report(
            invalidValueIssue(
                'ipv6-unsupported',
                `IPv6 is not supported yet: the ${what} ${text} is left out, and nothing about it is checked.`,
                node,
                this.uriOf(node),
                prop,
                index,
            ),
        );
        return undefined;
    }

    // ------------------------------------------------------------------ accounts, regions, AZs

    private collectAccountsAndRegions(model: ast.Model): void {
        for (const st of model.statements ?? []) {
            if (ast.isAccount(st)) {
                const id = this.idOf(st);
                if (!id) continue;
                const azIds: Record<string, string> = {};
                for (const m of st.azMappings ?? []) if (m.azName && m.azId) azIds[m.azName] = m.azId;
                const account = this.add(this.t.accounts, {
                    id,
                    kind: 'account',
                    name: st.name,
                    src: this.src(st),
                    accountId: st.accountId ?? '',
                    azIds,
                });
                if (account.accountId) this.accountsById.set(account.accountId, account);
            } else if (ast.isRegion(st) && st.name) {
                const id = elementId('region', st.name);
                let azs = this.regionAzs.get(st.name);
                if (!azs) {
                    azs = new Map();
                    this.regionAzs.set(st.name, azs);
                    this.add(this.t.regions, { id, kind: 'region', name: st.name, src: this.src(st), azs: [] });
                }
                for (const az of st.azs ?? []) {
                    if (!az.name) continue;
                    const full = az.name.startsWith(st.name) ? az.name : `${st.name}${az.name}`;
                    if (!azs.has(full)) azs.set(full, { name: full, id: az.azId });
                }
                (this.byId[id] as Mutable<T.Region>).azs = [...azs.values()];
            }
        }
    }

    private az(written: string | undefined, region: string, account: string | undefined): T.AzRef | undefined {
        if (!written) return undefined;
        return resolveAz(
            written,
            region,
            this.regionAzs.get(region),
            account ? this.accountsById.get(account) : undefined,
        );
    }

    private accountOf(ref: Reference<ast.Account> | undefined): string | undefined {
        const id = this.refId(ref);
        const acc = id ? (this.byId[id] as T.Account | undefined) : undefined;
        return acc?.accountId || undefined;
    }

    // ------------------------------------------------------------------ pass 2: elements

    private regionItem(item: ast.RegionItem | ast.AwsService, region: string | undefined): void {
        if (ast.isVpc(item)) this.vpc(item, region ?? '');
        else if (ast.isEndpointService(item)) this.endpointService(item, region);
        else if (ast.isPeering(item)) this.peering(item);
        else if (ast.isTransitGateway(item)) this.tgw(item, region);
        else if (ast.isPrefixList(item)) this.prefixList(item);
        else if (ast.isPrivateZone(item)) this.privateZone(item);
        else if (ast.isOnPremises(item)) this.onPremises(item);
        else if (ast.isAwsService(item)) this.awsService(item);
        else if (ast.isTrace(item) || ast.isExpect(item)) this.traceStatement(item, region);
    }

    private vpc(node: ast.Vpc, region: string): void {
        const id = this.idOf(node);
        if (!id) return;
        const account = this.accountOf(node.account);
        const cidrs = (node.cidrs ?? []).map((c, i) => this.cidr(c, node, 'cidrs', i)).filter((c): c is Cidr => !!c);
        const vpc = this.add(this.t.vpcs, {
            id,
            kind: 'vpc',
            name: node.name,
            src: this.src(node),
            region,
            account,
            cidrs,
            dnsSupport: !node.noDnsSupport,
            dnsHostnames: node.dnsHostnames,
            subnets: [],
            routeTables: [],
            // Set by deriveRouteTables: the declared main table, else the implicit one (this id).
            mainRouteTable: elementId('route-table', `${node.name}.(main)`),
            igws: [],
            vgws: [],
        }) as Mutable<T.Vpc>;
        const ctx: VpcCtx = { vpc, region, account };
        for (const m of node.members ?? []) this.vpcMember(m, ctx);
    }

    /** A member's id (typed by its kind) with its name and source; undefined for a nameless member. */
    private baseOf<N extends ast.VpcMember>(m: N): { id: NodeId<N>; name: string; src: T.Src | undefined } | undefined {
        const id = this.idOf(m);
        return id ? { id, name: m.name, src: this.src(m) } : undefined;
    }

    private vpcMember(m: ast.VpcMember, ctx: VpcCtx): void {
        const vpc = ctx.vpc.id;
        // `$type` comparisons: these grammar types have no subtypes, and reflection lookups added up on big files.
        if (m.$type === 'Subnet') {
            const base = this.baseOf(m);
            if (!base) return;
            ctx.vpc.subnets.push(base.id);
            this.add(this.t.subnets, {
                id: base.id,
                name: base.name,
                src: base.src,
                kind: 'subnet',
                vpc,
                cidr: this.cidr(m.cidr, m, 'cidr', 0),
                az: this.az(m.az, ctx.region, ctx.account),
                associations: this.refIds(m.routeTable ? [m.routeTable] : []),
                // Set by deriveRouteTables: the single association, else the VPC's main table.
                routeTable: ctx.vpc.mainRouteTable,
            });
        } else if (m.$type === 'RouteTable') {
            const base = this.baseOf(m);
            if (!base) return;
            ctx.vpc.routeTables.push(base.id);
            this.routeTable(m, base, ctx);
        } else if (m.$type === 'Igw') {
            const base = this.baseOf(m);
            if (!base) return;
            ctx.vpc.igws.push(base.id);
            this.add(this.t.igws, { id: base.id, name: base.name, src: base.src, kind: 'igw', vpc });
        } else if (m.$type === 'Vgw') {
            const base = this.baseOf(m);
            if (!base) return;
            ctx.vpc.vgws.push(base.id);
            this.add(this.t.vgws, { id: base.id, name: base.name, src: base.src, kind: 'vgw', vpc });
        } else if (m.$type === 'Nat') {
            const base = this.baseOf(m);
            if (!base) return;
            const subnet = this.refId(m.subnet);
            this.add(this.t.nats, {
                id: base.id,
                name: base.name,
                src: base.src,
                kind: 'nat',
                vpc,
                subnet: m.regional ? undefined : subnet,
                az: m.regional ? undefined : this.subnetAz(m.subnet),
                regional: m.regional,
                connectivity: m.private ? 'private' : 'public',
                eip: m.eip,
                eipAddress: this.ip(m.eipAddress, m, 'eipAddress'),
            });
        } else if (m.$type === 'Instance' || m.$type === 'Eni') {
            const base = this.baseOf(m);
            if (!base) return;
            const attachedTo = m.$type === 'Eni' ? this.refId(m.instance) : undefined;
            this.add(this.t.hosts, {
                id: base.id,
                name: base.name,
                src: base.src,
                kind: m.$type === 'Instance' ? 'instance' : 'eni',
                vpc,
                subnet: this.refId(m.subnet),
                az: this.subnetAz(m.subnet),
                ip: this.ip(m.ip, m, 'ip'),
                publicIp: m.publicIp || m.eip,
                publicAddress: this.ip(
                    m.publicAddress ?? m.eipAddress,
                    m,
                    m.publicAddress ? 'publicAddress' : 'eipAddress',
                ),
                eip: m.eip,
                appliance: m.appliance || m.sourceNat,
                sourceNat: m.sourceNat,
                ...(attachedTo ? { attachedTo } : {}),
            });
        } else if (m.$type === 'Endpoint') {
            const base = this.baseOf(m);
            if (!base) return;
            this.endpoint(m, base, ctx);
        } else if (m.$type === 'LoadBalancer') {
            const base = this.baseOf(m);
            if (!base) return;
            const subnets = this.refIds(m.subnets);
            const azs: T.AzRef[] = [];
            for (const s of subnets) {
                const az =
                    (this.byId[s] as T.Subnet | undefined)?.az ??
                    this.subnetAz(m.subnets.find((r) => this.refId(r) === s));
                if (az && !azs.some((a) => a.name === az.name)) azs.push(az);
            }
            const targets: T.LbTargetRef[] = [];
            (m.targets ?? []).forEach((t, index) => {
                if (t.ip) {
                    const ip = this.ip(t.ip, t, 'ip');
                    if (ip) targets.push({ kind: 'ip', ip, index });
                } else if (t.function) targets.push({ kind: 'lambda', function: t.function, index });
                else {
                    const tid = this.refId(t.ref);
                    if (tid) targets.push({ ...elementRef(tid), index });
                }
            });
            this.add(this.t.loadBalancers, {
                id: base.id,
                name: base.name,
                src: base.src,
                kind: 'load-balancer',
                lbType: m.kind,
                // Internal unless written internet-facing (docs/language.md, "Load balancers", says why).
                scheme: m.internetFacing && !m.internal && m.kind !== 'gwlb' ? 'internet-facing' : 'internal',
                vpc,
                subnets,
                azs,
                crossZone: m.crossZone,
                targets,
            });
        } else if (m.$type === 'EndpointService') {
            this.endpointService(m, ctx.region);
        } else if (m.$type === 'PrefixList') {
            this.prefixList(m);
        }
    }

    /** The AZ of a referenced subnet, resolved from the AST (the subnet element may not be built yet). */
    private subnetAz(ref: Reference<ast.Subnet> | undefined): T.AzRef | undefined {
        const node = deref(ref);
        if (!node) return undefined;
        // Every host, NAT and endpoint ENI asks for its subnet's AZ: resolve each subnet once.
        if (this.subnetAzs.has(node)) return this.subnetAzs.get(node);
        const vpcNode = node.$container;
        const region = vpcNode?.$container?.$type === 'Region' ? vpcNode.$container.name : '';
        const az = this.az(node.az, region, this.accountOf(vpcNode?.account));
        this.subnetAzs.set(node, az);
        return az;
    }

    private readonly subnetAzs = new Map<ast.Subnet, T.AzRef | undefined>();

    private routeTable(m: ast.RouteTable, base: Pick<T.RouteTable, 'id' | 'name' | 'src'>, ctx: VpcCtx): void {
        const routes: T.Route[] = [];
        for (const r of m.routes ?? []) {
            const src = this.src(r);
            let destination: T.RouteDestination | undefined;
            if (r.cidr) {
                const c = this.cidr(r.cidr, r, 'cidr', 0);
                if (c) destination = { kind: 'cidr', cidr: c };
            } else {
                const pl = this.refId(r.prefixList);
                if (pl) destination = { kind: 'prefix-list', prefixList: pl };
            }
            if (!destination) continue;
            let target: T.RouteTargetRef | undefined;
            if (r.local) target = { kind: 'local' };
            else if (r.blackhole) target = { kind: 'blackhole' };
            else {
                const tid = this.refId(r.target);
                if (tid) target = elementRef(tid);
            }
            if (!target) continue;
            const origin: T.RouteOrigin = target.kind === 'local' ? 'local' : r.propagated ? 'propagated' : 'static';
            const route: Mutable<T.Route> = { destination, target, origin, src };
            if (r.propagated && r.origin) route.propagation = r.origin;
            routes.push(route);
        }
        const rt: Mutable<T.RouteTable> = {
            id: base.id,
            name: base.name,
            src: base.src,
            kind: 'route-table',
            vpc: ctx.vpc.id,
            main: m.main,
            implicit: false,
            edges: this.refIds(m.edges),
            subnets: [],
            routes,
        };
        this.add(this.t.routeTables, rt);
        for (const s of this.refIds(m.subnets)) this.pendingAssociations.push([s, rt.id]);
    }

    private readonly pendingAssociations: Array<readonly [subnet: Id<'subnet'>, table: Id<'route-table'>]> = [];

    private endpoint(m: ast.Endpoint, base: Pick<T.Endpoint, 'id' | 'name' | 'src'>, ctx: VpcCtx): void {
        let service: T.ServiceRef;
        const target = deref(m.service);
        const awsId = target && ast.isAwsService(target) ? this.idOf(target) : undefined;
        const serviceId = target && ast.isEndpointService(target) ? this.idOf(target) : undefined;
        if (target && awsId) service = { kind: 'aws', id: awsId, name: target.name };
        else if (serviceId) service = { kind: 'endpoint-service', id: serviceId };
        else service = { kind: 'unresolved', text: m.service?.$refText ?? '' };
        const subnets = this.refIds(m.subnets);
        const enis: T.EndpointEni[] =
            m.kind === 'gateway'
                ? []
                : subnets.map((s) => ({ subnet: s, az: this.subnetAz(m.subnets.find((r) => this.refId(r) === s)) }));
        this.add(this.t.endpoints, {
            id: base.id,
            name: base.name,
            src: base.src,
            kind: 'endpoint',
            endpointType: m.kind,
            vpc: ctx.vpc.id,
            service,
            serviceRegion: m.serviceRegion ?? '',
            subnets,
            enis,
            routeTables: this.refIds(m.routeTables),
            privateDns: m.privateDns,
            privateDnsInboundOnly: m.inboundOnly,
            accepted: m.accepted,
            policy: m.policy,
            securityGroups: [...(m.securityGroups ?? [])],
        });
    }

    private awsService(m: ast.AwsService): void {
        const id = this.idOf(m);
        if (!id) return;
        this.add(this.t.awsServices, {
            id,
            kind: 'aws-service',
            name: m.name,
            src: this.src(m),
            gateway: m.gateway,
            interface: m.interface,
            crossRegion: m.crossRegion,
            dns: m.dnsName ? unquote(m.dnsName) : `${m.name}.{region}.amazonaws.com`,
        });
    }

    private endpointService(m: ast.EndpointService, region: string | undefined): void {
        const id = this.idOf(m);
        if (!id) return;
        const principals: T.Principal[] = (m.principals ?? []).map((p): T.Principal => {
            if (p.all) return { kind: 'any' };
            if (p.accountId) return { kind: 'account', accountId: p.accountId };
            if (p.arn) {
                const arn = unquote(p.arn);
                return { kind: 'arn', arn, accountId: /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] };
            }
            const accId = this.refId(p.account);
            const acc = accId ? (this.byId[accId] as T.Account | undefined) : undefined;
            return { kind: 'account', accountId: acc?.accountId ?? '', account: accId };
        });
        this.add(this.t.endpointServices, {
            id,
            kind: 'endpoint-service',
            name: m.name,
            src: this.src(m),
            loadBalancers: this.refIds(m.loadBalancers),
            backing: 'none',
            acceptanceRequired: m.acceptanceRequired,
            principals,
            supportedRegions: [...(m.regions ?? [])],
            privateDnsName: m.privateDnsName,
            region,
        });
    }

    private prefixList(m: ast.PrefixList): void {
        const id = this.idOf(m);
        if (!id) return;
        const entries = (m.entries ?? []).map((c, i) => this.cidr(c, m, 'entries', i)).filter((c): c is Cidr => !!c);
        this.add(this.t.prefixLists, { id, kind: 'prefix-list', name: m.name, src: this.src(m), entries });
    }

    private peering(m: ast.Peering): void {
        const id = this.idOf(m);
        const requester = this.refId(m.requester);
        const accepter = this.refId(m.accepter);
        if (!id || !requester || !accepter) return;
        this.add(this.t.peerings, {
            id,
            kind: 'peering',
            name: m.name,
            src: this.src(m),
            requester,
            accepter,
            pending: m.pending,
        });
    }

    private tgw(m: ast.TransitGateway, region: string | undefined): void {
        const id = this.idOf(m);
        if (!id) return;
        const tgw = this.add(this.t.transitGateways, {
            id,
            kind: 'transit-gateway',
            name: m.name,
            src: this.src(m),
            region,
            account: this.accountOf(m.account),
            attachments: [],
            routeTables: [],
        }) as Mutable<T.TransitGateway>;
        for (const member of m.members ?? []) {
            if (ast.isTgwAttachment(member)) {
                const mid = this.idOf(member);
                if (!mid) continue;
                const vpc = this.refId(member.vpc);
                if (!vpc) continue;
                tgw.attachments.push(mid);
                const subnets = this.refIds(member.subnets);
                const azs: T.AzRef[] = [];
                for (const r of member.subnets ?? []) {
                    const az = this.subnetAz(r);
                    if (az && !azs.some((a) => a.name === az.name)) azs.push(az);
                }
                this.add(this.t.tgwAttachments, {
                    id: mid,
                    kind: 'tgw-attachment',
                    name: member.name,
                    src: this.src(member),
                    tgw: id,
                    vpc,
                    subnets,
                    azs,
                    applianceMode: member.applianceMode,
                    association: this.refId(member.association),
                    ...this.propagationsOf(member.propagations),
                });
            } else {
                const mid = this.idOf(member);
                if (!mid) continue;
                tgw.routeTables.push(mid);
                const routes: T.TgwRoute[] = [];
                for (const r of member.routes ?? []) {
                    const cidr = this.cidr(r.cidr, r, 'cidr', 0);
                    const att = this.refId(r.attachment);
                    if (!cidr || (!r.blackhole && !att)) continue;
                    routes.push({
                        cidr,
                        target: r.blackhole || !att ? { kind: 'blackhole' } : { kind: 'attachment', id: att },
                        origin: 'static',
                        src: this.src(r),
                    });
                }
                this.add(this.t.tgwRouteTables, {
                    id: mid,
                    kind: 'tgw-route-table',
                    name: member.name,
                    src: this.src(member),
                    tgw: id,
                    routes,
                    suppressed: [],
                });
            }
        }
    }

    private privateZone(m: ast.PrivateZone): void {
        const id = this.idOf(m);
        if (!id) return;
        const records: T.DnsRecordData[] = (m.records ?? [])
            .filter((r) => r.name)
            .map((r) => ({
                name: r.name,
                ip: this.ip(r.ip, r, 'ip'),
                alias: this.refId(r.alias),
                src: this.src(r),
            }));
        this.add(this.t.privateZones, {
            id,
            kind: 'private-zone',
            name: m.name,
            src: this.src(m),
            vpcs: this.refIds(m.vpcs),
            alias: this.refId(m.alias),
            records,
        });
    }

    private onPremises(m: ast.OnPremises): void {
        const id = this.idOf(m);
        if (!id) return;
        const cidrs = (m.cidrs ?? []).map((c, i) => this.cidr(c, m, 'cidrs', i)).filter((c): c is Cidr => !!c);
        this.add(this.t.onPremises, {
            id,
            kind: 'on-premises',
            name: m.name,
            src: this.src(m),
            cidrs,
            vgws: this.refIds(m.vgws),
        });
    }

    private traceStatement(m: ast.Trace | ast.Expect, region: string | undefined): void {
        this.t.traces.push(traceStatement(m, region, this.t.traces.length + 1, this));
    }
}

interface VpcCtx {
    readonly vpc: Mutable<T.Vpc>;
    readonly region: string;
    readonly account: string | undefined;
}
