/**
 * Facts about an endpoint's connection to its service, shared by the rules and the tracer so that both
 * say the same thing (PrivateLink Guide: "Manage permissions", "Accept or reject connection requests").
 */
import type { TopologyIndex } from './topology-index.js';
import type { Endpoint, EndpointService, Principal } from './topology.js';

/** Does the principal list admit this account? `*` admits everyone; an empty list admits no one. */
export function principalAllows(principals: readonly Principal[], account: string): boolean {
    return principals.some((p) => {
        if (p.kind === 'any') return true;
        if (p.kind === 'account') return p.accountId === account;
        return p.accountId === account || p.arn.includes(account);
    });
}

interface ConnectionState {
    readonly service?: EndpointService;
    /** The service requires acceptance and the endpoint is not accepted: no traffic flows. */
    readonly pending: boolean;
    /** The consumer's account is known and not among the allowed principals. */
    readonly principalDenied: boolean;
    readonly consumerAccount?: string;
}

export function endpointConnection(index: TopologyIndex, ep: Endpoint): ConnectionState {
    if (ep.service.kind !== 'endpoint-service') return { pending: false, principalDenied: false };
    const service = index.get(ep.service.id);
    if (!service) return { pending: false, principalDenied: false };
    const account = index.get(ep.vpc)?.account;
    return {
        service,
        pending: service.acceptanceRequired && !ep.accepted,
        principalDenied: !!account && !principalAllows(service.principals, account),
        consumerAccount: account,
    };
}
