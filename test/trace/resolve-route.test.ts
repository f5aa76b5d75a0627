/** resolveRoute: "which route wins here, and why?" (VPC User Guide, route priority), as the hover shows it. */
import { elementId } from '../../src/model/ids.js';
import { describe, expect, test } from 'vitest';
import { resolveRoute } from '../../src/trace/resolve-route.js';
import { analyze } from '../helpers.js';

const TEXT = `region eu-west-1 {
  az a = euw1-az1
  vpc app 10.1.0.0/16 {
    igw igw
    vgw corp
    subnet pub-a 10.1.0.0/24 az a routes rt-pub
    subnet app-a 10.1.1.0/24 az a routes rt-app
    subnet other 10.1.2.0/24 az a
    nat nat-a in pub-a eip
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app {
      0.0.0.0/0 -> nat-a
      52.218.0.0/17 -> igw
      10.50.0.0/16 -> corp
      10.50.0.0/16 -> corp propagated dx
    }
    endpoint s3 gateway s3 routes rt-app
  }
}`;

async function win(subnet: string, dst: string) {
    const { topology } = await analyze(TEXT);
    const r = resolveRoute(topology, elementId('subnet', `app.${subnet}`), dst);
    return r?.choice;
}

describe('resolveRoute', () => {
    test('the local route carries traffic inside the VPC: it is the most specific match, not a special case', async () => {
        expect(await win('app-a', '10.1.2.9')).toMatchObject({
            destination: '10.1.0.0/16',
            target: 'local',
            origin: 'local',
            why: 'longest-prefix',
        });
    });

    test('a more specific user route beats the S3 prefix-list entry it overlaps (gateway endpoint overridden)', async () => {
        const c = await win('app-a', '52.218.1.1');
        expect(c).toMatchObject({ destination: '52.218.0.0/17', target: 'igw', origin: 'static' });
        expect(c!.beat.map((b) => b.target)).toContain('s3');
    });

    test('an S3 address outside the overriding route follows the prefix-list route of the gateway endpoint', async () => {
        const { topology } = await analyze(TEXT);
        const list = topology.prefixLists.find((p) => p.managed?.service === 's3')!;
        const entry = list.entries.find((e) => e.canonical !== '52.218.0.0/17')!;
        const c = resolveRoute(topology, elementId('subnet', 'app.app-a'), entry.first + 1)!.choice!;
        expect(c).toMatchObject({ target: 's3', origin: 'gateway-endpoint', why: 'longest-prefix' });
        expect(c.destination).toContain(entry.canonical);
    });

    test('for identical prefixes a static route beats a propagated one', async () => {
        const c = await win('app-a', '10.50.3.3');
        expect(c).toMatchObject({ destination: '10.50.0.0/16', origin: 'static', why: 'static-over-propagated' });
    });

    test('a subnet without an association resolves through the main table; no match means no choice', async () => {
        const { topology } = await analyze(TEXT);
        const r = resolveRoute(topology, elementId('subnet', 'app.other'), '8.8.8.8')!;
        expect(r.table.name).toBe('(main)');
        expect(r.choice).toBeUndefined();
        expect(resolveRoute(topology, elementId('subnet', 'app.nope'), '8.8.8.8')).toBeUndefined();
    });
});
