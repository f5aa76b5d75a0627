/**
 * Everything a trace needs that depends only on the Topology, built once and shared by all traces over it:
 * the route lookup (shared with the rules, see routeLookupFor), the address plan (built on first use), and
 * one trie per TGW route table. The Topology is immutable, so nothing here is ever invalidated: a new Topology gets a
 * new engine.
 */
import { PrefixTrie } from '../net/prefix-trie.js';
import { TopologyIndex } from '../model/topology-index.js';
import type { TgwRoute, TgwRouteTable, Topology } from '../model/topology.js';
import { AddressPlan } from './addresses.js';
import { type RouteLookup, routeLookupFor } from './route-lookup.js';

export class TraceEngine {
    readonly index: TopologyIndex;
    readonly lookup: RouteLookup;
    private addressPlan: AddressPlan | undefined;
    private readonly tgwTries = new Map<string, PrefixTrie<TgwRoute>>();

    constructor(
        readonly topology: Topology,
        index?: TopologyIndex,
    ) {
        this.index = index ?? new TopologyIndex(topology);
        this.lookup = routeLookupFor(topology);
    }

    /** Built on first use: route questions (most rules) never need addresses. */
    get plan(): AddressPlan {
        return (this.addressPlan ??= new AddressPlan(this.topology, this.index));
    }

    /**
     * TGW route selection (Transit Gateway Guide, route evaluation order): longest prefix, then static over
     * propagated for the same prefix.
     */
    tgwRoute(table: TgwRouteTable, ip: number): TgwRoute | undefined {
        let trie = this.tgwTries.get(table.id);
        if (!trie) {
            trie = new PrefixTrie<TgwRoute>();
            for (const r of table.routes) trie.insert(r.cidr, r);
            this.tgwTries.set(table.id, trie);
        }
        const best = trie.longestMatch(ip);
        if (!best) return undefined;
        return [...best.values].sort(
            (a, b) => Number(a.origin === 'propagated') - Number(b.origin === 'propagated'),
        )[0];
    }
}

const engines = new WeakMap<Topology, TraceEngine>();

/** The engine for a topology, created on first use and kept as long as the topology lives. */
export function engineFor(topology: Topology, index?: TopologyIndex): TraceEngine {
    let engine = engines.get(topology);
    if (!engine) engines.set(topology, (engine = new TraceEngine(topology, index)));
    return engine;
}
