/**
 * The rule contract: every rule code with its default severity and its one-line summary (docs/rules/README.md lists
 * the same, and test/rules/registry.test.ts holds them equal), and the promises a rule makes about its findings. The
 * checks live in the family files, each declared with `defineCheck` under its code; the registry joins the two.
 */
import type { Severity } from '../model/diagnostic.js';

export interface RuleMeta {
    readonly severity: Severity;
    /** One line: what the rule checks. Used for SARIF `tool.driver.rules` and the docs index. */
    readonly summary: string;
    /**
     * Set when the rule's findings in an item (a VPC, a TGW, a prefix list: a region item or top-level statement)
     * follow from that item's own text alone, never from another item or file. The editor then shows them as
     * soon as a keystroke is parsed, from a model of the edited items, before the typing pause of the
     * workspace-wide analysis. test/rules/local-rules.test.ts holds every such rule to it: one document's model,
     * and one item's, give the findings the whole workspace's does.
     */
    readonly local?: true;
    /**
     * Set when every finding of the rule is a statement about paths ("this reply skips the firewall", "this traffic
     * is dropped at that table"): the rule takes the verdict from `ctx.engine.trace` and attaches the flows it traced
     * (`Finding.flows`). test/rules/checker-agrees-with-tracer.test.ts holds each such finding to the tracer.
     */
    readonly paths?: true;
}

export const RULE_CODES = {
    // addressing
    'vpc-cidr-size': {
        severity: 'error',
        summary: 'Every IPv4 block of a VPC, primary or secondary, is /16 to /28.',
        local: true,
    },
    'vpc-cidr-overlap': { severity: 'error', summary: 'Two CIDR blocks of the same VPC overlap.', local: true },
    'vpc-cidr-restricted': {
        severity: 'error',
        summary:
            "A secondary block comes from a range AWS's association restrictions refuse for the VPC's primary block.",
        local: true,
    },
    'cidr-not-canonical': {
        severity: 'warning',
        summary: 'A CIDR block has host bits set; AWS stores the network address.',
        local: true,
    },
    'cidr-reserved-range': {
        severity: 'error',
        summary: '169.254.0.0/16 is used as a VPC block, or a route points at 169.254.168.0/22.',
        local: true,
    },
    'cidr-docker-range': {
        severity: 'warning',
        summary: '172.17.0.0/16 collides with Docker and some AWS tooling.',
        local: true,
    },
    'subnet-outside-vpc': {
        severity: 'error',
        summary: 'The subnet CIDR is not inside any block of its VPC.',
        local: true,
    },
    'subnet-size': { severity: 'error', summary: 'An IPv4 subnet is not between /16 and /28.', local: true },
    'subnet-overlap': { severity: 'error', summary: 'Two subnets of one VPC overlap.', local: true },
    'host-ip-unusable': {
        severity: 'error',
        summary: "A host's address is outside its subnet or one of the five addresses AWS reserves in it.",
        local: true,
    },
    'subnet-capacity': {
        severity: 'warning',
        summary:
            'The network interfaces placed in a subnet outnumber its usable addresses (size - 5), or leave an ALB fewer than 8 free.',
    },
    'eni-attachment-az': {
        severity: 'error',
        summary: "An ENI is attached to an instance in another Availability Zone; an instance's ENIs share its AZ.",
    },
    // vpc-connectivity
    'peering-cidr-overlap': {
        severity: 'error',
        summary: 'Two VPCs joined by peering have overlapping blocks, secondary blocks included.',
    },
    'tgw-cidr-overlap': {
        severity: 'error',
        summary: 'Two VPC attachments with identical or overlapping blocks propagate into the same TGW route table.',
    },
    'peering-duplicate': { severity: 'error', summary: 'More than one peering connection between the same two VPCs.' },
    'peering-route-outside-peer': {
        severity: 'error',
        summary: "A route to a peering connection has a destination outside the peer VPC's blocks.",
    },
    'peering-transitive': {
        severity: 'error',
        summary: 'A route relies on transit through a peered VPC (its gateways, endpoints or a third peer).',
    },
    'peering-same-vpc': {
        severity: 'error',
        summary: 'A peering connection joins a VPC to itself.',
        local: true,
    },
    // routing
    'subnet-multiple-route-tables': {
        severity: 'error',
        summary: 'A subnet is associated with more than one route table.',
    },
    'route-duplicate-destination': {
        severity: 'error',
        summary: 'Two static routes in one route table have the same destination.',
    },
    'route-target-other-vpc': {
        severity: 'error',
        summary: 'A route target belongs to a different VPC than the route table.',
    },
    'route-more-specific-than-local': {
        severity: 'error',
        summary:
            'A route inside a VPC block is not a subnet CIDR, or does not target a NAT gateway, ENI or GWLB endpoint.',
    },
    'route-blackhole': {
        severity: 'warning',
        summary:
            'A route targets something that cannot forward traffic (blackhole, pending peering or endpoint, missing NAT).',
    },
    'route-gateway-endpoint-manual': { severity: 'error', summary: 'A hand-written route targets a gateway endpoint.' },
    'route-prefix-list-ambiguous': {
        severity: 'warning',
        summary: 'Two prefix-list routes in one table overlap with different targets; AWS picks one at random.',
    },
    'route-shadowed': {
        severity: 'info',
        summary:
            'A route can never win: more specific routes cover its whole destination, or the local route is preferred over it.',
    },
    'route-target-source-dest-check': {
        severity: 'error',
        summary:
            'A route targets an instance or network interface that is not an appliance; its source/destination check drops the traffic.',
    },
    // edge-routing
    'edge-route-target': {
        severity: 'error',
        summary:
            'A gateway route table targets something other than local, a GWLB endpoint or an appliance ENI (with a public IP for IGW traffic).',
    },
    'edge-route-destination': {
        severity: 'error',
        summary:
            'A gateway route table destination is not the whole VPC block or exactly a subnet CIDR (or is a prefix list or propagated).',
    },
    'gateway-route-table-multiple': {
        severity: 'error',
        summary: 'An internet or virtual private gateway is associated with more than one gateway route table.',
        local: true,
    },
    'ingress-needs-public-ip': {
        severity: 'error',
        summary: 'Internet traffic is redirected towards instances that have no public IP or EIP.',
        paths: true,
    },
    // internet-nat
    'igw-multiple': { severity: 'error', summary: 'More than one internet gateway is attached to a VPC.' },
    'nat-in-private-subnet': {
        severity: 'error',
        summary:
            'Internet-bound traffic reaches a zonal public NAT gateway whose subnet has no route to an IGW, or that has no EIP.',
        paths: true,
    },
    'nat-cross-az': { severity: 'warning', summary: 'A subnet sends 0.0.0.0/0 to a zonal NAT gateway in another AZ.' },
    // transit-gateway
    'tgw-attachment-missing-az': {
        severity: 'error',
        summary: 'A subnet in an AZ routes to the TGW, but the VPC attachment has no subnet in that AZ.',
        paths: true,
    },
    'tgw-attachment-duplicate-az': {
        severity: 'error',
        summary: 'Two subnets of one TGW VPC attachment are in the same AZ.',
    },
    'tgw-attachment-unassociated': {
        severity: 'error',
        summary: 'A TGW attachment has no TGW route table association.',
    },
    'tgw-appliance-mode': {
        severity: 'error',
        summary: 'Transit traffic passes a stateful device in a multi-AZ attachment whose appliance mode is off.',
        paths: true,
    },
    'tgw-reference-other-tgw': {
        severity: 'error',
        summary: "A TGW route, association or propagation names another transit gateway's attachment or route table.",
    },
    // gateway-endpoints
    'gateway-endpoint-service': {
        severity: 'error',
        summary: 'A gateway endpoint is for a service other than s3 or dynamodb.',
    },
    'gateway-endpoint-region': {
        severity: 'error',
        summary: "The gateway endpoint's service region differs from the VPC's region.",
    },
    'gateway-endpoint-duplicate': {
        severity: 'error',
        summary: 'Two gateway endpoints for the same service are associated with the same route table.',
    },
    'gateway-endpoint-overridden': {
        severity: 'warning',
        summary:
            'A static route that is more specific than, or identical to, part of the service prefix list sends that part elsewhere.',
    },
    'gateway-endpoint-unused': { severity: 'info', summary: 'No associated route table is used by any subnet.' },
    // interface-endpoints
    'interface-endpoint-duplicate-az': {
        severity: 'error',
        summary: 'Two subnets of one interface endpoint are in the same AZ.',
    },
    'interface-endpoint-az-unsupported': {
        severity: 'error',
        summary: "The endpoint uses an AZ where the provider's load balancer is not enabled (same region only).",
    },
    'interface-endpoint-single-az': {
        severity: 'warning',
        summary: 'The endpoint has an ENI in only one AZ while workloads in the VPC use several.',
    },
    'private-dns-needs-vpc-dns': {
        severity: 'error',
        summary: 'Private DNS is on but the VPC lacks enableDnsSupport or enableDnsHostnames.',
    },
    'private-zone-needs-vpc-dns': {
        severity: 'error',
        summary: 'A private hosted zone is associated with a VPC that lacks enableDnsSupport or enableDnsHostnames.',
    },
    'private-dns-conflict': {
        severity: 'error',
        summary: 'Private DNS is enabled on an endpoint whose DNS name is already served in that VPC.',
    },
    // endpoint-services
    'endpoint-type-mismatch': {
        severity: 'error',
        summary:
            'An interface endpoint targets a GWLB-backed service, or a GWLB endpoint targets an NLB-backed service or an AWS service.',
    },
    'endpoint-service-no-lb': {
        severity: 'error',
        summary: 'An endpoint service has no NLB or GWLB, or mixes both kinds.',
    },
    'endpoint-principal-not-allowed': {
        severity: 'error',
        summary: "The consumer's account is neither the service owner's nor in the service's allowed principals.",
    },
    'endpoint-region-not-enabled': {
        severity: 'error',
        summary:
            'The endpoint is in another Region than its service, which has not enabled that Region (GWLB services and most AWS services cannot).',
    },
    'endpoint-pending-acceptance': {
        severity: 'warning',
        summary: 'The service requires acceptance and the endpoint is not accepted.',
    },
    'endpoint-service-public': {
        severity: 'warning',
        summary: 'Allowed principals are * and acceptance is off. Anyone can connect.',
    },
    'nlb-target-type': {
        severity: 'error',
        summary: "NLB targets must be instance, ip or alb (in the NLB's VPC); GWLB targets must be instance or ip.",
    },
    'nlb-multiple-services': { severity: 'error', summary: 'One NLB backs more than one endpoint service.' },
    'lb-no-targets-in-az': {
        severity: 'warning',
        summary: 'A load balancer is enabled in an AZ with no target there, and cross-zone is off.',
    },
    // gwlb
    'gwlbe-missing-in-az': {
        severity: 'warning',
        summary: 'Traffic of an AZ is inspected, but no GWLBE of that service is in the AZ.',
    },
    'gwlbe-cross-az': {
        severity: 'warning',
        summary: 'A broad destination in a subnet table targets a GWLBE in another AZ.',
    },
    'gwlbe-shares-app-subnet': {
        severity: 'error',
        summary: "The GWLBE's own subnet route table sends traffic to that same GWLBE.",
    },
    'gwlbe-no-onward-route': {
        severity: 'error',
        summary: "The GWLBE's own subnet route table cannot carry the inspected traffic onward.",
        paths: true,
    },
    'gwlbe-unsupported-option': {
        severity: 'error',
        summary: 'A security group, policy or private DNS is set on a GWLBE.',
    },
    'asymmetric-inspection': {
        severity: 'error',
        summary: 'The return path of a flow does not pass through the same GWLBE as the forward path.',
        paths: true,
    },
    // expectations
    'expectation-failed': {
        severity: 'error',
        summary: 'An expect statement does not hold: the traced verdict, reason or path differs.',
    },
} as const satisfies Readonly<Record<string, RuleMeta>>;

/** Every rule's code: a union of string literals (a misspelt code is a compile error). */
export type RuleCode = keyof typeof RULE_CODES;
