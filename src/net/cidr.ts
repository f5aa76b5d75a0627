/**
 * IPv4 CIDR math. Parsing and validation go through ip-num; the parsed result is kept as plain numbers
 * (unsigned 32-bit) so that the Topology stays serialisable and lookups stay cheap.
 */
import { IPv4, IPv4CidrRange, Validator } from 'ip-num';

/** A parsed IPv4 block. `first`/`last` are inclusive, as unsigned 32-bit integers. */
export interface Cidr {
    /** As the user wrote it, e.g. `10.0.1.7/24`. */
    readonly text: string;
    /** AWS's stored form, e.g. `10.0.1.0/24`. */
    readonly canonical: string;
    readonly prefix: number;
    readonly first: number;
    readonly last: number;
}

type CidrParse = { ok: true; cidr: Cidr } | { ok: false; error: string };

/**
 * Parsed blocks by text. A workspace repeats the same blocks (0.0.0.0/0, VPC blocks in route tables) and the
 * editor re-analyses on every keystroke; ip-num's BigInt parsing is worth doing once per distinct text.
 */
const parsed = new Map<string, CidrParse>();
const MAX_CACHED = 100_000;

/** The cached result for `text`, computed once; a cache that grows past its bound starts over. */
function memo<R>(cache: Map<string, R>, text: string, compute: (text: string) => R): R {
    let result = cache.get(text);
    if (result === undefined) {
        if (cache.size >= MAX_CACHED) cache.clear();
        result = compute(text);
        cache.set(text, result);
    }
    return result;
}

/** Parses `a.b.c.d/n`. Host bits are allowed here (they are a warning, not a parse error). */
export function parseCidr(text: string): CidrParse {
    return memo(parsed, text, parseCidrUncached);
}

function parseCidrUncached(text: string): CidrParse {
    return quickCidr(text) ?? parseCidrWithIpNum(text);
}

/**
 * ip-num's reading of a block: the authority on validity. What is wrong with a malformed one is said by
 * `cidrProblem`, in network terms; ip-num's own messages ("greater than 8bit") never reach the user.
 */
export function parseCidrWithIpNum(text: string): CidrParse {
    const [valid] = Validator.isValidIPv4CidrNotation(text);
    // ip-num reads a prefix length `/08` as /8; AWS writes none with a leading zero, and neither do we.
    if (!valid || /\/0[0-9]/.test(text)) return { ok: false, error: cidrProblem(text) };
    try {
        const range = IPv4CidrRange.fromCidr(text);
        const first = Number(range.getFirst().getValue());
        const last = Number(range.getLast().getValue());
        const prefix = Number(range.cidrPrefix.getValue());
        return { ok: true, cidr: { text, canonical: `${formatIp(first)}/${prefix}`, prefix, first, last } };
    } catch {
        return { ok: false, error: cidrProblem(text) };
    }
}

type IpParse = { ok: true; value: number } | { ok: false; error: string };

/** Parsed addresses by text, for the same reason as parsed blocks: every host's address is parsed on each analysis. */
const parsedIps = new Map<string, IpParse>();

export function parseIp(text: string): IpParse {
    return memo(parsedIps, text, parseIpUncached);
}

function parseIpUncached(text: string): IpParse {
    const quick = quickIp(text, 0, text.length);
    return quick === undefined ? parseIpWithIpNum(text) : { ok: true, value: quick };
}

/** ip-num's reading of an address (see parseCidrWithIpNum). */
export function parseIpWithIpNum(text: string): IpParse {
    const [valid] = Validator.isValidIPv4String(text);
    if (!valid) return { ok: false, error: addressProblem(text) ?? 'an IPv4 address is four octets a.b.c.d' };
    return { ok: true, value: Number(IPv4.fromDecimalDottedString(text).getValue()) };
}

/*
 * The usual shapes, `a.b.c.d` and `a.b.c.d/n` with plain decimal octets 0-255 and a prefix 0-32 (no signs, spaces
 * or leading zeros), are read here directly: on a cold process ip-num's validation (regular expressions, BigInt)
 * cost more than the rest of building the model. Anything else goes to ip-num, which also says what is wrong.
 * test/net/cidr.test.ts holds both readings to the same answers.
 */

/** The address in text[from, to) if it has the usual shape, else undefined. */
function quickIp(text: string, from: number, to: number): number | undefined {
    let value = 0;
    let octets = 0;
    let i = from;
    while (octets < 4) {
        const start = i;
        let octet = 0;
        while (i < to) {
            const c = text.charCodeAt(i) - 48;
            if (c < 0 || c > 9) break;
            octet = octet * 10 + c;
            i++;
        }
        const digits = i - start;
        if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && text.charCodeAt(start) === 48))
            return undefined;
        value = value * 256 + octet;
        octets++;
        if (octets < 4) {
            if (i >= to || text.charCodeAt(i) !== 46) return undefined;
            i++;
        }
    }
    return i === to ? value : undefined;
}

function quickCidr(text: string): CidrParse | undefined {
    const slash = text.indexOf('/');
    if (slash < 0 || text.length - slash < 2 || text.length - slash > 3) return undefined;
    const ip = quickIp(text, 0, slash);
    if (ip === undefined) return undefined;
    let prefix = 0;
    for (let i = slash + 1; i < text.length; i++) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return undefined;
        prefix = prefix * 10 + c;
    }
    if (prefix > 32 || (text.length - slash === 3 && text.charCodeAt(slash + 1) === 48)) return undefined;
    const size = 2 ** (32 - prefix);
    const first = ip - (ip % size);
    return {
        ok: true,
        cidr: { text, canonical: `${formatIp(first)}/${prefix}`, prefix, first, last: first + size - 1 },
    };
}

/**
 * What is wrong with a malformed block, in network terms: the first problem found, reading left to right, with the
 * block written the way AWS would accept it where that is clear.
 */
function cidrProblem(text: string): string {
    const slash = text.indexOf('/');
    if (slash < 0) return 'a CIDR block is an address and a prefix length, a.b.c.d/n';
    const address = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    const addressIssue = addressProblem(address);
    if (addressIssue) {
        const octets = address.split('.');
        const fixed = octets.every((o) => /^[0-9]+$/.test(o) && Number(o) <= 255) && octets.length === 4;
        return fixed && /^[0-9]{1,2}$/.test(prefixText) && Number(prefixText) <= 32
            ? `${addressIssue}: write ${octets.map(Number).join('.')}/${Number(prefixText)}`
            : addressIssue;
    }
    if (!/^[0-9]+$/.test(prefixText)) return `the prefix length '/${prefixText}' is not a number from /0 to /32`;
    if (Number(prefixText) > 32) return `prefix length /${Number(prefixText)} is out of range /0–/32`;
    if (prefixText.length > 1 && prefixText.startsWith('0'))
        return `leading zeros are not allowed in a prefix length: write ${address}/${Number(prefixText)}`;
    return 'a CIDR block is an address and a prefix length, a.b.c.d/n';
}

/** What is wrong with an address, or undefined when nothing is (as far as octets go). */
function addressProblem(address: string): string | undefined {
    const octets = address.split('.');
    if (octets.length !== 4 || octets.some((o) => !/^[0-9]+$/.test(o)))
        return `'${address}' is not four decimal octets a.b.c.d`;
    const big = octets.find((o) => Number(o) > 255);
    if (big !== undefined) return `octet ${Number(big)} is out of range 0–255`;
    if (octets.some((o) => o.length > 1 && o.startsWith('0'))) return 'leading zeros are not allowed in IPv4 octets';
    return undefined;
}

export function formatIp(value: number): string {
    return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** A block built from numbers, e.g. for the next free subnet. */
export function cidrOf(first: number, prefix: number): Cidr {
    const size = 2 ** (32 - prefix);
    const base = first - (first % size);
    const canonical = `${formatIp(base)}/${prefix}`;
    return { text: canonical, canonical, prefix, first: base, last: base + size - 1 };
}

export function isCanonical(c: Cidr): boolean {
    return c.text === c.canonical;
}

export function size(c: Cidr): number {
    return c.last - c.first + 1;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.first <= b.last && b.first <= a.last;
}

/** `outer` contains `inner` (equal counts as contained). */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return outer.first <= inner.first && inner.last <= outer.last;
}

export function containsIp(c: Cidr, ip: number): boolean {
    return c.first <= ip && ip <= c.last;
}

/**
 * AWS reserves five addresses in every subnet: network, +1 (VPC router), +2 (DNS), +3 (future use) and
 * broadcast (VPC User Guide, "Subnet CIDR blocks").
 */
export const AWS_RESERVED_PER_SUBNET = 5;

export function usableAddresses(c: Cidr): number {
    return Math.max(0, size(c) - AWS_RESERVED_PER_SUBNET);
}

export const LINK_LOCAL: Cidr = mustParse('169.254.0.0/16');
export const DOCKER_BRIDGE: Cidr = mustParse('172.17.0.0/16');
/** Reserved for AWS services' use inside VPCs; routes may not target it (docs/rules/cidr-reserved-range.md). */
export const AWS_RESERVED_ROUTE_RANGE: Cidr = mustParse('169.254.168.0/22');

export function mustParse(text: string): Cidr {
    const r = parseCidr(text);
    if (!r.ok) {
        throw new Error(`internal: bad built-in CIDR ${text}: ${r.error}`);
    }
    return r.cidr;
}
