/**
 * Rule family: interface endpoints and their DNS (PrivateLink Guide, "Interface VPC endpoints", "DNS names",
 * "Availability Zones"). Interface endpoints put one ENI per chosen subnet; private DNS makes the service's name
 * resolve to those ENIs inside the VPC. Each rule names the AWS fact it encodes.
 */
import { azLabel } from '../model/az.js';
import { loadBalancerInAz, serviceLoadBalancers } from '../model/endpoint-facts.js';
import type { AzRef, Endpoint, Id, PrivateZone, Subnet } from '../model/topology.js';
import { defineCheck, type RelatedAnchor, type RuleCheck, type RuleContext } from './types.js';

/** A key for an AZ inside one account: its ID when known, else its name. */
function azKey(az: AzRef): string {
    return az.id ?? az.name;
}

/** An endpoint takes at most one subnet per AZ (PrivateLink Guide: DuplicateSubnetsInSameZone). */
const duplicateAz = defineCheck('interface-endpoint-duplicate-az', (ctx) => {
    for (const ep of ctx.topology.endpoints) {
        if (ep.endpointType !== 'interface') continue;
        const seen = new Map<string, number>();
        ep.enis.forEach((eni, i) => {
            if (!eni.az) return;
            const key = azKey(eni.az);
            const first = seen.get(key);
            if (first === undefined) {
                seen.set(key, i);
                return;
            }
            const a = ctx.index.get(ep.enis[first].subnet);
            const b = ctx.index.get(eni.subnet);
            ctx.report({
                at: { src: ep.src, prop: 'subnets', index: i },
                message: `Interface endpoint '${ep.name}' has subnets '${a?.name}' and '${b?.name}' in the same AZ ${azLabel(eni.az)}; an endpoint takes at most one subnet per AZ (AWS returns DuplicateSubnetsInSameZone).`,
                related: [
                    {
                        src: ep.src,
                        prop: 'subnets',
                        index: first,
                        message: `'${a?.name}' is already this endpoint's subnet in ${azLabel(eni.az)}.`,
                    },
                ],
            });
        });
    }
});

/**
 * Within one region a consumer can use only AZs where the provider's load balancer is enabled, compared by AZ ID
 * because AZ names map differently per account; cross-region endpoints are exempt (PrivateLink Guide, endpoint
 * services, "Availability Zones"). A GWLB endpoint likewise needs a GWLB in its AZ. With several load balancers,
 * each ENI connects to the one enabled in its own AZ ("Create a service powered by AWS PrivateLink"; "Access an
 * inspection system using a Gateway Load Balancer endpoint"), so an AZ is served when any of them is enabled there.
 */
const azUnsupported = defineCheck('interface-endpoint-az-unsupported', (ctx) => {
    for (const ep of ctx.topology.endpoints) {
        if (ep.endpointType === 'gateway' || ep.service.kind !== 'endpoint-service') continue;
        const svc = ctx.index.get(ep.service.id);
        const vpc = ctx.index.get(ep.vpc);
        if (!svc || !vpc) continue;
        // Cross-region endpoints reach the service through AWS's backbone: the AZ comparison does not apply.
        if (!vpc.region || ep.serviceRegion !== vpc.region || (svc.region && svc.region !== vpc.region)) continue;
        const lbs = serviceLoadBalancers(ctx.index, svc, ep);
        // No load balancer of the right kind: endpoint-type-mismatch or endpoint-service-no-lb says so.
        if (lbs.length === 0) continue;
        const served = lbs.flatMap((l) => l.azs);
        if (served.length === 0) continue;
        ep.enis.forEach((eni, i) => {
            if (!eni.az || loadBalancerInAz(lbs, eni.az)) return;
            const subnet = ctx.index.get(eni.subnet);
            const lbKind = ep.endpointType === 'interface' ? 'NLB' : 'GWLB';
            const related: RelatedAnchor[] = lbs.map((l) => ({
                src: l.src,
                message: `${lbKind} '${l.name}' is enabled in ${l.azs.map(azLabel).join(', ') || 'no AZ'}.`,
            }));
            ctx.report({
                at: { src: ep.src, prop: 'subnets', index: i },
                message: `Endpoint '${ep.name}' uses subnet '${subnet?.name ?? eni.subnet}' in ${azLabel(eni.az)}, but service '${svc.name}' has ${lbs.length > 1 ? `its ${lbKind}s` : `its ${lbKind}`} only in ${served.map(azLabel).join(', ')}; in the same region a consumer can use only AZs (compared by AZ ID) where the provider's load balancer is enabled.`,
                related,
                data: { az: eni.az, served },
            });
        });
    }
});

/**
 * An AZ without an ENI reaches the endpoint cross-AZ through the regional name, so its workloads depend on
 * another AZ (PrivateLink Guide, interface endpoints: choose a subnet in each AZ for high availability).
 */
const singleAz = defineCheck('interface-endpoint-single-az', (ctx) => {
    const workloadAzsByVpc = new Map<Id<'vpc'>, Map<string, Subnet>>();
    for (const ep of ctx.topology.endpoints) {
        if (ep.endpointType !== 'interface') continue;
        const eniAzs = new Set(ep.enis.filter((e) => e.az).map((e) => azKey(e.az!)));
        if (eniAzs.size !== 1) continue;
        let workloads = workloadAzsByVpc.get(ep.vpc);
        if (!workloads) {
            workloads = workloadAzs(ctx, ep.vpc);
            workloadAzsByVpc.set(ep.vpc, workloads);
        }
        if (workloads.size < 2) continue;
        const eniAz = ep.enis.find((e) => e.az)!.az!;
        const others = [...workloads.entries()].filter(([key]) => !eniAzs.has(key)).map(([, s]) => s);
        if (others.length === 0) continue;
        ctx.report({
            at: { src: ep.src, prop: 'subnets', index: 0 },
            message: `Interface endpoint '${ep.name}' has an ENI only in ${azLabel(eniAz)}, but workloads in this VPC also run in ${others.map((s) => azLabel(s.az)).join(', ')}; those AZs reach the endpoint cross-AZ and fail with its AZ.`,
            related: others.map((s) => ({
                src: s.src,
                message: `Subnet '${s.name}' in ${azLabel(s.az)} has workloads but no ENI of '${ep.name}'.`,
            })),
            data: { missingAzs: others.flatMap((s) => (s.az ? [s.az] : [])) },
        });
    }
});

/** AZ key -> one subnet of that AZ that holds instances or ENIs. */
function workloadAzs(ctx: RuleContext, vpcId: Id<'vpc'>): Map<string, Subnet> {
    const out = new Map<string, Subnet>();
    for (const s of ctx.index.subnetsByVpc.get(vpcId) ?? []) {
        if (!s.az || (ctx.index.hostsBySubnet.get(s.id)?.length ?? 0) === 0) continue;
        const key = azKey(s.az);
        if (!out.has(key)) out.set(key, s);
    }
    return out;
}

/**
 * What a VPC lacks of enableDnsSupport and enableDnsHostnames, which private hosted zones (the AWS-managed zone of an
 * endpoint's private DNS, or a user's) need, with the data of the quick fix that turns both on; undefined when the VPC
 * has both (or is unknown).
 */
function vpcDnsGap(index: RuleContext['index'], vpcId: Id<'vpc'>) {
    const vpc = index.get(vpcId);
    if (!vpc || (vpc.dnsSupport && vpc.dnsHostnames)) return undefined;
    const missing = [
        ...(vpc.dnsSupport ? [] : (['dns-support'] as const)),
        ...(vpc.dnsHostnames ? [] : (['dns-hostnames'] as const)),
    ];
    const attrs = missing.map((m) => (m === 'dns-support' ? 'enableDnsSupport' : 'enableDnsHostnames'));
    const lastCidr = vpc.src?.props['cidrs']?.at(-1);
    const related: RelatedAnchor[] = vpc.src
        ? [{ src: vpc.src, message: `VPC '${vpc.name}' is declared here without ${missing.join(' / ')}.` }]
        : [];
    const data = {
        vpc: vpc.id,
        missing,
        // Quick fix: write `dns-hostnames` after the VPC's last block (and drop `no-dns-support`).
        ...(lastCidr && vpc.src && !vpc.dnsHostnames
            ? { insert: { uri: vpc.src.uri, position: lastCidr.end, text: ' dns-hostnames' } }
            : {}),
    };
    return { vpc, attrs, related, data };
}

/** Private DNS needs enableDnsSupport and enableDnsHostnames on the VPC (PrivateLink Guide, "DNS hostnames"). */
const privateDnsNeedsVpcDns = defineCheck('private-dns-needs-vpc-dns', (ctx) => {
    for (const ep of ctx.topology.endpoints) {
        if (ep.endpointType !== 'interface' || !ep.privateDns) continue;
        const gap = vpcDnsGap(ctx.index, ep.vpc);
        if (!gap) continue;
        ctx.report({
            at: { src: ep.src, prop: 'privateDns' },
            message: `Endpoint '${ep.name}' has private DNS on, but VPC '${gap.vpc.name}' lacks ${gap.attrs.join(' and ')}; the endpoint's private hosted zone needs both attributes on the VPC.`,
            related: gap.related,
            data: gap.data,
        });
    }
});

/**
 * A private hosted zone answers only in associated VPCs that have both enableDnsSupport and enableDnsHostnames
 * (Route 53 Developer Guide, "Considerations when working with a private hosted zone",
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html); elsewhere its
 * names resolve as if the zone did not exist. The finding points at the VPC in the zone's `vpcs` list.
 */
const privateZoneNeedsVpcDns = defineCheck('private-zone-needs-vpc-dns', (ctx) => {
    for (const zone of ctx.topology.privateZones) {
        zone.vpcs.forEach((vpcId, i) => {
            const gap = vpcDnsGap(ctx.index, vpcId);
            if (!gap) return;
            ctx.report({
                at: { src: zone.src, prop: 'vpcs', index: i },
                message: `Private zone '${zone.name}' is associated with VPC '${gap.vpc.name}', which lacks ${gap.attrs.join(' and ')}; a private hosted zone answers only in VPCs with both attributes, so clients in '${gap.vpc.name}' resolve its names as if the zone did not exist.`,
                related: gap.related,
                data: gap.data,
            });
        });
    }
});

/**
 * Private DNS fails when its name is already served in the VPC: by another endpoint's private DNS for the same
 * name, or by a private hosted zone of that name associated with the VPC, e.g. the shared hub zone of the
 * centralized-endpoints pattern (PrivateLink Guide, "Private DNS").
 */
const privateDnsConflict = defineCheck('private-dns-conflict', (ctx) => {
    const zonesByName = new Map<string, PrivateZone[]>();
    for (const z of ctx.topology.privateZones) {
        const key = normalise(z.name);
        const list = zonesByName.get(key);
        if (list) list.push(z);
        else zonesByName.set(key, [z]);
    }
    const firstByVpcName = new Map<string, Endpoint>();
    for (const ep of ctx.topology.endpoints) {
        if (ep.endpointType !== 'interface' || !ep.privateDns) continue;
        const name = dnsNameOf(ctx, ep);
        if (!name) continue;
        const key = `${ep.vpc}|${name}`;
        const other = firstByVpcName.get(key);
        if (other) {
            ctx.report({
                at: { src: ep.src, prop: 'privateDns' },
                message: `Endpoint '${ep.name}' turns on private DNS for ${name}, but endpoint '${other.name}' in the same VPC already serves that name with private DNS; AWS refuses the conflicting DNS domain.`,
                related: other.src
                    ? [
                          {
                              src: other.src,
                              prop: 'privateDns',
                              message: `Endpoint '${other.name}' already serves ${name} in this VPC.`,
                          },
                      ]
                    : [],
                data: { dnsName: name },
            });
        } else {
            firstByVpcName.set(key, ep);
        }
        for (const zone of zonesByName.get(name) ?? []) {
            const i = zone.vpcs.indexOf(ep.vpc);
            if (i < 0) continue;
            ctx.report({
                at: { src: ep.src, prop: 'privateDns' },
                message: `Endpoint '${ep.name}' turns on private DNS for ${name}, but private zone '${zone.name}' of that name is already associated with this VPC, and AWS refuses the conflicting DNS domain.`,
                related: zone.src
                    ? [
                          {
                              src: zone.src,
                              prop: 'vpcs',
                              index: i,
                              message: `Private zone '${zone.name}' is associated with this VPC.`,
                          },
                      ]
                    : [],
                data: { dnsName: name, zone: zone.id },
            });
        }
    }
});

function normalise(name: string): string {
    return name.toLowerCase().replace(/\.$/, '');
}

/** The name private DNS would serve: an AWS service's regional DNS name, or an endpoint service's private DNS name. */
function dnsNameOf(ctx: RuleContext, ep: Endpoint): string | undefined {
    if (ep.service.kind === 'aws') {
        const svc = ctx.index.get(ep.service.id);
        return svc ? normalise(svc.dns.replace('{region}', ep.serviceRegion)) : undefined;
    }
    if (ep.service.kind === 'endpoint-service') {
        const svc = ctx.index.get(ep.service.id);
        return svc?.privateDnsName ? normalise(svc.privateDnsName) : undefined;
    }
    return undefined;
}

export const interfaceEndpointsRules = [
    duplicateAz,
    azUnsupported,
    singleAz,
    privateDnsNeedsVpcDns,
    privateZoneNeedsVpcDns,
    privateDnsConflict,
] as const satisfies readonly RuleCheck[];
