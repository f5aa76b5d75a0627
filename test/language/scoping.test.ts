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
});
