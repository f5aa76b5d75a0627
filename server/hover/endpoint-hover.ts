/**
 * Hover on an endpoint: its DNS answers (PrivateLink Guide, "DNS hostnames"). An interface endpoint has a regional name
 * and one zonal name per AZ, answered with its ENIs' addresses; with private DNS on, the service's own name answers
 * privately inside the endpoint's VPC only. Gateway and GWLB endpoints change no DNS: routes carry traffic.
 */
import { formatIp } from '../../src/net/cidr.js';
import type { TopologyIndex } from '../../src/model/topology-index.js';
import type { Endpoint, Topology } from '../../src/model/topology.js';
import { regionalEndpointName, resolveServiceName, zonalEndpointName } from '../../src/trace/dns.js';
import { engineFor } from '../../src/trace/engine.js';
import { azText } from './route-hover.js';
import { code, md, raw, table } from './markdown.js';

export function endpointHover(topology: Topology, index: TopologyIndex, ep: Endpoint): string {
    const vpc = index.get(ep.vpc);
    const target = ep.service.kind === 'unresolved' ? undefined : index.get(ep.service.id);
    const serviceName =
        ep.service.kind === 'aws'
            ? ep.service.name
            : ep.service.kind === 'unresolved'
              ? ep.service.text
              : (target?.name ?? '?');
    const head = `**${ep.endpointType} endpoint** ${code(ep.name)} → ${code(serviceName)}${vpc ? ` in VPC ${code(vpc.name)}` : ''}`;
    if (ep.endpointType === 'gateway') return [head, gatewaySection(index, ep)].join('\n\n');
    const plan = engineFor(topology, index).plan;
    const enis = ep.enis.map((e) => {
        const ip = plan.eniIp(ep.id, e.subnet);
        return {
            subnet: index.get(e.subnet)?.name ?? e.subnet,
            az: e.az,
            ip: ip === undefined ? '?' : formatIp(ip),
        };
    });
    const eniTable = table(
        ['Subnet', 'AZ', 'ENI address'],
        enis.map((e) => [e.subnet, azText(e.az), e.ip]),
    );
    if (ep.endpointType === 'gwlb') {
        return [
            head,
            'No DNS: traffic reaches a GWLB endpoint through route tables that target it.',
            '#### Network interfaces',
            eniTable,
        ].join('\n\n');
    }
    const region = ep.serviceRegion;
    const rows: string[][] = [];
    rows.push([
        regionalEndpointName(ep, serviceName, region),
        enis.map((e) => e.ip).join(', '),
        'regional endpoint name (public DNS, private addresses)',
    ]);
    for (const e of enis)
        if (e.az)
            rows.push([zonalEndpointName(ep, serviceName, region, e.az.name), e.ip, `zonal name, AZ ${azText(e.az)}`]);
    const sections = [head, '#### DNS answers'];
    if (vpc && target) {
        const r = resolveServiceName(index, plan, vpc, target, region);
        if ('answer' in r) {
            const by =
                r.answer.answeredBy === 'aws-managed-private-zone'
                    ? 'private DNS (AWS-managed private hosted zone)'
                    : r.answer.answeredBy === 'private-hosted-zone'
                      ? `private hosted zone ${r.answer.via ?? ''}`
                      : r.answer.answeredBy === 'public'
                        ? 'public DNS'
                        : 'endpoint name';
            rows.unshift([r.answer.name, r.answer.addresses.join(', '), `from VPC ${vpc.name}: ${by}`]);
            sections.push(table(['Name', 'Answer', 'Answered by'], rows));
            for (const n of r.notes) sections.push(`_${md(n)}_`);
        } else sections.push(table(['Name', 'Answer', 'Answered by'], rows));
    } else sections.push(table(['Name', 'Answer', 'Answered by'], rows));
    if (ep.privateDns) {
        sections.push(
            `Private DNS answers only inside ${vpc ? code(vpc.name) : 'its VPC'}: peered, TGW-connected and on-premises clients get the public answer unless a private hosted zone associated with their VPC says otherwise.`,
        );
    }
    sections.push('#### Network interfaces', eniTable);
    return sections.join('\n\n');
}

function gatewaySection(index: TopologyIndex, ep: Endpoint): string {
    const tables = ep.routeTables.map((id) => index.get(id)?.name ?? id);
    return [
        'No DNS change: the service name still resolves to its public addresses. The endpoint adds a prefix-list route to each associated route table, and that route carries the traffic.',
        table(
            ['Route table', 'Route'],
            tables.map((t) => [
                t,
                raw(`${code(`pl ${ep.service.kind === 'aws' ? ep.service.name : '?'}`)} → ${code(ep.name)}`),
            ]),
        ),
        'Same region only; not usable from peered VPCs, through a transit gateway, or over VPN.',
    ].join('\n\n');
}
