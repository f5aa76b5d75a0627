/**
 * The Topology: plain, serialisable data with stable ids, built from the AST of all .topo documents.
 * The rules, the tracer, the diagram and `--format json` all read this one object. Nothing here points
 * at AST nodes; source locations are kept as ranges so that diagnostics can be placed.
 *
 * Ids are `<kind>:<qualified name>`, e.g. `vpc:web`, `subnet:web.app-a`, `rt:web.rt-app-a`. They are
 * deterministic: the same input gives the same ids.
 */
import type { Cidr } from '../net/cidr.js';

/** 0-based line/character, as in LSP. */
export interface Position {
    readonly line: number;
    readonly character: number;
}

export interface Range {
    readonly start: Position;
    readonly end: Position;
}

/** Where an element was written. `props` holds the ranges of individual properties, one per list item. */
export interface Src {
    readonly uri: string;
    /** The whole declaration. */
    readonly range: Range;
    /** The element's name. */
    readonly name?: Range;
    readonly props: Readonly<Record<string, readonly Range[]>>;
}

export type ElementKind =
    | 'account'
    | 'region'
    | 'vpc'
    | 'subnet'
    | 'route-table'
    | 'igw'
    | 'vgw'
    | 'nat'
    | 'instance'
    | 'eni'
    | 'endpoint'
    | 'aws-service'
    | 'load-balancer'
    | 'endpoint-service'
    | 'prefix-list'
    | 'peering'
    | 'transit-gateway'
    | 'tgw-attachment'
    | 'tgw-route-table'
    | 'private-zone';

interface ElementBase {
    readonly id: string;
    readonly kind: ElementKind;
    readonly name: string;
    /** Absent for implicit elements (a VPC's default main route table) and built-ins. */
    readonly src?: Src;
}

/** An AZ as resolved for one account: name (`ap-northeast-1a`) and, when known, AZ ID (`apne1-az4`). */
export interface AzRef {
    readonly name: string;
    readonly id?: string;
}

export interface Account extends ElementBase {
    readonly kind: 'account';
    readonly accountId: string;
    /** AZ name -> AZ ID overrides for this account. */
    readonly azIds: Readonly<Record<string, string>>;
}

export interface Region extends ElementBase {
    readonly kind: 'region';
    /** Declared AZs with their default AZ IDs (before per-account overrides). */
    readonly azs: readonly AzRef[];
}

export interface Vpc extends ElementBase {
    readonly kind: 'vpc';
    readonly region: string;
    /** Account id (12 digits) or undefined when the file does not say. */
    readonly account?: string;
    /** Primary first, then secondary blocks; invalid blocks are left out (and reported). */
    readonly cidrs: readonly Cidr[];
    readonly dnsSupport: boolean;
    readonly dnsHostnames: boolean;
    readonly subnets: readonly string[];
    readonly routeTables: readonly string[];
    /** The main route table: the declared `main` one, else an implicit table with only local routes. */
    readonly mainRouteTable: string;
    readonly igws: readonly string[];
    readonly vgws: readonly string[];
}

export interface Subnet extends ElementBase {
    readonly kind: 'subnet';
    readonly vpc: string;
    readonly cidr?: Cidr;
    readonly az?: AzRef;
    /** Explicit associations (from `routes` on the subnet and `subnets` on a table), deduplicated. */
    readonly associations: readonly string[];
    /** The table the subnet uses: its single association, else the VPC's main table (VPC User Guide). */
    readonly routeTable: string;
}

export type RouteOrigin = 'local' | 'static' | 'gateway-endpoint' | 'propagated';

export type RouteDestination =
    { readonly kind: 'cidr'; readonly cidr: Cidr } | { readonly kind: 'prefix-list'; readonly prefixList: string };

export type RouteTargetRef =
    | { readonly kind: 'local' }
    | { readonly kind: 'blackhole' }
    | { readonly kind: 'element'; readonly id: string; readonly elementKind: ElementKind };

export interface Route {
    readonly destination: RouteDestination;
    readonly target: RouteTargetRef;
    readonly origin: RouteOrigin;
    /** For propagated routes: where the VGW learnt it (VPC User Guide, "Route priority": dx > vpn-static > vpn-bgp). */
    readonly propagation?: 'dx' | 'vpn-static' | 'vpn-bgp';
    /** A user route whose destination equals a VPC block: it replaces that block's local route. */
    readonly replacesLocal?: boolean;
    /** Absent for implicit routes (local, gateway endpoint). */
    readonly src?: Src;
    /** For implicit routes, the element that caused it (the VPC for local, the endpoint for gateway routes). */
    readonly origin_element?: string;
}

export interface RouteTable extends ElementBase {
    readonly kind: 'route-table';
    readonly vpc: string;
    readonly main: boolean;
    /** True for the VPC's default main table that the file does not declare. */
    readonly implicit: boolean;
    /** IGW/VGW ids this table is associated with (a gateway route table). */
    readonly edges: readonly string[];
    /** Subnets that use this table, explicitly or as main table. */
    readonly subnets: readonly string[];
    /** All routes, implicit ones included: local per VPC block, gateway-endpoint prefix-list routes. */
    readonly routes: readonly Route[];
}

export interface Igw extends ElementBase {
    readonly kind: 'igw';
    readonly vpc: string;
}

export interface Vgw extends ElementBase {
    readonly kind: 'vgw';
    readonly vpc: string;
}

export interface Nat extends ElementBase {
    readonly kind: 'nat';
    readonly vpc: string;
    /** Zonal NAT: its subnet. Regional NAT: undefined. */
    readonly subnet?: string;
    readonly az?: AzRef;
    readonly regional: boolean;
    readonly connectivity: 'public' | 'private';
    readonly eip: boolean;
    readonly eipAddress?: string;
}

/** Instances and ENIs. */
export interface Host extends ElementBase {
    readonly kind: 'instance' | 'eni';
    readonly vpc: string;
    readonly subnet?: string;
    readonly az?: AzRef;
    readonly ip?: string;
    /** Has a public IPv4 address (auto-assigned or written). */
    readonly publicIp: boolean;
    readonly publicAddress?: string;
    readonly eip: boolean;
    /** A stateful network appliance (firewall, IDS/IPS). */
    readonly appliance: boolean;
}

type EndpointType = 'interface' | 'gateway' | 'gwlb';

export type ServiceRef =
    | { readonly kind: 'aws'; readonly id: string; readonly name: string }
    | { readonly kind: 'endpoint-service'; readonly id: string }
    | { readonly kind: 'unresolved'; readonly text: string };

export interface EndpointEni {
    readonly subnet: string;
    readonly az?: AzRef;
}

export interface Endpoint extends ElementBase {
    readonly kind: 'endpoint';
    readonly endpointType: EndpointType;
    readonly vpc: string;
    readonly service: ServiceRef;
    /** The region of the service: written `region`, else the endpoint service's, else the VPC's. */
    readonly serviceRegion: string;
    readonly subnets: readonly string[];
    /** Interface and GWLB endpoints: one ENI per subnet (PrivateLink Guide). Gateway endpoints: none. */
    readonly enis: readonly EndpointEni[];
    /** Gateway endpoints: the associated route tables. */
    readonly routeTables: readonly string[];
    readonly privateDns: boolean;
    readonly privateDnsInboundOnly: boolean;
    readonly accepted: boolean;
    readonly policy: boolean;
    readonly securityGroups: readonly string[];
}

export interface AwsService extends ElementBase {
    readonly kind: 'aws-service';
    readonly gateway: boolean;
    readonly interface: boolean;
    readonly crossRegion: boolean;
    readonly dns: string;
}

export type LbType = 'nlb' | 'gwlb' | 'alb';

export type LbTargetRef =
    | { readonly kind: 'ip'; readonly ip: string; readonly index: number }
    | { readonly kind: 'element'; readonly id: string; readonly elementKind: ElementKind; readonly index: number };

export interface LoadBalancer extends ElementBase {
    readonly kind: 'load-balancer';
    readonly lbType: LbType;
    readonly vpc: string;
    readonly subnets: readonly string[];
    /** AZs the load balancer is enabled in (from its subnets), deduplicated by name. */
    readonly azs: readonly AzRef[];
    readonly crossZone: boolean;
    readonly targets: readonly LbTargetRef[];
}

export type Principal =
    | { readonly kind: 'any' }
    | { readonly kind: 'account'; readonly accountId: string; readonly account?: string }
    | { readonly kind: 'arn'; readonly arn: string; readonly accountId?: string };

export interface EndpointService extends ElementBase {
    readonly kind: 'endpoint-service';
    readonly loadBalancers: readonly string[];
    /** 'nlb', 'gwlb', 'mixed' or 'none', from the load balancers. */
    readonly backing: 'nlb' | 'gwlb' | 'mixed' | 'none';
    readonly acceptanceRequired: boolean;
    readonly principals: readonly Principal[];
    /** Extra regions the provider enabled for cross-region consumers. */
    readonly supportedRegions: readonly string[];
    readonly privateDnsName?: string;
    /** From the first load balancer's VPC (else the enclosing region block). */
    readonly region?: string;
    readonly account?: string;
}

export interface PrefixList extends ElementBase {
    readonly kind: 'prefix-list';
    readonly entries: readonly Cidr[];
    /** AWS-managed list (`com.amazonaws.<region>.s3`): the service and region. */
    readonly managed?: { readonly service: string; readonly region: string; readonly known: boolean };
}

export interface Peering extends ElementBase {
    readonly kind: 'peering';
    readonly requester: string;
    readonly accepter: string;
    readonly pending: boolean;
}

export interface TransitGateway extends ElementBase {
    readonly kind: 'transit-gateway';
    readonly region?: string;
    readonly account?: string;
    readonly attachments: readonly string[];
    readonly routeTables: readonly string[];
}

export interface TgwAttachment extends ElementBase {
    readonly kind: 'tgw-attachment';
    readonly tgw: string;
    readonly vpc: string;
    readonly subnets: readonly string[];
    readonly azs: readonly AzRef[];
    readonly applianceMode: boolean;
    readonly association?: string;
    readonly propagations: readonly string[];
}

export interface TgwRoute {
    readonly cidr: Cidr;
    readonly target: { readonly kind: 'blackhole' } | { readonly kind: 'attachment'; readonly id: string };
    readonly origin: 'static' | 'propagated';
    readonly src?: Src;
}

export interface TgwRouteTable extends ElementBase {
    readonly kind: 'tgw-route-table';
    readonly tgw: string;
    /** Static routes plus the routes propagated into it (VPC blocks of propagating attachments). */
    readonly routes: readonly TgwRoute[];
    /** Propagated blocks AWS would not install because an identical or overlapping one was there first. */
    readonly suppressed: ReadonlyArray<{
        readonly attachment: string;
        readonly cidr: Cidr;
        readonly conflictsWith: string;
    }>;
}

export interface DnsRecordData {
    readonly name: string;
    readonly ip?: string;
    readonly alias?: string;
    readonly src?: Src;
}

export interface PrivateZone extends ElementBase {
    readonly kind: 'private-zone';
    readonly vpcs: readonly string[];
    /** Apex alias to an endpoint (the centralized interface endpoints pattern). */
    readonly alias?: string;
    readonly records: readonly DnsRecordData[];
}

export type Element =
    | Account
    | Region
    | Vpc
    | Subnet
    | RouteTable
    | Igw
    | Vgw
    | Nat
    | Host
    | Endpoint
    | AwsService
    | LoadBalancer
    | EndpointService
    | PrefixList
    | Peering
    | TransitGateway
    | TgwAttachment
    | TgwRouteTable
    | PrivateZone;

export type TraceEndRef =
    | { readonly kind: 'internet' }
    | { readonly kind: 'ip'; readonly ip: string }
    | { readonly kind: 'element'; readonly id: string; readonly elementKind: ElementKind }
    | { readonly kind: 'unresolved'; readonly text: string };

/** A `trace` or `expect` statement: a question the file asks of the network. */
export interface TraceStatement {
    /** `trace:<n>` in workspace order (files sorted by URI, then source order). */
    readonly id: string;
    readonly statement: 'trace' | 'expect';
    readonly from: TraceEndRef;
    readonly to: TraceEndRef;
    readonly port?: number;
    /** `az c`: use the endpoint's zonal DNS name for that AZ. */
    readonly zone?: string;
    /** `region us-east-1`: the region of an AWS service destination (default: the client's region). */
    readonly serviceRegion?: string;
    /** The enclosing region block, if any. */
    readonly region?: string;
    readonly expect?: {
        readonly verdict: 'reachable' | 'blocked';
        readonly via: readonly string[];
        readonly reason?: string;
    };
    readonly src?: Src;
}

export interface Topology {
    readonly accounts: readonly Account[];
    readonly regions: readonly Region[];
    readonly vpcs: readonly Vpc[];
    readonly subnets: readonly Subnet[];
    readonly routeTables: readonly RouteTable[];
    readonly igws: readonly Igw[];
    readonly vgws: readonly Vgw[];
    readonly nats: readonly Nat[];
    readonly hosts: readonly Host[];
    readonly endpoints: readonly Endpoint[];
    readonly awsServices: readonly AwsService[];
    readonly loadBalancers: readonly LoadBalancer[];
    readonly endpointServices: readonly EndpointService[];
    readonly prefixLists: readonly PrefixList[];
    readonly peerings: readonly Peering[];
    readonly transitGateways: readonly TransitGateway[];
    readonly tgwAttachments: readonly TgwAttachment[];
    readonly tgwRouteTables: readonly TgwRouteTable[];
    readonly privateZones: readonly PrivateZone[];
    readonly traces: readonly TraceStatement[];
    /** Every element by id. */
    readonly byId: Readonly<Record<string, Element>>;
}
