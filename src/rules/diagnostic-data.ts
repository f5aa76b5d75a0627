/**
 * The `data` each diagnostic code carries: facts for quick fixes and for JSON consumers. One map, code -> shape;
 * a finding's `data` is checked against its rule's code, and the quick fixes (server/code-actions) are keyed by
 * the same codes, so a renamed field is a compile error on both sides. Codes absent here carry no data.
 *
 * The shapes are plain JSON: data reaches a quick fix over LSP, where it is checked again at run time.
 */
import type { AzRef, EndpointType, EndpointService, Id } from '../model/topology.js';
import type { Reason } from '../trace/types.js';

export interface DiagnosticData {
    'cidr-not-canonical': { readonly canonical: string };
    'interface-endpoint-az-unsupported': { readonly az: AzRef | undefined; readonly served: readonly AzRef[] };
    'interface-endpoint-single-az': { readonly missingAzs: readonly AzRef[] };
    'private-dns-needs-vpc-dns': {
        readonly vpc: Id<'vpc'>;
        readonly missing: readonly ('dns-support' | 'dns-hostnames')[];
        readonly insert?: {
            readonly uri: string;
            readonly position: { readonly line: number; readonly character: number };
            readonly text: string;
        };
    };
    /** The same facts, and the same quick fix, as private-dns-needs-vpc-dns: the VPC's DNS attributes. */
    'private-zone-needs-vpc-dns': DiagnosticData['private-dns-needs-vpc-dns'];
    'private-dns-conflict': { readonly dnsName: string; readonly zone?: Id<'private-zone'> };
    'gwlbe-missing-in-az': {
        readonly az: string;
        readonly azId: string | undefined;
        readonly service: string;
        readonly vpc: string;
        readonly subnets: readonly string[];
    };
    'asymmetric-inspection':
        | { readonly retarget: string }
        | {
              readonly addRoute: {
                  readonly table: Id<'route-table'>;
                  readonly destination: string;
                  readonly target: string;
              };
          };
    'expectation-failed': { readonly verdict: 'reachable' | 'blocked'; readonly reason: Reason | null };
    'tgw-attachment-missing-az': {
        readonly az: string;
        readonly azId: string | undefined;
        readonly attachment: string;
    };
    'tgw-appliance-mode': { readonly attachment: string };
    'endpoint-type-mismatch': {
        readonly endpointType: EndpointType;
        readonly backing: EndpointService['backing'] | undefined;
    };
    'endpoint-principal-not-allowed': {
        readonly account: string | undefined;
        readonly service: Id<'endpoint-service'>;
    };
    'endpoint-region-not-enabled': { readonly consumerRegion: string; readonly serviceRegion: string };
    'lb-no-targets-in-az': { readonly az: AzRef };
    'gateway-endpoint-service': { readonly service: string };
    'gateway-endpoint-region': { readonly vpcRegion: string; readonly serviceRegion: string };
    'gateway-endpoint-overridden': {
        readonly entry: string;
        readonly prefixList: string;
        readonly endpoint: Id<'endpoint'>;
    };
    /** Reported by the linker (src/language/topo-ambiguity.ts): the qualified names to choose from. */
    'ambiguous-reference': { readonly candidates: readonly string[] };
}

/**
 * The codes that carry data. Every one is a diagnostic code: test/rules/typed-codes.test.ts fails to compile on a key
 * of DiagnosticData that no rule or language code has (a misspelt key).
 */
type DataCode = keyof DiagnosticData;

/** The data of code `C`: its shape, or `never` for a code that carries none (so no `data` can be given). */
export type DataOf<C extends string> = C extends DataCode ? DiagnosticData[C] : never;
