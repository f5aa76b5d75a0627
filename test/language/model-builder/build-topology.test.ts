/**
 * AST -> Topology: the derived facts the rules, the tracer and the diagram read, each tied to the AWS
 * behaviour it models (VPC User Guide: route tables; PrivateLink Guide: endpoints; TGW Guide: propagation).
 */
import { elementId } from '../../../src/model/ids.js';
import { describe, expect, test } from 'vitest';
import type { Subnet } from '../../../src/model/topology.js';
import { analyze, analyzeFiles, rangeText } from '../../helpers.js';

const BASE = `account app id 222222222222 { az eu-west-1a = euw1-az3 }
account other id 333333333333
region eu-west-1 {
  az a = euw1-az1
  az b = euw1-az2
  vpc web 10.0.0.0/16, 100.64.0.0/16 account app dns-hostnames {
    igw igw
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet app-a 10.0.1.0/24 az a
    subnet app-b 10.0.2.0/24 az euw1-az2
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app subnets app-a { 10.0.0.0/16 -> fw  0.0.0.0/0 -> igw }
    instance fw in pub-a appliance
    endpoint s3 gateway s3 routes rt-app
    endpoint ssm interface ssm in app-a, app-b private-dns
  }
  vpc other 10.0.0.0/16 account other {
    subnet x-a 10.0.1.0/24 az a
  }
}`;

describe('route tables (VPC User Guide, route tables)', () => {
    test('a subnet without an association uses the VPC main table; an implicit one exists when none is declared', async () => {
        const { topology, index } = await analyze(BASE);
        const appB = topology.subnets.find((s) => s.name === 'app-b')!;
        expect(appB.associations).toEqual([]);
        expect(appB.routeTable).toBe('route-table:web.(main)');
        const main = index.get(elementId('route-table', 'web.(main)'))!;
        expect(main).toMatchObject({ main: true, implicit: true, subnets: ['subnet:web.app-b'] });
    });

    test('associations come from the subnet (`routes`) and from the table (`subnets`)', async () => {
        const { topology } = await analyze(BASE);
        const bySubnet = Object.fromEntries(topology.subnets.map((s: Subnet) => [s.name, s.routeTable]));
        expect(bySubnet['pub-a']).toBe('route-table:web.rt-pub');
        expect(bySubnet['app-a']).toBe('route-table:web.rt-app');
    });

    test('every table has one local route per VPC block, primary and secondary', async () => {
        const { index } = await analyze(BASE);
        const rt = index.get(elementId('route-table', 'web.rt-pub'))!;
        const locals = rt.routes
            .filter((r) => r.origin === 'local')
            .map((r) => r.destination.kind === 'cidr' && r.destination.cidr.canonical);
        expect(locals).toEqual(['10.0.0.0/16', '100.64.0.0/16']);
    });

    test('a route whose destination equals a VPC block replaces that local route (middlebox routing)', async () => {
        const { index } = await analyze(BASE);
        const rt = index.get(elementId('route-table', 'web.rt-app'))!;
        const forBlock = rt.routes.filter(
            (r) => r.destination.kind === 'cidr' && r.destination.cidr.canonical === '10.0.0.0/16',
        );
        expect(forBlock).toHaveLength(1);
        expect(forBlock[0]).toMatchObject({
            origin: 'static',
            replacesLocal: true,
            target: { kind: 'element', id: 'instance:web.fw' },
        });
        // The secondary block keeps its local route.
        expect(
            rt.routes.some(
                (r) =>
                    r.origin === 'local' &&
                    r.destination.kind === 'cidr' &&
                    r.destination.cidr.canonical === '100.64.0.0/16',
            ),
        ).toBe(true);
    });

    test('a gateway endpoint adds a prefix-list route to each associated table only (it has no route of its own)', async () => {
        const { index, topology } = await analyze(BASE);
        const app = index.get(elementId('route-table', 'web.rt-app'))!;
        const gw = app.routes.filter((r) => r.origin === 'gateway-endpoint');
        expect(gw).toEqual([
            expect.objectContaining({
                destination: { kind: 'prefix-list', prefixList: 'prefix-list:com.amazonaws.eu-west-1.s3' },
                target: { kind: 'element', id: 'endpoint:web.s3', elementKind: 'endpoint' },
            }),
        ]);
        expect(
            index.get(elementId('route-table', 'web.rt-pub'))!.routes.some((r) => r.origin === 'gateway-endpoint'),
        ).toBe(false);
        const pl = topology.prefixLists.find((p) => p.id === 'prefix-list:com.amazonaws.eu-west-1.s3')!;
        expect(pl.managed).toEqual({ service: 's3', region: 'eu-west-1', known: true });
        expect(pl.entries.length).toBeGreaterThan(0);
    });
});

describe('endpoints (PrivateLink Guide)', () => {
    test("an interface endpoint has one ENI per chosen subnet, in that subnet's AZ", async () => {
        const { topology } = await analyze(BASE);
        const ssm = topology.endpoints.find((e) => e.name === 'ssm')!;
        expect(ssm.enis.map((e) => [e.subnet, e.az?.name])).toEqual([
            ['subnet:web.app-a', 'eu-west-1a'],
            ['subnet:web.app-b', 'eu-west-1b'],
        ]);
        expect(ssm).toMatchObject({
            endpointType: 'interface',
            privateDns: true,
            serviceRegion: 'eu-west-1',
            service: { kind: 'aws', name: 'ssm' },
        });
    });

    test('a gateway endpoint has no ENIs', async () => {
        const { topology } = await analyze(BASE);
        expect(topology.endpoints.find((e) => e.name === 's3')!.enis).toEqual([]);
    });
});

describe('instances and ENIs (EC2 User Guide, "Elastic network interfaces"; VPC User Guide, "NAT instances")', () => {
    const HOSTS = `region eu-west-1 {
  az a = euw1-az1
  vpc edge 10.0.0.0/16 {
    subnet trust-a   10.0.1.0/24 az a
    subnet untrust-a 10.0.0.0/24 az a
    instance fw-a in trust-a appliance
    eni fw-a-untrust in untrust-a attach fw-a
    instance nat-1 in untrust-a source-nat public-ip
    eni nat-1-inside in trust-a attach nat-1
    instance web in trust-a
    eni spare in trust-a
  }
}`;

    test('an ENI attached to an instance is one more interface of it, in its own subnet and AZ', async () => {
        const { topology } = await analyze(HOSTS);
        const eni = topology.hosts.find((h) => h.name === 'fw-a-untrust')!;
        expect(eni).toMatchObject({ kind: 'eni', attachedTo: 'instance:edge.fw-a', subnet: 'subnet:edge.untrust-a' });
        expect(eni.az?.name).toBe('eu-west-1a');
        expect(topology.hosts.find((h) => h.name === 'spare')!.attachedTo).toBeUndefined();
    });

    test('an ENI attached to an appliance instance is an appliance too (the instance forwards through all its ENIs)', async () => {
        const { topology } = await analyze(HOSTS);
        const roles = Object.fromEntries(topology.hosts.map((h) => [h.name, [h.appliance, h.sourceNat]]));
        expect(roles).toMatchObject({
            'fw-a': [true, false],
            'fw-a-untrust': [true, false],
            web: [false, false],
            spare: [false, false],
        });
    });

    test('a NAT instance (`source-nat`) is an appliance: its source/destination check must be off', async () => {
        const { topology } = await analyze(HOSTS);
        const roles = Object.fromEntries(topology.hosts.map((h) => [h.name, [h.appliance, h.sourceNat]]));
        expect(roles).toMatchObject({ 'nat-1': [true, true], 'nat-1-inside': [true, true] });
    });
});

describe('trace ends', () => {
    const ZONES = `region eu-west-1 {
  vpc app 10.0.0.0/16 dns-hostnames {
    subnet app-a 10.0.1.0/24 az a
    instance web in app-a
  }
}
private-zone corp.internal vpcs app {
  record db -> 10.0.1.50
  record api.corp.internal -> 10.0.1.60
}
trace web -> db.corp.internal
trace web -> api.corp.internal
trace web -> corp.internal
trace web -> app.web`;

    test('a private zone record is a trace end by its full DNS name, a zone by its apex, both as DNS names', async () => {
        const { topology, diagnostics } = await analyze(ZONES);
        expect(diagnostics.filter((d) => d.code === 'unresolved-reference')).toEqual([]);
        expect(topology.traces.map((t) => t.to)).toEqual([
            { kind: 'dns', name: 'db.corp.internal' },
            { kind: 'dns', name: 'api.corp.internal' },
            { kind: 'dns', name: 'corp.internal' },
            { kind: 'element', id: 'instance:app.web', elementKind: 'instance' },
        ]);
    });
});

describe('load balancers and on-premises networks', () => {
    const LBS = `region eu-west-1 {
  az a = euw1-az1
  vpc web 10.0.0.0/16 {
    vgw vgw-a
    subnet internal 10.0.0.0/24 az a
    instance lambda in internal
    alb facing internet-facing in internal targets lambda fn-a, web.lambda
    alb inside internal in internal targets 10.0.0.9
    nlb plain in internal targets instance:lambda
    gwlb inspect internet-facing in internal
  }
  on-premises dc 192.168.0.0/16, 172.20.0.0/14 via vgw-a
}`;

    test('a load balancer is internal unless written internet-facing (ELB User Guide, load balancer scheme); a GWLB is always internal', async () => {
        const { topology } = await analyze(LBS);
        const scheme = Object.fromEntries(topology.loadBalancers.map((l) => [l.name, l.scheme]));
        expect(scheme).toEqual({
            facing: 'internet-facing',
            inside: 'internal',
            plain: 'internal',
            inspect: 'internal',
        });
    });

    test('an ALB target may be a Lambda function; a name that is a keyword elsewhere still names a subnet or host', async () => {
        const { topology, diagnostics } = await analyze(LBS);
        expect(diagnostics.filter((d) => d.code === 'syntax-error' || d.code === 'unresolved-reference')).toEqual([]);
        expect(topology.loadBalancers.find((l) => l.name === 'facing')!.targets).toEqual([
            { kind: 'lambda', function: 'fn-a', index: 0 },
            { kind: 'element', id: 'instance:web.lambda', elementKind: 'instance', index: 1 },
        ]);
    });

    test('an on-premises network has its blocks and the VGWs that reach it', async () => {
        const { topology } = await analyze(LBS);
        expect(topology.onPremises).toHaveLength(1);
        const dc = topology.onPremises[0];
        expect(dc).toMatchObject({ id: 'on-premises:dc', kind: 'on-premises', vgws: ['vgw:web.vgw-a'] });
        expect(dc.cidrs.map((c) => c.canonical)).toEqual(['192.168.0.0/16', '172.20.0.0/14']);
        expect(topology.byId['on-premises:dc']).toBe(dc);
    });
});

describe('AZ names and AZ IDs per account (AZ names map differently per account)', () => {
    test('the region declares default AZ IDs; an account may override them; an AZ ID may be written directly', async () => {
        const { topology } = await analyze(BASE);
        const az = (name: string) => topology.subnets.find((s) => s.name === name)!.az;
        // Account app maps eu-west-1a to euw1-az3, overriding the region's default euw1-az1.
        expect(az('app-a')).toEqual({ name: 'eu-west-1a', id: 'euw1-az3' });
        // Written as an AZ ID: the name comes from the region declaration.
        expect(az('app-b')).toEqual({ name: 'eu-west-1b', id: 'euw1-az2' });
        // Account other has no override: the region default applies.
        expect(az('x-a')).toEqual({ name: 'eu-west-1a', id: 'euw1-az1' });
    });
});

describe('VPC attributes', () => {
    test('DNS support is on and DNS hostnames off unless written (AWS defaults for a non-default VPC)', async () => {
        const { topology } = await analyze(
            `region eu-west-1 {\n  vpc a 10.0.0.0/16\n  vpc b 10.1.0.0/16 no-dns-support dns-hostnames\n}`,
        );
        expect(topology.vpcs.map((v) => [v.name, v.dnsSupport, v.dnsHostnames])).toEqual([
            ['a', true, false],
            ['b', false, true],
        ]);
    });
});

describe('transit gateway propagation (TGW Guide: overlapping CIDRs are not propagated)', () => {
    const TGW = `region eu-west-1 {
  vpc a 10.0.0.0/16 { subnet ta 10.0.0.0/28 az a }
  vpc b 10.0.0.0/16 { subnet tb 10.0.0.0/28 az a }
  vpc c 10.1.0.0/16 { subnet tc 10.1.0.0/28 az a }
  transit-gateway tgw {
    attachment att-a vpc a in ta associate rt propagate rt
    attachment att-b vpc b in tb associate rt propagate rt
    attachment att-c vpc c in tc associate rt propagate rt
    route-table rt { 0.0.0.0/0 -> att-c }
  }
}`;
    test('each propagating attachment installs its VPC blocks; an overlapping later one is suppressed', async () => {
        const { index } = await analyze(TGW);
        const rt = index.get(elementId('tgw-route-table', 'tgw.rt'))!;
        expect(
            rt.routes.map((r) => [
                r.cidr.canonical,
                r.origin,
                r.target.kind === 'attachment' ? r.target.id : 'blackhole',
            ]),
        ).toEqual([
            ['0.0.0.0/0', 'static', 'tgw-attachment:tgw.att-c'],
            ['10.0.0.0/16', 'propagated', 'tgw-attachment:tgw.att-a'],
            ['10.1.0.0/16', 'propagated', 'tgw-attachment:tgw.att-c'],
        ]);
        expect(rt.suppressed).toEqual([
            expect.objectContaining({
                attachment: 'tgw-attachment:tgw.att-b',
                conflictsWith: 'tgw-attachment:tgw.att-a',
            }),
        ]);
    });

    test("attachment subnets resolve in the attachment's own VPC even when names repeat", async () => {
        const text = TGW.replace(/subnet t[abc] /g, 'subnet tgw-sub ').replace(/in t[abc] /g, 'in tgw-sub ');
        const { topology, diagnostics } = await analyze(text);
        expect(diagnostics.filter((d) => d.code === 'unresolved-reference')).toEqual([]);
        expect(topology.tgwAttachments.map((a) => a.subnets[0])).toEqual([
            'subnet:a.tgw-sub',
            'subnet:b.tgw-sub',
            'subnet:c.tgw-sub',
        ]);
    });
});

describe('model-building diagnostics', () => {
    test('an invalid CIDR is reported on the token and left out of the model', async () => {
        const text = `region eu-west-1 {\n  vpc a 10.0.300.0/16\n}`;
        const { diagnostics, topology } = await analyze(text);
        const bad = diagnostics.filter((d) => d.code === 'cidr-invalid');
        expect(bad).toHaveLength(1);
        expect(rangeText(text, bad[0])).toBe('10.0.300.0/16');
        expect(topology.vpcs[0].cidrs).toEqual([]);
    });

    test('an invalid address is reported', async () => {
        const text = `region eu-west-1 {\n  vpc a 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 az a\n    instance i in s ip 10.0.0.256\n  }\n}`;
        const bad = (await analyze(text)).diagnostics.filter((d) => d.code === 'ip-invalid');
        expect(bad.map((d) => rangeText(text, d))).toEqual(['10.0.0.256']);
    });

    test('an invalid address as a trace end is reported, and the trace ends nowhere instead of at it', async () => {
        const text = `region eu-west-1 {\n  vpc a 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 az a\n  }\n}\ntrace 10.0.0.300 -> internet\n`;
        const { diagnostics, topology } = await analyze(text);
        const bad = diagnostics.filter((d) => d.code === 'ip-invalid');
        expect(bad.map((d) => rangeText(text, d))).toEqual(['10.0.0.300']);
        expect(topology.traces[0].from).toEqual({ kind: 'unresolved', text: '10.0.0.300' });
    });

    test('an IPv6 block is reported as not supported yet, and the rest of the file is still checked', async () => {
        const text = `region eu-west-1 {
  az a
  vpc web 10.0.0.0/16, 2600:1f18:4000::/56 {
    igw igw
    subnet app-a 10.0.1.0/24 az a routes rt
    subnet v6-a 2600:1f18:4000:1::/64 az a
    route-table rt { ::/0 -> igw  0.0.0.0/0 -> igw }
    instance app-1 in app-a ip 2600:1f18:4000:1::10
  }
  vpc db 10.1.0.0/8
}`;
        const { diagnostics, topology } = await analyze(text);
        const v6 = diagnostics.filter((d) => d.code === 'ipv6-unsupported');
        expect(v6.map((d) => rangeText(text, d))).toEqual([
            '2600:1f18:4000::/56',
            '2600:1f18:4000:1::/64',
            '::/0',
            '2600:1f18:4000:1::10',
        ]);
        expect(v6.every((d) => d.severity === 2 && d.message.startsWith('IPv6 is not supported yet'))).toBe(true);
        // The real error elsewhere in the file is reported too, and nothing is a syntax error.
        expect(diagnostics.filter((d) => d.code === 'vpc-cidr-size').map((d) => rangeText(text, d))).toEqual([
            '10.1.0.0/8',
        ]);
        expect(diagnostics.map((d) => d.code)).not.toContain('syntax-error');
        // The IPv4 part is modelled as written; the IPv6 part is left out.
        expect(topology.vpcs.find((v) => v.name === 'web')?.cidrs.map((c) => c.text)).toEqual(['10.0.0.0/16']);
        expect(
            topology.routeTables.find((t) => t.name === 'rt')?.routes.filter((r) => r.origin !== 'local').length,
        ).toBe(1);
    });

    test('duplicate names of one kind are errors; members of different VPCs may share a name', async () => {
        const text = `region eu-west-1 {\n  vpc a 10.0.0.0/16 { subnet s 10.0.0.0/24 az a }\n  vpc b 10.1.0.0/16 { subnet s 10.1.0.0/24 az a }\n  vpc a 10.2.0.0/16\n}`;
        const dups = (await analyze(text)).diagnostics.filter((d) => d.code === 'duplicate-name');
        expect(dups).toHaveLength(1);
        expect(dups[0].range.start.line).toBe(3);
    });

    test('syntax errors and unresolved references carry their codes', async () => {
        const { diagnostics } = await analyze(
            `region eu-west-1 {\n  vpc a 10.0.0.0/16 { subnet s 10.0.0.0/24 az a routes nope }\n  vpc }`,
        );
        const codes = diagnostics.map((d) => d.code);
        expect(codes).toContain('syntax-error');
        expect(codes).toContain('unresolved-reference');
    });
});

describe('the Topology is plain data', () => {
    test('it survives a JSON round trip unchanged and ids are deterministic across runs', async () => {
        const a = await analyze(BASE);
        const b = await analyzeFiles([{ uri: 'file:///other/name.topo', text: BASE }]);
        const json = JSON.parse(JSON.stringify(a.topology));
        expect(json).toEqual(plainCopy(a.topology));
        expect(Object.keys(a.topology.byId).sort()).toEqual(Object.keys(b.topology.byId).sort());
    });
});

/**
 * A structural copy in which each source location is replaced by its serialised form. It fails on anything
 * else that is not plain data: a Map, a Set, a class instance, a function.
 */
function plainCopy(value: unknown): unknown {
    if (value === null || typeof value !== 'object') {
        if (typeof value === 'function') throw new Error('a function in the Topology');
        return value;
    }
    if (Array.isArray(value)) return value.map(plainCopy);
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null) {
        // Src is the one class: it reads its ranges from the CST on first use and serialises to plain data.
        const json = (value as { toJSON?: () => unknown }).toJSON;
        if (typeof json !== 'function' || !('uri' in value) || !('range' in value))
            throw new Error(`a ${proto.constructor.name} in the Topology`);
        return plainCopy(json.call(value));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainCopy(v)]));
}
