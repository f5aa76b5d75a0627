/**
 * The one query surface over a Topology's paths. Everything a trace needs that depends only on the Topology is built
 * once and shared by all traces and rules over it: the route lookup (each table sorted once), the address plan (built
 * on first use), one trie per TGW route table, and the traces already asked for. Rules reach it as `ctx.engine`; hover,
 * code lens, the CLI and the diagram through `engineFor`. The Topology is immutable, so nothing here is ever
 * invalidated: a new Topology gets a new engine.
 */
import { PrefixTrie } from '../net/prefix-trie.js';
import { TopologyIndex } from '../model/topology-index.js';
import type { RouteTable, TgwRoute, TgwRouteTable, Topology } from '../model/topology.js';
import { AddressPlan } from './addresses.js';
import { RouteLookup, type RouteResolution } from './route-lookup.js';
import { runTrace, type FlowOptions } from './trace-request.js';
import type { FlowStart, TraceEnd, TraceOptions, TraceResult } from './types.js';

export class TraceEngine {
    readonly index: TopologyIndex;
    readonly lookup: RouteLookup;
    private addressPlan: AddressPlan | undefined;
    private readonly tgwTries = new Map<string, PrefixTrie<TgwRoute>>();
    private readonly traces = new Map<string, TraceResult>();

    constructor(
        readonly topology: Topology,
        index?: TopologyIndex,
    ) {
        this.index = index ?? new TopologyIndex(topology);
        this.lookup = new RouteLookup(topology);
    }

    /** Built on first use: route questions (most rules) never need addresses. */
    get plan(): AddressPlan {
        return (this.addressPlan ??= new AddressPlan(this.topology, this.index));
    }

    /**
     * Which route of a VPC route table carries a packet to `ip`, and why (longest prefix, then static over
     * prefix-list over propagated: VPC User Guide, "Route priority").
     */
    route(table: RouteTable, ip: number): RouteResolution {
        return this.lookup.resolve(table, ip);
    }

    /**
     * TGW route selection (Transit Gateway Guide, "Route evaluation order"): longest prefix, then static over
     * propagated for the same prefix. A route to another transit gateway's attachment is one AWS would not have
     * created (tgw-reference-other-tgw): it takes no part, and a packet it would match finds the next route or none.
     */
    tgwRoute(table: TgwRouteTable, ip: number): TgwRoute | undefined {
        let trie = this.tgwTries.get(table.id);
        if (!trie) {
            trie = new PrefixTrie<TgwRoute>();
            for (const r of table.routes)
                if (r.target.kind !== 'attachment' || this.index.get(r.target.id)?.tgw === table.tgw)
                    trie.insert(r.cidr, r);
            this.tgwTries.set(table.id, trie);
        }
        const best = trie.longestMatch(ip);
        if (!best) return undefined;
        return best.values.find((r) => r.origin === 'static') ?? best.values[0];
    }

    /**
     * Where a request from `from` to `to` goes and whether its reply comes back: the DNS leg, the forward walk, the
     * PrivateLink leg and the reply (trace-request.ts). A flow may also start with traffic the IGW has already
     * accepted for a VPC (`igw-edge`). Results are plain data and are kept: rules ask the same flow many times.
     */
    trace(from: FlowStart, to: TraceEnd, options: TraceOptions & FlowOptions = {}): TraceResult {
        const key = JSON.stringify([from, to, options]);
        let result = this.traces.get(key);
        if (!result) this.traces.set(key, (result = runTrace(this, from, to, options)));
        return result;
    }
}

const engines = new WeakMap<Topology, TraceEngine>();

/** The engine for a topology, created on first use and kept as long as the topology lives. */
export function engineFor(topology: Topology, index?: TopologyIndex): TraceEngine {
    let engine = engines.get(topology);
    if (!engine) engines.set(topology, (engine = new TraceEngine(topology, index)));
    return engine;
}
