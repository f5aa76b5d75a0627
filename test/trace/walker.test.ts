/**
 * The packet walk at instances and network interfaces (EC2 User Guide, "Change the source or destination checking";
 * VPC User Guide, "NAT instances"): a host whose source/destination check is on (not an `appliance`) drops traffic
 * that is not addressed to it; an appliance forwards it with its own subnet's route table.
 */
import { describe, expect, it } from 'vitest';
import { edit, inOrder, trace } from './trace-helpers.js';

const ROUTER = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc app 10.20.0.0/16 {
    subnet app-a  10.20.1.0/24 az a routes rt-app
    subnet edge-a 10.20.2.0/24 az a routes rt-edge
    instance app-1a in app-a  ip 10.20.1.10
    instance vpn-1a in edge-a ip 10.20.2.10
    route-table rt-app {
      10.30.0.0/16 -> vpn-1a
      10.20.2.10/32 -> vpn-1a
    }
    route-table rt-edge { 10.30.0.0/16 -> pcx }
  }
  vpc partner 10.30.0.0/16 {
    subnet p-a 10.30.1.0/24 az a routes rt-p
    instance p-1a in p-a ip 10.30.1.10
    route-table rt-p { 10.20.0.0/16 -> pcx }
  }
  peering pcx app <-> partner
}`;

describe('the source/destination check', () => {
    it('source/destination check: an instance that is not an appliance drops the traffic a route sends it, and the trace stops there', async () => {
        const t = await trace(ROUTER, 'app-1a', 'p-1a');
        expect(t.verdict).toBe('blocked');
        expect(t.reason).toBe('source-dest-check');
        expect(t.stoppedIn).toBe('forward');
        expect(t.stoppedHop?.id).toBe('instance:app.vpn-1a');
        expect(t.path).toEqual(['instance:app-1a', 'route-table:rt-app', 'instance:vpn-1a']);
    });

    it('an appliance (source/destination check off) forwards the traffic with its own subnet route table', async () => {
        const t = await trace(
            edit(ROUTER, [
                'instance vpn-1a in edge-a ip 10.20.2.10',
                'instance vpn-1a in edge-a ip 10.20.2.10 appliance',
            ]),
            'app-1a',
            'p-1a',
        );
        expect(t.reason).not.toBe('source-dest-check');
        expect(inOrder(t.path, ['appliance:vpn-1a', 'route-table:rt-edge', 'peering:pcx', 'instance:p-1a'])).toBe('');
    });

    it('a packet addressed to the host itself passes its source/destination check', async () => {
        const t = await trace(ROUTER, 'app-1a', 'vpn-1a');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['instance:app-1a', 'route-table:rt-app', 'instance:vpn-1a']);
        expect(t.result.forward[1]?.route).toMatchObject({ destination: '10.20.2.10/32', target: 'vpn-1a' });
    });
});

describe('the internet gateway at the walk', () => {
    it('the IGW refuses an address of the VPC without a public IP, and says the address is in the VPC', async () => {
        const t = await trace(
            `
region ap-northeast-1 {
  az a = apne1-az4
  vpc shop 10.0.0.0/16 {
    igw gw
    subnet web-a 10.0.1.0/24 az a routes rt-web
    route-table rt-web { 0.0.0.0/0 -> gw }
  }
}`,
            'web-a',
            'internet',
        );
        expect(t.reason).toBe('igw-needs-public-ip');
        expect(t.result.summary).toMatch(/\(an address in VPC shop, not translated by a NAT gateway\)/);
        expect(t.result.summary).not.toMatch(/from outside VPC/);
    });
});
