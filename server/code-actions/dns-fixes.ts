/**
 * Quick fix for private-dns-needs-vpc-dns and private-zone-needs-vpc-dns: turn on the VPC's DNS attributes (PrivateLink
 * Guide: private DNS needs enableDnsSupport and enableDnsHostnames; Route 53 Developer Guide: so do private hosted
 * zones). The VPC may be declared in another file.
 */
import * as ast from '../../src/language/generated/ast.js';
import type { TextEdit } from 'vscode-languageserver';
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import { action, nodeOfId, propertyNodes, type Fix } from './fix-context.js';

export const enableVpcDns: Fix<DiagnosticData['private-dns-needs-vpc-dns']> = (ctx) => {
    const vpcId = ctx.data.vpc;
    const found = nodeOfId(ctx, vpcId, ast.isVpc);
    if (!found) return [];
    const { node: vpc, document } = found;
    const edits: TextEdit[] = [];
    const words: string[] = [];
    const off = propertyNodes(vpc, 'noDnsSupport')[0];
    if (off) edits.push({ range: off.range, newText: 'dns-support' });
    else if (!vpc.dnsSupport) words.push('dns-support');
    if (!vpc.dnsHostnames) words.push('dns-hostnames');
    const lastCidr = propertyNodes(vpc, 'cidrs').at(-1);
    if (words.length > 0) {
        if (!lastCidr) return [];
        edits.push({ range: { start: lastCidr.range.end, end: lastCidr.range.end }, newText: ` ${words.join(' ')}` });
    }
    if (edits.length === 0) return [];
    return [
        action(
            ctx,
            `Enable DNS support and DNS hostnames on VPC ${vpc.name}`,
            { [document.uri.toString()]: edits },
            true,
        ),
    ];
};
