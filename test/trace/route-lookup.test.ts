/**
 * Route selection in a subnet route table (VPC User Guide, "Route priority"):
 * longest prefix match over CIDR routes and every prefix-list entry alike; for identical prefixes only,
 * static > prefix list > propagated (Direct Connect > VPN static > VPN BGP); the local route is an ordinary
 * candidate that can be replaced; traffic within one subnet never consults a table.
 */
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/net/cidr.js';
import type { RouteTable } from '../../src/model/topology.js';
import { RouteLookup, type RouteResolution } from '../../src/trace/route-lookup.js';
import { describeRoute } from '../../src/trace/hops.js';
import { engineFor } from '../../src/trace/engine.js';
import { element, topologyOf, trace } from './trace-helpers.js';

const TABLES = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc web 10.0.0.0/16 {
    igw igw
    vgw corp-vgw
    subnet app-a  10.0.1.0/24 az a routes rt-app
    subnet pub-a  10.0.0.0/24 az a
    subnet fw-a   10.0.2.0/24 az a
    nat nat-a in pub-a eip
    instance fw in fw-a appliance
    prefix-list corp-pl 10.50.0.0/16, 10.60.0.0/16
    prefix-list lab-pl 10.70.1.0/24
    prefix-list same-pl 10.80.0.0/16
    route-table rt-app {
      0.0.0.0/0      -> nat-a
      10.0.0.0/8     -> corp-vgw
      10.60.0.0/16   -> igw
      corp-pl        -> fw
      10.70.0.0/16   -> corp-vgw
      lab-pl         -> fw
      10.80.0.0/16   -> corp-vgw propagated dx
      same-pl        -> fw
      10.90.0.0/16   -> corp-vgw propagated vpn-bgp
      10.90.0.0/16   -> nat-a propagated dx
      10.91.0.0/16   -> corp-vgw propagated vpn-bgp
      10.91.0.0/16   -> nat-a propagated vpn-static
      10.92.0.0/16   -> corp-vgw propagated vpn-static
      10.92.0.0/16   -> fw
    }
  }
}`;

interface Case {
    readonly title: string;
    readonly ip: string;
    /** `<destination> -> <target>` as the trace prints it. */
    readonly wins: string;
    readonly why: RouteResolution['reason'];
    /** What the winner beat, most specific first: `<destination> -> <target>: <lostBecause>`. */
    readonly beat?: string[];
}

const CASES: Case[] = [
    {
        title: 'longest prefix wins: a /16 beats a /8 and 0.0.0.0/0',
        ip: '10.0.9.9',
        wins: '10.0.0.0/16 -> local',
        why: 'longest-prefix',
        beat: ['10.0.0.0/8 -> corp-vgw: longest-prefix', '0.0.0.0/0 -> nat-a: longest-prefix'],
    },
    {
        title: 'a route that contains the VPC block (10.0.0.0/8) loses to local by longest prefix, not by decree',
        ip: '10.0.1.20',
        wins: '10.0.0.0/16 -> local',
        why: 'longest-prefix',
    },
    {
        title: 'a prefix-list route is one candidate per entry: the entry 10.50.0.0/16 beats 10.0.0.0/8',
        ip: '10.50.3.4',
        wins: 'corp-pl (entry 10.50.0.0/16) -> fw',
        why: 'longest-prefix',
        beat: ['10.0.0.0/8 -> corp-vgw: longest-prefix', '0.0.0.0/0 -> nat-a: longest-prefix'],
    },
    {
        title: 'for an identical prefix, a static route beats the prefix-list entry',
        ip: '10.60.0.1',
        wins: '10.60.0.0/16 -> igw',
        why: 'static-over-prefix-list',
        beat: [
            'corp-pl (entry 10.60.0.0/16) -> fw: static-over-prefix-list',
            '10.0.0.0/8 -> corp-vgw: longest-prefix',
            '0.0.0.0/0 -> nat-a: longest-prefix',
        ],
    },
    {
        title: 'a prefix-list entry more specific than a static route wins: longest prefix comes before route type',
        ip: '10.70.1.9',
        wins: 'lab-pl (entry 10.70.1.0/24) -> fw',
        why: 'longest-prefix',
    },
    {
        title: 'outside the more specific entry, the static route wins again',
        ip: '10.70.2.9',
        wins: '10.70.0.0/16 -> corp-vgw',
        why: 'longest-prefix',
    },
    {
        title: 'for an identical prefix, a prefix-list route beats a propagated route',
        ip: '10.80.0.1',
        wins: 'same-pl (entry 10.80.0.0/16) -> fw',
        why: 'prefix-list-over-propagated',
    },
    {
        title: 'among propagated routes, Direct Connect beats VPN BGP',
        ip: '10.90.0.1',
        wins: '10.90.0.0/16 -> nat-a',
        why: 'propagation-priority',
    },
    {
        title: 'among propagated routes, VPN static beats VPN BGP',
        ip: '10.91.0.1',
        wins: '10.91.0.0/16 -> nat-a',
        why: 'propagation-priority',
    },
    {
        title: 'for an identical prefix, a static route beats a propagated one',
        ip: '10.92.0.1',
        wins: '10.92.0.0/16 -> fw',
        why: 'static-over-propagated',
    },
    {
        title: 'with nothing more specific, 0.0.0.0/0 is the only match',
        ip: '8.8.8.8',
        wins: '0.0.0.0/0 -> nat-a',
        why: 'only-match',
    },
];

async function resolveIn(text: string, tableName: string, ip: string) {
    const { topology } = await topologyOf(text);
    const table = element(topology, tableName) as RouteTable;
    const parsed = parseIp(ip);
    if (!parsed.ok) throw new Error(`bad ip ${ip}`);
    const res = new RouteLookup(topology).resolve(table, parsed.value);
    const choice = describeRoute(engineFor(topology), res);
    return { res, choice, table };
}

/**
 * The same table with 30 more routes (for addresses no case asks about): long tables are searched with a trie
 * instead of a scan, and must choose exactly the same way.
 */
const LONG_TABLES = TABLES.replace(
    'route-table rt-app {\n',
    `route-table rt-app {\n${Array.from({ length: 30 }, (_, i) => `      192.0.2.${i * 8}/29 -> nat-a\n`).join('')}`,
);

describe('route lookup: longest prefix first, then static > prefix list > propagated', () => {
    for (const c of CASES) {
        it(c.title, async () => {
            const { res, choice } = await resolveIn(TABLES, 'web.rt-app', c.ip);
            expect(`${choice?.destination} -> ${choice?.target}`).toBe(c.wins);
            expect(res.reason).toBe(c.why);
            if (c.beat)
                expect(choice?.beat.map((b) => `${b.destination} -> ${b.target}: ${b.lostBecause}`)).toEqual(c.beat);
        });
    }

    it('a long table (searched with a trie) chooses exactly as a short one (scanned), for every case', async () => {
        for (const c of CASES) {
            const short = await resolveIn(TABLES, 'web.rt-app', c.ip);
            const long = await resolveIn(LONG_TABLES, 'web.rt-app', c.ip);
            expect(long.table.routes.length).toBe(short.table.routes.length + 30);
            const text = (r: RouteResolution) => [
                r.reason,
                r.winner?.matched.canonical,
                ...r.beaten.map((b) => `${b.candidate.matched.canonical}:${b.lostBecause}`),
            ];
            expect(text(long.res), c.title).toEqual(text(short.res));
            expect(long.choice?.target, c.title).toBe(short.choice?.target);
        }
        const padded = await resolveIn(LONG_TABLES, 'web.rt-app', '192.0.2.17');
        expect(padded.res.winner?.matched.canonical).toBe('192.0.2.16/29');
        expect(padded.res.beaten.map((b) => b.candidate.matched.canonical)).toEqual(['0.0.0.0/0']);
    });

    it('an address no route covers has no winner (no 0.0.0.0/0 in the main table)', async () => {
        const { res } = await resolveIn(TABLES, 'web.(main)', '8.8.8.8');
        expect(res.winner).toBeUndefined();
        expect(res.reason).toBe('no-match');
    });
});

const LOCAL = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc web 10.0.0.0/16, 100.64.0.0/16 dns-hostnames {
    subnet gwlbe-a 10.0.0.0/28  az a routes rt-gwlbe
    subnet app-a   10.0.1.0/24  az a routes rt-app
    subnet db-a    10.0.2.0/24  az a routes rt-db
    subnet extra-a 100.64.0.0/24 az a routes rt-app
    endpoint ep-a gwlb insp-svc in gwlbe-a
    endpoint vpce-ssm interface ssm in app-a private-dns
    route-table rt-gwlbe
    // Inspect all traffic between subnets: the local route of the primary block is replaced by the GWLBE.
    route-table rt-app { 10.0.0.0/16 -> ep-a }
    // More specific routing: only the app subnet goes through the GWLBE; the rest stays local.
    route-table rt-db  { 10.0.1.0/24 -> ep-a }
    instance app-1 in app-a ip 10.0.1.10
    instance app-2 in app-a ip 10.0.1.11
    instance db-1  in db-a ip 10.0.2.10
  }
  vpc insp 192.168.0.0/24 {
    subnet appl-a 192.168.0.0/26 az a
    instance fw-a in appl-a appliance
    gwlb insp in appl-a targets fw-a
  }
  endpoint-service insp-svc backed-by insp.insp
}`;

describe('the local route: one per VPC block, and replaceable', () => {
    it('every table has one local route per VPC block, secondary blocks included', async () => {
        const { topology } = await topologyOf(LOCAL);
        const table = element(topology, 'web.rt-gwlbe') as RouteTable;
        expect(
            table.routes
                .filter((r) => r.origin === 'local')
                .map((r) => (r.destination.kind === 'cidr' ? r.destination.cidr.canonical : '')),
        ).toEqual(['10.0.0.0/16', '100.64.0.0/16']);
    });

    it('a route equal to the VPC block replaces its local route: the GWLBE route is the only match', async () => {
        const { res, choice, table } = await resolveIn(LOCAL, 'web.rt-app', '10.0.2.10');
        expect(
            table.routes.some(
                (r) =>
                    r.origin === 'local' &&
                    r.destination.kind === 'cidr' &&
                    r.destination.cidr.canonical === '10.0.0.0/16',
            ),
        ).toBe(false);
        expect(choice).toMatchObject({ destination: '10.0.0.0/16', target: 'ep-a', origin: 'static' });
        expect(res.reason).toBe('only-match');
    });

    it('the local route of the other block is kept when only one block is replaced', async () => {
        const { choice } = await resolveIn(LOCAL, 'web.rt-app', '100.64.0.9');
        expect(choice).toMatchObject({ destination: '100.64.0.0/16', target: 'local', origin: 'local' });
    });

    it('a subnet route to a GWLBE is more specific than local and wins by longest prefix (middlebox routing)', async () => {
        const { res, choice } = await resolveIn(LOCAL, 'web.rt-db', '10.0.1.10');
        expect(choice).toMatchObject({ destination: '10.0.1.0/24', target: 'ep-a' });
        expect(res.reason).toBe('longest-prefix');
        expect(choice?.beat).toEqual([{ destination: '10.0.0.0/16', target: 'local', lostBecause: 'longest-prefix' }]);
    });

    it('a replaced local route sends traffic between subnets through the GWLBE and its appliance', async () => {
        const t = await trace(LOCAL, 'app-1', 'db-1');
        expect(t.verdict).toBe('reachable');
        expect(t.path.slice(0, 4)).toEqual([
            'instance:app-1',
            'route-table:rt-app',
            'endpoint-eni:ep-a',
            'endpoint:ep-a',
        ]);
        expect(t.names).toContain('fw-a');
        expect(t.result.forward[1]?.route).toMatchObject({ destination: '10.0.0.0/16', target: 'ep-a' });
    });

    it('traffic within one subnet never consults a route table, so the GWLBE never sees it', async () => {
        const t = await trace(LOCAL, 'app-1', 'app-2');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds).toEqual(['instance', 'instance']);
        expect(t.kinds).not.toContain('route-table');
        expect(t.names).not.toContain('ep-a');
        expect(t.ret).toEqual(['app-2', 'app-1']);
        expect(t.notes).toContain('same-subnet');
    });

    it("an interface endpoint ENI's reply to a client in its own subnet consults no table either, so the request and reply stay symmetric", async () => {
        const t = await trace(LOCAL, 'app-1', 'ssm');
        expect(t.verdict).toBe('reachable');
        expect(t.kinds).toEqual(['instance', 'dns', 'endpoint-eni', 'endpoint', 'aws-service']);
        expect(t.retPath).toEqual(['aws-service:ssm', 'endpoint:vpce-ssm', 'instance:app-1']);
    });
});

/**
 * Site-to-Site VPN User Guide, "Route tables and VPN route priority", and VPC User Guide, "How route priority works":
 * propagated routes (VPN, Direct Connect) that overlap the local route never beat it, even when more specific, and a
 * prefix-list entry inside the VPC's range does not override local either. Only a static route to a whole subnet CIDR
 * with a middlebox target is more specific than local and wins.
 */
const LOCAL_PREFERRED = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc web 10.0.0.0/16 {
    vgw corp
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet fw-a  10.0.2.0/24 az a
    subnet db-a  10.0.3.0/24 az a
    instance app-1 in app-a ip 10.0.1.10
    eni fw in fw-a ip 10.0.2.10 appliance
    prefix-list inside-pl 10.0.9.0/24
    route-table rt-app {
      10.0.8.0/24   -> corp propagated vpn-bgp
      10.0.0.0/16   -> corp propagated dx
      inside-pl     -> fw
      10.0.3.0/24   -> fw
      10.0.3.128/25 -> corp propagated dx
      10.0.0.0/8    -> corp propagated vpn-static
    }
  }
}`;

const LOCAL_CASES: Case[] = [
    {
        title: 'the local route is preferred over a propagated (VPN/DX) route that overlaps it, even a more specific one',
        ip: '10.0.8.5',
        wins: '10.0.0.0/16 -> local',
        why: 'local-preferred',
        beat: [
            '10.0.8.0/24 -> corp: local-preferred',
            '10.0.0.0/16 -> corp: local-preferred',
            '10.0.0.0/8 -> corp: longest-prefix',
        ],
    },
    {
        title: 'a propagated route for the whole VPC block replaces nothing: the local route stays and is preferred',
        ip: '10.0.5.5',
        wins: '10.0.0.0/16 -> local',
        why: 'local-preferred',
        beat: ['10.0.0.0/16 -> corp: local-preferred', '10.0.0.0/8 -> corp: longest-prefix'],
    },
    {
        title: "a prefix-list entry that falls inside the VPC's range does not override the local route",
        ip: '10.0.9.9',
        wins: '10.0.0.0/16 -> local',
        why: 'local-preferred',
        beat: [
            'inside-pl (entry 10.0.9.0/24) -> fw: local-preferred',
            '10.0.0.0/16 -> corp: local-preferred',
            '10.0.0.0/8 -> corp: longest-prefix',
        ],
    },
    {
        title: 'a static route to a subnet CIDR with a middlebox target is still more specific than local and wins',
        ip: '10.0.3.200',
        wins: '10.0.3.0/24 -> fw',
        why: 'longest-prefix',
        beat: [
            '10.0.3.128/25 -> corp: local-preferred',
            '10.0.0.0/16 -> local: longest-prefix',
            '10.0.0.0/16 -> corp: longest-prefix',
            '10.0.0.0/8 -> corp: longest-prefix',
        ],
    },
    {
        title: "outside the VPC's range a propagated route is an ordinary candidate (10.0.0.0/8 contains the block)",
        ip: '10.7.0.1',
        wins: '10.0.0.0/8 -> corp',
        why: 'only-match',
    },
];

describe('the local route is preferred over propagated and prefix-list routes that overlap it', () => {
    for (const c of LOCAL_CASES) {
        it(c.title, async () => {
            const { res, choice } = await resolveIn(LOCAL_PREFERRED, 'web.rt-app', c.ip);
            expect(`${choice?.destination} -> ${choice?.target}`).toBe(c.wins);
            expect(res.reason).toBe(c.why);
            if (c.beat)
                expect(choice?.beat.map((b) => `${b.destination} -> ${b.target}: ${b.lostBecause}`)).toEqual(c.beat);
        });
    }

    it('a long table (searched with a trie) prefers the local route exactly as a short one', async () => {
        const long = LOCAL_PREFERRED.replace(
            'route-table rt-app {\n',
            `route-table rt-app {\n${Array.from({ length: 30 }, (_, i) => `      192.0.2.${i * 8}/29 -> corp propagated dx\n`).join('')}`,
        );
        for (const c of LOCAL_CASES) {
            const { res, choice } = await resolveIn(long, 'web.rt-app', c.ip);
            expect(`${choice?.destination} -> ${choice?.target}`, c.title).toBe(c.wins);
            expect(res.reason, c.title).toBe(c.why);
        }
    });

    it('the tracer keeps traffic for a propagated route inside the VPC on the local route', async () => {
        const t = await trace(LOCAL_PREFERRED, 'app-1', '10.0.8.5');
        expect(t.result.forward[1]?.route).toMatchObject({
            destination: '10.0.0.0/16',
            target: 'local',
            why: 'local-preferred',
        });
        expect(t.names).not.toContain('corp');
    });
});
