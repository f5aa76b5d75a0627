/**
 * A DNS name as a trace end (`trace web -> db.corp.internal`): the client's VPC resolver answers from the private
 * hosted zones associated with the client's VPC (Route 53 Developer Guide, "Working with private hosted zones",
 * "Considerations when working with a private hosted zone").
 */
import { describe, expect, it } from 'vitest';
import { hop, trace } from './trace-helpers.js';

const CORP = `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc app 10.0.0.0/16 dns-hostnames {
    subnet app-a 10.0.1.0/24 az a
    subnet app-c 10.0.2.0/24 az c
    subnet db-a  10.0.3.0/24 az a
    route-table rt-main main { 10.1.0.0/16 -> pcx  10.2.0.0/16 -> pcx-nodns }
    instance web-1a in app-a ip 10.0.1.10
    instance web-1c in app-c ip 10.0.2.10
    instance db-1a in db-a ip 10.0.3.10
    instance cache-1a in db-a ip 10.0.3.20
    endpoint vpce-sqs interface sqs in app-a, app-c
  }
  vpc other 10.1.0.0/16 dns-hostnames {
    subnet app-a 10.1.1.0/24 az a routes rt
    route-table rt { 10.0.0.0/16 -> pcx }
    instance other-1a in app-a ip 10.1.1.10
  }
  vpc nodns 10.2.0.0/16 {
    subnet app-a 10.2.1.0/24 az a routes rt
    route-table rt { 10.0.0.0/16 -> pcx-nodns }
    instance nodns-1a in app-a ip 10.2.1.10
  }
  peering pcx app <-> other
  peering pcx-nodns app <-> nodns
}
private-zone corp.internal vpcs app, nodns {
  record db -> 10.0.3.10
  record queue.corp.internal -> app.vpce-sqs
  record cache.prod -> 10.0.3.20
}
private-zone prod.corp.internal vpcs app {
  record api -> 10.0.1.10
}
`;

describe('a DNS name answered by a private hosted zone record as a trace end', () => {
    it('a private hosted zone answers its records in the VPCs associated with it, and the DNS hop says which zone answered', async () => {
        const t = await trace(CORP, 'web-1a', 'db.corp.internal');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual(['instance:web-1a', 'dns:db.corp.internal', 'route-table:rt-main', 'instance:db-1a']);
        expect(hop(t, 'dns')?.dns).toEqual({
            name: 'db.corp.internal',
            addresses: ['10.0.3.10'],
            answeredBy: 'private-hosted-zone',
            via: 'corp.internal',
        });
        expect(t.ret).toContain('web-1a');
    });

    it('a record written relative to its zone and one written in full both answer their full name', async () => {
        const relative = await trace(CORP, 'web-1a', 'db.corp.internal');
        const full = await trace(CORP, 'web-1c', 'queue.corp.internal');
        expect([relative.verdict, full.verdict]).toEqual(['reachable', 'reachable']);
        expect(hop(full, 'dns')?.dns?.via).toBe('corp.internal');
    });

    it('a client in a VPC the zone is not associated with gets no private answer, even with a route to the address', async () => {
        const t = await trace(CORP, 'other-1a', 'db.corp.internal');
        expect(t.verdict).toBe('blocked');
        expect(t.reason).toBe('private-dns-not-shared');
        expect(t.stoppedHop?.kind).toBe('dns');
        expect(t.result.summary).toContain('not associated with other');
        // The address itself is reachable over the peering: DNS is what fails.
        expect((await trace(CORP, 'other-1a', '10.0.3.10')).verdict).toBe('reachable');
    });

    it('a client outside every VPC gets no answer from a private hosted zone', async () => {
        const t = await trace(CORP, 'internet', 'db.corp.internal');
        expect([t.verdict, t.reason, t.stoppedHop?.kind]).toEqual(['blocked', 'private-dns-not-shared', 'dns']);
    });

    it('a private hosted zone answers only in a VPC with enableDnsSupport and enableDnsHostnames', async () => {
        const t = await trace(CORP, 'nodns-1a', 'db.corp.internal');
        expect([t.verdict, t.reason, t.stoppedHop?.kind]).toEqual(['blocked', 'dns-no-answer', 'dns']);
        expect(t.result.summary).toContain('enableDnsHostnames');
    });

    it('of overlapping private zones the most specific answers, and a name it lacks is NXDOMAIN, not asked of the less specific zone', async () => {
        const t = await trace(CORP, 'web-1a', 'cache.prod.corp.internal');
        expect([t.verdict, t.reason]).toEqual(['blocked', 'dns-no-answer']);
        expect(t.stoppedHop?.detail).toContain('prod.corp.internal: NXDOMAIN');
        // The more specific zone answers its own records.
        const api = await trace(CORP, 'web-1c', 'api.prod.corp.internal');
        expect(api.verdict).toBe('reachable');
        expect(hop(api, 'dns')?.dns?.via).toBe('prod.corp.internal');
    });

    it('a record that aliases an interface endpoint answers its ENIs; the client uses the one in its own AZ and goes on over PrivateLink', async () => {
        for (const [client, az] of [
            ['web-1a', 'ap-northeast-1a'],
            ['web-1c', 'ap-northeast-1c'],
        ] as const) {
            const t = await trace(CORP, client, 'queue.corp.internal');
            expect(t.verdict).toBe('reachable');
            expect(hop(t, 'dns')?.dns?.addresses).toHaveLength(2);
            expect(hop(t, 'dns')?.detail).toContain('alias to endpoint vpce-sqs');
            expect(hop(t, 'endpoint-eni')?.az?.name).toBe(az);
            expect(t.kinds.slice(-2)).toEqual(['endpoint', 'aws-service']);
        }
    });

    it("a zone's apex aliased to an endpoint is traced to by the zone's name", async () => {
        const text = `${CORP}\nprivate-zone sqs.ap-northeast-1.amazonaws.com vpcs app alias app.vpce-sqs\n`;
        const t = await trace(text, 'web-1a', 'sqs.ap-northeast-1.amazonaws.com');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.dns?.via).toBe('sqs.ap-northeast-1.amazonaws.com');
        expect(hop(t, 'endpoint-eni')?.az?.name).toBe('ap-northeast-1a');
    });
});
