/**
 * What a trace reports (after Reachability Analyzer's explanations, plus the DNS leg): ordered hops, each
 * with its component, AZ and detail; for routed hops the route that won and what it beat; for the DNS leg
 * the name asked and who answered; a verdict; for a blocked path the hop and one reason code (docs/rules/README.md).
 */
import type { AzRef, Id } from '../model/topology.js';
import type { WinReason } from './route-lookup.js';

/** The reason codes of docs/rules/README.md, "Trace reasons". Public contract: use verbatim. */
export const REASONS = [
    'no-route',
    'blackhole',
    'dns-resolves-public',
    'private-dns-not-shared',
    'dns-no-answer',
    'gateway-endpoint-not-transitive',
    'peering-not-transitive',
    'vgw-not-transitive',
    'pending-acceptance',
    'principal-not-allowed',
    'region-not-enabled',
    'az-not-served',
    'asymmetric-return',
    'igw-needs-public-ip',
    'nat-source-not-in-vpc',
    'tgw-no-attachment-in-az',
    'tgw-no-route',
    'lb-no-healthy-target',
    'source-dest-check',
    'security-group-denied',
    'nacl-denied',
] as const;

export type Reason = (typeof REASONS)[number];

export type HopKind =
    | 'instance'
    | 'eni'
    | 'subnet'
    | 'address'
    | 'internet'
    | 'on-premises'
    | 'dns'
    | 'route-table'
    | 'igw'
    | 'vgw'
    | 'nat'
    | 'endpoint-eni'
    | 'endpoint'
    | 'endpoint-service'
    | 'load-balancer'
    | 'appliance'
    | 'target'
    | 'lambda'
    | 'aws-service'
    | 'peering'
    | 'tgw-attachment'
    | 'transit-gateway';

export interface RouteChoice {
    /** The route table's id and name. */
    readonly table: Id<'route-table'>;
    readonly tableName: string;
    /** The destination that matched, e.g. `0.0.0.0/0`, or `pl com.amazonaws.eu-west-1.s3 (52.218.0.0/17)`. */
    readonly destination: string;
    /** The target as written: `igw`, `local`, `ep-a`. */
    readonly target: string;
    readonly origin: 'local' | 'static' | 'gateway-endpoint' | 'propagated';
    /** The winning route's position in the table's `routes` (implicit routes included). */
    readonly index: number;
    readonly why: WinReason;
    /** Candidates that also matched and lost, with why. */
    readonly beat: ReadonlyArray<{
        readonly destination: string;
        readonly target: string;
        readonly lostBecause: WinReason;
    }>;
}

export interface DnsAnswer {
    readonly name: string;
    readonly addresses: readonly string[];
    /**
     * Who really answered: the AWS-managed private hosted zone of an endpoint, a user's private hosted zone, the
     * endpoint's own regional/zonal name, or public DNS through the VPC resolver.
     */
    readonly answeredBy: 'aws-managed-private-zone' | 'private-hosted-zone' | 'endpoint-name' | 'public';
    /** The zone or endpoint behind the answer. */
    readonly via?: string;
}

export interface Hop {
    readonly kind: HopKind;
    /** The element's id, when the hop is an element of the topology. */
    readonly id?: Id;
    readonly name: string;
    readonly az?: AzRef;
    readonly detail: string;
    readonly route?: RouteChoice;
    readonly dns?: DnsAnswer;
    readonly notes?: readonly string[];
}

export interface TraceResult {
    readonly verdict: 'reachable' | 'blocked';
    readonly reason: Reason | null;
    /**
     * For a blocked trace: the index of the hop where it stopped, in `forward` (or `return` when `stoppedIn` says so).
     */
    readonly stoppedAt?: number;
    readonly stoppedIn?: 'forward' | 'return';
    /** One sentence: why it is blocked, or how it got there. */
    readonly summary: string;
    readonly forward: readonly Hop[];
    readonly return: readonly Hop[];
    /** `cross-az`, `overridden-by-more-specific`, `via-internet`, … */
    readonly notes: readonly string[];
}

export type TraceEnd =
    | { readonly kind: 'internet' }
    | { readonly kind: 'ip'; readonly ip: string }
    | { readonly kind: 'element'; readonly id: Id }
    /** A DNS name, resolved by the client's VPC resolver (private hosted zones): `db.corp.internal`. */
    | { readonly kind: 'dns'; readonly name: string };

/** Where a flow probe starts: a trace end, or traffic the IGW already accepted for the VPC (edge routing). */
export type FlowStart = TraceEnd | { readonly kind: 'igw-edge'; readonly igw: Id<'igw'> };

export interface TraceOptions {
    readonly port?: number;
    /** `az c`: the endpoint's zonal DNS name for that AZ. */
    readonly zone?: string;
    /** The region of an AWS service destination (default: the client's region). */
    readonly serviceRegion?: string;
}
