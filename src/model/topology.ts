/**
 * The Topology: plain, serialisable data with stable ids, built from the AST of all .topo documents.
 * The rules, the tracer, the diagram and `--format json` all read this one object. Nothing here points
 * at AST nodes; source locations are kept as ranges so that diagnostics can be placed.
 *
 * Ids are `<kind>:<qualified name>`, e.g. `vpc:web`, `subnet:web.app-a`, `route-table:web.rt-app-a`. They are
 * deterministic: the same input gives the same ids. Their type is branded by kind (`Id<'subnet'>`, ids.ts), and
 * so is every reference from one element to another: the compiler checks that a subnet's `routeTable` is looked
 * up as a route table. The brands are type-only; the data stays plain strings.
 */
import type { Cidr } from '../net/cidr.js';
import type { Id } from './ids.js';

export type { Id };

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
    | 'private-zone'
    | 'on-premises';

interface ElementBase<K extends ElementKind = ElementKind> {
    readonly id: Id<K>;
    readonly kind: K;
    readonly name: string;
    /** Absent for implicit elements (a VPC's default main route table) and built-ins. */
    readonly src?: Src;
}

/** An AZ as resolved for one account: name (`ap-northeast-1a`) and, when known, AZ ID (`apne1-az4`). */
export interface AzRef {
    readonly name: string;
    readonly id?: string;
}

export interface Account extends ElementBase<'account'> {
    readonly kind: 'account';
    readonly accountId: string;
    /** AZ name -> AZ ID overrides for this account. */
    readonly azIds: Readonly<Record<string, string>>;
}

export interface Region extends ElementBase<'region'> {
    readonly kind: 'region';
    /** Declared AZs with their default AZ IDs (before per-account overrides). */
    readonly azs: readonly AzRef[];
}

export interface Vpc extends ElementBase<'vpc'> {
    readonly kind: 'vpc';
    readonly region: string;
    /** Account id (12 digits) or undefined when the file does not say. */
    readonly account?: string;
    /** Primary first, then secondary blocks; invalid blocks are left out (and reported). */
    readonly cidrs: readonly Cidr[];
    readonly dnsSupport: boolean;
    readonly dnsHostnames: boolean;
    readonly subnets: readonly Id<'subnet'>[];
    readonly routeTables: readonly Id<'route-table'>[];
    /** The main route table: the declared `main` one, else an implicit table with only local routes. */
    readonly mainRouteTable: Id<'route-table'>;
    readonly igws: readonly Id<'igw'>[];
    readonly vgws: readonly Id<'vgw'>[];
}

export interface Subnet extends ElementBase<'subnet'> {
    readonly kind: 'subnet';
    readonly vpc: Id<'vpc'>;
    readonly cidr?: Cidr;
    readonly az?: AzRef;
    /** Explicit associations (from `routes` on the subnet and `subnets` on a table), deduplicated. */
    readonly associations: readonly Id<'route-table'>[];
    /** The table the subnet uses: its single association, else the VPC's main table (VPC User Guide). */
    readonly routeTable: Id<'route-table'>;
}

export type RouteOrigin = 'local' | 'static' | 'gateway-endpoint' | 'propagated';

export type RouteDestination =
    | { readonly kind: 'cidr'; readonly cidr: Cidr }
    | { readonly kind: 'prefix-list'; readonly prefixList: Id<'prefix-list'> };

export type RouteTargetRef = { readonly kind: 'local' } | { readonly kind: 'blackhole' } | ElementRef;

/** A reference to an element of any kind; narrowing `elementKind` types `id` (`elementRef` in ids.ts makes one). */
export type ElementRef = {
    readonly [K in ElementKind]: { readonly kind: 'element'; readonly id: Id<K>; readonly elementKind: K };
}[ElementKind];

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
    readonly origin_element?: Id<'vpc' | 'endpoint'>;
}

export interface RouteTable extends ElementBase<'route-table'> {
    readonly kind: 'route-table';
    readonly vpc: Id<'vpc'>;
    readonly main: boolean;
    /** True for the VPC's default main table that the file does not declare. */
    readonly implicit: boolean;
    /** IGW/VGW ids this table is associated with (a gateway route table). */
    readonly edges: readonly Id<'igw' | 'vgw'>[];
    /** Subnets that use this table, explicitly or as main table. */
    readonly subnets: readonly Id<'subnet'>[];
    /** All routes, implicit ones included: local per VPC block, gateway-endpoint prefix-list routes. */
    readonly routes: readonly Route[];
}

export interface Igw extends ElementBase<'igw'> {
    readonly kind: 'igw';
    readonly vpc: Id<'vpc'>;
}

export interface Vgw extends ElementBase<'vgw'> {
    readonly kind: 'vgw';
    readonly vpc: Id<'vpc'>;
}

export interface Nat extends ElementBase<'nat'> {
    readonly kind: 'nat';
    readonly vpc: Id<'vpc'>;
    /** Zonal NAT: its subnet. Regional NAT: undefined. */
    readonly subnet?: Id<'subnet'>;
    readonly az?: AzRef;
    readonly regional: boolean;
    readonly connectivity: 'public' | 'private';
    readonly eip: boolean;
    readonly eipAddress?: string;
}

/** Instances and ENIs. */
export interface Host extends ElementBase<'instance' | 'eni'> {
    readonly kind: 'instance' | 'eni';
    readonly vpc: Id<'vpc'>;
    readonly subnet?: Id<'subnet'>;
    readonly az?: AzRef;
    readonly ip?: string;
    /** Has a public IPv4 address (auto-assigned or written). */
    readonly publicIp: boolean;
    readonly publicAddress?: string;
    readonly eip: boolean;
    /**
     * A stateful network appliance (firewall, IDS/IPS, NAT instance): source/destination check off, so it forwards
     * traffic that is neither from nor to itself. An ENI attached to an appliance instance is one too.
     */
    readonly appliance: boolean;
    /**
     * A NAT instance: it replaces the source of what it forwards with its own address (the interface it leaves by)
     * and translates replies back (VPC User Guide, "NAT instances"). Implies `appliance`.
     */
    readonly sourceNat: boolean;
    /** An ENI attached to an instance (`attach`): one more interface of that instance, in its own subnet. */
    readonly attachedTo?: Id<'instance'>;
}

export type EndpointType = 'interface' | 'gateway' | 'gwlb';

export type ServiceRef =
    | { readonly kind: 'aws'; readonly id: Id<'aws-service'>; readonly name: string }
    | { readonly kind: 'endpoint-service'; readonly id: Id<'endpoint-service'> }
    | { readonly kind: 'unresolved'; readonly text: string };

export interface EndpointEni {
    readonly subnet: Id<'subnet'>;
    readonly az?: AzRef;
}

export interface Endpoint extends ElementBase<'endpoint'> {
    readonly kind: 'endpoint';
    readonly endpointType: EndpointType;
    readonly vpc: Id<'vpc'>;
    readonly service: ServiceRef;
    /** The region of the service: written `region`, else the endpoint service's, else the VPC's. */
    readonly serviceRegion: string;
    readonly subnets: readonly Id<'subnet'>[];
    /** Interface and GWLB endpoints: one ENI per subnet (PrivateLink Guide). Gateway endpoints: none. */
    readonly enis: readonly EndpointEni[];
    /** Gateway endpoints: the associated route tables. */
    readonly routeTables: readonly Id<'route-table'>[];
    readonly privateDns: boolean;
    readonly privateDnsInboundOnly: boolean;
    readonly accepted: boolean;
    readonly policy: boolean;
    readonly securityGroups: readonly string[];
}

export interface AwsService extends ElementBase<'aws-service'> {
    readonly kind: 'aws-service';
    readonly gateway: boolean;
    readonly interface: boolean;
    readonly crossRegion: boolean;
    readonly dns: string;
}

export type LbType = 'nlb' | 'gwlb' | 'alb';

export type LbTargetRef =
    | { readonly kind: 'ip'; readonly ip: string; readonly index: number }
    /** `lambda fn`: a Lambda function (target type lambda, ALB only: ALB User Guide, "Lambda functions as targets"). */
    | { readonly kind: 'lambda'; readonly function: string; readonly index: number }
    | (ElementRef & { readonly index: number });

/**
 * Internet-facing load balancer nodes have public addresses; internal ones only private addresses (ELB User Guide,
 * "Load balancer scheme"). Topo's default is internal (docs/language.md, "Load balancers").
 */
type LbScheme = 'internet-facing' | 'internal';

export interface LoadBalancer extends ElementBase<'load-balancer'> {
    readonly kind: 'load-balancer';
    readonly lbType: LbType;
    /** ALB and NLB; a GWLB is always internal. */
    readonly scheme: LbScheme;
    readonly vpc: Id<'vpc'>;
    readonly subnets: readonly Id<'subnet'>[];
    /** AZs the load balancer is enabled in (from its subnets), deduplicated by name. */
    readonly azs: readonly AzRef[];
    readonly crossZone: boolean;
    readonly targets: readonly LbTargetRef[];
}

export type Principal =
    | { readonly kind: 'any' }
    | { readonly kind: 'account'; readonly accountId: string; readonly account?: Id<'account'> }
    | { readonly kind: 'arn'; readonly arn: string; readonly accountId?: string };

export interface EndpointService extends ElementBase<'endpoint-service'> {
    readonly kind: 'endpoint-service';
    readonly loadBalancers: readonly Id<'load-balancer'>[];
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

export interface PrefixList extends ElementBase<'prefix-list'> {
    readonly kind: 'prefix-list';
    readonly entries: readonly Cidr[];
    /** AWS-managed list (`com.amazonaws.<region>.s3`): the service and region. */
    readonly managed?: { readonly service: string; readonly region: string; readonly known: boolean };
}

export interface Peering extends ElementBase<'peering'> {
    readonly kind: 'peering';
    readonly requester: Id<'vpc'>;
    readonly accepter: Id<'vpc'>;
    readonly pending: boolean;
}

export interface TransitGateway extends ElementBase<'transit-gateway'> {
    readonly kind: 'transit-gateway';
    readonly region?: string;
    readonly account?: string;
    readonly attachments: readonly Id<'tgw-attachment'>[];
    readonly routeTables: readonly Id<'tgw-route-table'>[];
}

export interface TgwAttachment extends ElementBase<'tgw-attachment'> {
    readonly kind: 'tgw-attachment';
    readonly tgw: Id<'transit-gateway'>;
    readonly vpc: Id<'vpc'>;
    readonly subnets: readonly Id<'subnet'>[];
    readonly azs: readonly AzRef[];
    readonly applianceMode: boolean;
    readonly association?: Id<'tgw-route-table'>;
    readonly propagations: readonly Id<'tgw-route-table'>[];
    /**
     * Where each of `propagations` is written in the `propagate` list (unresolved and repeated entries are left out
     * of `propagations`, so the two indexes can differ); absent when they are the same.
     */
    readonly propagationsWritten?: readonly number[];
}

export interface TgwRoute {
    readonly cidr: Cidr;
    readonly target:
        { readonly kind: 'blackhole' } | { readonly kind: 'attachment'; readonly id: Id<'tgw-attachment'> };
    readonly origin: 'static' | 'propagated';
    readonly src?: Src;
}

export interface TgwRouteTable extends ElementBase<'tgw-route-table'> {
    readonly kind: 'tgw-route-table';
    readonly tgw: Id<'transit-gateway'>;
    /** Static routes plus the routes propagated into it (VPC blocks of propagating attachments). */
    readonly routes: readonly TgwRoute[];
    /** Propagated blocks AWS would not install because an identical or overlapping one was there first. */
    readonly suppressed: ReadonlyArray<{
        readonly attachment: Id<'tgw-attachment'>;
        readonly cidr: Cidr;
        /** The attachment whose block was there first ('' when unknown). */
        readonly conflictsWith: Id<'tgw-attachment'> | '';
    }>;
}

export interface DnsRecordData {
    readonly name: string;
    readonly ip?: string;
    readonly alias?: Id<'endpoint'>;
    readonly src?: Src;
}

export interface PrivateZone extends ElementBase<'private-zone'> {
    readonly kind: 'private-zone';
    readonly vpcs: readonly Id<'vpc'>[];
    /** Apex alias to an endpoint (the centralized interface endpoints pattern). */
    readonly alias?: Id<'endpoint'>;
    readonly records: readonly DnsRecordData[];
}

/**
 * A network outside AWS (a data centre, an office) reached through virtual private gateways: VPN or Direct Connect.
 * An address outside every VPC that falls in one of its blocks is on-premises, not on the internet.
 */
export interface OnPremises extends ElementBase<'on-premises'> {
    readonly kind: 'on-premises';
    /** Invalid blocks are left out (and reported). */
    readonly cidrs: readonly Cidr[];
    readonly vgws: readonly Id<'vgw'>[];
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
    | PrivateZone
    | OnPremises;

export type TraceEndRef =
    | { readonly kind: 'internet' }
    | { readonly kind: 'ip'; readonly ip: string }
    | ElementRef
    /** A DNS name a private hosted zone answers (a record's full name, or a zone's apex). */
    | { readonly kind: 'dns'; readonly name: string }
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
        readonly via: readonly Id[];
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
    readonly onPremises: readonly OnPremises[];
    readonly traces: readonly TraceStatement[];
    /** Every element by id. Read it through TopologyIndex.get, which types the element by the id's kind. */
    readonly byId: Readonly<Record<string, Element>>;
}

/** The element interface of each kind (instances and ENIs share Host). */
interface ElementByKind {
    readonly account: Account;
    readonly region: Region;
    readonly vpc: Vpc;
    readonly subnet: Subnet;
    readonly 'route-table': RouteTable;
    readonly igw: Igw;
    readonly vgw: Vgw;
    readonly nat: Nat;
    readonly instance: Host;
    readonly eni: Host;
    readonly endpoint: Endpoint;
    readonly 'aws-service': AwsService;
    readonly 'load-balancer': LoadBalancer;
    readonly 'endpoint-service': EndpointService;
    readonly 'prefix-list': PrefixList;
    readonly peering: Peering;
    readonly 'transit-gateway': TransitGateway;
    readonly 'tgw-attachment': TgwAttachment;
    readonly 'tgw-route-table': TgwRouteTable;
    readonly 'private-zone': PrivateZone;
    readonly 'on-premises': OnPremises;
}

/** The element an `Id<K>` names: `ElementOfKind<'subnet'>` is Subnet; a union of kinds gives a union. */
export type ElementOfKind<K extends ElementKind> = ElementByKind[K];
