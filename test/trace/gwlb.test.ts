/**
 * Gateway Load Balancer endpoints in a trace (GWLB User Guide, "Inspection of
 * inbound traffic"; VPC User Guide, "Gateway route tables"): the GWLBE of each AZ, the appliance of that AZ,
 * ingress routing through the IGW edge table, and symmetry: the reply must pass the same GWLBE and appliance.
 */
import { describe, expect, it } from 'vitest';
import { edit, hop, inOrder, trace } from './trace-helpers.js';

/** The seed's GWLB path (examples/seed/gwlb-inspection.topo): one GWLBE and one appliance per AZ, ingress routing. */
const SEED = `
account security id 111111111111
account app      id 222222222222

region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1

  vpc inspection 192.168.1.0/24 account security {
    subnet appl-a 192.168.1.0/26  az a
    subnet appl-c 192.168.1.64/26 az c
    instance fw-a in appl-a ip 192.168.1.10 appliance
    instance fw-c in appl-c ip 192.168.1.74 appliance
    gwlb inspect in appl-a, appl-c targets fw-a, fw-c
  }
  endpoint-service inspect-svc backed-by inspection.inspect allow app

  vpc web 10.0.0.0/24 account app dns-support dns-hostnames {
    igw igw
    subnet gwlbe-a 10.0.0.0/28  az a routes rt-gwlbe
    subnet gwlbe-c 10.0.0.16/28 az c routes rt-gwlbe
    subnet app-a   10.0.0.32/28 az a routes rt-app-a
    subnet app-c   10.0.0.48/28 az c routes rt-app-c
    endpoint ep-a gwlb inspect-svc in gwlbe-a
    endpoint ep-c gwlb inspect-svc in gwlbe-c
    route-table rt-gwlbe { 0.0.0.0/0 -> igw }
    route-table rt-app-a { 0.0.0.0/0 -> ep-a }
    route-table rt-app-c { 0.0.0.0/0 -> ep-c }
    route-table rt-edge edge igw {
      10.0.0.32/28 -> ep-a
      10.0.0.48/28 -> ep-c
    }
    instance web-a in app-a ip 10.0.0.36 public-ip
    instance web-c in app-c ip 10.0.0.52 public-ip
    instance back-a in app-a ip 10.0.0.37
  }
}`;

/** GWLBE -> GWLB -> appliance -> GWLB -> GWLBE, in one AZ. */
function inspection(ep: string, fw: string): string[] {
    return [
        `endpoint-eni:${ep}`,
        `endpoint:${ep}`,
        'load-balancer:inspect',
        `appliance:${fw}`,
        'load-balancer:inspect',
        `endpoint:${ep}`,
    ];
}

describe('the seed GWLB path: inbound inspection with ingress routing', () => {
    it('internet -> IGW -> edge table -> GWLBE -> GWLB -> appliance -> GWLB -> GWLBE -> app server, in the order of the seed', async () => {
        const t = await trace(SEED, 'internet', 'web-a');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'internet:internet',
            'igw:igw',
            'route-table:rt-edge',
            ...inspection('ep-a', 'fw-a'),
            'route-table:rt-gwlbe',
            'instance:web-a',
        ]);
        expect(hop(t, 'route-table')?.route).toMatchObject({ destination: '10.0.0.32/28', target: 'ep-a' });
        // After inspection the GWLBE forwards with its own subnet's table (VPC User Guide, "Middlebox scenarios"): local delivers to the server.
        expect(t.result.forward.filter((h) => h.kind === 'route-table')[1]?.route).toMatchObject({
            table: 'route-table:web.rt-gwlbe',
            target: 'local',
        });
    });

    it('the reply takes the same path in reverse: app table -> same GWLBE -> same appliance -> IGW', async () => {
        const t = await trace(SEED, 'internet', 'web-a');
        expect(t.retPath).toEqual([
            'instance:web-a',
            'route-table:rt-app-a',
            ...inspection('ep-a', 'fw-a'),
            'route-table:rt-gwlbe',
            'igw:igw',
            'internet:internet',
        ]);
    });

    it("each AZ uses its own GWLBE and that AZ's appliance (a GWLBE is needed in each AZ)", async () => {
        const t = await trace(SEED, 'internet', 'web-c');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['igw:igw', 'endpoint:ep-c', 'appliance:fw-c', 'instance:web-c'])).toBe('');
        expect(t.names).not.toContain('ep-a');
        expect(t.notes).not.toContain('cross-az');
        expect(t.result.forward.filter((h) => h.az).every((h) => h.az?.name === 'ap-northeast-1c')).toBe(true);
    });

    it('outbound: EC2 -> route table -> GWLBE ENI -> GWLBE -> GWLB -> appliance, with no DNS involved', async () => {
        const t = await trace(SEED, 'web-c', 'internet');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'instance:web-c',
            'route-table:rt-app-c',
            ...inspection('ep-c', 'fw-c'),
            'route-table:rt-gwlbe',
            'igw:igw',
            'internet:internet',
        ]);
        expect(t.kinds).not.toContain('dns');
        // The reply comes in through the edge table to the same GWLBE.
        expect(t.retPath).toEqual([
            'internet:internet',
            'igw:igw',
            'route-table:rt-edge',
            ...inspection('ep-c', 'fw-c'),
            'route-table:rt-gwlbe',
            'instance:web-c',
        ]);
    });

    it("the GWLB node and the appliance stay in the GWLBE's AZ, compared by AZ ID across the two accounts", async () => {
        const t = await trace(SEED, 'internet', 'web-a');
        expect(hop(t, 'load-balancer')?.az).toMatchObject({ name: 'ap-northeast-1a', id: 'apne1-az4' });
        expect(hop(t, 'appliance')?.az).toMatchObject({ id: 'apne1-az4' });
    });
});

describe('GWLB AZs are matched by AZ ID across accounts', () => {
    it('a GWLBE is served by the GWLB node and appliance with its AZ ID, even where the two accounts name that AZ differently', async () => {
        // The app account's ap-northeast-1a is apne1-az1: the security account's ap-northeast-1c.
        const text = edit(SEED, [
            'account app      id 222222222222',
            'account app      id 222222222222 {\n  az ap-northeast-1a = apne1-az1\n  az ap-northeast-1c = apne1-az4\n}',
        ]);
        const a = await trace(text, 'web-a', 'internet');
        expect(a.verdict).toBe('reachable');
        expect(hop(a, 'endpoint-eni')?.az).toMatchObject({ name: 'ap-northeast-1a', id: 'apne1-az1' });
        expect(hop(a, 'appliance')?.name).toBe('fw-c');
        expect(hop(a, 'appliance')?.az).toMatchObject({ name: 'ap-northeast-1c', id: 'apne1-az1' });
        expect(a.notes).not.toContain('cross-az');
        const c = await trace(text, 'internet', 'web-c');
        expect(hop(c, 'appliance')?.name).toBe('fw-a');
    });
});

describe('ingress routing needs a public IP', () => {
    it('the IGW only accepts traffic to public IPs: internet -> a protected server without one is igw-needs-public-ip', async () => {
        const t = await trace(SEED, 'internet', 'back-a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip', stoppedIn: 'forward' });
        expect(t.names).not.toContain('ep-a');
    });

    it('internet -> a private address is igw-needs-public-ip too', async () => {
        const t = await trace(SEED, 'internet', '10.0.0.37');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'igw-needs-public-ip' });
    });
});

describe('symmetry: the reply must pass the same GWLBE and appliance', () => {
    it("an app table that sends replies to another AZ's GWLBE is asymmetric: the reply is dropped (stopped in the return path)", async () => {
        const t = await trace(
            edit(SEED, ['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> ep-c }']),
            'internet',
            'web-a',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
        expect(t.names).toContain('ep-a');
        expect(t.ret).toContain('ep-c');
        expect(t.stoppedHop?.name).toBe('ep-c');
    });

    it('an app table that sends replies straight to the IGW bypasses the appliance: asymmetric-return', async () => {
        const t = await trace(
            edit(SEED, ['rt-app-a { 0.0.0.0/0 -> ep-a }', 'rt-app-a { 0.0.0.0/0 -> igw }']),
            'internet',
            'web-a',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
        expect(t.retPath).toEqual(['instance:web-a', 'route-table:rt-app-a', 'igw:igw', 'internet:internet']);
        // It stops at the route decision that bypasses the appliance.
        expect(t.stoppedHop).toMatchObject({ kind: 'route-table', name: 'rt-app-a' });
    });

    it('without the edge route the request bypasses the appliance while the reply passes it: asymmetric-return', async () => {
        const t = await trace(edit(SEED, ['      10.0.0.32/28 -> ep-a\n', '']), 'internet', 'web-a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
        expect(t.names).not.toContain('ep-a');
        expect(t.ret).toContain('fw-a');
    });
});

describe('east-west inspection between AZs inside one VPC', () => {
    const EAST_WEST = edit(SEED, [
        'rt-app-a { 0.0.0.0/0 -> ep-a }',
        'rt-app-a { 0.0.0.0/0 -> ep-a  10.0.0.48/28 -> ep-a }',
    ]);

    it('a return route to the GWLBE that saw the request, even one in the other AZ, keeps the flow symmetric', async () => {
        const t = await trace(
            edit(EAST_WEST, ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c  10.0.0.32/28 -> ep-a }']),
            'web-a',
            'web-c',
        );
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'instance:web-a',
            'route-table:rt-app-a',
            ...inspection('ep-a', 'fw-a'),
            'route-table:rt-gwlbe',
            'instance:web-c',
        ]);
        expect(t.retPath).toEqual([
            'instance:web-c',
            'route-table:rt-app-c',
            ...inspection('ep-a', 'fw-a'),
            'route-table:rt-gwlbe',
            'instance:web-a',
        ]);
    });

    it("a return route to the replying AZ's own GWLBE sends the reply through another appliance: asymmetric-return", async () => {
        const t = await trace(
            edit(EAST_WEST, ['rt-app-c { 0.0.0.0/0 -> ep-c }', 'rt-app-c { 0.0.0.0/0 -> ep-c  10.0.0.32/28 -> ep-c }']),
            'web-a',
            'web-c',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
        expect(t.ret).toContain('fw-c');
    });

    it('without a more specific route the local route carries east-west traffic, and no appliance sees it', async () => {
        const t = await trace(SEED, 'web-a', 'web-c');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['instance:web-a', 'route-table:rt-app-a', 'instance:web-c']);
        expect(t.notes).toContain('cross-az');
    });
});

describe('the provider side of a GWLB endpoint', () => {
    it("cross-zone load balancing is off by default: a GWLB with no target in the GWLBE's AZ is lb-no-healthy-target", async () => {
        const t = await trace(edit(SEED, ['targets fw-a, fw-c', 'targets fw-a']), 'internet', 'web-c');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'lb-no-healthy-target', stoppedIn: 'forward' });
        expect(t.stoppedHop?.kind).toBe('load-balancer');
    });

    it('with cross-zone on, the GWLB sends the flow to a target in another AZ (cross-az)', async () => {
        const t = await trace(edit(SEED, ['targets fw-a, fw-c', 'cross-zone targets fw-a']), 'internet', 'web-c');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['endpoint:ep-c', 'appliance:fw-a', 'instance:web-c'])).toBe('');
        expect(t.notes).toContain('cross-az');
    });

    it("a GWLB not enabled in the GWLBE's AZ cannot serve it: az-not-served", async () => {
        const t = await trace(
            edit(SEED, ['gwlb inspect in appl-a, appl-c targets fw-a, fw-c', 'gwlb inspect in appl-a targets fw-a']),
            'internet',
            'web-c',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'az-not-served' });
    });

    it('a GWLBE of a service that requires acceptance carries no traffic until accepted: pending-acceptance', async () => {
        const pending = edit(SEED, [
            'backed-by inspection.inspect allow app',
            'backed-by inspection.inspect allow app acceptance-required',
        ]);
        const t = await trace(pending, 'internet', 'web-a');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'pending-acceptance', stoppedIn: 'forward' });
        expect(t.stoppedHop?.name).toBe('ep-a');
        const accepted = await trace(
            edit(pending, [
                'endpoint ep-a gwlb inspect-svc in gwlbe-a',
                'endpoint ep-a gwlb inspect-svc in gwlbe-a accepted',
            ]),
            'internet',
            'web-a',
        );
        expect(accepted.verdict).toBe('reachable');
    });

    it('the service owner account may always connect to its own endpoint service: a GWLBE in its account', async () => {
        const t = await trace(
            edit(SEED, [' allow app', ''], ['vpc web 10.0.0.0/24 account app', 'vpc web 10.0.0.0/24 account security']),
            'internet',
            'web-a',
        );
        expect(t.verdict, t.result.summary).toBe('reachable');
        expect(inOrder(t.path, inspection('ep-a', 'fw-a'))).toBe('');
    });

    it('an endpoint service backed by several GWLBs: each GWLBE connects to the GWLB enabled in its own AZ', async () => {
        const perAz = edit(
            SEED,
            [
                'gwlb inspect in appl-a, appl-c targets fw-a, fw-c',
                'gwlb inspect-a in appl-a targets fw-a\n    gwlb inspect-c in appl-c targets fw-c',
            ],
            ['backed-by inspection.inspect', 'backed-by inspection.inspect-a, inspection.inspect-c'],
        );
        const c = await trace(perAz, 'internet', 'web-c');
        expect(c.verdict, c.result.summary).toBe('reachable');
        expect(c.path).toContain('load-balancer:inspect-c');
        expect(c.path).toContain('appliance:fw-c');
        expect(c.path).not.toContain('load-balancer:inspect-a');
        const a = await trace(perAz, 'internet', 'web-a');
        expect(a.verdict, a.result.summary).toBe('reachable');
        expect(a.path).toContain('load-balancer:inspect-a');
    });

    it('GWLB-backed services are same-Region only: a GWLBE to a GWLB service in another Region is region-not-enabled', async () => {
        const far = edit(
            SEED,
            [
                '  vpc inspection 192.168.1.0/24 account security {',
                '}\nregion us-east-1 {\n  vpc inspection 192.168.1.0/24 account security {',
            ],
            ['allow app\n', 'allow app regions ap-northeast-1\n}\nregion ap-northeast-1 {\n'],
        );
        const t = await trace(far, 'web-a', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'region-not-enabled', stoppedIn: 'forward' });
        expect(t.stoppedHop?.name).toBe('ep-a');
    });

    it('a consumer account outside the allowed principals cannot use the service: principal-not-allowed', async () => {
        const t = await trace(edit(SEED, ['allow app', 'allow security']), 'web-a', 'internet');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'principal-not-allowed' });
    });

    it("a GWLBE whose own subnet's table sends traffic back to it loops: the packet never arrives", async () => {
        const t = await trace(
            edit(SEED, ['route-table rt-gwlbe { 0.0.0.0/0 -> igw }', 'route-table rt-gwlbe { 0.0.0.0/0 -> ep-a }']),
            'web-a',
            'internet',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'no-route' });
    });
});
