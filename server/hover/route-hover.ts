/**
 * Hover on a subnet or an instance/ENI: its resolved route table, every destination with the winning route
 * and why, implicit local and gateway-endpoint prefix-list routes included (VPC User Guide, route priority).
 */
import { usableAddresses } from '../../src/net/cidr.js';
import type { TopologyIndex } from '../../src/model/topology-index.js';
import type { AzRef, Host, Id, Route, RouteTable, Subnet, Topology } from '../../src/model/topology.js';
import { resolvedTableOf, tableRows, type RouteRow } from '../../src/trace/route-table-view.js';
import { engineFor } from '../../src/trace/engine.js';
import { formatIp } from '../../src/net/cidr.js';
import { code, inline, md, raw, table } from './markdown.js';

const WHY: Record<string, string> = {
    'only-match': 'only route for this destination',
    'longest-prefix': 'longest prefix',
    'static-over-prefix-list': 'static beats prefix list',
    'static-over-propagated': 'static beats propagated',
    'prefix-list-over-propagated': 'prefix list beats propagated',
    'propagation-priority': 'propagation priority',
    'local-preferred': 'the local route is preferred over propagated and prefix-list routes inside the VPC',
    ambiguous: 'ambiguous: AWS picks one',
};

const ORIGIN: Record<RouteRow['origin'], string> = {
    local: 'implicit local route',
    static: 'static',
    'gateway-endpoint': 'gateway endpoint (prefix list)',
    propagated: 'propagated',
};

export function azText(az: AzRef | undefined): string {
    if (!az) return '';
    return az.id ? `${az.name} (${az.id})` : az.name;
}

export function subnetHover(topology: Topology, index: TopologyIndex, subnet: Subnet): string {
    const vpc = index.get(subnet.vpc);
    const facts = [
        subnet.cidr ? code(subnet.cidr.canonical) : undefined,
        subnet.az ? `AZ ${md(azText(subnet.az))}` : undefined,
        vpc ? `VPC ${code(vpc.name)}` : undefined,
        subnet.cidr ? `${usableAddresses(subnet.cidr)} usable addresses` : undefined,
    ].filter(Boolean);
    return [`**subnet** ${code(subnet.name)}`, facts.join(' · '), routesSection(topology, index, subnet.id)].join(
        '\n\n',
    );
}

export function hostHover(topology: Topology, index: TopologyIndex, host: Host): string {
    const subnet = index.get(host.subnet);
    const ip = engineFor(topology, index).plan.privateIp(host.id);
    const facts = [
        ip !== undefined ? `private ${code(formatIp(ip))}${host.ip ? '' : ' (assumed)'}` : undefined,
        host.publicIp || host.eip
            ? `public ${host.publicAddress ? code(host.publicAddress) : 'IPv4'}${host.eip ? ' (Elastic IP)' : ''}`
            : 'no public IPv4',
        subnet ? `subnet ${code(subnet.name)}` : undefined,
        (host.az ?? subnet?.az) ? `AZ ${md(azText(host.az ?? subnet?.az))}` : undefined,
        host.appliance ? 'network appliance' : undefined,
    ].filter(Boolean);
    const head = `**${host.kind}** ${code(host.name)}`;
    return subnet
        ? [head, facts.join(' · '), routesSection(topology, index, subnet.id)].join('\n\n')
        : [head, facts.join(' · ')].join('\n\n');
}

function routesSection(topology: Topology, index: TopologyIndex, subnetId: Id<'subnet'>): string {
    const view = resolvedTableOf(topology, subnetId, index);
    if (!view) return '#### Resolved routes\n\nNo route table.';
    const how =
        view.association === 'explicit'
            ? 'explicit association'
            : view.table.implicit
              ? "the VPC's default main table"
              : "the VPC's main table";
    const rows = view.rows.map((r) => [r.destination, r.target, ORIGIN[r.origin], raw(statusText(r))]);
    const notes = [
        view.subnet.cidr
            ? `Traffic to other addresses in ${code(view.subnet.cidr.canonical)} stays in the subnet and bypasses the route table.`
            : undefined,
        view.rows.length === 0 ? 'No routes: traffic leaving the subnet is dropped.' : undefined,
    ].filter(Boolean);
    return [
        `#### Resolved routes`,
        `Uses ${code(view.table.name)} (${how}).`,
        table(['Destination', 'Target', 'Origin', 'Wins?'], rows),
        ...notes,
    ].join('\n\n');
}

function statusText(r: RouteRow): string {
    const parts: string[] = [];
    if (r.status.kind === 'wins') {
        parts.push(`✓ ${inline(WHY[r.status.why] ?? r.status.why)}`);
        if (r.status.beat.length > 0) parts.push(`beats ${r.status.beat.map((b) => inline(b)).join(', ')}`);
    } else {
        parts.push(`✗ loses to ${inline(r.status.to)} (${inline(WHY[r.status.why] ?? r.status.why)})`);
    }
    if (r.carvedOutBy.length > 0) parts.push(`except more specific ${r.carvedOutBy.map((c) => inline(c)).join(', ')}`);
    return parts.join('; ');
}

/**
 * Hover on one route of a table: whether it carries traffic for its destination (and what it beat or loses
 * to), what more specific routes carve out of it, and who uses the table.
 */
export function routeHover(topology: Topology, index: TopologyIndex, table: RouteTable, route: Route): string {
    const row = tableRows(topology, table, index).find((r) => r.route === route);
    if (!row) return `**route** in ${code(table.name)}`;
    const users =
        table.edges.length > 0
            ? `Gateway route table: applies to traffic entering through ${table.edges.map((g) => code(index.get(g)?.name ?? g)).join(', ')}.`
            : table.subnets.length > 0
              ? `Used by ${table.subnets.map((s) => code(index.get(s)?.name ?? s)).join(', ')}${table.main ? " (the VPC's main table)" : ''}.`
              : 'No subnet uses this table.';
    return [
        `**route** ${code(`${row.destination} -> ${row.target}`)} in ${code(table.name)} · ${inline(ORIGIN[row.origin])}`,
        statusText(row),
        users,
    ].join('\n\n');
}
