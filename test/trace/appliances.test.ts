/**
 * Instances that forward: NAT instances (VPC User Guide, "NAT instances") and appliances with several ENIs in
 * different subnets (EC2 User Guide, "Elastic network interfaces"), the walk through them and back.
 */
import { describe, expect, it } from 'vitest';
import { edit, hop, inOrder, trace } from './trace-helpers.js';

const NAT_INSTANCE = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc legacy 10.50.0.0/16 {
    igw igw
    subnet pub-a    10.50.0.0/24 az a routes rt-pub
    subnet app-a    10.50.1.0/24 az a routes rt-app
    subnet inside-a 10.50.2.0/24 az a routes rt-inside
    subnet work-a   10.50.3.0/24 az a routes rt-work
    route-table rt-pub    { 0.0.0.0/0 -> igw }
    route-table rt-app    { 0.0.0.0/0 -> nat-1 }
    route-table rt-inside
    route-table rt-work   { 0.0.0.0/0 -> nat-2 }
    instance nat-1 in pub-a ip 10.50.0.10 source-nat public-ip 198.51.100.20
    instance batch-1a in app-a ip 10.50.1.10
    // A NAT instance with an inside and an outside interface.
    instance nat-2 in inside-a ip 10.50.2.10 source-nat
    eni nat-2-outside in pub-a ip 10.50.0.20 eip 198.51.100.30 attach nat-2
    instance work-1a in work-a ip 10.50.3.10
  }
}`;

describe('NAT instances: an appliance that translates source addresses', () => {
    it('a NAT instance sends the client traffic on with its own private address, which the internet gateway maps to its public IP', async () => {
        const t = await trace(NAT_INSTANCE, 'batch-1a', 'internet');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['route-table:rt-app', 'appliance:nat-1', 'route-table:rt-pub', 'igw:igw'])).toBe('');
        expect(hop(t, 'appliance')?.detail).toBe('NAT instance: source becomes 10.50.0.10');
        expect(hop(t, 'igw')?.detail).toBe('to the internet as 198.51.100.20');
    });

    it('the reply comes back to the NAT instance, which translates it back to the client', async () => {
        const t = await trace(NAT_INSTANCE, 'batch-1a', 'internet');
        expect(inOrder(t.retPath, ['igw:igw', 'appliance:nat-1', 'route-table:rt-pub', 'instance:batch-1a'])).toBe('');
        expect(t.result.return.find((h) => h.kind === 'appliance')?.detail).toBe(
            'NAT instance: translates the reply back to 10.50.1.10',
        );
    });

    it('an appliance without source NAT forwards the client address, which the internet gateway cannot translate', async () => {
        const t = await trace(
            edit(NAT_INSTANCE, ['ip 10.50.0.10 source-nat', 'ip 10.50.0.10 appliance']),
            'batch-1a',
            'internet',
        );
        expect([t.verdict, t.reason]).toEqual(['blocked', 'igw-needs-public-ip']);
    });

    it('a NAT instance without a public IP or EIP cannot send to the internet', async () => {
        const t = await trace(
            edit(NAT_INSTANCE, ['source-nat public-ip 198.51.100.20', 'source-nat']),
            'batch-1a',
            'internet',
        );
        expect([t.verdict, t.reason]).toEqual(['blocked', 'igw-needs-public-ip']);
        expect(t.stoppedHop?.kind).toBe('igw');
    });

    it('a NAT instance with two ENIs translates to the address of the ENI it leaves by, and replies return by the inside ENI', async () => {
        const t = await trace(NAT_INSTANCE, 'work-1a', 'internet');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'appliance')?.detail).toBe(
            'NAT instance: source becomes 10.50.0.20; in on nat-2, out on nat-2-outside (pub-a)',
        );
        expect(hop(t, 'igw')?.detail).toBe('to the internet as 198.51.100.30');
        expect(t.result.return.find((h) => h.kind === 'appliance')?.detail).toBe(
            'NAT instance: translates the reply back to 10.50.3.10; in on nat-2-outside, out on nat-2 (inside-a)',
        );
        expect(inOrder(t.retPath, ['appliance:nat-2', 'route-table:rt-inside', 'instance:work-1a'])).toBe('');
    });

    it('a NAT instance hides a client block that overlaps another network: the service sees and answers the NAT address', async () => {
        const text = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc a 10.0.0.0/16, 100.64.0.0/16 {
    subnet app-a 10.0.1.0/24    az a routes rt-app
    subnet nat-a 100.64.1.0/24  az a routes rt-nat
    subnet tgw-a 100.64.255.0/28 az a
    route-table rt-app { 10.99.0.0/16 -> nat-1 }
    route-table rt-nat { 10.99.0.0/16 -> tgw }
    instance nat-1 in nat-a ip 100.64.1.10 source-nat
    instance app-1a in app-a ip 10.0.1.10
  }
  vpc shared 10.99.0.0/16 {
    subnet svc-a 10.99.1.0/24    az a routes rt-svc
    subnet tgw-a 10.99.255.0/28  az a
    route-table rt-svc { 100.64.0.0/16 -> tgw }
    instance svc-1a in svc-a ip 10.99.1.10
  }
  transit-gateway tgw {
    attachment att-a      vpc a      in tgw-a associate rt-a
    attachment att-shared vpc shared in tgw-a associate rt-shared
    route-table rt-a      { 10.99.0.0/16 -> att-shared }
    route-table rt-shared { 100.64.0.0/16 -> att-a }
  }
}`;
        const t = await trace(text, 'app-1a', 'svc-1a');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['appliance:nat-1', 'transit-gateway:tgw', 'instance:svc-1a'])).toBe('');
        expect(inOrder(t.retPath, ['transit-gateway:tgw', 'appliance:nat-1', 'instance:app-1a'])).toBe('');
        // Without the translation the service answers 10.0.1.10, for which it has no route.
        const plain = await trace(edit(text, ['source-nat', 'appliance']), 'app-1a', 'svc-1a');
        expect([plain.verdict, plain.reason, plain.stoppedIn]).toEqual(['blocked', 'no-route', 'return']);
    });
});

const FIREWALL = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc edge 10.40.0.0/16 {
    igw igw
    subnet untrust-a 10.40.0.0/24 az a routes rt-untrust
    subnet trust-a   10.40.1.0/24 az a routes rt-trust
    subnet app-a     10.40.2.0/24 az a routes rt-app
    subnet dmz-a     10.40.3.0/24 az a routes rt-dmz
    route-table rt-untrust { 0.0.0.0/0 -> igw }
    route-table rt-trust
    route-table rt-app  { 0.0.0.0/0 -> fw-a  10.40.3.0/24 -> fw-b }
    route-table rt-dmz  { 10.40.2.0/24 -> fw-b-dmz }
    route-table rt-edge edge igw { 10.40.2.0/24 -> fw-a-untrust }
    instance fw-a in trust-a ip 10.40.1.10 appliance
    eni fw-a-untrust in untrust-a ip 10.40.0.10 attach fw-a
    instance fw-b in trust-a ip 10.40.1.20 appliance
    eni fw-b-untrust in untrust-a ip 10.40.0.20 attach fw-b
    eni fw-b-dmz in dmz-a ip 10.40.3.20 attach fw-b
    instance fw-c in trust-a ip 10.40.1.30 appliance
    eni fw-c-untrust in untrust-a ip 10.40.0.30 attach fw-c
    instance web-1a in app-a ip 10.40.2.10 public-ip
    instance dmz-1a in dmz-a ip 10.40.3.10
  }
}`;

describe('appliances with several ENIs in different subnets', () => {
    it('a route may target one ENI of an instance; the appliance forwards out of its other ENI, by that subnet route table', async () => {
        const t = await trace(FIREWALL, 'internet', 'web-1a');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'internet:internet',
            'igw:igw',
            'route-table:rt-edge',
            'appliance:fw-a',
            'route-table:rt-trust',
            'instance:web-1a',
        ]);
        expect(hop(t, 'appliance')?.detail).toBe('appliance; in on fw-a-untrust, out on fw-a (trust-a)');
    });

    it("a route to the instance is a route to its primary ENI; the reply leaves by the untrust ENI's subnet table", async () => {
        const t = await trace(FIREWALL, 'internet', 'web-1a');
        expect(inOrder(t.retPath, ['route-table:rt-app', 'appliance:fw-a', 'route-table:rt-untrust', 'igw:igw'])).toBe(
            '',
        );
        expect(t.result.return.find((h) => h.kind === 'appliance')?.detail).toBe(
            'appliance; in on fw-a, out on fw-a-untrust (untrust-a)',
        );
    });

    it('the symmetry check sees the appliance instance on both legs, though the request and the reply use different ENIs', async () => {
        const t = await trace(FIREWALL, 'internet', 'web-1a');
        expect(t.verdict).toBe('reachable');
        const ids = [...t.result.forward, ...t.result.return].filter((h) => h.kind === 'appliance').map((h) => h.id);
        expect(ids).toEqual(['instance:edge.fw-a', 'instance:edge.fw-a']);
    });

    it('a reply through another appliance instance is dropped (asymmetric-return)', async () => {
        const t = await trace(edit(FIREWALL, ['{ 0.0.0.0/0 -> fw-a ', '{ 0.0.0.0/0 -> fw-c ']), 'internet', 'web-1a');
        expect([t.verdict, t.reason, t.stoppedIn]).toEqual(['blocked', 'asymmetric-return', 'return']);
        expect(t.stoppedHop).toMatchObject({ kind: 'appliance', name: 'fw-c' });
    });

    it('an appliance with more than two ENIs forwards by the ENI whose subnet holds the destination, else by its primary', async () => {
        const t = await trace(FIREWALL, 'web-1a', 'dmz-1a');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'appliance')?.detail).toBe('appliance; in on fw-b, out on fw-b-dmz (dmz-a)');
        expect(t.result.return.find((h) => h.kind === 'appliance')?.detail).toBe(
            'appliance; in on fw-b-dmz, out on fw-b (trust-a)',
        );
        expect(inOrder(t.retPath, ['appliance:fw-b', 'route-table:rt-trust', 'instance:web-1a'])).toBe('');
    });

    it('each ENI of an instance is its own address in its own subnet', async () => {
        const eni = await trace(FIREWALL, 'web-1a', 'fw-a-untrust');
        const primary = await trace(FIREWALL, 'web-1a', 'fw-a');
        expect(eni.verdict).toBe('reachable');
        expect(eni.result.forward.at(-1)).toMatchObject({
            kind: 'eni',
            name: 'fw-a-untrust',
            detail: 'receives (10.40.0.10)',
        });
        expect(primary.result.forward.at(-1)).toMatchObject({
            kind: 'instance',
            name: 'fw-a',
            detail: 'receives (10.40.1.10)',
        });
    });
});
