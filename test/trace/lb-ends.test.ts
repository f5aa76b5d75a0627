/**
 * A load balancer as a trace end (ELB User Guide, "Load balancer scheme", "How Elastic Load Balancing works"): an
 * internet-facing ALB or NLB has a public address per node and is reached from the internet through the IGW; an
 * internal one has only private addresses; a trace may start at a load balancer's node; a host without a public
 * address is reached from the internet through the internet-facing load balancer in front of it.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../helpers.js';
import { edit, hop, inOrder, trace } from './trace-helpers.js';

const LB = `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc web 10.0.0.0/16 {
    igw igw
    subnet pub-a 10.0.0.0/24  az a routes rt-pub
    subnet pub-c 10.0.1.0/24  az c routes rt-pub
    subnet app-a 10.0.10.0/24 az a
    subnet app-c 10.0.11.0/24 az c
    route-table rt-pub { 0.0.0.0/0 -> igw }
    instance web-1   in app-a ip 10.0.10.10
    instance web-2   in app-c ip 10.0.11.10
    instance ops-1   in app-c ip 10.0.11.20
    instance back-1  in app-a ip 10.0.10.30
    instance bastion in pub-a ip 10.0.0.20 public-ip
    alb web-alb internet-facing in pub-a, pub-c targets web-1, web-2
    alb int-alb internal in app-a, app-c targets web-1, web-2, back-1
    alb plain in pub-a, pub-c targets web-1
  }
}`;

describe('a load balancer as the destination', () => {
    it('an internet-facing ALB is reached from the internet at the public address of a node, through the IGW', async () => {
        const t = await trace(LB, 'internet', 'web-alb');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['internet:internet', 'igw:igw', 'load-balancer:web-alb', 'instance:web-1'])).toBe('');
        // The DNS name resolves to one public address per node (per enabled AZ); the client uses the first AZ's.
        const dns = hop(t, 'dns');
        expect(dns?.name).toBe('web-alb.ap-northeast-1.elb.amazonaws.com');
        expect(dns?.dns?.addresses).toHaveLength(2);
        expect(dns?.dns?.addresses.some((a) => a.startsWith('10.'))).toBe(false);
        expect(hop(t, 'load-balancer')?.az?.name).toBe('ap-northeast-1a');
        expect(hop(t, 'igw')?.detail).toContain(`translates ${dns?.dns?.addresses[0]} to 10.0.0.`);
    });

    it('an internal load balancer has only private addresses, so the internet cannot reach it: igw-needs-public-ip', async () => {
        const t = await trace(LB, 'internet', 'int-alb');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip', stoppedIn: 'forward' });
        expect(hop(t, 'dns')?.name).toBe('internal-int-alb.ap-northeast-1.elb.amazonaws.com');
        expect(hop(t, 'dns')?.dns?.addresses.every((a) => a.startsWith('10.0.1'))).toBe(true);
    });

    it('a load balancer written without a scheme is internal (Topo default): unreachable from the internet', async () => {
        const t = await trace(LB, 'internet', 'plain');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip' });
        const facing = await trace(edit(LB, ['alb plain in', 'alb plain internet-facing in']), 'internet', 'plain');
        expect(facing.verdict).toBe('reachable');
    });

    it('a client in the VPC reaches an internal load balancer at the private address of the node in its own AZ', async () => {
        const t = await trace(LB, 'ops-1', 'int-alb');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'load-balancer')?.az?.name).toBe('ap-northeast-1c');
        expect(hop(t, 'load-balancer')?.detail).toMatch(/ALB node at 10\.0\.11\.\d+/);
        // The node in AZ c sends to the target there; the reply comes back to the node and then to the client.
        expect(t.path[t.path.length - 1]).toBe('instance:web-2');
        expect(t.retPath[0]).toBe('instance:web-2');
        expect(t.retPath[t.retPath.length - 1]).toBe('instance:ops-1');
    });

    it("an internet-facing load balancer's name resolves to public addresses in the VPC too: the client goes out through the IGW and back in", async () => {
        const t = await trace(LB, 'bastion', 'web-alb');
        expect(t.verdict).toBe('reachable');
        expect(t.path.filter((p) => p === 'igw:igw')).toHaveLength(2);
        expect(
            inOrder(t.path, ['instance:bastion', 'igw:igw', 'internet:internet', 'igw:igw', 'load-balancer:web-alb']),
        ).toBe('');
        // A client without a public address has no way out to the node's public address.
        const inside = await trace(LB, 'ops-1', 'web-alb');
        expect(inside).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
    });

    it('a node whose AZ has no target (cross-zone off) is left out of DNS: the client uses a node that has one', async () => {
        const text = edit(LB, [
            'alb plain in pub-a, pub-c targets web-1',
            'nlb nlb-c internet-facing in pub-a, pub-c targets web-2',
        ]);
        const t = await trace(text, 'internet', 'nlb-c');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'load-balancer')?.az?.name).toBe('ap-northeast-1c');
        // With no target anywhere, no node has one to send to.
        const none = await trace(edit(text, ['targets web-2', '']), 'internet', 'nlb-c');
        expect(none).toMatchObject({ verdict: 'blocked', reason: 'lb-no-healthy-target' });
    });
});

describe('a load balancer as the source', () => {
    it("a trace may start at a load balancer: from its node's private address, and the reply comes back to the node", async () => {
        const t = await trace(LB, 'int-alb', 'web-2');
        expect(t.verdict).toBe('reachable');
        expect(t.path[0]).toBe('load-balancer:int-alb');
        expect(t.result.forward[0].detail).toMatch(/node in subnet app-a \(10\.0\.10\.\d+\)/);
        expect(t.retPath[t.retPath.length - 1]).toBe('load-balancer:int-alb');
    });

    it('an internal load balancer has no public address for the internet gateway: igw-needs-public-ip', async () => {
        const t = await trace(
            edit(LB, ['alb int-alb internal in app-a, app-c', 'alb int-alb internal in pub-a, pub-c']),
            'int-alb',
            'internet',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip' });
        const facing = await trace(LB, 'web-alb', 'internet');
        expect(facing.verdict).toBe('reachable');
    });
});

describe('a host behind a load balancer', () => {
    it('the internet reaches a host without a public address through the internet-facing load balancer in front of it', async () => {
        const t = await trace(LB, 'internet', 'web-2');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['igw:igw', 'load-balancer:web-alb', 'instance:web-2'])).toBe('');
        // The node in the host's AZ.
        expect(hop(t, 'load-balancer')?.az?.name).toBe('ap-northeast-1c');
    });

    it('a host behind only an internal load balancer stays unreachable from the internet: igw-needs-public-ip', async () => {
        const t = await trace(LB, 'internet', 'back-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip' });
    });

    it('expect statements may name the load balancer on the way, and a load balancer as an end', async () => {
        const holds = `${LB}
expect internet -> web.web-1 reachable via web.igw, web.web-alb
expect internet -> web.web-alb reachable via web.igw, web.web-1
expect internet -> web.int-alb blocked because igw-needs-public-ip
expect web.ops-1 -> web.int-alb reachable via web.int-alb, web.web-2`;
        const a = await analyze(holds);
        expect(a.diagnostics.filter((d) => d.code !== 'subnet-size').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
        const fails = await analyze(`${LB}\nexpect internet -> web.back-1 reachable via web.int-alb`);
        expect(fails.diagnostics.map((d) => d.code)).toContain('expectation-failed');
    });
});
