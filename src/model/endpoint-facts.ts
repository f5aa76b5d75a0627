/**
 * Facts about an endpoint's connection to its service, shared by the rules and the tracer so that both
 * say the same thing: who may connect (PrivateLink Guide, "Manage permissions"), whether the connection is accepted
 * ("Accept or reject connection requests"), from which Regions ("Share your services through AWS PrivateLink",
 * "Cross-Region access"; "Cross-Region enabled AWS services"), and which of the service's load balancers serves the
 * endpoint's AZ ("Create a service powered by AWS PrivateLink", "Access an inspection system using a Gateway Load
 * Balancer endpoint").
 */
import { sameAz } from './az.js';
import type { TopologyIndex } from './topology-index.js';
import type { AzRef, Endpoint, EndpointService, LoadBalancer, Principal } from './topology.js';

/** Does the principal list admit this account? `*` admits everyone; an empty list admits no one. */
function principalAllows(principals: readonly Principal[], account: string): boolean {
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
    /**
     * The consumer's account is known, is not the service owner's and is not among the allowed principals. The owner's
     * own account may always connect; when the owner's account is unknown the consumer may be the owner, so nothing is
     * denied.
     */
    readonly principalDenied: boolean;
    readonly consumerAccount?: string;
    /** The endpoint's Region (its VPC's) is not one the service can be reached from. */
    readonly regionDenied: boolean;
    readonly consumerRegion?: string;
    /** The service's home Region. */
    readonly serviceRegion?: string;
}

/**
 * The connection of an endpoint to its service. An AWS service in another Region is reached only by an interface
 * endpoint, and only for the services the catalogue marks `cross-region` (a gateway endpoint in another Region is
 * gateway-endpoint-region's). An endpoint service is reached from its home Region and from the Regions its provider
 * enabled (`regions`), and across Regions only by interface endpoints: GWLB-backed services are same-Region only.
 */
export function endpointConnection(index: TopologyIndex, ep: Endpoint): ConnectionState {
    const vpc = index.get(ep.vpc);
    const consumerRegion = vpc?.region || undefined;
    const consumerAccount = vpc?.account;
    if (ep.service.kind === 'aws') {
        const aws = index.get(ep.service.id);
        const serviceRegion = ep.serviceRegion || undefined;
        const crossRegion = !!consumerRegion && !!serviceRegion && serviceRegion !== consumerRegion;
        return {
            pending: false,
            principalDenied: false,
            regionDenied: crossRegion && ep.endpointType === 'interface' && !!aws && !aws.crossRegion,
            consumerAccount,
            consumerRegion,
            serviceRegion,
        };
    }
    const service = ep.service.kind === 'endpoint-service' ? index.get(ep.service.id) : undefined;
    if (!service) return { pending: false, principalDenied: false, regionDenied: false, consumerAccount };
    const owner = service.account;
    const serviceRegion = service.region || undefined;
    const crossRegion = !!consumerRegion && !!serviceRegion && serviceRegion !== consumerRegion;
    return {
        service,
        pending: service.acceptanceRequired && !ep.accepted,
        principalDenied:
            !!consumerAccount &&
            !!owner &&
            consumerAccount !== owner &&
            !principalAllows(service.principals, consumerAccount),
        consumerAccount,
        regionDenied:
            crossRegion &&
            (ep.endpointType === 'gwlb' ||
                (ep.endpointType === 'interface' && !service.supportedRegions.includes(consumerRegion))),
        consumerRegion,
        serviceRegion,
    };
}

/** The service's load balancers of the kind the endpoint connects to: NLBs for interface endpoints, else GWLBs. */
export function serviceLoadBalancers(index: TopologyIndex, svc: EndpointService, ep: Endpoint): LoadBalancer[] {
    const wanted = ep.endpointType === 'interface' ? 'nlb' : 'gwlb';
    return svc.loadBalancers.map((id) => index.get(id)).filter((l): l is LoadBalancer => l?.lbType === wanted);
}

/**
 * The load balancer an endpoint ENI in `az` connects to: the one enabled in that AZ, compared by AZ ID across
 * accounts. A service backed by several load balancers gives each endpoint one load balancer per AZ, never simply
 * the first (PrivateLink Guide, "Create a service powered by AWS PrivateLink" and "Access an inspection system using
 * a Gateway Load Balancer endpoint": "establishes a connection with only one load balancer per Availability Zone").
 */
export function loadBalancerInAz(lbs: readonly LoadBalancer[], az: AzRef | undefined): LoadBalancer | undefined {
    return lbs.find((l) => l.azs.some((a) => sameAz(a, az)));
}
