import { describe, expect, test } from 'vitest';
import {
    contains,
    formatIp,
    overlaps,
    parseCidr,
    parseCidrWithIpNum,
    parseIp,
    parseIpWithIpNum,
    usableAddresses,
    cidrOf,
    mustParse,
} from '../../src/net/cidr.js';
import { findCrossOverlaps, findOverlaps } from '../../src/net/overlap.js';
import { PrefixTrie } from '../../src/net/prefix-trie.js';

describe('cidr parsing (ip-num)', () => {
    test.each([
        ['10.0.1.7/24', '10.0.1.0/24', 24],
        ['10.0.0.0/16', '10.0.0.0/16', 16],
        ['0.0.0.0/0', '0.0.0.0/0', 0],
        ['192.168.1.1/32', '192.168.1.1/32', 32],
    ])('%s is stored by AWS as %s', (text, canonical, prefix) => {
        const r = parseCidr(text);
        expect(r.ok).toBe(true);
        if (r.ok) {
            expect(r.cidr.canonical).toBe(canonical);
            expect(r.cidr.prefix).toBe(prefix);
        }
    });

    test.each(['10.0.300.0/24', '10.0.0.0/33', '10.0.0/24', 'x'])('%s is rejected', (text) => {
        expect(parseCidr(text).ok).toBe(false);
    });

    test('addresses round-trip', () => {
        const r = parseIp('10.1.2.3');
        expect(r.ok && formatIp(r.value)).toBe('10.1.2.3');
        expect(parseIp('10.1.2.256').ok).toBe(false);
    });

    test('each subnet loses 5 addresses to AWS (network, router, DNS, reserved, broadcast)', () => {
        expect(usableAddresses(mustParse('10.0.0.0/28'))).toBe(11);
        expect(usableAddresses(mustParse('10.0.0.0/24'))).toBe(251);
    });

    test('containment and overlap', () => {
        expect(contains(mustParse('10.0.0.0/16'), mustParse('10.0.1.0/24'))).toBe(true);
        expect(contains(mustParse('10.0.1.0/24'), mustParse('10.0.0.0/16'))).toBe(false);
        expect(overlaps(mustParse('10.0.0.0/16'), mustParse('10.0.255.0/24'))).toBe(true);
        expect(overlaps(mustParse('10.0.0.0/16'), mustParse('10.1.0.0/16'))).toBe(false);
        expect(cidrOf(mustParse('10.0.1.77/32').first, 24).canonical).toBe('10.0.1.0/24');
    });
});

/** A small deterministic PRNG so that property tests are reproducible. */
function prng(seed: number) {
    let s = seed >>> 0;
    return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomBlocks(n: number, seed: number) {
    const rnd = prng(seed);
    return Array.from({ length: n }, (_, i) => {
        const prefix = 8 + Math.floor(rnd() * 20);
        const base = Math.floor(rnd() * 2 ** 32);
        return { cidr: cidrOf(base - (base % 2 ** (32 - prefix)), prefix), tag: i };
    });
}

describe('sort-and-sweep overlap detection', () => {
    test.each([1, 2, 3, 4, 5])('finds exactly the pairs that all-pairs comparison finds (seed %i)', (seed) => {
        const blocks = randomBlocks(300, seed);
        const expected = new Set<string>();
        for (let i = 0; i < blocks.length; i++)
            for (let j = i + 1; j < blocks.length; j++)
                if (overlaps(blocks[i].cidr, blocks[j].cidr)) expected.add(`${i}-${j}`);
        const found = findOverlaps(blocks).map(([a, b]) => `${a.tag}-${b.tag}`);
        expect(new Set(found)).toEqual(expected);
        expect(found.length).toBe(expected.size);
    });

    test('cross overlaps only pair items from different groups, left first', () => {
        const left = [
            { cidr: mustParse('10.0.0.0/16'), tag: 'L1' },
            { cidr: mustParse('10.0.1.0/24'), tag: 'L2' },
        ];
        const right = [{ cidr: mustParse('10.0.1.128/25'), tag: 'R1' }];
        const pairs = findCrossOverlaps(left, right)
            .map(([a, b]) => `${a.tag}-${b.tag}`)
            .sort();
        expect(pairs).toEqual(['L1-R1', 'L2-R1']);
    });
});

describe('prefix trie', () => {
    test.each([7, 8, 9])('longest match agrees with a linear scan (seed %i)', (seed) => {
        const blocks = randomBlocks(500, seed);
        const trie = new PrefixTrie<number>();
        for (const b of blocks) trie.insert(b.cidr, b.tag);
        const rnd = prng(seed * 31);
        for (let q = 0; q < 500; q++) {
            const ip = q % 2 === 0 ? blocks[q % blocks.length].cidr.first + 1 : Math.floor(rnd() * 2 ** 32);
            const linear = blocks
                .filter((b) => b.cidr.first <= ip && ip <= b.cidr.last)
                .sort((a, b) => b.cidr.prefix - a.cidr.prefix);
            const m = trie.longestMatch(ip);
            expect(m?.prefix).toBe(linear[0]?.cidr.prefix);
        }
    });
});

describe('overlap partners', () => {
    test('each later block gets its earliest overlapping partner, once, even when hundreds are identical', async () => {
        const { overlapPartners } = await import('../../src/net/overlap.js');
        const same = Array.from({ length: 600 }, (_, i) => ({ cidr: mustParse('10.0.0.0/24'), tag: i }));
        const pairs = overlapPartners(same);
        expect(pairs).toHaveLength(599);
        expect(pairs.every(([later, earlier]) => earlier.tag === 0 && later.tag > 0)).toBe(true);
        const mixed = [
            { cidr: mustParse('10.0.1.0/24'), tag: 'a' },
            { cidr: mustParse('10.0.0.0/16'), tag: 'b' },
            { cidr: mustParse('10.1.0.0/16'), tag: 'c' },
        ];
        expect(overlapPartners(mixed).map(([l, e]) => `${l.tag}<${e.tag}`)).toEqual(['b<a']);
    });
});

describe('the direct reading of the usual shapes agrees with ip-num', () => {
    // A small deterministic generator (mulberry32), so that a failure can be replayed.
    function random(seed: number): () => number {
        let a = seed;
        return () => {
            a = (a + 0x6d2b79f5) | 0;
            let t = Math.imul(a ^ (a >>> 15), 1 | a);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
    }
    const same = (text: string): void => {
        const mine = parseCidr(text);
        const theirs = parseCidrWithIpNum(text);
        expect(mine.ok, text).toBe(theirs.ok);
        if (mine.ok && theirs.ok) expect(mine.cidr, text).toEqual(theirs.cidr);
        const ip = text.split('/')[0];
        const a = parseIp(ip);
        const b = parseIpWithIpNum(ip);
        expect(a.ok, ip).toBe(b.ok);
        if (a.ok && b.ok) expect(a.value, ip).toBe(b.value);
    };

    test('20,000 well-formed blocks: every octet value and every prefix', () => {
        const next = random(1);
        const octet = () => Math.floor(next() * 256);
        for (let i = 0; i < 20_000; i++) same(`${octet()}.${octet()}.${octet()}.${octet()}/${Math.floor(next() * 33)}`);
        for (let p = 0; p <= 32; p++) {
            same(`255.255.255.255/${p}`);
            same(`0.0.0.0/${p}`);
        }
    });

    test.each([
        '010.0.0.0/8',
        '10.0.0.0/08',
        '10.0.0.0/33',
        '10.0.0/8',
        '10.0.0.0.0/8',
        '1.2.3.4/',
        '/8',
        ' 10.0.0.0/8',
        '10.0.0.0/8 ',
        '256.0.0.0/8',
        '10.0.0.-1/8',
        '10.0.0.0/-1',
        '',
        '10..0.0/8',
        '1.2.3.4/3x',
        '1.2.3.4/100',
        '1.2.3.4//8',
        '+1.2.3.4/8',
        '1.2.3.4',
        '0.0.0.0/00',
        '00.0.0.0/0',
        '1.2.3.1000/8',
        '١.2.3.4/8',
    ])('odd input %j: the same answer as ip-num', (text) => same(text));

    test('5,000 random strings of digits, dots, slashes and signs', () => {
        const next = random(2);
        const alphabet = '0123456789./-+ x';
        for (let i = 0; i < 5_000; i++) {
            const n = 1 + Math.floor(next() * 20);
            let t = '';
            for (let k = 0; k < n; k++) t += alphabet[Math.floor(next() * alphabet.length)];
            same(t);
        }
    });
});

describe('what is wrong with a malformed block, in network terms', () => {
    test.each([
        ['010.001.000.000/16', 'leading zeros are not allowed in IPv4 octets: write 10.1.0.0/16'],
        ['10.300.0.0/16', 'octet 300 is out of range 0–255'],
        ['10.0.0.0/33', 'prefix length /33 is out of range /0–/32'],
        ['10.0.0.0/08', 'leading zeros are not allowed in a prefix length: write 10.0.0.0/8'],
        ['10.0.0/24', "'10.0.0' is not four decimal octets a.b.c.d"],
    ])('%s: %s', (text, message) => {
        const r = parseCidr(text);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toBe(message);
    });

    test("ip-num's own wording never reaches the user", () => {
        for (const text of ['010.001.000.000/16', '10.300.0.0/16', '10.0.0.0/33', '1.2.3.4/x', '1.2.3/4']) {
            const r = parseCidr(text);
            expect(r.ok).toBe(false);
            if (!r.ok) expect(r.error).not.toMatch(/8bit|Octet|Prefix value|Value given/);
        }
        const ip = parseIp('10.0.0.256');
        expect(ip.ok).toBe(false);
        if (!ip.ok) expect(ip.error).toBe('octet 256 is out of range 0–255');
    });
});
