/**
 * Transit gateways in a trace (VPC User Guide, "Middlebox scenarios"; Transit Gateway Guide, "Transit gateway attachments to a
 * VPC", "Route tables", "Appliance in a shared services VPC"): one attachment subnet per AZ, the associated
 * TGW route table decides, the attachment subnet's own table forwards traffic that enters a VPC, and
 * appliance mode keeps both directions of an inspected flow in one AZ.
 */
import { describe, expect, it } from 'vitest';
import { edit, hop, inOrder, trace } from './trace-helpers.js';

const SPOKES = `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc pay 10.1.0.0/16 {
    subnet app-a 10.1.0.0/24 az a routes rt-app
    subnet app-c 10.1.1.0/24 az c routes rt-app
    subnet tgw-a 10.1.255.0/28 az a
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance pay-1a in app-a ip 10.1.0.10
    instance pay-1c in app-c ip 10.1.1.10
  }
  vpc ord 10.2.0.0/16 {
    subnet app-a 10.2.0.0/24 az a routes rt-app
    subnet app-c 10.2.1.0/24 az c routes rt-app
    subnet tgw-a 10.2.255.0/28 az a
    subnet tgw-c 10.2.255.16/28 az c
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance ord-1a in app-a ip 10.2.0.10
    instance ord-1c in app-c ip 10.2.1.10
  }
  vpc lab 10.3.0.0/16 {
    subnet app-a 10.3.0.0/24 az a routes rt-app
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance lab-1a in app-a ip 10.3.0.10
  }
  vpc data 10.4.0.0/16 {
    subnet app-a 10.4.0.0/24 az a routes rt-app
    route-table rt-app { 10.0.0.0/8 -> tgw }
    endpoint s3-gw gateway s3 routes rt-app
    instance data-1a in app-a ip 10.4.0.10
  }
  vpc alone 10.5.0.0/16 {
    subnet app-a 10.5.0.0/24 az a routes rt-app
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance alone-1a in app-a ip 10.5.0.10
  }
  transit-gateway tgw {
    attachment att-pay  vpc pay  in tgw-a        associate rt-main propagate rt-main
    attachment att-ord  vpc ord  in tgw-a, tgw-c associate rt-main propagate rt-main
    attachment att-lab  vpc lab  in app-a        associate rt-lab
    attachment att-data vpc data in app-a        associate rt-main propagate rt-main
    route-table rt-main { 10.9.0.0/16 -> blackhole  0.0.0.0/0 -> att-data }
    route-table rt-lab
  }
}`;

describe('transit gateway forwarding', () => {
    it('spoke -> attachment -> TGW (propagated route) -> attachment -> the attachment subnet table -> host', async () => {
        const t = await trace(SPOKES, 'pay-1a', 'ord-1a');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'instance:pay-1a',
            'route-table:rt-app',
            'tgw-attachment:att-pay',
            'transit-gateway:tgw',
            'tgw-attachment:att-ord',
            'route-table:(main)',
            'instance:ord-1a',
        ]);
        expect(hop(t, 'transit-gateway')?.detail).toMatch(/10\.2\.0\.0\/16 -> att-ord \(propagated\)/);
        expect(t.retPath).toEqual([
            'instance:ord-1a',
            'route-table:rt-app',
            'tgw-attachment:att-ord',
            'transit-gateway:tgw',
            'tgw-attachment:att-pay',
            'route-table:(main)',
            'instance:pay-1a',
        ]);
    });

    it('the TGW keeps a flow in its AZ where the attachment has a subnet there; the local route then crosses AZ', async () => {
        const t = await trace(SPOKES, 'pay-1a', 'ord-1c');
        expect(t.verdict).toBe('reachable');
        expect(t.result.forward.find((h) => h.name === 'att-ord')?.az?.name).toBe('ap-northeast-1a');
        expect(t.result.return.find((h) => h.name === 'att-ord')?.az?.name).toBe('ap-northeast-1c');
        expect(t.notes).toContain('cross-az');
    });

    it('a subnet in an AZ where the attachment has no subnet cannot reach the TGW: tgw-no-attachment-in-az', async () => {
        const t = await trace(SPOKES, 'pay-1c', 'ord-1a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'tgw-no-attachment-in-az', stoppedIn: 'forward' });
        expect(t.stoppedHop).toMatchObject({ kind: 'tgw-attachment', name: 'att-pay' });
        expect(t.stoppedHop?.az?.name).toBe('ap-northeast-1c');
    });

    it('the reply from an AZ without an attachment subnet is lost the same way', async () => {
        const t = await trace(SPOKES, 'ord-1a', 'pay-1c');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'tgw-no-attachment-in-az', stoppedIn: 'return' });
    });

    it('the TGW route table associated with the attachment decides: no route there is tgw-no-route', async () => {
        const t = await trace(SPOKES, 'lab-1a', 'ord-1a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'tgw-no-route', stoppedIn: 'forward' });
        expect(t.stoppedHop?.kind).toBe('transit-gateway');
    });

    it('a VPC without an attachment to the TGW cannot use it: tgw-no-route', async () => {
        const t = await trace(SPOKES, 'alone-1a', 'ord-1a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'tgw-no-route' });
    });

    it('a blackhole route in the TGW route table drops the traffic: blackhole', async () => {
        const t = await trace(SPOKES, 'pay-1a', '10.9.1.1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'blackhole' });
        expect(t.stoppedHop?.kind).toBe('transit-gateway');
    });

    it('TGW routes are longest prefix first: the propagated /16 beats the static 0.0.0.0/0', async () => {
        const t = await trace(SPOKES, 'pay-1a', 'ord-1a');
        expect(t.names).not.toContain('att-data');
    });

    it('a static TGW route beats a propagated one for the same prefix', async () => {
        const t = await trace(
            edit(SPOKES, ['10.9.0.0/16 -> blackhole', '10.2.0.0/16 -> blackhole']),
            'pay-1a',
            'ord-1a',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'blackhole' });
    });

    it('a gateway endpoint is not transitive: traffic entering its VPC from a TGW cannot use it', async () => {
        const t = await trace(SPOKES, 'pay-1a', 's3');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'gateway-endpoint-not-transitive' });
        expect(
            inOrder(t.path, ['transit-gateway:tgw', 'tgw-attachment:att-data', 'route-table:rt-app', 'endpoint:s3-gw']),
        ).toBe('');
    });
});

/** Centralized inspection behind a TGW (AWS reference architecture), appliance mode on. */
const CENTRAL = `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc spoke-a 10.1.0.0/16 {
    subnet app-a 10.1.0.0/24 az a routes rt-app
    subnet tgw-a 10.1.255.0/28 az a
    subnet tgw-c 10.1.255.16/28 az c
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance a-1 in app-a ip 10.1.0.10
  }
  vpc spoke-b 10.2.0.0/16 {
    subnet app-c 10.2.1.0/24 az c routes rt-app
    subnet tgw-a 10.2.255.0/28 az a
    subnet tgw-c 10.2.255.16/28 az c
    route-table rt-app { 0.0.0.0/0 -> tgw }
    instance b-1 in app-c ip 10.2.1.10
  }
  vpc hub 100.64.0.0/16 {
    subnet tgw-a   100.64.0.0/28  az a routes rt-tgw-a
    subnet tgw-c   100.64.0.16/28 az c routes rt-tgw-c
    subnet gwlbe-a 100.64.1.0/28  az a routes rt-gwlbe
    subnet gwlbe-c 100.64.1.16/28 az c routes rt-gwlbe
    subnet appl-a  100.64.3.0/26  az a
    subnet appl-c  100.64.3.64/26 az c
    instance fw-a in appl-a appliance
    instance fw-c in appl-c appliance
    gwlb fw in appl-a, appl-c targets fw-a, fw-c
    endpoint-service fw-svc backed-by fw
    endpoint ep-a gwlb fw-svc in gwlbe-a
    endpoint ep-c gwlb fw-svc in gwlbe-c
    route-table rt-tgw-a { 0.0.0.0/0 -> ep-a }
    route-table rt-tgw-c { 0.0.0.0/0 -> ep-c }
    route-table rt-gwlbe { 10.0.0.0/8 -> tgw }
  }
  transit-gateway tgw {
    attachment att-a   vpc spoke-a in tgw-a, tgw-c associate rt-spokes propagate rt-hub
    attachment att-b   vpc spoke-b in tgw-a, tgw-c associate rt-spokes propagate rt-hub
    attachment att-hub vpc hub in tgw-a, tgw-c appliance-mode associate rt-hub
    route-table rt-spokes { 0.0.0.0/0 -> att-hub }
    route-table rt-hub
  }
}`;

describe('centralized inspection east-west through a TGW', () => {
    it('traffic entering the inspection VPC is forwarded by the attachment subnet table of that AZ, to the same-AZ GWLBE', async () => {
        const t = await trace(CENTRAL, 'a-1', 'b-1');
        expect(t.verdict).toBe('reachable');
        expect(
            inOrder(t.path, [
                'tgw-attachment:att-hub',
                'route-table:rt-tgw-a',
                'endpoint-eni:ep-a',
                'appliance:fw-a',
                'endpoint:ep-a',
                'route-table:rt-gwlbe',
                'tgw-attachment:att-hub',
                'transit-gateway:tgw',
                'tgw-attachment:att-b',
                'instance:b-1',
            ]),
        ).toBe('');
    });

    it('with appliance mode the TGW keeps both directions of a cross-AZ flow in one AZ, so the reply meets the same appliance', async () => {
        const t = await trace(CENTRAL, 'a-1', 'b-1');
        expect(t.verdict).toBe('reachable');
        expect(t.ret).toContain('fw-a');
        expect(t.ret).not.toContain('fw-c');
        expect(t.result.return.filter((h) => h.name === 'att-hub').every((h) => h.az?.name === 'ap-northeast-1a')).toBe(
            true,
        );
    });

    it('without appliance mode the reply of a cross-AZ east-west flow enters the other AZ and another appliance: asymmetric-return', async () => {
        const t = await trace(edit(CENTRAL, [' appliance-mode', '']), 'a-1', 'b-1');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
        expect(t.names).toContain('fw-a');
        expect(t.ret).toContain('fw-c');
    });

    it('without appliance mode a flow that stays in one AZ is still symmetric', async () => {
        const text = edit(
            CENTRAL,
            [' appliance-mode', ''],
            ['subnet app-c 10.2.1.0/24 az c routes rt-app', 'subnet app-c 10.2.1.0/24 az a routes rt-app'],
        );
        const t = await trace(text, 'a-1', 'b-1');
        expect(t.verdict).toBe('reachable');
    });
});

/**
 * Two transit gateways, each with one VPC attached, and no peering attachment between them (Transit Gateway Guide,
 * "Transit gateway route tables"; "Transit gateway peering attachments": only a peering attachment joins two TGWs).
 * The written routes and associations reach across to the other TGW, which AWS refuses (tgw-reference-other-tgw).
 */
const TWO_TGWS = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc one 10.1.0.0/16 {
    subnet app-a 10.1.0.0/24 az a routes rt-app
    subnet tgw-a 10.1.255.0/28 az a
    route-table rt-app { 10.0.0.0/8 -> tgw-1 }
    instance one-1a in app-a ip 10.1.0.10
  }
  vpc two 10.2.0.0/16 {
    subnet app-a 10.2.0.0/24 az a routes rt-app
    subnet tgw-a 10.2.255.0/28 az a
    route-table rt-app { 10.0.0.0/8 -> tgw-2 }
    instance two-1a in app-a ip 10.2.0.10
  }
  transit-gateway tgw-1 {
    attachment att-one vpc one in tgw-a associate rt-1
    route-table rt-1 { 10.2.0.0/16 -> att-two }
  }
  transit-gateway tgw-2 {
    attachment att-two vpc two in tgw-a associate tgw-1.rt-1
    route-table rt-2 { 10.1.0.0/16 -> att-one }
  }
}`;

describe('transit gateways without a peering attachment', () => {
    it("a TGW route to another transit gateway's attachment is not usable: the trace stops at the TGW with tgw-no-route", async () => {
        const t = await trace(TWO_TGWS, 'one-1a', 'two-1a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'tgw-no-route', stoppedIn: 'forward' });
        expect(t.stoppedHop).toMatchObject({ kind: 'transit-gateway', name: 'tgw-1' });
        expect(t.path).not.toContain('tgw-attachment:att-two');
    });

    it("a route to another TGW's attachment takes no part in route selection: a less specific route of the table wins", async () => {
        const t = await trace(
            edit(TWO_TGWS, ['{ 10.2.0.0/16 -> att-two }', '{ 10.2.0.0/16 -> att-two  10.0.0.0/8 -> blackhole }']),
            'one-1a',
            'two-1a',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'blackhole', stoppedIn: 'forward' });
        expect(t.path).not.toContain('tgw-attachment:att-two');
    });

    it("an attachment associated with another transit gateway's route table has no table to route by: tgw-no-route", async () => {
        const t = await trace(TWO_TGWS, 'two-1a', 'one-1a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'tgw-no-route', stoppedIn: 'forward' });
        expect(t.stoppedHop).toMatchObject({ kind: 'tgw-attachment', name: 'att-two' });
    });
});
