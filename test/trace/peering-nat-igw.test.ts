/**
 * Internet gateways, NAT gateways and VPC peering in a trace (VPC User Guide, "Internet
 * gateways", "NAT gateways", "VPC peering"): the IGW carries only public addresses, a public NAT
 * translates and translates the reply back, a private NAT cannot reach the internet, peering is not
 * transitive, and a peering that is not accepted drops traffic.
 */
import { describe, expect, it } from 'vitest';
import { edit, hop, trace } from './trace-helpers.js';

const NET = `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc a 10.0.0.0/16 {
    igw igw
    subnet pub-a  10.0.0.0/24 az a routes rt-pub
    subnet app-a  10.0.1.0/24 az a routes rt-app
    subnet bare-a 10.0.2.0/24 az a routes rt-pub
    subnet priv-a 10.0.3.0/24 az a routes rt-priv
    subnet pnat-a 10.0.4.0/24 az a routes rt-pub
    nat nat-a in pub-a eip
    nat pnat in pnat-a private
    route-table rt-pub  { 0.0.0.0/0 -> igw }
    route-table rt-app  { 0.0.0.0/0 -> nat-a  10.1.0.0/16 -> pcx-ab  10.2.0.0/16 -> pcx-ab  10.3.0.0/16 -> pcx-ad }
    route-table rt-priv { 0.0.0.0/0 -> pnat }
    instance pub-1  in pub-a ip 10.0.0.10 public-ip
    instance eip-1  in pub-a ip 10.0.0.11 eip
    instance app-1  in app-a ip 10.0.1.10
    instance bare-1 in bare-a ip 10.0.2.10
    instance priv-1 in priv-a ip 10.0.3.10
  }
  vpc b 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a routes rt-app
    route-table rt-app { 10.0.0.0/16 -> pcx-ab  10.2.0.0/16 -> pcx-bc  0.0.0.0/0 -> pcx-ab }
    instance b-1 in app-a ip 10.1.1.10
  }
  vpc c 10.2.0.0/16 {
    subnet app-a 10.2.1.0/24 az a routes rt-app
    route-table rt-app { 10.1.0.0/16 -> pcx-bc  10.0.0.0/16 -> pcx-bc }
    instance c-1 in app-a ip 10.2.1.10
  }
  vpc d 10.3.0.0/16 {
    subnet app-a 10.3.1.0/24 az a routes rt-app
    route-table rt-app { 10.0.0.0/16 -> pcx-ad }
    instance d-1 in app-a ip 10.3.1.10
  }
  peering pcx-ab a <-> b
  peering pcx-bc b <-> c
  peering pcx-ad a <-> d pending
}`;

describe('internet gateway', () => {
    it('a host with a public IP reaches the internet through the IGW, and the reply comes straight back', async () => {
        const t = await trace(NET, 'pub-1', 'internet');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['instance:pub-1', 'route-table:rt-pub', 'igw:igw', 'internet:internet']);
        expect(t.retPath).toEqual(['internet:internet', 'igw:igw', 'instance:pub-1']);
    });

    it('an EIP counts as a public address for the IGW, both ways', async () => {
        expect((await trace(NET, 'eip-1', 'internet')).verdict).toBe('reachable');
        expect((await trace(NET, 'internet', 'eip-1')).verdict).toBe('reachable');
    });

    it('the IGW translates only hosts that have a public IP: a private host routed to it is igw-needs-public-ip', async () => {
        const t = await trace(NET, 'bare-1', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip', stoppedIn: 'forward' });
        expect(t.stoppedHop?.kind).toBe('igw');
    });

    it('from the internet, the IGW accepts traffic only for public IPs: a host without one is igw-needs-public-ip', async () => {
        const t = await trace(NET, 'internet', 'app-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip' });
        const pub = await trace(NET, 'internet', 'pub-1');
        expect(pub.path).toEqual(['internet:internet', 'igw:igw', 'instance:pub-1']);
    });

    it('an IGW never delivers a private destination: a route for a private range to the IGW is no-route', async () => {
        const t = await trace(
            edit(NET, ['rt-pub  { 0.0.0.0/0 -> igw }', 'rt-pub  { 0.0.0.0/0 -> igw  10.9.0.0/16 -> igw }']),
            'pub-1',
            '10.9.0.1',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
        expect(t.stoppedHop?.kind).toBe('igw');
    });
});

describe('NAT gateways', () => {
    it('a public NAT path: app -> NAT (source becomes the EIP) -> NAT subnet table -> IGW -> internet', async () => {
        const t = await trace(NET, 'app-1', 'internet');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'instance:app-1',
            'route-table:rt-app',
            'nat:nat-a',
            'route-table:rt-pub',
            'igw:igw',
            'internet:internet',
        ]);
        expect(hop(t, 'nat')?.detail).toMatch(/source becomes 198\.19\./);
    });

    it('the NAT gateway translates the reply back to the client and forwards it with its own subnet table', async () => {
        const t = await trace(NET, 'app-1', 'internet');
        expect(t.retPath).toEqual([
            'internet:internet',
            'igw:igw',
            'nat:nat-a',
            'route-table:rt-pub',
            'instance:app-1',
        ]);
        expect(t.result.return.find((h) => h.kind === 'nat')?.detail).toMatch(/back to 10\.0\.1\.10/);
    });

    it('a NAT gateway does not accept new connections from the internet, even to its EIP', async () => {
        const eip = (await trace(NET, 'app-1', 'internet')).result.forward
            .find((h) => h.kind === 'nat')
            ?.detail.match(/198\.19\.\d+\.\d+/)?.[0];
        expect(eip).toBeDefined();
        const t = await trace(NET, 'internet', eip!);
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
        expect(t.result.summary).toMatch(/does not accept new connections/);
    });

    it('a host with a public IP whose subnet sends 0.0.0.0/0 to a NAT gateway is unreachable from the internet: the reply leaves from the NAT EIP', async () => {
        const text = edit(NET, [
            'instance app-1  in app-a ip 10.0.1.10',
            'instance app-1  in app-a ip 10.0.1.10 public-ip',
        ]);
        const t = await trace(text, 'internet', 'app-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
        expect(t.path).toEqual(['internet:internet', 'igw:igw', 'instance:app-1']);
        expect(t.retPath).toEqual([
            'instance:app-1',
            'route-table:rt-app',
            'nat:nat-a',
            'route-table:rt-pub',
            'igw:igw',
            'internet:internet',
        ]);
        // Outbound, the same host is fine: the NAT translates its reply back.
        expect((await trace(text, 'app-1', 'internet')).verdict).toBe('reachable');
    });

    it('a private NAT gateway cannot send traffic to an internet gateway', async () => {
        const t = await trace(NET, 'priv-1', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route', stoppedIn: 'forward' });
        expect(t.path).toEqual(['instance:priv-1', 'route-table:rt-priv', 'nat:pnat', 'route-table:rt-pub', 'igw:igw']);
        expect(t.result.summary).toMatch(/private NAT/);
    });

    it('a public NAT gateway written without an EIP cannot reach the internet: the IGW refuses its private address', async () => {
        // AWS requires an Elastic IP for a public NAT gateway (VPC User Guide, "NAT gateways").
        const t = await trace(edit(NET, ['nat nat-a in pub-a eip', 'nat nat-a in pub-a']), 'app-1', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip', stoppedIn: 'forward' });
        expect(t.path).toEqual(['instance:app-1', 'route-table:rt-app', 'nat:nat-a', 'route-table:rt-pub', 'igw:igw']);
        expect(t.result.summary).toMatch(/nat-a has no EIP/);
    });

    it("an EIP written as 203.0.113.10, the internet's stand-in address, is still the NAT's: the trace reaches the internet", async () => {
        const t = await trace(
            edit(NET, ['nat nat-a in pub-a eip', 'nat nat-a in pub-a eip 203.0.113.10']),
            'app-1',
            'internet',
        );
        expect(t).toMatchObject({ verdict: 'reachable' });
        expect(t.path.slice(-2)).toEqual(['igw:igw', 'internet:internet']);
    });

    it("traffic that entered through peering cannot use the peer's NAT gateway", async () => {
        const t = await trace(NET, 'b-1', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'nat-source-not-in-vpc' });
        expect(t.names).not.toContain('igw');
    });
});

describe('VPC peering', () => {
    it('peering carries traffic between the two VPCs, with routes on both sides', async () => {
        const t = await trace(NET, 'app-1', 'b-1');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['instance:app-1', 'route-table:rt-app', 'peering:pcx-ab', 'instance:b-1']);
        expect(t.retPath).toEqual(['instance:b-1', 'route-table:rt-app', 'peering:pcx-ab', 'instance:app-1']);
    });

    it("both sides need routes: without the peer's route back, the reply is lost", async () => {
        const t = await trace(
            edit(NET, [
                'rt-app { 10.0.0.0/16 -> pcx-ab  10.2.0.0/16 -> pcx-bc  0.0.0.0/0 -> pcx-ab }',
                'rt-app { 10.2.0.0/16 -> pcx-bc }',
            ]),
            'app-1',
            'b-1',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route', stoppedIn: 'return' });
    });

    it('peering is not transitive: a -> b -> c is peering-not-transitive even with routes for it everywhere', async () => {
        const t = await trace(NET, 'app-1', 'c-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'peering-not-transitive', stoppedIn: 'forward' });
        expect(t.path).toEqual(['instance:app-1', 'route-table:rt-app', 'peering:pcx-ab']);
    });

    it('an address inside the peer VPC that no subnet holds is no-route, not a transit problem', async () => {
        const t = await trace(NET, 'app-1', '10.1.200.1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
        expect(t.stoppedHop?.kind).toBe('peering');
    });

    it('a peering that is not accepted drops the traffic: blackhole', async () => {
        const t = await trace(NET, 'app-1', 'd-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'blackhole' });
        expect(t.stoppedHop).toMatchObject({ kind: 'peering', name: 'pcx-ad' });
    });

    it('a blackhole route drops traffic: blackhole', async () => {
        const t = await trace(edit(NET, ['10.3.0.0/16 -> pcx-ad', '10.3.0.0/16 -> blackhole']), 'app-1', 'd-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'blackhole' });
        expect(t.stoppedHop?.kind).toBe('route-table');
    });

    it('with no matching route the packet is dropped: no-route', async () => {
        const t = await trace(NET, 'c-1', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
        expect(t.path).toEqual(['instance:c-1', 'route-table:rt-app']);
    });
});

describe('a peering of a VPC with itself', () => {
    it('AWS cannot create a VPC peering connection between a VPC and itself: a route to one is a blackhole', async () => {
        const text = `region ap-northeast-1 {
  az a = apne1-az4
  vpc a 10.1.0.0/16 {
    subnet app-a 10.1.1.0/24 az a routes rt-app
    route-table rt-app { 10.2.0.0/16 -> pcx-aa }
    instance a-1 in app-a ip 10.1.1.10
  }
  peering pcx-aa a <-> a
}`;
        const t = await trace(text, 'a-1', '10.2.0.10');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'blackhole', stoppedIn: 'forward' });
        expect(t.stoppedHop).toMatchObject({ kind: 'peering', name: 'pcx-aa' });
    });
});
