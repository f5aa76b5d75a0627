/**
 * Gateway endpoints in a trace (PrivateLink Guide, "Gateway endpoints"; VPC User
 * Guide, "Route priority"): the service's public DNS answer is caught by the managed prefix-list route only
 * because it is more specific; a more specific user route wins; prefix lists are per region; and a gateway
 * endpoint serves only traffic that originates in its own VPC.
 */
import { describe, expect, it } from 'vitest';
import { edit, hop, trace } from './trace-helpers.js';

const DATA = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc data 10.0.0.0/16 dns-hostnames {
    igw igw
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet iso-a 10.0.2.0/24 az a routes rt-iso
    subnet off-a 10.0.3.0/24 az a routes rt-off
    nat nat-a in pub-a eip
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app { 0.0.0.0/0 -> nat-a  10.1.0.0/16 -> pcx }
    route-table rt-iso
    route-table rt-off { 0.0.0.0/0 -> nat-a }
    endpoint vpce-s3 gateway s3 routes rt-app, rt-iso
    endpoint vpce-dynamodb gateway dynamodb routes rt-app
    instance app-1 in app-a ip 10.0.1.10
    instance iso-1 in iso-a ip 10.0.2.10
    instance off-1 in off-a ip 10.0.3.10
  }
  vpc peer 10.1.0.0/16 dns-hostnames {
    subnet app-a 10.1.1.0/24 az a routes rt-app
    route-table rt-app { 0.0.0.0/0 -> pcx }
    instance peer-1 in app-a ip 10.1.1.10
  }
  peering pcx data <-> peer
}`;

describe('gateway endpoints in the same region', () => {
    it('the seed gateway path: EC2 -> DNS (public answer) -> route table -> gateway endpoint -> S3', async () => {
        const t = await trace(DATA, 'app-1', 's3');
        expect(t.verdict).toBe('reachable');
        expect(t.path).toEqual([
            'instance:app-1',
            'dns:s3.ap-northeast-1.amazonaws.com',
            'route-table:rt-app',
            'endpoint:vpce-s3',
            'aws-service:s3',
        ]);
        expect(hop(t, 'dns')?.dns?.answeredBy).toBe('public');
    });

    it('the prefix-list route wins over 0.0.0.0/0 -> NAT only because its entry is more specific', async () => {
        const t = await trace(DATA, 'app-1', 's3');
        const route = hop(t, 'route-table')?.route;
        expect(route).toMatchObject({ origin: 'gateway-endpoint', target: 'vpce-s3', why: 'longest-prefix' });
        expect(route?.destination).toMatch(/^com\.amazonaws\.ap-northeast-1\.s3 \(entry /);
        expect(route?.beat).toEqual([{ destination: '0.0.0.0/0', target: 'nat-a', lostBecause: 'longest-prefix' }]);
        expect(t.notes).not.toContain('overridden-by-more-specific');
    });

    it('the reply comes straight back through the gateway endpoint', async () => {
        const t = await trace(DATA, 'app-1', 's3');
        expect(t.retPath).toEqual(['aws-service:s3', 'endpoint:vpce-s3', 'instance:app-1']);
    });

    it('DynamoDB works the same way through its own gateway endpoint', async () => {
        const t = await trace(DATA, 'app-1', 'dynamodb');
        expect(t.verdict).toBe('reachable');
        expect(t.names).toContain('vpce-dynamodb');
        expect(t.names).not.toContain('nat-a');
    });

    it('a subnet whose table has no route of the endpoint reaches S3 over the NAT gateway instead', async () => {
        const t = await trace(DATA, 'off-1', 's3');
        expect(t.verdict).toBe('reachable');
        expect(t.names).not.toContain('vpce-s3');
        expect(t.notes).toContain('via-internet');
    });

    it('a subnet with only the endpoint route reaches S3 with no internet path at all', async () => {
        const t = await trace(DATA, 'iso-1', 's3');
        expect(t.verdict).toBe('reachable');
        expect(t.path.slice(2)).toEqual(['route-table:rt-iso', 'endpoint:vpce-s3', 'aws-service:s3']);
    });
});

describe('a gateway endpoint route loses to a more specific user route', () => {
    const OVERRIDDEN = edit(DATA, [
        'rt-app { 0.0.0.0/0 -> nat-a  10.1.0.0/16 -> pcx }',
        'rt-app { 0.0.0.0/0 -> nat-a  10.1.0.0/16 -> pcx  3.5.152.0/24 -> nat-a }',
    ]);

    it('a static route more specific than a list entry wins for that range: S3 goes over the NAT (overridden-by-more-specific)', async () => {
        const t = await trace(OVERRIDDEN, 'app-1', 's3');
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'route-table')?.route).toMatchObject({
            destination: '3.5.152.0/24',
            target: 'nat-a',
            why: 'longest-prefix',
        });
        expect(t.names).not.toContain('vpce-s3');
        expect(t.notes).toEqual(expect.arrayContaining(['overridden-by-more-specific', 'via-internet']));
    });

    it('a static route identical to a list entry wins too (static beats prefix list for the same prefix)', async () => {
        const t = await trace(
            edit(DATA, ['10.1.0.0/16 -> pcx }', '10.1.0.0/16 -> pcx  3.5.152.0/21 -> nat-a }']),
            'app-1',
            's3',
        );
        expect(hop(t, 'route-table')?.route).toMatchObject({
            destination: '3.5.152.0/21',
            target: 'nat-a',
            why: 'static-over-prefix-list',
        });
        expect(t.names).not.toContain('vpce-s3');
    });
});

describe('gateway endpoints are per region', () => {
    it('S3 in another region follows 0.0.0.0/0 (the prefix list is per region) and is reachable over the internet', async () => {
        const t = await trace(DATA, 'app-1', 's3', { serviceRegion: 'us-west-2' });
        expect(t.verdict).toBe('reachable');
        expect(hop(t, 'dns')?.name).toBe('s3.us-west-2.amazonaws.com');
        expect(t.path.slice(2)).toEqual([
            'route-table:rt-app',
            'nat:nat-a',
            'route-table:rt-pub',
            'igw:igw',
            'internet:internet',
        ]);
        expect(hop(t, 'route-table')?.route).toMatchObject({ destination: '0.0.0.0/0', target: 'nat-a' });
        expect(t.notes).toContain('via-internet');
    });

    it('S3 in another region from a subnet without an internet path: dns-resolves-public', async () => {
        const t = await trace(DATA, 'iso-1', 's3', { serviceRegion: 'us-west-2' });
        expect(t).toMatchObject({ verdict: 'blocked', reason: 'dns-resolves-public', stoppedIn: 'forward' });
        expect(t.path).toEqual(['instance:iso-1', 'dns:s3.us-west-2.amazonaws.com', 'route-table:rt-iso']);
    });
});

describe('gateway endpoints are not transitive', () => {
    it('a peered VPC cannot use the gateway endpoint of its peer: gateway-endpoint-not-transitive', async () => {
        const t = await trace(DATA, 'peer-1', 's3');
        expect(t).toMatchObject({
            verdict: 'blocked',
            reason: 'gateway-endpoint-not-transitive',
            stoppedIn: 'forward',
        });
        expect(t.path).toEqual([
            'instance:peer-1',
            'dns:s3.ap-northeast-1.amazonaws.com',
            'route-table:rt-app',
            'peering:pcx',
        ]);
    });
});
