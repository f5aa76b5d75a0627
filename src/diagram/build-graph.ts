/**
 * Topology (+ traces + diagnostics) -> the diagram graph: what is drawn, nested as AWS nests it
 * (region > VPC > AZ column > subnet > cards; IGW, VGW, gateway endpoints and load balancers as ports on the
 * VPC's top border; endpoint services, transit gateways and AWS services beside the VPCs in their region),
 * the links between them (PrivateLink, peering, TGW attachments, IGW to internet), the trace hops and the
 * diagnostic badges. Node ids are the Topology's element ids where a node draws one element, and derived
 * deterministically otherwise (`endpoint-eni:<endpoint>@<subnet>`), so the same input gives the same graph.
 */
import type * as T from '../model/topology.js';
import { TopologyIndex } from '../model/topology-index.js';
import { applyBadges } from './badges.js';
import * as C from './cards.js';
import { GraphBuilder } from './graph-builder.js';
import { ROOT_OPTIONS } from './layout-options.js';
import { azColumns } from './tiers.js';
import { addTraces } from './trace-edges.js';
import type { DiagramGraph, DiagramInput, DiagramNode, NodeKind } from './types.js';

const INTERNET = 'internet';

export function buildDiagramGraph(input: DiagramInput): DiagramGraph {
    const s = new Structure(input.topology, input.vpcs ?? []);
    s.build();
    const traces = addTraces(s, input.traces ?? []);
    const unplacedDiagnostics = applyBadges(s.b, input.topology, input.diagnostics ?? []);
    const elk = s.b.toElk('root', ROOT_OPTIONS);
    return {
        elk,
        nodes: s.b.nodes,
        edges: s.b.edges,
        traces,
        unplacedDiagnostics,
        sizes: s.b.sizes,
        minWidths: s.b.minWidths,
        elkRouted: s.b.elkRouted,
    };
}

/** The structural part of the graph, and the lookups trace-edges.ts needs to place hops on it. */
export class Structure {
    readonly b = new GraphBuilder();
    readonly index: TopologyIndex;
    /** Endpoint id -> its ENI nodes with their AZs. */
    readonly enis = new Map<string, Array<{ node: string; az?: T.AzRef }>>();
    /** TGW attachment id -> its ENI nodes with their AZs. */
    readonly tgwEnis = new Map<string, Array<{ node: string; az?: T.AzRef }>>();
    private readonly vpcIds: ReadonlySet<string>;

    constructor(
        readonly topology: T.Topology,
        vpcFilter: readonly string[],
    ) {
        this.index = new TopologyIndex(topology);
        const wanted = new Set(vpcFilter);
        const all = topology.vpcs.filter((v) => wanted.size === 0 || wanted.has(v.name) || wanted.has(v.id));
        this.vpcIds = new Set(all.map((v) => v.id));
    }

    build(): void {
        const t = this.topology;
        for (const v of t.vpcs) if (this.vpcIds.has(v.id)) this.vpc(v);
        for (const svc of t.endpointServices) this.endpointService(svc);
        // One PrivateLink link per consumer VPC and service (the endpoints named on it), not one per ENI: the
        // ENI cards and gateway-endpoint ports say which service they reach, and a lean edge set between
        // siblings is what ELK routes well and fast (TOOLCHAIN.md: edges across containers are the cost).
        const consumers = new Map<string, { source: string; target: string; endpoints: string[] }>();
        for (const e of t.endpoints) {
            if (!this.vpcIds.has(e.vpc)) continue;
            const target = this.serviceNode(e);
            if (!target) continue;
            const source = e.vpc;
            const key = `privatelink:${source}->${target}`;
            const c = consumers.get(key) ?? { source, target, endpoints: [] };
            c.endpoints.push(`${e.endpointType} endpoint ${e.name}`);
            consumers.set(key, c);
        }
        for (const [id, c] of consumers) {
            this.b.addEdge({
                id,
                kind: 'privatelink',
                source: c.source,
                target: c.target,
                tooltip: `PrivateLink to ${this.b.get(c.target)!.title}: ${c.endpoints.join(', ')}`,
            });
        }
        for (const tgw of t.transitGateways) this.transitGateway(tgw);
        for (const p of t.peerings) this.peering(p);
        for (const n of t.onPremises) this.onPremises(n);
    }

    /** An on-premises network, in the region of its first drawn VGW's VPC, beside the VPCs of its VGWs there. */
    private onPremises(n: T.OnPremises): void {
        const vpcs = n.vgws
            .map((g) => this.topology.byId[g])
            .filter((g): g is T.Vgw => g?.kind === 'vgw' && this.vpcIds.has(g.vpc))
            .map((g) => this.topology.byId[g.vpc])
            .filter((v): v is T.Vpc => v?.kind === 'vpc');
        const region = vpcs[0]?.region;
        if (region === undefined) return;
        this.card(n.id, 'on-premises', n.id, this.region(region), C.onPremisesText(this.topology, n));
        for (const v of new Set(vpcs)) if (v.region === region) this.b.addLayoutEdge(v.id, n.id);
    }

    includesVpc(id: string): boolean {
        return this.vpcIds.has(id);
    }

    region(name: string): string {
        const id = `region:${name}`;
        if (!this.b.has(id)) {
            const text = C.regionText(name);
            this.b.add({ id, kind: 'region', element: this.topology.byId[id] ? id : undefined, ...text });
            this.b.setMinWidth(id, C.headerWidth('region', text));
        }
        return id;
    }

    /** The internet node, made on first use. */
    internet(): string {
        this.b.add({ id: INTERNET, kind: 'internet', ...C.INTERNET_TEXT }, C.cardSize(C.INTERNET_TEXT));
        return INTERNET;
    }

    /** An AWS service's node in one region, made on first use. */
    awsService(serviceId: string, region: string): string | undefined {
        const svc = this.topology.byId[serviceId];
        if (svc?.kind !== 'aws-service') return undefined;
        const id = `aws-service:${svc.name}@${region}`;
        if (!this.b.has(id)) this.card(id, 'aws-service', svc.id, this.region(region), C.awsServiceText(svc, region));
        return id;
    }

    /** The nodes an AWS service already has (one per region it is used in). */
    awsServiceNodes(serviceId: string): string[] {
        return [...this.b.nodes.values()]
            .filter((n) => n.kind === 'aws-service' && n.element === serviceId)
            .map((n) => n.id);
    }

    /** The region a node lives in (walking up its parents). */
    regionOfNode(id: string | undefined): string | undefined {
        let cur = id ? this.b.get(id) : undefined;
        while (cur) {
            if (cur.kind === 'region') return cur.id.slice('region:'.length);
            cur = cur.parent ? this.b.get(cur.parent) : undefined;
        }
        return undefined;
    }

    private card(
        id: string,
        kind: NodeKind,
        element: string | undefined,
        parent: string,
        text: C.NodeText,
        border = false,
    ): DiagramNode {
        return this.b.add({ id, kind, element, parent, border, ...text }, C.cardSize(text));
    }

    private vpc(v: T.Vpc): void {
        const t = this.topology;
        const region = this.region(v.region);
        const text = C.vpcText(t, v);
        this.b.add({ id: v.id, kind: 'vpc', element: v.id, parent: region, ...text });
        this.b.setMinWidth(v.id, C.headerWidth('vpc', text));
        // Border items: gateways, gateway endpoints, load balancers.
        for (const id of [...v.igws, ...v.vgws]) {
            const g = t.byId[id];
            if (g?.kind === 'igw' || g?.kind === 'vgw') this.card(g.id, g.kind, g.id, v.id, C.gatewayText(g), true);
        }
        const endpoints = this.index.endpointsByVpc.get(v.id) ?? [];
        for (const e of endpoints)
            if (e.endpointType === 'gateway')
                this.card(e.id, 'gateway-endpoint', e.id, v.id, C.endpointText(t, e), true);
        for (const lb of this.index.lbsByVpc.get(v.id) ?? [])
            this.card(lb.id, 'load-balancer', lb.id, v.id, C.lbText(lb), true);
        for (const n of t.nats) if (n.vpc === v.id && !n.subnet) this.card(n.id, 'nat', n.id, v.id, C.natText(n), true);
        // The internet sits above the regions of the VPCs that have an internet gateway.
        if (v.igws.length > 0) this.b.addLayoutEdge(this.internet(), v.id);
        // AZ columns of subnets, in tier rows.
        const columns = azColumns(this.index.subnetsByVpc.get(v.id) ?? [], t.byId[region] as T.Region | undefined);
        for (const col of columns) {
            const colId = `az:${v.id.slice(4)}@${col.key || 'none'}`;
            const text = C.azText(col.az);
            this.b.add({ id: colId, kind: 'az', parent: v.id, ...text });
            this.b.setMinWidth(colId, C.headerWidth('az', text));
            let prev: string | undefined;
            col.rows.forEach((s, row) => {
                const id = s ? s.id : `spacer:${colId.slice(3)}#${row}`;
                if (s) this.subnet(s, colId);
                else
                    this.b.add(
                        { id, kind: 'spacer', parent: colId, title: '', tooltip: '' },
                        { width: 10, height: 10 },
                    );
                if (prev) this.b.addLayoutEdge(prev, id);
                prev = id;
            });
        }
        // Hosts and zonal NATs whose subnet is unknown: a last column, so that nothing written is hidden.
        const loose = [
            ...t.hosts.filter((h) => h.vpc === v.id && !h.subnet),
            ...t.nats.filter((n) => n.vpc === v.id && n.subnet && !t.byId[n.subnet]),
        ];
        if (loose.length > 0) {
            const colId = `az:${v.id.slice(4)}@unplaced`;
            this.b.add({
                id: colId,
                kind: 'az',
                parent: v.id,
                title: 'no subnet',
                tooltip: 'resources whose subnet is not known',
            });
            let prev: string | undefined;
            for (const e of loose) {
                if (e.kind === 'nat') this.card(e.id, 'nat', e.id, colId, C.natText(e));
                else this.card(e.id, C.hostKind(e), e.id, colId, C.hostText(e));
                if (prev) this.b.addLayoutEdge(prev, e.id);
                prev = e.id;
            }
        }
    }

    private subnet(s: T.Subnet, column: string): void {
        const t = this.topology;
        const text = C.subnetText(t, s);
        const rt = t.byId[s.routeTable];
        const isPublic =
            rt?.kind === 'route-table' &&
            rt.routes.some((r) => r.target.kind === 'element' && r.target.elementKind === 'igw');
        this.b.add({
            id: s.id,
            kind: 'subnet',
            element: s.id,
            parent: column,
            variant: isPublic ? 'public' : 'private',
            ...text,
        });
        this.b.setMinWidth(s.id, C.headerWidth('subnet', text));
        for (const e of this.index.endpointsByVpc.get(s.vpc) ?? []) {
            for (const eni of e.enis) {
                if (eni.subnet !== s.id) continue;
                const id = `endpoint-eni:${e.id.slice('endpoint:'.length)}@${s.name}`;
                this.card(id, 'endpoint-eni', e.id, s.id, C.endpointText(t, e, eni.az ?? s.az));
                push(this.enis, e.id, { node: id, az: eni.az ?? s.az });
            }
        }
        for (const a of this.index.attachmentsByVpc.get(s.vpc) ?? []) {
            if (!a.subnets.includes(s.id)) continue;
            const id = `tgw-eni:${a.id.slice('tgw-attachment:'.length)}@${s.name}`;
            this.card(id, 'tgw-eni', a.id, s.id, C.tgwEniText(t, a));
            push(this.tgwEnis, a.id, { node: id, az: s.az });
        }
        for (const n of this.index.natsBySubnet.get(s.id) ?? []) this.card(n.id, 'nat', n.id, s.id, C.natText(n));
        for (const h of this.index.hostsBySubnet.get(s.id) ?? [])
            this.card(h.id, C.hostKind(h), h.id, s.id, C.hostText(h));
    }

    /** An endpoint service, when it serves or is used by a drawn VPC, beside its provider VPC. */
    private endpointService(svc: T.EndpointService): void {
        const t = this.topology;
        const lbs = svc.loadBalancers
            .map((id) => t.byId[id])
            .filter((lb): lb is T.LoadBalancer => lb?.kind === 'load-balancer');
        const consumers = t.endpoints.filter(
            (e) => e.service.kind === 'endpoint-service' && e.service.id === svc.id && this.vpcIds.has(e.vpc),
        );
        const providers = lbs.filter((lb) => this.vpcIds.has(lb.vpc));
        if (providers.length === 0 && consumers.length === 0) return;
        const regionName = svc.region ?? (t.byId[consumers[0]?.vpc ?? ''] as T.Vpc | undefined)?.region;
        if (!regionName) return;
        this.card(svc.id, 'endpoint-service', svc.id, this.region(regionName), C.endpointServiceText(svc));
        // To the provider VPC, whose border shows the load balancer: one link per VPC.
        for (const vpc of [...new Set(providers.map((lb) => lb.vpc))]) {
            const names = providers.filter((lb) => lb.vpc === vpc).map((lb) => `${lb.lbType.toUpperCase()} ${lb.name}`);
            this.link('privatelink', svc.id, vpc, `endpoint service ${svc.name} is backed by ${names.join(', ')}`);
        }
    }

    /** The node of the service an endpoint connects to (made on first use for an AWS service). */
    private serviceNode(e: T.Endpoint): string | undefined {
        if (e.service.kind === 'endpoint-service') return this.b.has(e.service.id) ? e.service.id : undefined;
        if (e.service.kind === 'aws') return this.awsService(e.service.id, e.serviceRegion);
        return undefined;
    }

    private transitGateway(tgw: T.TransitGateway): void {
        const t = this.topology;
        const attachments = tgw.attachments
            .map((id) => t.byId[id])
            .filter((a): a is T.TgwAttachment => a?.kind === 'tgw-attachment' && this.vpcIds.has(a.vpc));
        if (attachments.length === 0) return;
        const regionName = tgw.region ?? (t.byId[attachments[0].vpc] as T.Vpc | undefined)?.region;
        if (!regionName) return;
        this.card(tgw.id, 'transit-gateway', tgw.id, this.region(regionName), C.tgwText(tgw));
        for (const a of attachments)
            this.link(
                'tgw',
                a.vpc,
                tgw.id,
                `attachment ${a.name}: VPC ${t.byId[a.vpc]?.name ?? a.vpc} ↔ ${tgw.name}${a.applianceMode ? ' (appliance mode)' : ''}`,
                a.id,
            );
    }

    private peering(p: T.Peering): void {
        if (!this.vpcIds.has(p.requester) || !this.vpcIds.has(p.accepter)) return;
        this.b.addEdge({
            id: p.id,
            kind: 'peering',
            source: p.requester,
            target: p.accepter,
            label: p.name,
            tooltip: `peering ${p.name}${p.pending ? ' (pending acceptance)' : ''}`,
        });
    }

    private link(
        kind: 'privatelink' | 'tgw',
        source: string,
        target: string,
        tooltip: string,
        id = `${kind}:${source}->${target}`,
    ): void {
        this.b.addEdge({ id, kind, source, target, tooltip });
    }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
