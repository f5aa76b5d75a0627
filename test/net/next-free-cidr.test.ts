import { describe, expect, it } from 'vitest';
import { mustParse } from '../../src/net/cidr.js';
import { nextFreeCidr, sensibleSubnetPrefix } from '../../src/net/next-free-cidr.js';

const c = (texts: string[]) => texts.map(mustParse);
const next = (vpc: string[], used: string[], prefix: number) => nextFreeCidr(c(vpc), c(used), prefix)?.canonical;

describe('nextFreeCidr', () => {
    it('returns the VPC start when nothing is used', () => {
        expect(next(['10.0.0.0/16'], [], 24)).toBe('10.0.0.0/24');
    });

    it('skips used blocks and stays aligned to the requested size', () => {
        expect(next(['10.0.0.0/24'], ['10.0.0.0/28', '10.0.0.16/28', '10.0.0.32/28'], 28)).toBe('10.0.0.48/28');
        // A /28 at .0 blocks the first /26; the next aligned /26 starts at .64.
        expect(next(['10.0.0.0/24'], ['10.0.0.0/28'], 26)).toBe('10.0.0.64/26');
    });

    it('fills holes between used blocks, in address order', () => {
        expect(next(['10.0.0.0/24'], ['10.0.0.32/28', '10.0.0.0/28'], 28)).toBe('10.0.0.16/28');
    });

    it('is not fooled by a large block listed before a small one', () => {
        expect(next(['10.0.0.0/24'], ['10.0.0.0/25', '10.0.0.16/28'], 28)).toBe('10.0.0.128/28');
    });

    it('moves on to a secondary VPC block when the primary is full (VPC User Guide: secondary CIDR blocks)', () => {
        expect(next(['10.0.0.0/28', '100.64.0.0/24'], ['10.0.0.0/28'], 28)).toBe('100.64.0.0/28');
    });

    it('returns undefined when nothing fits, or for a size AWS does not allow for a subnet (/16 to /28)', () => {
        expect(next(['10.0.0.0/28'], ['10.0.0.0/28'], 28)).toBeUndefined();
        expect(next(['10.0.0.0/16'], [], 29)).toBeUndefined();
        expect(next(['10.0.0.0/8'], [], 15)).toBeUndefined();
        expect(next(['10.0.0.0/24'], [], 23)).toBeUndefined();
    });

    it('ignores subnets outside the VPC', () => {
        expect(next(['10.0.0.0/24'], ['192.168.0.0/24'], 26)).toBe('10.0.0.0/26');
    });
});

describe('sensibleSubnetPrefix', () => {
    it('follows the size most existing subnets have', () => {
        expect(sensibleSubnetPrefix(c(['10.0.0.0/16']), c(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/26']))).toBe(24);
    });

    it('falls back to a sixteenth of the primary block, within /16 to /28', () => {
        expect(sensibleSubnetPrefix(c(['10.0.0.0/16']), [])).toBe(20);
        expect(sensibleSubnetPrefix(c(['10.0.0.0/26']), [])).toBe(28);
        expect(sensibleSubnetPrefix(c(['10.0.0.0/8']), [])).toBe(16);
    });
});
