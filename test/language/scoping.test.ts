/** Name resolution: qualified names across files, VPC-local references, friendly linking messages. */
import { describe, expect, test } from 'vitest';
import { analyze, analyzeFiles, rangeText } from '../helpers.js';

describe('scoping', () => {
    test('a VPC member can be named from outside as <vpc>.<member>, in another file', async () => {
        const { diagnostics, topology } = await analyzeFiles([
            {
                uri: 'file:///ws/provider.topo',
                text: 'region eu-west-1 {\n  vpc inspection 192.168.1.0/24 {\n    subnet appl-a 192.168.1.0/28 az a\n    instance fw-a in appl-a appliance\n    gwlb inspect in appl-a targets fw-a\n  }\n}',
            },
            {
                uri: 'file:///ws/service.topo',
                text: 'endpoint-service inspect-svc backed-by inspection.inspect allow *',
            },
        ]);
        expect(diagnostics.filter((d) => d.code === 'unresolved-reference')).toEqual([]);
        expect(topology.endpointServices[0].loadBalancers).toEqual(['load-balancer:inspection.inspect']);
        expect(topology.endpointServices[0].region).toBe('eu-west-1');
    });

    test("a subnet's route table is looked up in its own VPC only, never in another VPC", async () => {
        const text =
            'region eu-west-1 {\n  vpc web 10.0.0.0/16 {\n    subnet app-a 10.0.1.0/24 az a routes rt-x\n  }\n  vpc db 10.1.0.0/16 {\n    route-table rt-x\n  }\n}';
        const { diagnostics } = await analyze(text);
        const unresolved = diagnostics.filter((d) => d.code === 'unresolved-reference');
        expect(unresolved).toHaveLength(1);
        expect(rangeText(text, unresolved[0])).toBe('rt-x');
        expect(unresolved[0].message).toBe("No route table named 'rt-x' in VPC web.");
    });

    test('a local member wins over a same-named member of another VPC', async () => {
        const text =
            'region eu-west-1 {\n  vpc a 10.0.0.0/16 {\n    igw gw\n    route-table rt { 0.0.0.0/0 -> gw }\n  }\n  vpc b 10.1.0.0/16 {\n    igw gw\n    route-table rt { 0.0.0.0/0 -> gw }\n  }\n}';
        const { topology } = await analyze(text);
        const targets = topology.routeTables
            .filter((r) => !r.implicit)
            .map((r) => r.routes.find((x) => x.origin === 'static')?.target);
        expect(targets).toEqual([
            { kind: 'element', id: 'igw:a.gw', elementKind: 'igw' },
            { kind: 'element', id: 'igw:b.gw', elementKind: 'igw' },
        ]);
    });

    test('linking errors speak AWS: an unknown route target lists what a target can be', async () => {
        const { diagnostics } = await analyze(
            'region eu-west-1 {\n  vpc a 10.0.0.0/16 {\n    route-table rt { 0.0.0.0/0 -> igw2 }\n  }\n}',
        );
        const d = diagnostics.find((x) => x.code === 'unresolved-reference')!;
        expect(d.message).toMatch(/^No route target \(an IGW, VGW, NAT gateway, .*\) named 'igw2'\.$/);
    });

    test('AWS services come from the built-in catalogue, and an unknown one is reported', async () => {
        const { diagnostics, topology } = await analyze(
            'region eu-west-1 {\n  vpc a 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 az a\n    endpoint e1 interface ecr.api in s\n    endpoint e2 interface not-a-service in s\n  }\n}',
        );
        expect(topology.endpoints.find((e) => e.name === 'e1')!.service).toMatchObject({
            kind: 'aws',
            name: 'ecr.api',
        });
        expect(diagnostics.filter((d) => d.code === 'unresolved-reference').map((d) => d.message)).toEqual([
            "No service (an AWS service such as s3 or ssm, or an endpoint-service) named 'not-a-service'.",
        ]);
    });

    test('a DNS name a private zone record holds links in a trace, written relative or in full and in another file', async () => {
        const { diagnostics, topology } = await analyzeFiles([
            {
                uri: 'file:///ws/net.topo',
                text: 'region eu-west-1 {\n  vpc app 10.0.0.0/16 dns-hostnames {\n    subnet app-a 10.0.1.0/24 az a\n    instance web in app-a\n  }\n}\nprivate-zone corp.internal vpcs app {\n  record db -> 10.0.1.50\n  record api.corp.internal -> 10.0.1.60\n}',
            },
            {
                uri: 'file:///ws/checks.topo',
                text: 'expect web -> db.corp.internal reachable\nexpect web -> api.corp.internal reachable',
            },
        ]);
        expect(
            diagnostics.filter((d) => d.code === 'unresolved-reference' || d.code === 'ambiguous-reference'),
        ).toEqual([]);
        expect(diagnostics.filter((d) => d.code === 'expectation-failed')).toEqual([]);
        expect(topology.traces.map((t) => t.to)).toEqual([
            { kind: 'dns', name: 'db.corp.internal' },
            { kind: 'dns', name: 'api.corp.internal' },
        ]);
    });

    test('a DNS name no private zone holds is an unresolved reference, and the message says DNS names may be traced', async () => {
        const text =
            'region eu-west-1 {\n  vpc app 10.0.0.0/16 dns-hostnames {\n    subnet app-a 10.0.1.0/24 az a\n    instance web in app-a\n  }\n}\nprivate-zone corp.internal vpcs app { record db -> 10.0.1.50 }\ntrace web -> db\ntrace web -> www.corp.internal';
        const { diagnostics } = await analyze(text);
        const unresolved = diagnostics.filter((d) => d.code === 'unresolved-reference');
        expect(unresolved.map((d) => rangeText(text, d))).toEqual(['db', 'www.corp.internal']);
        expect(unresolved[0].message).toContain('a name a private zone record holds');
    });
});

/** A shop VPC whose user names are also AWS service names (`s3`, `ec2`), and a subnet and endpoint sharing a name. */
const SHOP = (rest: string) => `
region eu-west-1 {
  az a
  vpc shop 10.0.0.0/16 {
    igw gw
    subnet app 10.0.1.0/24 az a routes rt-app
    subnet gwlbe-a 10.0.2.0/24 az a
    subnet appl 10.0.3.0/24 az a
    route-table rt-app { 0.0.0.0/0 -> gw  10.9.0.0/16 -> ec2 }
    instance s3 in app
    instance ec2 in appl appliance
    instance web in app
    nlb front in app targets s3, ec2
    gwlb insp in appl targets ec2
    endpoint gwlbe-a gwlb insp-svc in gwlbe-a
  }
  endpoint-service insp-svc backed-by shop.insp allow *
  ${rest}
}
`;

/** The problems that say a name went wrong: unresolved, ambiguous, or a duplicate. */
const nameProblems = (diagnostics: Awaited<ReturnType<typeof analyze>>['diagnostics']) =>
    diagnostics
        .filter((d) =>
            ['unresolved-reference', 'ambiguous-reference', 'duplicate-name', 'syntax-error'].includes(d.code),
        )
        .map((d) => `${d.code}: ${d.message}`);

describe('names users give never collide with built-in names', () => {
    test('an instance called `ec2` or `s3` is the user’s instance wherever the grammar expects an instance', async () => {
        const { diagnostics, topology } = await analyze(
            SHOP('trace s3 -> ec2\n  expect web -> 203.0.113.10 reachable via s3, ec2\n  trace ec2 -> s3'),
        );
        expect(nameProblems(diagnostics)).toEqual([]);
        const [t1, expectation, t2] = topology.traces;
        expect([t1.from, t1.to, t2.from, t2.to].map((e) => (e.kind === 'element' ? e.id : e.kind))).toEqual([
            'instance:shop.s3',
            'instance:shop.ec2',
            'instance:shop.ec2',
            'instance:shop.s3',
        ]);
        expect(expectation.expect?.via).toEqual(['instance:shop.s3', 'instance:shop.ec2']);
        // Positions that take an instance and no AWS service: a route target, load balancer targets.
        const rt = topology.routeTables.find((r) => r.name === 'rt-app')!;
        expect(rt.routes.map((r) => r.target)).toContainEqual({
            kind: 'element',
            id: 'instance:shop.ec2',
            elementKind: 'instance',
        });
        expect(
            topology.loadBalancers.find((l) => l.name === 'front')!.targets.map((t) => t.kind === 'element' && t.id),
        ).toEqual(['instance:shop.s3', 'instance:shop.ec2']);
    });

    test('`aws-service:s3` still names the AWS service where the user has an element called `s3`', async () => {
        const { diagnostics, topology } = await analyze(SHOP('trace web -> aws-service:s3'));
        expect(nameProblems(diagnostics)).toEqual([]);
        expect(topology.traces[0].to).toMatchObject({ kind: 'element', id: 'aws-service:s3' });
    });

    test('in a trace end, an endpoint named after the service it connects to stands for the service; in `via` it is the endpoint', async () => {
        const text = `
region eu-west-1 {
  az a
  vpc batch 10.1.0.0/16 {
    subnet work 10.1.1.0/24 az a routes rt-work
    route-table rt-work
    instance job in work
    endpoint s3 gateway s3 routes rt-work
  }
  expect job -> s3 reachable via s3
}
`;
        const { diagnostics, topology } = await analyze(text);
        expect(nameProblems(diagnostics)).toEqual([]);
        const [t] = topology.traces;
        expect(t.to).toMatchObject({ kind: 'element', id: 'aws-service:s3' });
        expect(t.expect?.via).toEqual(['endpoint:batch.s3']);
        // The trace to Amazon S3 goes through that endpoint, so the expectation holds.
        expect(diagnostics.map((d) => d.code)).not.toContain('expectation-failed');
    });

    test('in a trace end, an endpoint named after the endpoint service it connects to stands for that service', async () => {
        const { diagnostics, topology } = await analyze(
            SHOP('').replace(
                '    endpoint gwlbe-a gwlb',
                '    endpoint insp-svc gwlb insp-svc in gwlbe-a\n    endpoint gwlbe-a gwlb',
            ) + 'trace shop.web -> insp-svc\n',
        );
        expect(nameProblems(diagnostics)).toEqual([]);
        expect(topology.traces[0].to).toMatchObject({ kind: 'element', id: 'endpoint-service:insp-svc' });
    });
});

describe('elements of different kinds may share a name', () => {
    test('a subnet and an endpoint called `gwlbe-a` in one VPC are no duplicate, and keep distinct ids', async () => {
        const { diagnostics, topology } = await analyze(SHOP(''));
        expect(nameProblems(diagnostics)).toEqual([]);
        expect(topology.byId['subnet:shop.gwlbe-a']?.kind).toBe('subnet');
        expect(topology.byId['endpoint:shop.gwlbe-a']?.kind).toBe('endpoint');
    });

    test('a position that expects one kind resolves the shared name by that kind', async () => {
        const { diagnostics, topology } = await analyze(
            SHOP('').replace(
                '    route-table rt-app {',
                '    route-table rt-g { 0.0.0.0/0 -> gwlbe-a }\n    route-table rt-app {',
            ),
        );
        expect(nameProblems(diagnostics)).toEqual([]);
        const ep = topology.endpoints.find((e) => e.name === 'gwlbe-a')!;
        expect(ep.subnets).toEqual(['subnet:shop.gwlbe-a']);
        expect(topology.routeTables.find((r) => r.name === 'rt-g')!.routes.map((r) => r.target)).toContainEqual({
            kind: 'element',
            id: 'endpoint:shop.gwlbe-a',
            elementKind: 'endpoint',
        });
    });

    test('the kind-qualified form `subnet:gwlbe-a`, `endpoint:shop.gwlbe-a` names that kind in trace ends and `via`', async () => {
        const { diagnostics, topology } = await analyze(
            SHOP(
                'trace web -> subnet:gwlbe-a\n  trace web -> endpoint:shop.gwlbe-a\n  expect web -> 203.0.113.10 reachable via subnet : shop.app, instance:web',
            ),
        );
        expect(nameProblems(diagnostics)).toEqual([]);
        const [a, b, c] = topology.traces;
        expect(a.to).toMatchObject({ id: 'subnet:shop.gwlbe-a' });
        expect(b.to).toMatchObject({ id: 'endpoint:shop.gwlbe-a' });
        expect(c.expect?.via).toEqual(['subnet:shop.app', 'instance:shop.web']);
    });

    test('route targets, edge gateways, load balancer targets and endpoint services take the kind-qualified form', async () => {
        const { diagnostics, topology } = await analyze(
            SHOP('')
                .replace('-> gw ', '-> igw:gw ')
                .replace('targets s3, ec2', 'targets instance:s3, instance:ec2')
                .replace('gwlb insp-svc in', 'gwlb endpoint-service:insp-svc in')
                .replace('    igw gw\n', '    igw gw\n    route-table rt-edge edge igw:gw\n'),
        );
        expect(nameProblems(diagnostics)).toEqual([]);
        expect(topology.routeTables.find((r) => r.name === 'rt-edge')!.edges).toEqual(['igw:shop.gw']);
        expect(topology.loadBalancers.find((l) => l.name === 'front')!.targets).toHaveLength(2);
        expect(topology.endpoints[0].service).toMatchObject({
            kind: 'endpoint-service',
            id: 'endpoint-service:insp-svc',
        });
    });

    test('a kind the position cannot take, or a word that is no kind, is a linking error that lists the kinds it takes', async () => {
        const text = SHOP('trace web -> igw:nope\n  trace web -> thing:gw').replace('-> gw ', '-> subnet:app ');
        const { diagnostics } = await analyze(text);
        const messages = diagnostics.filter((d) => d.code === 'unresolved-reference').map((d) => d.message);
        expect(messages).toHaveLength(3);
        expect(messages[0]).toMatch(
            /^No route target .* named 'subnet:app': a subnet is not one \(write igw:<name>, vgw:<name>, nat:<name>, instance:<name>, eni:<name>, endpoint:<name>, peering:<name>, transit-gateway:<name>\)\.$/,
        );
        expect(messages[1]).toBe("No igw named 'nope'.");
        expect(messages[2]).toMatch(
            /^No .* named 'thing:gw': 'thing' is not a kind of element \(write vpc:<name>, subnet:<name>, /,
        );
    });
});
