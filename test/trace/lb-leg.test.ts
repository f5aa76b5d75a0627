/**
 * From a load balancer's node to its target and back (ELB User Guide, "How Elastic Load Balancing works"; ALB User
 * Guide, "Lambda functions as targets"; NLB Guide, "Use an Application Load Balancer as a target"): the node opens
 * its own connection, so the target sees the node's address and replies to it; ALB cross-zone is always on, NLB
 * cross-zone off by default; an ALB hands a flow to a Lambda function; an NLB to an ALB and the ALB to its targets;
 * and GWLB inspection must be symmetric on each leg.
 */
import { describe, expect, it } from 'vitest';
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
    instance web-1 in app-a ip 10.0.10.10
    instance web-2 in app-c ip 10.0.11.10
    alb web-alb internet-facing in pub-a, pub-c targets web-1, web-2
    alb fn-alb internet-facing in pub-a, pub-c targets lambda thumbnailer
    alb inner internal in app-a, app-c targets 10.0.11.10
    nlb front internet-facing in pub-a, pub-c targets inner
    nlb zonal internet-facing in pub-a targets web-2
  }
}`;

describe('the node to its target', () => {
    it("the target sees the node's address: its reply goes back to the node, which replies to the client through the IGW", async () => {
        const t = await trace(LB, 'internet', 'web-alb');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'instance')?.detail).toMatch(/target of web-alb \(sees the ALB node's address 10\.0\.0\.\d+/);
        expect(t.retPath).toEqual([
            'instance:web-1',
            'route-table:(main)',
            'load-balancer:web-alb',
            'route-table:rt-pub',
            'igw:igw',
            'internet:internet',
        ]);
    });

    it('ALB cross-zone load balancing is always on: the node may send to a target in another AZ', async () => {
        const t = await trace(edit(LB, ['targets web-1, web-2', 'targets web-2']), 'internet', 'web-alb');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'load-balancer')?.az?.name).toBe('ap-northeast-1a');
        expect(t.path[t.path.length - 1]).toBe('instance:web-2');
        expect(t.notes).toContain('cross-az');
    });

    it("an NLB with cross-zone off sends only to targets in its node's AZ: lb-no-healthy-target", async () => {
        // zonal is enabled in AZ a only; its target is in AZ c.
        const t = await trace(LB, 'internet', 'zonal');
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'lb-no-healthy-target', stoppedIn: 'forward' });
        const cross = await trace(
            edit(LB, ['nlb zonal internet-facing', 'nlb zonal internet-facing cross-zone']),
            'internet',
            'zonal',
        );
        expect(cross.verdict).toBe('reachable');
        expect(cross.path[cross.path.length - 1]).toBe('instance:web-2');
    });

    it('an ALB hands the flow to its Lambda function target, where the trace ends, and the response comes back through the ALB', async () => {
        const t = await trace(LB, 'internet', 'fn-alb');
        expect(t.verdict).toBe('reachable');
        expect(t.path.slice(-2)).toEqual(['load-balancer:fn-alb', 'lambda:thumbnailer']);
        expect(inOrder(t.retPath, ['lambda:thumbnailer', 'load-balancer:fn-alb', 'igw:igw', 'internet:internet'])).toBe(
            '',
        );
    });

    it('an NLB hands the flow to an ALB registered as its target, and the ALB to its own IP target', async () => {
        const t = await trace(LB, 'internet', 'front');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['igw:igw', 'load-balancer:front', 'load-balancer:inner', 'instance:web-2'])).toBe('');
        // Each load balancer replies to the one before it.
        expect(inOrder(t.retPath, ['instance:web-2', 'load-balancer:inner', 'load-balancer:front', 'igw:igw'])).toBe(
            '',
        );
    });

    it('an NLB in front of an ALB whose target is a Lambda function ends at the function', async () => {
        const t = await trace(edit(LB, ['targets 10.0.11.10', 'targets lambda resize']), 'internet', 'front');
        expect(t.verdict).toBe('reachable');
        expect(inOrder(t.path, ['load-balancer:front', 'load-balancer:inner', 'lambda:resize'])).toBe('');
        expect(t.path[t.path.length - 1]).toBe('lambda:resize');
    });
});

/** Inspection in front of the ALB (ingress routing) and between the ALB and its targets. */
const INSPECTED = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc inspection 192.168.1.0/24 {
    subnet appl-a 192.168.1.0/26 az a
    instance fw-a in appl-a ip 192.168.1.10 appliance
    gwlb inspect in appl-a targets fw-a
  }
  endpoint-service inspect-svc backed-by inspection.inspect

  vpc web 10.0.0.0/16 {
    igw igw
    subnet gwlbe-a 10.0.0.0/24  az a routes rt-gwlbe
    subnet pub-a   10.0.1.0/24  az a routes rt-pub
    subnet app-a   10.0.10.0/24 az a routes rt-app
    endpoint ep-a gwlb inspect-svc in gwlbe-a
    route-table rt-gwlbe { 0.0.0.0/0 -> igw }
    route-table rt-pub   { 0.0.0.0/0 -> ep-a  10.0.10.0/24 -> ep-a }
    route-table rt-app   { 10.0.1.0/24 -> ep-a }
    route-table rt-edge edge igw { 10.0.1.0/24 -> ep-a }
    instance web-1 in app-a ip 10.0.10.10
    alb web-alb internet-facing in pub-a targets web-1
  }
}`;

describe('inspection on each leg', () => {
    it('internet -> IGW -> edge route table -> GWLB endpoint -> appliance -> ALB node -> GWLB endpoint -> appliance -> target, and the reply the same way', async () => {
        const t = await trace(INSPECTED, 'internet', 'web-alb');
        expect(t.verdict).toBe('reachable');
        expect(
            inOrder(t.path, [
                'igw:igw',
                'route-table:rt-edge',
                'appliance:fw-a',
                'load-balancer:web-alb',
                'route-table:rt-pub',
                'appliance:fw-a',
                'instance:web-1',
            ]),
        ).toBe('');
        expect(
            inOrder(t.retPath, [
                'instance:web-1',
                'route-table:rt-app',
                'appliance:fw-a',
                'load-balancer:web-alb',
                'route-table:rt-pub',
                'appliance:fw-a',
                'igw:igw',
            ]),
        ).toBe('');
    });

    it("a target whose reply to the ALB node skips the GWLB endpoint the node's request passed is dropped: asymmetric-return", async () => {
        const t = await trace(
            edit(INSPECTED, ['rt-app   { 10.0.1.0/24 -> ep-a }', 'rt-app   { }']),
            'internet',
            'web-alb',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
        expect(t.stoppedHop?.kind).toBe('route-table');
    });

    it("a node whose reply to the client skips the GWLB endpoint the client's request passed is dropped: asymmetric-return", async () => {
        const t = await trace(
            edit(INSPECTED, ['rt-pub   { 0.0.0.0/0 -> ep-a ', 'rt-pub   { 0.0.0.0/0 -> igw ']),
            'internet',
            'web-alb',
        );
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'asymmetric-return', stoppedIn: 'return' });
    });
});
