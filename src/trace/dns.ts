/**
 * The DNS leg (PrivateLink Guide, "DNS hostnames" and "Private DNS"). The client's VPC resolver
 * (AmazonProvidedDNS) answers, in this order:
 *  1. a private hosted zone associated with the client's VPC that holds the name (the centralized-endpoints
 *     pattern: an alias to an endpoint in a hub VPC), when the VPC has enableDnsSupport and enableDnsHostnames
 *     (Route 53 Developer Guide, "Considerations when working with a private hosted zone");
 *  2. the AWS-managed private hosted zone of an interface endpoint *in the client's VPC* with private DNS on,
 *     when the VPC has enableDnsSupport and enableDnsHostnames, and the endpoint is not limited to the
 *     inbound Resolver endpoint;
 *  3. public DNS: the service's public addresses.
 * Private DNS never reaches peered, TGW-connected or on-premises clients: their VPC has no such zone.
 */
import { awsService, serviceDnsName } from '../net/aws-services.js';
import { formatIp } from '../net/cidr.js';
import { representativePublicIp } from '../net/prefix-lists.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { AwsService, Endpoint, EndpointService, PrivateZone, Vpc } from '../model/topology.js';
import type { AddressPlan } from './addresses.js';
import type { DnsAnswer } from './types.js';

export interface Resolution {
    readonly answer: DnsAnswer;
    /** The endpoint whose ENIs answered, if any. */
    readonly endpoint?: Endpoint;
    readonly addresses: readonly number[];
    /** Why private DNS did not apply, when another VPC's endpoint would have answered privately. */
    readonly privateElsewhere?: Endpoint;
    readonly notes: readonly string[];
}

/** A representative public address for an AWS service's regional name, outside every private range. */
function servicePublicIp(service: string, region: string): number {
    const inList = representativePublicIp(service, region);
    if (inList !== undefined) return inList;
    // Not a gateway-endpoint service: any stable public address serves; 99.77.0.0/16 is AWS-owned space.
    let h = 0;
    for (const c of `${service}@${region}`) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return ((99 << 24) | (77 << 16) | (h & 0xffff)) >>> 0;
}

export function regionalEndpointName(ep: Endpoint, serviceLabel: string, region: string): string {
    return `vpce-${ep.name}.${serviceLabel}.${region}.vpce.amazonaws.com`;
}

export function zonalEndpointName(ep: Endpoint, serviceLabel: string, region: string, az: string): string {
    return `vpce-${ep.name}-${az}.${serviceLabel}.${region}.vpce.amazonaws.com`;
}

function zoneHolds(zone: PrivateZone, name: string): { alias?: PrivateZone['alias']; ip?: string } | undefined {
    if (zone.name === name && zone.alias) return { alias: zone.alias };
    for (const r of zone.records) {
        const fqdn = r.name === zone.name || r.name.endsWith(`.${zone.name}`) ? r.name : `${r.name}.${zone.name}`;
        if (fqdn === name) return { alias: r.alias, ip: r.ip };
    }
    return undefined;
}

function eniAddresses(plan: AddressPlan, ep: Endpoint): number[] {
    return ep.enis.map((e) => plan.eniIp(ep.id, e.subnet)).filter((ip): ip is number => ip !== undefined);
}

/** Resolves the DNS name of an AWS service or endpoint service from a client VPC. */
export function resolveServiceName(
    index: TopologyIndex,
    plan: AddressPlan,
    client: Vpc,
    target: AwsService | EndpointService,
    region: string,
): Resolution | { readonly unresolvable: string; readonly privateElsewhere?: Endpoint } {
    const isAws = target.kind === 'aws-service';
    const name = isAws
        ? serviceDnsName(awsService(target.name) ?? { ...target, name: target.name, dns: target.dns }, region)
        : target.privateDnsName;
    const notes: string[] = [];
    const serves = (ep: Endpoint) =>
        ep.endpointType === 'interface' &&
        (isAws
            ? ep.service.kind === 'aws' && ep.service.name === target.name && ep.serviceRegion === region
            : ep.service.kind === 'endpoint-service' && ep.service.id === target.id);

    // 1. A private hosted zone associated with the client's VPC, which answers only when the VPC has both DNS
    // attributes (Route 53 Developer Guide, "Considerations when working with a private hosted zone").
    if (name) {
        for (const zone of index.topology.privateZones) {
            if (!zone.vpcs.includes(client.id)) continue;
            const hit = zoneHolds(zone, name);
            if (!hit) continue;
            if (!client.dnsSupport || !client.dnsHostnames) {
                notes.push(
                    `private zone ${zone.name} needs enableDnsSupport and enableDnsHostnames on ${client.name}; it does not answer there`,
                );
                continue;
            }
            if (hit.ip) {
                const ip = parseDotted(hit.ip);
                return {
                    answer: { name, addresses: [hit.ip], answeredBy: 'private-hosted-zone', via: zone.name },
                    addresses: ip === undefined ? [] : [ip],
                    notes,
                };
            }
            const ep = index.get(hit.alias);
            if (ep) {
                const addresses = eniAddresses(plan, ep);
                return {
                    answer: {
                        name,
                        addresses: addresses.map(formatIp),
                        answeredBy: 'private-hosted-zone',
                        via: zone.name,
                    },
                    endpoint: ep,
                    addresses,
                    notes,
                };
            }
        }
    }
    // 2. The AWS-managed private zone of an endpoint in the client's own VPC.
    const own = (index.endpointsByVpc.get(client.id) ?? []).filter(serves);
    for (const ep of own) {
        if (!ep.privateDns || !name) continue;
        if (ep.privateDnsInboundOnly) {
            notes.push(
                `endpoint ${ep.name} has private DNS only for the inbound Resolver endpoint, so clients in ${client.name} get the public answer`,
            );
            continue;
        }
        if (!client.dnsSupport || !client.dnsHostnames) {
            notes.push(
                `private DNS of ${ep.name} needs enableDnsSupport and enableDnsHostnames on ${client.name}; the name resolves publicly`,
            );
            continue;
        }
        const addresses = eniAddresses(plan, ep);
        return {
            answer: { name, addresses: addresses.map(formatIp), answeredBy: 'aws-managed-private-zone', via: ep.name },
            endpoint: ep,
            addresses,
            notes,
        };
    }
    // An endpoint service without private DNS is reached by its endpoint's own regional name.
    if (!isAws) {
        const ep = own[0];
        if (ep) {
            const addresses = eniAddresses(plan, ep);
            return {
                answer: {
                    name: regionalEndpointName(ep, target.name, region),
                    addresses: addresses.map(formatIp),
                    answeredBy: 'endpoint-name',
                    via: ep.name,
                },
                endpoint: ep,
                addresses,
                notes,
            };
        }
    }
    // Another VPC's private DNS explains a public answer only when the client's VPC has no endpoint of its
    // own for the service: otherwise that endpoint's settings (private DNS off, inbound-only, missing VPC DNS
    // attributes) are why the name resolved publicly.
    const elsewhere =
        own.length > 0
            ? undefined
            : index.topology.endpoints.find((ep) => ep.vpc !== client.id && serves(ep) && ep.privateDns);
    // 3. Public DNS.
    if (isAws && name) {
        const ip = servicePublicIp(target.name, region);
        if (elsewhere)
            notes.push(
                `endpoint ${elsewhere.name} in another VPC has private DNS, but its zone applies only inside that VPC`,
            );
        return {
            answer: { name, addresses: [formatIp(ip)], answeredBy: 'public' },
            addresses: [ip],
            notes,
            ...(elsewhere ? { privateElsewhere: elsewhere } : {}),
        };
    }
    const other = index.topology.endpoints.find((ep) => ep.vpc !== client.id && serves(ep));
    if (other && !name) {
        // The regional endpoint name is public DNS that answers with the endpoint's private addresses.
        const addresses = eniAddresses(plan, other);
        return {
            answer: {
                name: regionalEndpointName(other, target.name, region),
                addresses: addresses.map(formatIp),
                answeredBy: 'endpoint-name',
                via: other.name,
            },
            endpoint: other,
            addresses,
            notes,
        };
    }
    return { unresolvable: name ?? target.name, ...(elsewhere ? { privateElsewhere: elsewhere } : {}) };
}

function parseDotted(text: string): number | undefined {
    const parts = text.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) return undefined;
    return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}
