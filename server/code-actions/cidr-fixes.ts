/**
 * Quick fixes for addressing: canonicalise a CIDR (AWS stores the network address), and move an overlapping
 * subnet to the next free block of the same size (VPC User Guide: subnets of one VPC may not overlap).
 */
import * as ast from '../../src/language/generated/ast.js';
import { parseCidr } from '../../src/net/cidr.js';
import { vpcSpace } from '../vpc-space.js';
import { nextFreeCidr } from '../../src/net/next-free-cidr.js';
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import { action, nodeAt, propertyNodes, replace, type Fix } from './fix-context.js';

export const canonicaliseCidr: Fix<DiagnosticData['cidr-not-canonical']> = (ctx) => {
    const text = ctx.document.textDocument.getText(ctx.diagnostic.range);
    const parsed = parseCidr(text);
    const canonical = ctx.data.canonical;
    if (!parsed.ok || !canonical || canonical === text) return [];
    return [
        action(
            ctx,
            `Canonicalise CIDR to ${canonical}`,
            { [ctx.document.uri.toString()]: [replace(ctx.diagnostic.range, canonical)] },
            true,
        ),
    ];
};

export const moveSubnetToFreeCidr: Fix<undefined> = (ctx) => {
    const subnet = nodeAt(ctx, ast.isSubnet);
    const vpc = subnet?.$container;
    if (!subnet || !vpc || !ast.isVpc(vpc) || !subnet.cidr) return [];
    const own = parseCidr(subnet.cidr);
    if (!own.ok) return [];
    const { blocks, used } = vpcSpace(vpc, subnet);
    const free = nextFreeCidr(blocks, used, own.cidr.prefix);
    const cidrNode = propertyNodes(subnet, 'cidr')[0];
    if (!free || !cidrNode) return [];
    return [
        action(
            ctx,
            `Move subnet ${subnet.name} to the next free /${own.cidr.prefix}: ${free.canonical}`,
            { [ctx.document.uri.toString()]: [replace(cidrNode.range, free.canonical)] },
            true,
        ),
    ];
};
