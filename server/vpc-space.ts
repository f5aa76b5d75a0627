/**
 * A VPC's address space as written in the file (the AST, so it is current while the user types): its blocks
 * and the CIDRs its subnets already take. Completion and the quick fixes look for free blocks in it.
 */
import * as ast from '../src/language/generated/ast.js';
import { parseCidr, type Cidr } from '../src/net/cidr.js';

interface VpcSpace {
    readonly blocks: Cidr[];
    readonly used: Cidr[];
}

/** `except`: a subnet whose own block does not count as taken (the one being written or moved). */
export function vpcSpace(vpc: ast.Vpc, except?: unknown): VpcSpace {
    return {
        blocks: parsedCidrs(vpc.cidrs),
        used: parsedCidrs(
            (vpc.members ?? [])
                .filter(ast.isSubnet)
                .filter((s) => s !== except)
                .map((s) => s.cidr),
        ),
    };
}

/** The valid CIDRs among `texts` (invalid ones are reported elsewhere). */
export function parsedCidrs(texts: ReadonlyArray<string | undefined>): Cidr[] {
    return texts.flatMap((t) => {
        const p = t ? parseCidr(t) : undefined;
        return p?.ok ? [p.cidr] : [];
    });
}
