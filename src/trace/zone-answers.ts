/**
 * A DNS name as a trace end (`trace web -> db.corp.internal`): what the client's VPC resolver (AmazonProvidedDNS)
 * answers from the private hosted zones (Route 53 Developer Guide, "Working with private hosted zones" and
 * "Considerations when working with a private hosted zone"):
 *  - a private zone answers only in the VPCs associated with it, and only when the VPC has both enableDnsSupport
 *    and enableDnsHostnames;
 *  - of the associated zones whose domain holds the name, the most specific answers; when it has no record for the
 *    name the resolver returns NXDOMAIN and does not ask public DNS;
 *  - a name no associated zone covers goes to public DNS, which holds no private name.
 * A record answers its address, or (an alias to an interface endpoint) the endpoint's ENI addresses, of which a
 * client uses the one in its own AZ.
 */
import { formatIp, parseIp } from '../net/cidr.js';
import { inDnsZone, normalDnsName, recordFqdn } from '../net/dns-names.js';
import { sameAz } from '../model/az.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { AzRef, Endpoint, PrivateZone, Vpc } from '../model/topology.js';
import type { AddressPlan } from './addresses.js';
import type { Hop, Reason } from './types.js';

type ZoneAnswer =
    | {
          readonly kind: 'answer';
          readonly hop: Hop;
          /** The address the client uses. */
          readonly address: number;
          /** The endpoint an alias record points at. */
          readonly endpoint?: Endpoint;
      }
    | {
          readonly kind: 'none';
          readonly hop: Hop;
          readonly reason: Extract<Reason, 'private-dns-not-shared' | 'dns-no-answer'>;
          readonly message: string;
      };

type Held = { readonly ip?: string; readonly alias?: Endpoint['id'] };

/** The record (or apex alias) a zone holds for a name. */
function held(zone: PrivateZone, name: string): Held | undefined {
    const wanted = normalDnsName(name);
    if (normalDnsName(zone.name) === wanted && zone.alias) return { alias: zone.alias };
    for (const r of zone.records)
        if (normalDnsName(recordFqdn(r.name, zone.name)) === wanted) return { ip: r.ip, alias: r.alias };
    return undefined;
}

/** What the resolver of `client` (undefined: a client outside every VPC) answers for `name`. */
export function answerPrivateName(
    index: TopologyIndex,
    plan: AddressPlan,
    client: Vpc | undefined,
    az: AzRef | undefined,
    name: string,
): ZoneAnswer {
    const zones = index.topology.privateZones;
    const holders = zones.filter((z) => held(z, name));
    const holderNames = holders.map((z) => z.name).join(', ') || 'no zone';
    const none = (reason: 'private-dns-not-shared' | 'dns-no-answer', detail: string, message: string): ZoneAnswer => ({
        kind: 'none',
        hop: { kind: 'dns', name, detail },
        reason,
        message,
    });
    if (!client)
        return none(
            'private-dns-not-shared',
            `no private answer outside a VPC (${name} is in private hosted zone ${holderNames})`,
            `${name} is a private name: only VPCs associated with ${holderNames} resolve it.`,
        );
    const covering = zones.filter((z) => z.vpcs.includes(client.id) && inDnsZone(name, z.name));
    if (covering.length > 0 && (!client.dnsSupport || !client.dnsHostnames))
        return none(
            'dns-no-answer',
            `the VPC resolver of ${client.name} has no answer for ${name}: its private zones need enableDnsSupport and enableDnsHostnames`,
            `Private hosted zone ${covering[0].name} is associated with ${client.name}, but a private zone answers only in a VPC with enableDnsSupport and enableDnsHostnames on, so ${name} does not resolve there.`,
        );
    if (covering.length === 0) {
        if (holders.length === 0)
            return none(
                'dns-no-answer',
                `the VPC resolver of ${client.name} has no answer for ${name}`,
                `No private hosted zone holds ${name}, and public DNS has no such name.`,
            );
        return none(
            'private-dns-not-shared',
            `the VPC resolver of ${client.name} has no private answer for ${name}`,
            `${name} is in private hosted zone ${holderNames}, which is not associated with ${client.name}; public DNS has no such name.`,
        );
    }
    // The most specific associated zone answers, or says the name does not exist.
    const zone = covering.reduce((a, b) => (normalDnsName(b.name).length > normalDnsName(a.name).length ? b : a));
    const hit = held(zone, name);
    if (!hit)
        return none(
            holders.some((z) => z.vpcs.includes(client.id)) ? 'dns-no-answer' : 'private-dns-not-shared',
            `private hosted zone ${zone.name}: NXDOMAIN (no record ${name})`,
            `Private hosted zone ${zone.name}, associated with ${client.name}, has no record ${name}, so the resolver answers NXDOMAIN${holders.length ? ` (it is in ${holderNames})` : ''}.`,
        );
    const endpoint = index.get(hit.alias);
    const addresses = endpoint
        ? endpoint.enis.map((e) => plan.eniIp(endpoint.id, e.subnet)).filter((ip): ip is number => ip !== undefined)
        : [hit.ip ? parseIp(hit.ip) : undefined].flatMap((p) => (p?.ok ? [p.value] : []));
    if (addresses.length === 0)
        return none(
            'dns-no-answer',
            `private hosted zone ${zone.name}: ${name} has no address`,
            `The record ${name} of ${zone.name} answers no address${endpoint ? ` (endpoint ${endpoint.name} has no ENI)` : ''}.`,
        );
    // Of an endpoint's ENIs (one per AZ), the client uses the one in its own AZ when there is one.
    const local = endpoint && az ? endpoint.enis.findIndex((e) => sameAz(e.az, az)) : -1;
    const address = (local >= 0 ? plan.eniIp(endpoint!.id, endpoint!.enis[local].subnet) : undefined) ?? addresses[0];
    const text = addresses.map(formatIp);
    return {
        kind: 'answer',
        hop: {
            kind: 'dns',
            name,
            detail: `private hosted zone ${zone.name}${endpoint ? ` (alias to endpoint ${endpoint.name})` : ''}: ${text.join(', ')}${text.length > 1 ? ` (uses ${formatIp(address)})` : ''}`,
            dns: { name, addresses: text, answeredBy: 'private-hosted-zone', via: zone.name },
        },
        address,
        ...(endpoint ? { endpoint } : {}),
    };
}
