/**
 * Tracer benchmark (part of `npm run bench`): on the ~10k-line synthetic topology,
 *  - single-trace latency: median and p95 over many (source, destination) pairs, engine warm;
 *  - all pairs: 1,000 sources x 10 destinations, including building the trace engine (route-table tries are
 *    built on first use and cached per table, never per query).
 * Targets (issue: request-path tracing): under 5 ms per trace, under 2 s for all pairs.
 */
import { EmptyFileSystem } from 'langium';
import { createTopoServices } from '../src/language/topo-module.js';
import { buildWorkspace } from '../src/language/workspace.js';
import type { Topology } from '../src/model/topology.js';
import { engineFor } from '../src/trace/engine.js';
import { traceRequest } from '../src/trace/trace-request.js';
import type { TraceEnd } from '../src/trace/types.js';
import { createRng, generateTopology } from './generate.js';

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function p95(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length * 0.95)];
}

function destinations(t: Topology, rnd: () => number, n: number): TraceEnd[] {
    const pool: TraceEnd[] = [{ kind: 'internet' }];
    for (const s of t.awsServices.filter((s) => ['s3', 'dynamodb', 'ssm'].includes(s.name)))
        pool.push({ kind: 'element', id: s.id });
    for (const svc of t.endpointServices.slice(0, 3)) pool.push({ kind: 'element', id: svc.id });
    while (pool.length < n) pool.push({ kind: 'element', id: t.hosts[Math.floor(rnd() * t.hosts.length)].id });
    return pool.slice(0, n);
}

export async function benchTraces(lines: number, seed: number): Promise<string[]> {
    const { Topo } = createTopoServices(EmptyFileSystem);
    await buildWorkspace(Topo, [{ uri: 'file:///bench/trace.topo', text: generateTopology({ lines, seed }) }]);
    const { topology } = Topo.topo.Analysis.current();
    const rnd = createRng(seed);
    const hosts = topology.hosts;
    const out: string[] = [];
    const verdicts = { reachable: 0, blocked: 0 };

    // Single-trace latency on a warm engine.
    const dests = destinations(topology, rnd, 10);
    for (let i = 0; i < 50; i++)
        traceRequest(topology, { kind: 'element', id: hosts[i % hosts.length].id }, dests[i % dests.length]);
    const samples: number[] = [];
    for (let i = 0; i < 500; i++) {
        const from: TraceEnd = { kind: 'element', id: hosts[Math.floor(rnd() * hosts.length)].id };
        const to = dests[i % dests.length];
        const t0 = performance.now();
        const r = traceRequest(topology, from, to);
        samples.push(performance.now() - t0);
        verdicts[r.verdict]++;
    }
    const med = median(samples);
    out.push(
        `single trace (${lines} lines, ${hosts.length} hosts): median ${med.toFixed(3)} ms, p95 ${p95(samples).toFixed(3)} ms  [${verdicts.reachable} reachable, ${verdicts.blocked} blocked]  target < 5 ms: ${med < 5 ? 'PASS' : 'FAIL'}`,
    );

    // All pairs: 1,000 sources x 10 destinations on a fresh engine (tries built on the way).
    const sources = Array.from({ length: 1000 }, (_, i) => hosts[i % hosts.length].id);
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
        const copy = JSON.parse(JSON.stringify(topology)) as Topology; // a new Topology gets a new engine
        const t0 = performance.now();
        engineFor(copy);
        for (const s of sources) for (const d of dests) traceRequest(copy, { kind: 'element', id: s }, d);
        runs.push(performance.now() - t0);
    }
    const all = median(runs);
    out.push(
        `all pairs 1,000 x 10 = 10,000 traces, engine built inside: ${all.toFixed(0)} ms (${((all * 1000) / 10_000).toFixed(0)} µs per trace)  target < 2000 ms: ${all < 2000 ? 'PASS' : 'FAIL'}`,
    );
    const reasons = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
        const r = traceRequest(topology, { kind: 'element', id: hosts[i % hosts.length].id }, dests[i % dests.length]);
        reasons.set(r.reason ?? 'reachable', (reasons.get(r.reason ?? 'reachable') ?? 0) + 1);
    }
    out.push(`verdict mix over 300 traces: ${[...reasons.entries()].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    return out;
}
