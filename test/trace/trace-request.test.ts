/**
 * traceRequest as a whole: the seed's three request paths in the seed's hop order (the tracer's first
 * acceptance tests), every kind of trace end, and the result contract of docs/rules/README.md "Trace reasons"
 * (verdict, one reason code from the catalogue, the hop where it stopped).
 */
import { elementId } from '../../src/model/ids.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../src/model/topology.js';
import { traceRequest } from '../../src/trace/trace-request.js';
import { REASONS, type TraceEnd, type TraceResult } from '../../src/trace/types.js';
import { analyzeFiles } from '../helpers.js';
import { hop, inOrder, trace, topologyOf } from './trace-helpers.js';

const SEED = fileURLToPath(new URL('../../examples/seed/', import.meta.url));
const seed = (name: string) => readFileSync(join(SEED, name), 'utf8');

describe('the seed request paths, in the seed hop order', () => {
    it('interface endpoint: EC2 -> private hosted zone (AWS-managed, private DNS) -> ENI -> VPC endpoint -> service', async () => {
        const t = await trace(seed('interface-endpoint.topo'), 'app-1a', 'ssm');
        expect(t.verdict).toBe('reachable');
        // The one extra hop is the local route that carries the packet from the app subnet to the ENI's subnet.
        expect(t.kinds).toEqual(['instance', 'dns', 'route-table', 'endpoint-eni', 'endpoint', 'aws-service']);
        expect(t.names).toEqual([
            'app-1a',
            'ssm.ap-northeast-1.amazonaws.com',
            'rt-app-a',
            'vpce-ssm',
            'vpce-ssm',
            'ssm',
        ]);
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('aws-managed-private-zone');
        expect(hop(t, 'route-table')?.route).toMatchObject({ target: 'local', origin: 'local' });
    });

    it('interface endpoint: the endpoint wins even though an internet path exists (interface endpoints add no routes)', async () => {
        const t = await trace(seed('interface-endpoint.topo'), 'app-1c', 'ssmmessages');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds).not.toContain('nat');
        expect(hop(t, 'endpoint-eni')?.az?.name).toBe('ap-northeast-1c');
    });

    it("gateway endpoint: EC2 -> DNS (the resolver's public answer, not a private zone) -> route table -> VPC endpoint -> service", async () => {
        const t = await trace(seed('gateway-endpoint.topo'), 'batch-1a', 's3');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds).toEqual(['instance', 'dns', 'route-table', 'endpoint', 'aws-service']);
        expect(t.names).toEqual(['batch-1a', 's3.ap-northeast-1.amazonaws.com', 'rt-batch-a', 'vpce-s3', 's3']);
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('public');
        expect(hop(t, 'route-table')?.route).toMatchObject({ origin: 'gateway-endpoint', why: 'longest-prefix' });
    });

    it('GWLB endpoint: EC2 -> route table -> GWLBE ENI -> GWLBE -> GWLB -> appliance, and no DNS', async () => {
        const t = await trace(seed('gwlb-inspection.topo'), 'web-a', 'internet');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds.slice(0, 6)).toEqual([
            'instance',
            'route-table',
            'endpoint-eni',
            'endpoint',
            'load-balancer',
            'appliance',
        ]);
        expect(t.names.slice(0, 6)).toEqual(['web-a', 'rt-app-a', 'ep-a', 'ep-a', 'inspect', 'fw-a']);
        expect(t.kinds).not.toContain('dns');
    });

    it('GWLB inbound: internet -> IGW -> GWLBE -> GWLB -> appliance -> GWLB -> GWLBE -> app server', async () => {
        const t = await trace(seed('gwlb-inspection.topo'), 'internet', 'web-c');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'internet:internet',
            'igw:igw',
            'route-table:rt-edge',
            'endpoint-eni:ep-c',
            'endpoint:ep-c',
            'load-balancer:inspect',
            'appliance:fw-c',
            'load-balancer:inspect',
            'endpoint:ep-c',
            'route-table:rt-gwlbe',
            'instance:web-c',
        ]);
    });

    it('GWLB inbound: the reply takes the same path in reverse, through the same GWLBE', async () => {
        const t = await trace(seed('gwlb-inspection.topo'), 'internet', 'web-c');
        expect(
            inOrder(t.retPath, [
                'instance:web-c',
                'endpoint:ep-c',
                'load-balancer:inspect',
                'appliance:fw-c',
                'load-balancer:inspect',
                'endpoint:ep-c',
                'igw:igw',
                'internet:internet',
            ]),
        ).toBe('');
        expect(t.ret).not.toContain('ep-a');
    });
});

/** One VPC with every kind of end: hosts, subnets, addresses, an AWS service, an endpoint service, endpoints. */
const ENDS = `
account app id 222222222222
region ap-northeast-1 {
  az a = apne1-az4
  vpc web 10.0.0.0/16 account app dns-hostnames {
    igw igw
    subnet pub-a   10.0.0.0/24 az a routes rt-pub
    subnet app-a   10.0.1.0/24 az a routes rt-app
    subnet empty-a 10.0.2.0/24 az a routes rt-app
    nat nat-a in pub-a eip
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app { 0.0.0.0/0 -> nat-a }
    instance web-1 in pub-a ip 10.0.0.10 public-ip
    instance app-1 in app-a ip 10.0.1.10
    eni app-eni in app-a ip 10.0.1.11
    endpoint vpce-ssm interface ssm in app-a private-dns
    endpoint vpce-api interface api-svc in app-a
  }
  vpc prov 10.1.0.0/16 account app {
    subnet api-a 10.1.1.0/24 az a
    instance api-1 in api-a ip 10.1.1.10
    nlb api in api-a targets api-1
  }
  endpoint-service api-svc backed-by prov.api allow app
}`;

describe('trace ends', () => {
    const cases: Array<{ title: string; from: string; to: string; kinds: string[] }> = [
        {
            title: 'instance -> instance (same subnet: no route table)',
            from: 'app-1',
            to: 'app-eni',
            kinds: ['instance', 'eni'],
        },
        {
            title: 'instance -> subnet (its first host)',
            from: 'web-1',
            to: 'web.app-a',
            kinds: ['instance', 'route-table', 'instance'],
        },
        {
            title: 'subnet without a host -> instance (a representative address)',
            from: 'web.empty-a',
            to: 'web-1',
            kinds: ['subnet', 'route-table', 'instance'],
        },
        {
            title: 'instance -> subnet without a host (an address in it)',
            from: 'web-1',
            to: 'web.empty-a',
            kinds: ['instance', 'route-table', 'address'],
        },
        {
            title: 'IP in a VPC -> IP in the same VPC',
            from: '10.0.2.50',
            to: '10.0.1.10',
            kinds: ['address', 'route-table', 'instance'],
        },
        {
            title: 'instance -> IP on the internet',
            from: 'app-1',
            to: '8.8.8.8',
            kinds: ['instance', 'route-table', 'nat', 'route-table', 'igw', 'internet'],
        },
        {
            title: 'instance -> AWS service (DNS leg first)',
            from: 'app-1',
            to: 'ssm',
            kinds: ['instance', 'dns', 'endpoint-eni', 'endpoint', 'aws-service'],
        },
        {
            title: 'instance -> endpoint service',
            from: 'web-1',
            to: 'api-svc',
            kinds: [
                'instance',
                'dns',
                'route-table',
                'endpoint-eni',
                'endpoint',
                'endpoint-service',
                'load-balancer',
                'instance',
            ],
        },
        {
            title: 'instance -> endpoint (its regional name)',
            from: 'web-1',
            to: 'web.vpce-ssm',
            kinds: ['instance', 'dns', 'route-table', 'endpoint-eni', 'endpoint', 'aws-service'],
        },
        {
            title: 'instance -> internet',
            from: 'web-1',
            to: 'internet',
            kinds: ['instance', 'route-table', 'igw', 'internet'],
        },
        {
            title: 'internet -> instance with a public IP',
            from: 'internet',
            to: 'web-1',
            kinds: ['internet', 'igw', 'instance'],
        },
    ];
    for (const c of cases) {
        it(`${c.title} is reachable`, async () => {
            const t = await trace(ENDS, c.from, c.to);
            expect(t.verdict, t.result.summary).toBe('reachable');
            expect(t.reason).toBeNull();
            expect(t.kinds).toEqual(c.kinds);
            expect(t.ret.length).toBeGreaterThan(0);
        });
    }

    it('a subnet that holds only an interface endpoint ENI is traced as an ENI of its own, not as the endpoint', async () => {
        const text = ENDS.replace(
            'subnet empty-a 10.0.2.0/24 az a routes rt-app',
            'subnet empty-a 10.0.2.0/24 az a routes rt-app\n    subnet ep-a 10.0.9.0/24 az a',
        ).replace('endpoint vpce-api interface api-svc in app-a', 'endpoint vpce-api interface api-svc in app-a, ep-a');
        const to = await trace(text, 'web-1', 'web.ep-a');
        expect(to.verdict, to.result.summary).toBe('reachable');
        expect(to.kinds).toEqual(['instance', 'route-table', 'address']);
        const from = await trace(text, 'web.ep-a', 'web-1');
        expect(from.verdict, from.result.summary).toBe('reachable');
        expect(from.retPath.at(-1)).toMatch(/^address:10\.0\.9\./);
    });

    it('a trace starts at an instance, ENI, subnet, IP address or the internet, not at a route table', async () => {
        const t = await trace(ENDS, 'web.rt-app', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
        expect(t.result.summary).toMatch(/not at route-table/);
    });

    it('an endpoint service is reached only through an endpoint in a consumer VPC, not from the internet', async () => {
        const t = await trace(ENDS, 'internet', 'api-svc');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
    });

    it('an address outside every VPC is a source on the internet', async () => {
        const t = await trace(ENDS, '198.51.100.7', 'web-1');
        expect(t.verdict).toBe('reachable');
        expect(t.path[0]).toBe('internet:198.51.100.7');
    });
});

// ---------------------------------------------------------------- the result contract

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function workspaces(): string[][] {
    const out: string[][] = [];
    for (const group of readdirSync(EXAMPLES)
        .map((g) => join(EXAMPLES, g))
        .filter((p) => statSync(p).isDirectory())) {
        for (const entry of readdirSync(group)
            .sort()
            .map((f) => join(group, f))) {
            if (statSync(entry).isDirectory())
                out.push(
                    readdirSync(entry)
                        .filter((f) => f.endsWith('.topo'))
                        .map((f) => join(entry, f)),
                );
            else if (entry.endsWith('.topo')) out.push([entry]);
        }
    }
    return out;
}

/** Every source end and every destination end a topology offers. */
function endsOf(t: Topology): { from: TraceEnd[]; to: TraceEnd[] } {
    const hosts = t.hosts.map((h): TraceEnd => ({ kind: 'element', id: h.id }));
    const services = [...new Set(t.endpoints.flatMap((e) => (e.service.kind === 'unresolved' ? [] : [e.service.id])))];
    return {
        from: [...hosts, { kind: 'internet' }],
        to: [
            ...hosts,
            { kind: 'internet' },
            ...services.map((id): TraceEnd => ({ kind: 'element', id })),
            ...t.endpoints
                .filter((e) => e.endpointType === 'interface')
                .map((e): TraceEnd => ({ kind: 'element', id: e.id })),
        ],
    };
}

function contractViolations(r: TraceResult): string[] {
    const bad: string[] = [];
    if (r.verdict === 'reachable' && (r.reason !== null || r.stoppedIn !== undefined))
        bad.push('a reachable trace has a reason or a stop');
    if (r.verdict === 'blocked') {
        if (!r.reason || !(REASONS as readonly string[]).includes(r.reason))
            bad.push(`reason '${r.reason}' is not in REASONS`);
        const hops = r.stoppedIn === 'return' ? r.return : r.forward;
        // Only a trace with no source at all (not a network question) has no hop to name.
        if ((r.stoppedIn === undefined || r.stoppedAt === undefined) && r.forward.length > 0)
            bad.push('a blocked trace names no stopping hop');
        else if (r.stoppedAt !== undefined && hops.length > 0 && (r.stoppedAt < 0 || r.stoppedAt >= hops.length))
            bad.push(`stoppedAt ${r.stoppedAt} is outside ${r.stoppedIn} (${hops.length} hops)`);
    }
    if (!r.summary) bad.push('no summary');
    return bad;
}

describe('the result contract (docs/rules/README.md "Trace reasons")', () => {
    it('every trace between any two ends of every example gives a verdict, and a blocked one a REASONS code and the hop where it stopped', async () => {
        const seen = new Set<string>();
        let traces = 0;
        for (const files of workspaces()) {
            const { topology, index } = await analyzeFiles(
                files.map((f) => ({ uri: `file://${f}`, text: readFileSync(f, 'utf8') })),
            );
            const { from, to } = endsOf(topology);
            for (const a of from) {
                for (const b of to) {
                    if (a.kind === 'internet' && b.kind === 'internet') continue;
                    const r = traceRequest(topology, a, b, {}, index);
                    traces++;
                    const bad = contractViolations(r);
                    expect(
                        bad,
                        `${files.join(',')}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}: ${r.summary}`,
                    ).toEqual([]);
                    if (r.reason) seen.add(r.reason);
                }
            }
        }
        expect(traces).toBeGreaterThan(500);
        // The examples exercise most of the catalogue (security groups and NACLs are not modelled yet).
        expect(seen.size).toBeGreaterThanOrEqual(10);
    });

    it('the same question asked twice gets the same answer (traces are deterministic and do not share state)', async () => {
        const { topology, index } = await topologyOf(ENDS);
        const a = traceRequest(
            topology,
            { kind: 'element', id: elementId('instance', 'web.app-1') },
            { kind: 'internet' },
            {},
            index,
        );
        const b = traceRequest(
            topology,
            { kind: 'element', id: elementId('instance', 'web.app-1') },
            { kind: 'internet' },
            {},
            index,
        );
        expect(b).toEqual(a);
    });
});
