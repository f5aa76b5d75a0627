import { describe, expect, it } from 'vitest';
import { elementId } from '../../src/model/ids.js';
import { analyze } from '../helpers.js';
import { resolvedTableOf } from '../../src/trace/route-table-view.js';

const text = `
region us-east-1 {
  az a
  vpc v 10.0.0.0/16 {
    vgw vgw
    subnet s 10.0.1.0/24 az a routes rt
    subnet m 10.0.2.0/24 az a
    instance fw in s
    route-table rt {
      172.16.0.0/12 -> fw
      172.16.0.0/12 -> vgw propagated
      10.0.2.0/24 -> fw
    }
  }
}`;

describe('resolvedTableOf: a subnet route table, destination by destination', () => {
    it('a static route beats a propagated one for the same destination (VPC User Guide, route priority)', async () => {
        const { topology, index } = await analyze(text);
        const view = resolvedTableOf(topology, elementId('subnet', 'v.s'), index)!;
        expect(view.association).toBe('explicit');
        const forDest = view.rows.filter((r) => r.destination === '172.16.0.0/12');
        const stat = forDest.find((r) => r.origin === 'static')!;
        const prop = forDest.find((r) => r.origin === 'propagated')!;
        expect(stat.status).toMatchObject({ kind: 'wins', why: 'static-over-propagated' });
        expect(prop.status).toMatchObject({ kind: 'loses', why: 'static-over-propagated', to: '172.16.0.0/12 -> fw' });
    });

    it('the implicit local route is listed, and a more specific route carves a piece out of it', async () => {
        const { topology, index } = await analyze(text);
        const local = resolvedTableOf(topology, elementId('subnet', 'v.s'), index)!.rows.find(
            (r) => r.origin === 'local',
        )!;
        expect(local.destination).toBe('10.0.0.0/16');
        expect(local.status.kind).toBe('wins');
        expect(local.carvedOutBy).toEqual(['10.0.2.0/24 -> fw']);
    });

    it('a subnet with no association uses the main table', async () => {
        const { topology, index } = await analyze(text);
        const view = resolvedTableOf(topology, elementId('subnet', 'v.m'), index)!;
        expect(view.association).toBe('main');
        expect(view.rows.map((r) => r.origin)).toEqual(['local']);
    });
});

describe('resolvedTableOf: the local route is preferred over propagated and prefix-list routes inside the VPC', () => {
    const vpn = `
region us-east-1 {
  az a
  vpc v 10.0.0.0/16 {
    vgw vgw
    subnet s 10.0.1.0/24 az a routes rt
    subnet m 10.0.2.0/24 az a
    eni fw in s appliance
    prefix-list inside 10.0.9.0/24
    route-table rt {
      10.0.8.0/24 -> vgw propagated vpn-bgp
      inside -> fw
      10.0.2.0/24 -> fw
    }
  }
}`;

    it('a propagated route inside the VPC range loses to the local route, even though it is more specific', async () => {
        const { topology, index } = await analyze(vpn);
        const rows = resolvedTableOf(topology, elementId('subnet', 'v.s'), index)!.rows;
        const prop = rows.find((r) => r.destination === '10.0.8.0/24')!;
        expect(prop.status).toMatchObject({ kind: 'loses', to: '10.0.0.0/16 -> local', why: 'local-preferred' });
        const pl = rows.find((r) => r.destination.startsWith('inside'))!;
        expect(pl.status).toMatchObject({ kind: 'loses', to: '10.0.0.0/16 -> local', why: 'local-preferred' });
    });

    it('only the static subnet route carves a piece out of the local route; the ones that yield to it do not', async () => {
        const { topology, index } = await analyze(vpn);
        const local = resolvedTableOf(topology, elementId('subnet', 'v.s'), index)!.rows.find(
            (r) => r.origin === 'local',
        )!;
        expect(local.status.kind).toBe('wins');
        expect(local.carvedOutBy).toEqual(['10.0.2.0/24 -> fw']);
    });
});
