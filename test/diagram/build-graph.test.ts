/**
 * The diagram graph, before layout: nesting as AWS nests it, border items as ports, stable ids, tier rows,
 * the links, trace hops and diagnostic badges. Data-driven over the reference examples.
 */
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { describe, expect, test } from 'vitest';
import type { DiagramGraph } from '../../src/diagram/types.js';
import { graphOf, loadExample, loadText } from './fixtures.js';

/** The chain of ELK ancestors of a node id (outermost first), or undefined when the id is not in the graph. */
function ancestry(root: ElkNode, id: string): string[] | undefined {
    const walk = (n: ElkNode, path: string[]): string[] | undefined => {
        if (n.id === id) return path;
        for (const p of n.ports ?? []) if (p.id === id) return [...path, n.id];
        for (const c of n.children ?? []) {
            const found = walk(c, [...path, n.id]);
            if (found) return found;
        }
        return undefined;
    };
    return walk(root, []);
}

function portsOf(root: ElkNode, id: string): string[] {
    const find = (n: ElkNode): ElkNode | undefined => (n.id === id ? n : (n.children ?? []).map(find).find(Boolean));
    return (find(root)?.ports ?? []).map((p) => p.id);
}

function hops(g: DiagramGraph, direction: 'forward' | 'return') {
    return g.edges.filter((e) => e.hop?.direction === direction).map((e) => `${e.hop!.label}:${e.source}->${e.target}`);
}

describe('nesting: region > VPC > AZ column > subnet > card', () => {
    test.each([
        [
            'instance:storefront.shop-1a',
            ['root', 'region:ap-northeast-1', 'vpc:storefront', 'az:storefront@apne1-az4', 'subnet:storefront.app-a'],
        ],
        [
            'nat:storefront.nat-c',
            [
                'root',
                'region:ap-northeast-1',
                'vpc:storefront',
                'az:storefront@apne1-az1',
                'subnet:storefront.public-c',
            ],
        ],
        [
            'endpoint-eni:storefront.ep-a@gwlbe-a',
            ['root', 'region:ap-northeast-1', 'vpc:storefront', 'az:storefront@apne1-az4', 'subnet:storefront.gwlbe-a'],
        ],
        [
            'instance:security.ngfw-c',
            ['root', 'region:ap-northeast-1', 'vpc:security', 'az:security@apne1-az1', 'subnet:security.appliances-c'],
        ],
        // Outside the VPCs, in the region.
        ['endpoint-service:fw-svc', ['root', 'region:ap-northeast-1']],
        ['internet', ['root']],
    ])('distributed inspection: %s sits in %j', async (id, path) => {
        const g = graphOf(await loadExample('reference/distributed-inspection.topo'));
        expect(ancestry(g.elk, id)).toEqual(path);
    });

    test('IGW, GWLB and ALB are ports on their VPC border, not children', async () => {
        const g = graphOf(await loadExample('reference/distributed-inspection.topo'));
        expect(portsOf(g.elk, 'vpc:storefront')).toEqual(['igw:storefront.igw', 'load-balancer:storefront.shop']);
        expect(portsOf(g.elk, 'vpc:security')).toEqual(['load-balancer:security.ngfw']);
        expect(g.nodes.get('load-balancer:security.ngfw')).toMatchObject({
            kind: 'load-balancer',
            border: true,
            subtitle: 'GWLB',
        });
    });

    test('an interface endpoint has one ENI card per subnet, each in its own AZ column', async () => {
        const g = graphOf(await loadExample('seed/interface-endpoint.topo'));
        const enis = [...g.nodes.values()]
            .filter((n) => n.element === 'endpoint:fleet.vpce-ssm')
            .map((n) => [n.id, n.parent]);
        expect(enis).toEqual([
            ['endpoint-eni:fleet.vpce-ssm@endpoints-a', 'subnet:fleet.endpoints-a'],
            ['endpoint-eni:fleet.vpce-ssm@endpoints-c', 'subnet:fleet.endpoints-c'],
        ]);
    });

    test('a gateway endpoint is a port of its VPC; its VPC is linked to the AWS service in its region', async () => {
        const g = graphOf(await loadExample('seed/gateway-endpoint.topo'));
        const ge = [...g.nodes.values()].find((n) => n.kind === 'gateway-endpoint')!;
        expect(ge.border).toBe(true);
        const link = g.edges.find(
            (e) => e.kind === 'privatelink' && e.source === ge.parent && e.target.startsWith('aws-service:s3@'),
        )!;
        expect(link.tooltip).toContain(`gateway endpoint ${ge.title}`);
    });

    test('TGW attachments are ENI cards in their subnets; each attachment links its VPC to the transit gateway beside the VPCs', async () => {
        const g = graphOf(await loadExample('reference/centralized-inspection.topo'));
        const tgw = [...g.nodes.values()].find((n) => n.kind === 'transit-gateway')!;
        expect(tgw.parent).toBe('region:ap-northeast-1');
        expect(
            [...g.nodes.values()].filter((n) => n.kind === 'tgw-eni').map((n) => g.nodes.get(n.parent!)!.kind),
        ).toEqual(Array(6).fill('subnet'));
        const links = g.edges.filter((e) => e.kind === 'tgw' && e.target === tgw.id);
        expect(links.map((l) => l.source)).toEqual(['vpc:spoke-payments', 'vpc:spoke-orders', 'vpc:inspection-hub']);
        // Links between siblings are ELK's to route.
        for (const l of links) expect(g.elkRouted.has(l.id)).toBe(true);
    });
});

describe('AZ columns and tier rows', () => {
    test('columns are keyed by AZ ID and ordered as the region declares them, whatever each account calls them', async () => {
        const g = graphOf(await loadExample('reference/privatelink-saas'));
        const columns = (vpc: string) =>
            [...g.nodes.values()]
                .filter((n) => n.kind === 'az' && n.parent === vpc)
                .map((n) => `${n.title}/${n.subtitle}`);
        // Region: a = apne1-az4, c = apne1-az1. The customer account calls apne1-az4 "ap-northeast-1c".
        expect(columns('vpc:saas')).toEqual(['ap-northeast-1a/apne1-az4', 'ap-northeast-1c/apne1-az1']);
        expect(columns('vpc:customer-app')).toEqual(['ap-northeast-1c/apne1-az4', 'ap-northeast-1a/apne1-az1']);
    });

    test('subnets of one tier share a row; a tier missing in an AZ leaves a spacer so rows stay aligned', async () => {
        const l = await loadText(`
region eu-west-1 {
  az a
  az b
  vpc v 10.0.0.0/16 {
    subnet public-a 10.0.0.0/24 az a
    subnet public-b 10.0.1.0/24 az b
    subnet db-b     10.0.2.0/24 az b
    subnet app-a    10.0.3.0/24 az a
    subnet app-b    10.0.4.0/24 az b
  }
}`);
        const g = graphOf(l);
        const rows = (col: string) =>
            g.elk
                .children!.find((r) => r.id === 'region:eu-west-1')!
                .children!.find((v) => v.id === 'vpc:v')!
                .children!.find((c) => c.id === col)!
                .children!.map((n) => n.id);
        expect(rows('az:v@eu-west-1a')).toEqual(['subnet:v.public-a', 'spacer:v@eu-west-1a#1', 'subnet:v.app-a']);
        expect(rows('az:v@eu-west-1b')).toEqual(['subnet:v.public-b', 'subnet:v.db-b', 'subnet:v.app-b']);
    });
});

describe('links', () => {
    test('PrivateLink: the consumer VPC to the endpoint service (naming its endpoints), the service to the provider VPC (naming the load balancer)', async () => {
        const g = graphOf(await loadExample('reference/distributed-inspection.topo'));
        const links = g.edges
            .filter((e) => e.kind === 'privatelink')
            .map((e) => [`${e.source}->${e.target}`, e.tooltip]);
        expect(links).toEqual([
            ['endpoint-service:fw-svc->vpc:security', 'endpoint service fw-svc is backed by GWLB ngfw'],
            [
                'vpc:storefront->endpoint-service:fw-svc',
                'PrivateLink to fw-svc: gwlb endpoint ep-a, gwlb endpoint ep-c',
            ],
        ]);
    });

    test('peering joins the two VPCs', async () => {
        const g = graphOf(await loadExample('seed/interface-endpoint.topo'));
        expect(g.edges.filter((e) => e.kind === 'peering').map((e) => [e.source, e.target])).toEqual([
            ['vpc:fleet', 'vpc:ops'],
        ]);
    });

    test('layout-only edges are lifted to the container that holds both ends: the region orders consumer, service, provider', async () => {
        const g = graphOf(await loadExample('reference/distributed-inspection.topo'));
        const region = g.elk.children!.find((c) => c.id === 'region:ap-northeast-1')!;
        const edges = (region.edges ?? []).map((e) => `${e.sources[0]}->${e.targets[0]}`);
        expect(edges).toContain('vpc:storefront->endpoint-service:fw-svc');
        expect(edges).toContain('endpoint-service:fw-svc->vpc:security');
    });
});

describe('trace hops', () => {
    test('distributed inspection, shop-1a -> internet: numbered forward hops through NAT, GWLBE, GWLB, appliance, IGW; the reply back the same way', async () => {
        const g = graphOf(await loadExample('reference/distributed-inspection.topo'), [['shop-1a', 'internet']]);
        expect(hops(g, 'forward')).toEqual([
            '1:instance:storefront.shop-1a->nat:storefront.nat-a',
            '2:nat:storefront.nat-a->endpoint-eni:storefront.ep-a@gwlbe-a',
            '3:endpoint-eni:storefront.ep-a@gwlbe-a->load-balancer:security.ngfw',
            '4:load-balancer:security.ngfw->instance:security.ngfw-a',
            '5:instance:security.ngfw-a->load-balancer:security.ngfw',
            '6:load-balancer:security.ngfw->endpoint-eni:storefront.ep-a@gwlbe-a',
            '7:endpoint-eni:storefront.ep-a@gwlbe-a->igw:storefront.igw',
            '8:igw:storefront.igw->internet',
        ]);
        expect(hops(g, 'return')[0]).toBe('R1:internet->igw:storefront.igw');
        expect(hops(g, 'return').at(-1)).toBe('R8:nat:storefront.nat-a->instance:storefront.shop-1a');
        expect(g.traces).toEqual([
            expect.objectContaining({ id: 't1', letter: '', verdict: 'reachable', stop: undefined }),
        ]);
    });

    test('hovering a hop shows the route that sent the packet there', async () => {
        const g = graphOf(await loadExample('reference/distributed-inspection.topo'), [['shop-1a', 'internet']]);
        const first = g.edges.find((e) => e.id === 'hop:t1:f1')!;
        expect(first.hop!.route).toBe('route table rt-app-a: 0.0.0.0/0 -> nat-a (only matching route)');
        expect(first.tooltip).toContain('rt-app-a: 0.0.0.0/0 -> nat-a');
    });

    test('the first hop of a request by name carries the DNS answer', async () => {
        const g = graphOf(await loadExample('seed/interface-endpoint.topo'), [['app-1a', 'ssm']]);
        const first = g.edges.find((e) => e.id === 'hop:t1:f1')!;
        expect(first.target).toBe('endpoint-eni:fleet.vpce-ssm@endpoints-a');
        expect(first.hop!.dns).toMatch(
            /^DNS ssm\.ap-northeast-1\.amazonaws\.com: AWS-managed private hosted zone of endpoint vpce-ssm/,
        );
    });

    test('a blocked trace names the node where it stopped, and why', async () => {
        const g = graphOf(await loadExample('seed/interface-endpoint.topo'), [['ops-1a', 'ssm']]);
        expect(g.traces[0]).toMatchObject({
            verdict: 'blocked',
            reason: 'private-dns-not-shared',
            stop: { node: 'instance:ops.ops-1a', text: '✕ private-dns-not-shared' },
        });
    });

    test('several traces get letters: A1, AR1, B1', async () => {
        const g = graphOf(await loadExample('seed/interface-endpoint.topo'), [
            ['app-1a', 'ssm'],
            ['app-1c', 'ssmmessages'],
        ]);
        expect(g.traces.map((t) => t.letter)).toEqual(['A', 'B']);
        expect(g.edges.filter((e) => e.kind === 'hop').map((e) => e.hop!.label)).toEqual([
            'A1',
            'A2',
            'AR1',
            'AR2',
            'B1',
            'B2',
            'BR1',
            'BR2',
        ]);
    });
});

describe('filters, badges and ids', () => {
    test('--vpc keeps the named VPC and what it uses, and drops the others', async () => {
        const g = graphOf(await loadExample('reference/distributed-inspection.topo'), [['shop-1a', 'internet']], {
            vpcs: ['storefront'],
        });
        expect(g.nodes.has('vpc:storefront')).toBe(true);
        expect(g.nodes.has('vpc:security')).toBe(false);
        expect(g.nodes.has('instance:security.ngfw-a')).toBe(false);
        expect(g.nodes.has('endpoint-service:fw-svc')).toBe(true);
        // Hops through the hidden VPC are not drawn; the path resumes where it comes back into view.
        for (const e of g.edges) {
            expect(g.nodes.has(e.source)).toBe(true);
            expect(g.nodes.has(e.target)).toBe(true);
        }
    });

    test('a diagnostic becomes a badge on the node that draws its element (a route table finding on its subnets)', async () => {
        const l = await loadExample('broken/trace-blackhole.topo');
        const g = graphOf(l);
        const badged = [...g.nodes.values()]
            .filter((n) => n.badge)
            .map((n) => [n.id, n.badge!.severity, n.badge!.messages[0].split(':')[0]]);
        expect(badged).toEqual([['subnet:app.app-a', 'warning', 'route-blackhole']]);
    });

    test('ids are deterministic: building twice gives the same graph', async () => {
        const a = graphOf(await loadExample('reference/centralized-inspection.topo'), [['pay-1a', 'ord-1c']]);
        const b = graphOf(await loadExample('reference/centralized-inspection.topo'), [['pay-1a', 'ord-1c']]);
        expect(JSON.stringify(a.elk)).toBe(JSON.stringify(b.elk));
        expect(JSON.stringify(a.edges)).toBe(JSON.stringify(b.edges));
        expect([...a.nodes.keys()]).toEqual([...b.nodes.keys()]);
    });
});

describe('on-premises networks and load balancers', () => {
    const HYBRID = `region ap-northeast-1 {
  az a = apne1-az4
  vpc corp 10.0.0.0/16 {
    igw igw
    vgw vgw-a
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet app-a 10.0.1.0/24 az a routes rt-app
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app { 192.168.0.0/16 -> vgw-a }
    instance app-1 in app-a ip 10.0.1.10
    alb web internet-facing in pub-a targets app-1
    alb fn internet-facing in pub-a targets lambda thumbs
  }
  on-premises dc 192.168.0.0/16 via vgw-a
}`;

    test('an on-premises network is a card in the region of its VGW, and trace hops start and end there', async () => {
        const g = graphOf(await loadText(HYBRID), [['dc', 'app-1']]);
        expect(ancestry(g.elk, 'on-premises:dc')).toEqual(['root', 'region:ap-northeast-1']);
        expect(g.nodes.get('on-premises:dc')).toMatchObject({ kind: 'on-premises', subtitle: 'on-premises' });
        expect(hops(g, 'forward')).toEqual([
            '1:on-premises:dc->vgw:corp.vgw-a',
            '2:vgw:corp.vgw-a->instance:corp.app-1',
        ]);
        expect(hops(g, 'return').at(-1)).toBe('R2:vgw:corp.vgw-a->on-premises:dc');
    });

    test('a load balancer card says internet-facing; traces to it and to a Lambda target draw', async () => {
        const g = graphOf(await loadText(HYBRID), [
            ['internet', 'web'],
            ['internet', 'fn'],
        ]);
        expect(g.nodes.get('load-balancer:corp.web')?.subtitle).toBe('ALB · internet-facing');
        expect(g.nodes.get('load-balancer:corp.fn')?.tooltip).toContain('Lambda targets thumbs');
        expect(hops(g, 'forward')).toContain('A3:load-balancer:corp.web->instance:corp.app-1');
        expect(g.traces.map((t) => t.verdict)).toEqual(['reachable', 'reachable']);
    });
});
