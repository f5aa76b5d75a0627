/**
 * "Where does my next subnet go?": the first aligned block of a given size inside a VPC's blocks that
 * overlaps none of the subnets already there. Completion offers it; the `subnet-overlap` quick fix moves a
 * subnet to it. A subnet's prefix must be /16 to /28 (VPC User Guide, "Subnet sizing for IPv4").
 */
import { cidrOf, type Cidr } from './cidr.js';

const MIN_SUBNET_PREFIX = 16;
const MAX_SUBNET_PREFIX = 28;

/**
 * The first free `/prefix` block inside `vpcBlocks` (primary first, then secondary), or undefined when none
 * fits. `used` may overlap each other and need not be sorted.
 */
export function nextFreeCidr(vpcBlocks: readonly Cidr[], used: readonly Cidr[], prefix: number): Cidr | undefined {
    if (!Number.isInteger(prefix) || prefix < MIN_SUBNET_PREFIX || prefix > MAX_SUBNET_PREFIX) return undefined;
    const size = 2 ** (32 - prefix);
    const taken = [...used].sort((a, b) => a.first - b.first);
    for (const block of vpcBlocks) {
        if (block.prefix > prefix) continue;
        let candidate = block.first - (block.first % size);
        if (candidate < block.first) candidate += size;
        let i = 0;
        while (candidate + size - 1 <= block.last) {
            const last = candidate + size - 1;
            // Skip subnets that end before the candidate; the first one that does not decides.
            while (i < taken.length && taken[i].last < candidate) i++;
            const clash = firstClash(taken, i, candidate, last);
            if (!clash) return cidrOf(candidate, prefix);
            // Jump past the clashing block, to the next aligned start.
            const next = clash.last + 1;
            candidate = next % size === 0 ? next : next + (size - (next % size));
        }
    }
    return undefined;
}

function firstClash(taken: readonly Cidr[], from: number, first: number, last: number): Cidr | undefined {
    let clash: Cidr | undefined;
    for (let j = from; j < taken.length && taken[j].first <= last; j++) {
        const t = taken[j];
        if (t.last >= first && (!clash || t.last > clash.last)) clash = t;
    }
    return clash;
}

/**
 * A sensible size for the next subnet: the size most subnets of the VPC already have (the larger on a tie),
 * else the VPC's primary block split in sixteen, kept within /16–/28.
 */
export function sensibleSubnetPrefix(vpcBlocks: readonly Cidr[], existing: readonly Cidr[]): number {
    const counts = new Map<number, number>();
    for (const c of existing) counts.set(c.prefix, (counts.get(c.prefix) ?? 0) + 1);
    let best: number | undefined;
    for (const [prefix, n] of counts) {
        const bestN = best === undefined ? -1 : counts.get(best)!;
        if (n > bestN || (n === bestN && prefix < best!)) best = prefix;
    }
    const fallback = (vpcBlocks[0]?.prefix ?? 16) + 4;
    return Math.min(MAX_SUBNET_PREFIX, Math.max(MIN_SUBNET_PREFIX, best ?? fallback));
}
