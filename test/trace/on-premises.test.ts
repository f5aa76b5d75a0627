/**
 * On-premises networks and VGWs in a trace (VPC User Guide, "Gateway route tables"; Site-to-Site VPN User Guide,
 * "Route tables and VPN route priority"; VPC Peering Guide, "Edge to edge routing through a gateway or private
 * connection"): traffic from on-premises enters at the VGW, is routed by the VGW's edge table or the local route,
 * and its reply follows the subnet's route to the VGW; an address outside every VPC in an on-premises block is
 * on-premises; and a VGW carries traffic only to and from its own VPC.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../helpers.js';
import { edit, hop, inOrder, trace } from './trace-helpers.js';

const NET = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc corp 10.0.0.0/16 {
    igw igw
    vgw vgw-a
    subnet pub-a  10.0.0.0/24 az a routes rt-pub
    subnet app-a  10.0.1.0/24 az a routes rt-app
    subnet fw-a   10.0.2.0/24 az a routes rt-fw
    subnet lone-a 10.0.3.0/24 az a routes rt-lone
    route-table rt-pub  { 0.0.0.0/0 -> igw }
    route-table rt-app  { 192.168.0.0/16 -> vgw-a propagated  10.1.0.0/16 -> pcx }
    route-table rt-fw   { 192.168.0.0/16 -> vgw-a }
    route-table rt-lone { }
    instance app-1  in app-a  ip 10.0.1.10
    instance lone-1 in lone-a ip 10.0.3.10
    alb hybrid internal in app-a targets 192.168.1.10
  }
  vpc peer 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a routes rt
    route-table rt { 10.0.0.0/16 -> pcx  192.168.0.0/16 -> pcx }
    instance peer-1 in app-a ip 10.1.1.10
  }
  peering pcx corp <-> peer
  on-premises dc 192.168.0.0/16 via vgw-a
}`;

describe('on-premises as a trace end', () => {
    it('from on-premises a flow enters at the VGW and the local route delivers it; the reply follows the propagated route to the VGW', async () => {
        const t = await trace(NET, 'dc', 'app-1');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['on-premises:dc', 'vgw:vgw-a', 'instance:app-1']);
        expect(t.retPath).toEqual(['instance:app-1', 'route-table:rt-app', 'vgw:vgw-a', 'on-premises:dc']);
        expect(t.result.return[1].route).toMatchObject({ destination: '192.168.0.0/16', origin: 'propagated' });
    });

    it("a host reaches on-premises through its subnet's route to the VGW, and the reply comes in through the VGW", async () => {
        const t = await trace(NET, 'app-1', 'dc');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['instance:app-1', 'route-table:rt-app', 'vgw:vgw-a', 'on-premises:dc']);
        expect(t.retPath).toEqual(['on-premises:dc', 'vgw:vgw-a', 'instance:app-1']);
        expect(t.result.summary).toContain('dc is reachable');
    });

    it('without a route to the VGW, the reply from the VPC is lost (no-route), and a request from it too', async () => {
        const back = await trace(NET, 'dc', 'lone-1');
        expect(back).toMatchObject({ verdict: 'blocked', reason: 'no-route', stoppedIn: 'return' });
        const out = await trace(NET, 'lone-1', 'dc');
        expect(out).toMatchObject({ verdict: 'blocked', reason: 'no-route', stoppedIn: 'forward' });
    });

    it('an address outside every VPC in an on-premises block is on-premises, not the internet: it comes in through the VGW', async () => {
        const t = await trace(NET, '192.168.7.7', 'app-1');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['on-premises:dc', 'vgw:vgw-a', 'instance:app-1']);
        expect(t.result.forward[0].detail).toContain('192.168.7.7');
        const to = await trace(NET, 'app-1', '192.168.7.7');
        expect(to.verdict).toBe('reachable');
        expect(to.path[to.path.length - 1]).toBe('on-premises:dc');
    });

    it('a VGW as a trace end stands for the network behind it', async () => {
        const from = await trace(NET, 'vgw-a', 'app-1');
        expect(from.verdict).toBe('reachable');
        expect(from.path).toEqual(['on-premises:dc', 'vgw:vgw-a', 'instance:app-1']);
        const to = await trace(NET, 'app-1', 'vgw-a');
        expect(to.verdict).toBe('reachable');
        // Without a declared network, the VPC's route to the VGW says what lies behind it.
        const bare = await trace(edit(NET, ['on-premises dc 192.168.0.0/16 via vgw-a', '']), 'vgw-a', 'app-1');
        expect(bare.verdict).toBe('reachable');
        expect(bare.result.forward[0].detail).toContain('192.168.0.10');
    });

    it("an on-premises network reached through several VGWs enters each VPC through that VPC's own VGW", async () => {
        const text = edit(
            NET,
            ['subnet app-a 10.1.1.0/24 az a routes rt', 'vgw vgw-b\n    subnet app-a 10.1.1.0/24 az a routes rt'],
            ['192.168.0.0/16 -> pcx }', '192.168.0.0/16 -> vgw-b }'],
            ['via vgw-a', 'via vgw-a, peer.vgw-b'],
        );
        const t = await trace(text, 'dc', 'peer-1');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['on-premises:dc', 'vgw:vgw-b', 'instance:peer-1']);
        expect(t.retPath).toContain('vgw:vgw-b');
    });
});

describe('the VGW edge route table', () => {
    const INSPECTED = edit(
        NET,
        ['instance app-1 ', 'instance fw-1 in fw-a ip 10.0.2.10 appliance\n    instance app-1 '],
        [
            'route-table rt-lone { }',
            'route-table rt-lone { }\n    route-table rt-vgw edge vgw-a { 10.0.1.0/24 -> fw-1 }',
        ],
    );

    it('traffic from on-premises is routed by the edge route table associated with the VGW (ingress routing) to an appliance first', async () => {
        const t = await trace(
            edit(INSPECTED, ['rt-app  { 192.168.0.0/16 -> vgw-a propagated', 'rt-app  { 192.168.0.0/16 -> fw-1']),
            'dc',
            'app-1',
        );
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'on-premises:dc',
            'vgw:vgw-a',
            'route-table:rt-vgw',
            'appliance:fw-1',
            'route-table:rt-fw',
            'instance:app-1',
        ]);
        expect(inOrder(t.retPath, ['instance:app-1', 'appliance:fw-1', 'vgw:vgw-a', 'on-premises:dc'])).toBe('');
    });

    it('a reply that goes straight to the VGW skips the appliance the request passed: asymmetric-return', async () => {
        const t = await trace(INSPECTED, 'dc', 'app-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
    });
});

describe('edge to edge: a VGW carries traffic only to and from its own VPC', () => {
    it("traffic from on-premises cannot go on through the VPC's internet gateway: vgw-not-transitive", async () => {
        const t = await trace(NET, 'dc', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'vgw-not-transitive', stoppedIn: 'forward' });
        expect(t.stoppedHop?.kind).toBe('vgw');
    });

    it("traffic from on-premises cannot use the VPC's NAT gateway: nat-source-not-in-vpc", async () => {
        const text = edit(
            NET,
            ['instance app-1 ', 'nat nat-a in pub-a eip\n    instance app-1 '],
            ['rt-lone { }', 'rt-lone { 0.0.0.0/0 -> nat-a }'],
        );
        const t = await trace(text, 'dc', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'nat-source-not-in-vpc' });
    });

    it("traffic from on-premises cannot use the VPC's gateway endpoint: gateway-endpoint-not-transitive", async () => {
        const text = edit(NET, ['instance app-1 ', 'endpoint vpce-s3 gateway s3 routes rt-app\n    instance app-1 ']);
        const t = await trace(text, 'dc', '52.219.1.1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'gateway-endpoint-not-transitive' });
        expect(hop(t, 'vgw')).toBeDefined();
    });

    it("traffic from on-premises cannot reach a peered VPC through the VGW's VPC: vgw-not-transitive", async () => {
        const t = await trace(NET, 'dc', 'peer-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'vgw-not-transitive' });
        // Nor can the peer use the VPC's VPN connection.
        const back = await trace(NET, 'peer-1', 'dc');
        expect(back).toMatchObject({ verdict: 'blocked', reason: 'peering-not-transitive' });
    });
});

describe('load balancers and on-premises', () => {
    it('a load balancer IP target on-premises (registered for AZ all) is reached through the VGW, and replies through it', async () => {
        const t = await trace(NET, 'app-1', 'hybrid');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['load-balancer:hybrid', 'route-table:rt-app', 'vgw:vgw-a', 'on-premises:dc'])).toBe('');
        expect(inOrder(t.retPath, ['on-premises:dc', 'vgw:vgw-a', 'load-balancer:hybrid', 'instance:app-1'])).toBe('');
    });

    it('on-premises reaches an internal load balancer through the VGW', async () => {
        const t = await trace(edit(NET, ['targets 192.168.1.10', 'targets app-1']), 'dc', 'hybrid');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['on-premises:dc', 'vgw:vgw-a', 'load-balancer:hybrid', 'instance:app-1'])).toBe('');
    });
});

describe('expect statements', () => {
    it('expect statements may start or end at an on-premises network and name the VGW on the way', async () => {
        const a = await analyze(`${NET}
expect dc -> corp.app-1 reachable via corp.vgw-a
expect corp.app-1 -> dc reachable via corp.vgw-a
expect dc -> internet blocked because vgw-not-transitive
expect on-premises:dc -> corp.app-1 reachable via vgw:corp.vgw-a`);
        // The fixture's peer route to on-premises is deliberately wrong (peering rules fire); the expectations hold.
        const wrong = ['expectation-failed', 'syntax-error', 'unresolved-reference'];
        expect(a.diagnostics.filter((d) => wrong.includes(d.code)).map((d) => d.message)).toEqual([]);
        expect(a.topology.traces.map((t) => t.from)).toContainEqual(expect.objectContaining({ id: 'on-premises:dc' }));
        const fails = await analyze(`${NET}\nexpect dc -> corp.lone-1 reachable`);
        expect(fails.diagnostics.map((d) => d.code)).toContain('expectation-failed');
    });
});
