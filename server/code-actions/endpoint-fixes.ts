/**
 * Quick fixes that place endpoint ENIs in the AZs that need them:
 *  - interface-endpoint-single-az: add a subnet of each missing AZ to the endpoint (PrivateLink Guide: one
 *    subnet per AZ for high availability);
 *  - gwlbe-missing-in-az: add a GWLB endpoint in a suitable subnet of that AZ (GWLB User Guide: one GWLBE per
 *    AZ). A suitable subnet hosts no workloads, NAT, load balancer, TGW attachment or other endpoint. When none
 *    fits, the fix adds a dedicated subnet at the next free CIDR too, and its title says why none fitted.
 */
import type { TextEdit } from 'vscode-languageserver';
import * as ast from '../../src/language/generated/ast.js';
import { astElementId } from '../../src/language/model-builder/ast-ids.js';
import type { Id, Subnet } from '../../src/model/topology.js';
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import { parseCidr } from '../../src/net/cidr.js';
import { vpcSpace } from '../vpc-space.js';
import { nextFreeCidr } from '../../src/net/next-free-cidr.js';
import {
    action,
    freshName,
    indentOf,
    insertLinesAfter,
    nodeAt,
    propertyNodes,
    type Fix,
    type FixContext,
} from './fix-context.js';

export const addEndpointSubnets: Fix<DiagnosticData['interface-endpoint-single-az']> = (ctx) => {
    const ep = nodeAt(ctx, ast.isEndpoint);
    const vpc = ep?.$container;
    const missing = ctx.data.missingAzs;
    if (!ep || !vpc || !ast.isVpc(vpc) || missing.length === 0) return [];
    const { index } = ctx.analysis;
    const vpcId = astElementId(vpc);
    const subnets = vpcId ? (index.subnetsByVpc.get(vpcId) ?? []) : [];
    const chosen: Subnet[] = [];
    for (const az of missing) {
        const inAz = subnets.filter((s) => s.az?.name === az.name);
        const pick = inAz.find((s) => (index.hostsBySubnet.get(s.id)?.length ?? 0) > 0) ?? inAz[0];
        if (pick) chosen.push(pick);
    }
    const last = propertyNodes(ep, 'subnets').at(-1);
    if (chosen.length === 0 || !last) return [];
    const edit: TextEdit = {
        range: { start: last.range.end, end: last.range.end },
        newText: chosen.map((s) => `, ${s.name}`).join(''),
    };
    const where = chosen.map((s) => `${s.name} (${s.az?.name})`).join(', ');
    return [action(ctx, `Add ${ep.name} to ${where}`, { [ctx.document.uri.toString()]: [edit] }, true)];
};

export const addGwlbEndpoint: Fix<DiagnosticData['gwlbe-missing-in-az']> = (ctx) => {
    const vpc = nodeAt(ctx, ast.isVpc);
    const { az, service } = ctx.data;
    if (!vpc) return [];
    const inspected = new Set(ctx.data.subnets);
    const gwlbes = (vpc.members ?? []).filter(ast.isEndpoint).filter((e) => e.kind === 'gwlb');
    const template =
        gwlbes.find((e) => e.service?.$refText === service || e.service?.ref?.name === service) ?? gwlbes[0];
    if (!template) return [];
    const { index } = ctx.analysis;
    const vpcId = astElementId(vpc);
    const subnets = vpcId ? (index.subnetsByVpc.get(vpcId) ?? []) : [];
    const busy = busySubnets(ctx, vpcId);
    const templateSubnet = template.subnets[0]?.ref;
    const templateTable =
        templateSubnet && astElementId(templateSubnet)
            ? index.get(astElementId(templateSubnet))?.routeTable
            : undefined;
    const inAz = subnets.filter((s) => s.az?.name === az);
    const fits = inAz
        .filter((s) => !inspected.has(s.name) && !busy.has(s.id))
        .sort((a, b) => Number(b.routeTable === templateTable) - Number(a.routeTable === templateTable));
    const letter = az.slice(-1);
    const names = new Set(
        (vpc.members ?? []).map((m) => (m as { name?: string }).name).filter((n): n is string => !!n),
    );
    const epName = freshName(
        /-[a-z]$/.test(template.name) ? `${template.name.slice(0, -1)}${letter}` : `${template.name}-${letter}`,
        names,
    );
    const indent = indentOf(ctx.document, template);
    const svcText = template.service?.$refText ?? service;
    const uri = ctx.document.uri.toString();
    const fit = fits[0];
    if (fit) {
        const edit = insertLinesAfter(template, [`${indent}endpoint ${epName} gwlb ${svcText} in ${fit.name}`]);
        return edit
            ? [action(ctx, `Add GWLB endpoint ${epName} in subnet ${fit.name} (${az})`, { [uri]: [edit] }, true)]
            : [];
    }
    return dedicatedSubnet(ctx, vpc, {
        az,
        epName,
        svcText,
        indent,
        names,
        templateSubnet,
        template,
        why: inAz.map((s) => `${s.name} ${inspected.has(s.name) ? 'is inspected' : 'hosts other resources'}`),
    });
};

function dedicatedSubnet(
    ctx: FixContext,
    vpc: ast.Vpc,
    o: {
        az: string;
        epName: string;
        svcText: string;
        indent: string;
        names: Set<string>;
        templateSubnet: ast.Subnet | undefined;
        template: ast.Endpoint;
        why: string[];
    },
) {
    const { blocks, used } = vpcSpace(vpc);
    const size = o.templateSubnet?.cidr ? parseCidr(o.templateSubnet.cidr) : undefined;
    const free = nextFreeCidr(blocks, used, size?.ok ? size.cidr.prefix : 28);
    if (!free || !o.templateSubnet) return [];
    const letter = o.az.slice(-1);
    const subnetName = freshName(
        /-[a-z]$/.test(o.templateSubnet.name) ? `${o.templateSubnet.name.slice(0, -1)}${letter}` : `gwlbe-${letter}`,
        o.names,
    );
    const azWritten = o.templateSubnet.az ? azSpelling(o.templateSubnet.az, o.az) : o.az;
    const routes = o.templateSubnet.routeTable?.$refText ? ` routes ${o.templateSubnet.routeTable.$refText}` : '';
    const subnetIndent = indentOf(ctx.document, o.templateSubnet);
    const subnetEdit = insertLinesAfter(o.templateSubnet, [
        `${subnetIndent}subnet ${subnetName} ${free.canonical} az ${azWritten}${routes}`,
    ]);
    const epEdit = insertLinesAfter(o.template, [`${o.indent}endpoint ${o.epName} gwlb ${o.svcText} in ${subnetName}`]);
    if (!subnetEdit || !epEdit) return [];
    const why = o.why.length > 0 ? `no subnet of ${o.az} fits: ${o.why.join(', ')}` : `no other subnet in ${o.az}`;
    return [
        action(
            ctx,
            `Add subnet ${subnetName} ${free.canonical} in ${o.az} with GWLB endpoint ${o.epName} (${why})`,
            { [ctx.document.uri.toString()]: [subnetEdit, epEdit] },
            true,
        ),
    ];
}

/** Write the AZ the way the file writes its sibling's: a suffix (`c`) or the full name. */
function azSpelling(siblingWritten: string, fullName: string): string {
    return siblingWritten.length <= 2 ? fullName.slice(-siblingWritten.length) : fullName;
}

/** Subnets that already host something a dedicated GWLBE subnet should not share. */
function busySubnets(ctx: FixContext, vpcId: Id<'vpc'> | undefined): Set<Id<'subnet'>> {
    const { index, topology } = ctx.analysis;
    const busy = new Set<Id<'subnet'>>();
    for (const [subnet, hosts] of index.hostsBySubnet) if (hosts.length > 0) busy.add(subnet);
    for (const [subnet] of index.natsBySubnet) busy.add(subnet);
    const lbs = vpcId ? index.lbsByVpc.get(vpcId) : undefined;
    const attachments = vpcId ? index.attachmentsByVpc.get(vpcId) : undefined;
    for (const lb of lbs ?? []) for (const s of lb.subnets) busy.add(s);
    for (const att of attachments ?? []) for (const s of att.subnets) busy.add(s);
    for (const ep of topology.endpoints) for (const eni of ep.enis) busy.add(eni.subnet);
    return busy;
}
