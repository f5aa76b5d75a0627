/**
 * The address plan allocates private addresses per VPC, when a trace first asks (addresses.ts). Its answers must
 * be those of allocating the whole topology at once, in the plan's order (hosts with written addresses first, then
 * NAT gateways, then endpoint ENIs), whatever order the questions come in. The reference below is that
 * whole-topology allocation, written out plainly.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIp } from '../../src/net/cidr.js';
import type { Id, Subnet, Topology } from '../../src/model/topology.js';
import type { TopologyIndex } from '../../src/model/topology-index.js';
import { AddressPlan, type AddressOwner } from '../../src/trace/addresses.js';
import { generateTopology } from '../../bench/generate.js';
import { analyze, analyzeFiles } from '../helpers.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function topoFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? topoFiles(p) : f.endsWith('.topo') ? [p] : [];
    });
}

interface Reference {
    readonly privateIps: Map<string, number>;
    readonly publicIps: Map<string, number>;
    readonly owners: Map<Id<'vpc'>, Map<number, AddressOwner>>;
    readonly publicOwners: Map<number, AddressOwner>;
    readonly used: Map<string, Set<number>>;
}

/** Everything at once, in one pass per kind. */
function reference(topology: Topology, index: TopologyIndex): Reference {
    const r: Reference = {
        privateIps: new Map(),
        publicIps: new Map(),
        owners: new Map(),
        publicOwners: new Map(),
        used: new Map(),
    };
    const own = (vpc: Id<'vpc'>, ip: number, o: AddressOwner): void => {
        if (!r.owners.has(vpc)) r.owners.set(vpc, new Map());
        r.owners.get(vpc)!.set(ip, o);
    };
    const take = (s: Subnet, wanted?: string): number | undefined => {
        if (!s.cidr) return undefined;
        if (!r.used.has(s.id)) r.used.set(s.id, new Set());
        const set = r.used.get(s.id)!;
        const p = wanted ? parseIp(wanted) : undefined;
        if (p?.ok) return (set.add(p.value), p.value);
        for (let ip = s.cidr.first + 4; ip < s.cidr.last; ip++) if (!set.has(ip)) return (set.add(ip), ip);
        return undefined;
    };
    let nextPublic = (parseIp('198.18.0.10') as { value: number }).value;
    for (const h of [...topology.hosts].sort((a, b) => Number(!a.ip) - Number(!b.ip))) {
        const s = index.get(h.subnet);
        const ip = s ? take(s, h.ip) : undefined;
        if (!s || ip === undefined) continue;
        r.privateIps.set(h.id, ip);
        own(h.vpc, ip, { kind: 'host', id: h.id, subnet: s.id });
        if (!h.publicIp) continue;
        const pub = h.publicAddress ? parseIp(h.publicAddress) : undefined;
        const value = pub?.ok ? pub.value : nextPublic++;
        r.publicIps.set(h.id, value);
        r.publicOwners.set(value, { kind: 'host', id: h.id, subnet: s.id });
    }
    let nextEip = (parseIp('198.19.0.10') as { value: number }).value;
    for (const n of topology.nats) {
        const s = index.get(n.subnet);
        const ip = s ? take(s) : undefined;
        if (ip !== undefined) {
            r.privateIps.set(n.id, ip);
            own(n.vpc, ip, { kind: 'nat', id: n.id, subnet: s?.id });
        }
        if (n.connectivity !== 'public' || !(n.eip || n.regional)) continue;
        const pub = n.eipAddress ? parseIp(n.eipAddress) : undefined;
        const value = pub?.ok ? pub.value : nextEip++;
        r.publicIps.set(n.id, value);
        r.publicOwners.set(value, { kind: 'nat', id: n.id, subnet: s?.id });
    }
    for (const ep of topology.endpoints) {
        for (const eni of ep.enis) {
            const s = index.get(eni.subnet);
            const ip = s ? take(s) : undefined;
            if (!s || ip === undefined) continue;
            r.privateIps.set(`${ep.id}@${s.id}`, ip);
            own(ep.vpc, ip, { kind: 'endpoint-eni', id: ep.id, subnet: s.id, az: eni.az });
        }
    }
    return r;
}

/** A deterministic shuffle (mulberry32), so that each topology is also asked in a scrambled order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
    let a = seed >>> 0;
    const rnd = (): number => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}

type Question = (plan: AddressPlan) => unknown;

/** Every question the tracer can ask, each with the reference's answer. */
function questions(topology: Topology, ref: Reference): Array<[string, Question, unknown]> {
    const qs: Array<[string, Question, unknown]> = [];
    for (const e of [...topology.hosts, ...topology.nats]) {
        qs.push([`privateIp ${e.id}`, (p) => p.privateIp(e.id), ref.privateIps.get(e.id)]);
        qs.push([`publicIp ${e.id}`, (p) => p.publicIp(e.id), ref.publicIps.get(e.id)]);
    }
    for (const ep of topology.endpoints)
        for (const eni of ep.enis)
            qs.push([
                `eniIp ${ep.id}@${eni.subnet}`,
                (p) => p.eniIp(ep.id, eni.subnet),
                ref.privateIps.get(`${ep.id}@${eni.subnet}`),
            ]);
    for (const [vpc, owners] of ref.owners)
        for (const [ip, owner] of owners) qs.push([`ownerIn ${vpc} ${ip}`, (p) => p.ownerIn(vpc, ip), owner]);
    for (const [ip, owner] of ref.publicOwners) qs.push([`publicOwner ${ip}`, (p) => p.publicOwner(ip), owner]);
    for (const s of topology.subnets) {
        if (!s.cidr) continue;
        const cidr = s.cidr;
        const taken = ref.used.get(s.id);
        let free = Math.min(cidr.first + 4, cidr.last);
        for (let ip = cidr.first + 4; ip < cidr.last; ip++)
            if (!taken?.has(ip)) {
                free = ip;
                break;
            }
        qs.push([`freeAddress ${s.id}`, (p) => p.freeAddress(s.id, cidr), free]);
    }
    return qs;
}

function check(topology: Topology, index: TopologyIndex, seeds: readonly number[]): number {
    const ref = reference(topology, index);
    const qs = questions(topology, ref);
    for (const seed of seeds) {
        const plan = new AddressPlan(topology, index);
        const got = shuffled(qs, seed).map(([what, ask, want]) => [what, ask(plan), want] as const);
        expect(got.filter(([, g, w]) => JSON.stringify(g) !== JSON.stringify(w))).toEqual([]);
    }
    return qs.length;
}

describe('AddressPlan: per-VPC allocation on demand', () => {
    test('the examples and generated topologies: every answer as allocating all at once, in any order of questions', async () => {
        let asked = 0;
        for (const f of topoFiles(EXAMPLES)) {
            const a = await analyze(readFileSync(f, 'utf8'));
            asked += check(a.topology, a.index, [1, 2]);
        }
        for (const seed of [3, 4]) {
            const a = await analyzeFiles([
                { uri: `file:///plan/${seed}.topo`, text: generateTopology({ lines: 1500, seed }) },
            ]);
            asked += check(a.topology, a.index, [seed, seed + 10]);
        }
        expect(asked).toBeGreaterThan(2000);
    });

    test('a full subnet: the host left without a private address gets no public one, and later hosts keep the numbering', async () => {
        const text = [
            'region ap-northeast-1 {',
            '  vpc v 10.0.0.0/16 {',
            '    subnet tiny 10.0.0.0/29 az a routes rt',
            '    subnet big 10.0.1.0/24 az a routes rt',
            '    route-table rt { }',
            '    instance a in tiny public-ip',
            '    instance b in tiny public-ip',
            '    instance c in tiny public-ip',
            '    instance x in tiny public-ip',
            '    instance d in big public-ip',
            '  }',
            '  vpc w 10.1.0.0/16 {',
            '    subnet s 10.1.0.0/24 az a routes rt',
            '    route-table rt { }',
            '    instance e in s public-ip',
            '  }',
            '}',
            '',
        ].join('\n');
        const a = await analyze(text);
        const byName = (n: string) => a.topology.hosts.find((h) => h.name === n)!.id;
        const plan = new AddressPlan(a.topology, a.index);
        // A /29 has 8 addresses: AWS reserves the first four and the last, so three hosts fit and the fourth does not.
        expect(plan.privateIp(byName('x'))).toBeUndefined();
        expect(plan.publicIp(byName('x'))).toBeUndefined();
        expect(
            [byName('a'), byName('b'), byName('c'), byName('d'), byName('e')].map((id) => plan.publicIp(id)),
        ).toEqual([10, 11, 12, 13, 14].map((n) => (parseIp(`198.18.0.${n}`) as { value: number }).value));
        expect(check(a.topology, a.index, [7, 8, 9])).toBeGreaterThan(10);
    });
});
