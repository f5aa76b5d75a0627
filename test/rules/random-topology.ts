/**
 * Random but well-formed topologies for property tests: VPCs with app, public, GWLB-endpoint and TGW subnets in two
 * AZs, IGWs, NAT gateways, appliances, GWLB endpoints of an inspection service, route tables with routes drawn from
 * what each VPC can target (now and then an ordinary host, which is no appliance), ingress (edge) routing, a transit
 * gateway with spoke and inspection attachments, peerings, and PrivateLink: services backed by one load balancer or
 * by one per AZ, a service in another Region that enables the consumers' Region only sometimes, and interface
 * endpoints to AWS services in another Region. Seeded: the same seed gives the same text. Many of them are wrong in
 * some way, which is the point: the checker's path findings are then held to the tracer's answers.
 * Some VPCs follow an AWS GWLB inspection design instead of random tables (SHAPES: egress between the app subnets and
 * the NAT gateways, egress between the NAT gateways and the IGW, ingress to hosts, ingress to an ALB), and the
 * inspection VPC is sometimes a centralized hub behind the TGW with a GWLBE and a NAT gateway per AZ; each of these
 * sometimes has one route that names the wrong AZ's endpoint (or none), as a real mistake would. Those choices come
 * from a second generator, so the rest of each topology is what it was without them.
 */
import { createRng } from '../../bench/generate.js';

const AZS = ['a', 'c'] as const;

/** AWS GWLB inspection designs a VPC may follow (gwlb-symmetry.test.ts spells each out). */
const SHAPES = ['egress-nat', 'egress-edge', 'ingress', 'alb'] as const;
type Shape = (typeof SHAPES)[number];

interface VpcPlan {
    readonly name: string;
    readonly shape?: Shape;
    readonly n: number;
    readonly subnets: Array<{ name: string; cidr: string; az: string; role: 'app' | 'pub' | 'gwlbe' | 'tgw' }>;
    readonly lines: string[];
    readonly targets: string[];
    igw: boolean;
    tgwSubnets: string[];
}

export function randomTopology(seed: number): string {
    const rnd = createRng(seed * 7919 + 17);
    const chance = (p: number): boolean => rnd() < p;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    // The inspection designs' own choices, apart from the stream above.
    const shapeRnd = createRng(seed * 104729 + 3);
    const shapeChance = (p: number): boolean => shapeRnd() < p;
    // Two accounts: the provider's and the consumers'; the service below allows the consumers' only sometimes.
    const out: string[] = [
        'account prov id 111111111111',
        'account cons id 222222222222',
        'region ap-northeast-1 {',
        '  az a = apne1-az4',
        '  az c = apne1-az1',
    ];

    // The inspection service: appliances behind a GWLB, offered as an endpoint service.
    const inspection = chance(0.7);
    const tgw = chance(0.55);
    // A provider's service in another Region (us-east-1), which enables the consumers' Region only sometimes.
    const far = chance(0.5);
    const vpcCount = 2 + Math.floor(rnd() * 3);
    const vpcs: VpcPlan[] = [];
    for (let i = 0; i < vpcCount; i++) {
        const shape = inspection && shapeChance(0.4) ? SHAPES[Math.floor(shapeRnd() * SHAPES.length)] : undefined;
        const v: VpcPlan = {
            name: `v${i}`,
            shape,
            n: i + 1,
            subnets: [],
            lines: [],
            targets: ['blackhole'],
            igw: false,
            tgwSubnets: [],
        };
        vpcs.push(v);
        let third = 0;
        for (const az of AZS) {
            v.subnets.push({ name: `app-${az}`, cidr: `10.${v.n}.${third++}.0/24`, az, role: 'app' });
            if (chance(0.6) || shape)
                v.subnets.push({ name: `pub-${az}`, cidr: `10.${v.n}.${third++}.0/24`, az, role: 'pub' });
            if ((inspection && chance(0.6)) || shape)
                v.subnets.push({ name: `gwlbe-${az}`, cidr: `10.${v.n}.${third++}.0/28`, az, role: 'gwlbe' });
            if (tgw && chance(0.6))
                v.subnets.push({ name: `tgw-${az}`, cidr: `10.${v.n}.${third++}.0/28`, az, role: 'tgw' });
        }
        if (chance(0.7) || shape) {
            v.igw = true;
            v.lines.push('    igw igw');
            v.targets.push('igw');
        }
        for (const s of v.subnets) {
            if (s.role === 'pub' && (chance(0.6) || shape)) {
                v.lines.push(`    nat nat-${s.az} in ${s.name}${chance(0.85) || shape ? ' eip' : ''}`);
                v.targets.push(`nat-${s.az}`);
            }
            if (s.role === 'gwlbe') {
                v.lines.push(`    endpoint ep-${s.az} gwlb insp-svc in ${s.name}`);
                v.targets.push(`ep-${s.az}`);
            }
            if (s.role === 'app') {
                const publicIp = chance(0.35) || shape === 'ingress';
                v.lines.push(`    instance h-${s.az} in ${s.name}${publicIp ? ' public-ip' : ''}`);
                // Sometimes a route targets this ordinary host, whose source/destination check drops the traffic.
                if (chance(0.12)) v.targets.push(`h-${s.az}`);
                if (chance(0.2)) {
                    v.lines.push(`    instance fw-${s.az} in ${s.name} appliance`);
                    v.targets.push(`fw-${s.az}`);
                }
            }
            if (s.role === 'tgw') v.tgwSubnets.push(s.name);
        }
        if (tgw) v.targets.push('tgw');
    }

    // Peerings between random pairs (never one VPC with itself).
    const peerings: Array<[VpcPlan, VpcPlan, string]> = [];
    for (let i = 0; i < vpcCount; i++)
        for (let j = i + 1; j < vpcCount; j++)
            if (chance(0.25)) {
                const name = `pcx-${i}-${j}`;
                peerings.push([vpcs[i], vpcs[j], name]);
                vpcs[i].targets.push(name);
                vpcs[j].targets.push(name);
            }

    for (const v of vpcs) {
        const others = vpcs.filter((o) => o !== v).map((o) => `10.${o.n}.0.0/16`);
        const destinations = [
            '0.0.0.0/0',
            '10.0.0.0/8',
            ...others,
            `10.${v.n}.0.0/16`,
            ...v.subnets.map((s) => s.cidr),
        ];
        const tables = 1 + Math.floor(rnd() * 3);
        const tableLines: string[] = [];
        // A spoke: its app subnets send other VPCs' traffic to the transit gateway (rt-0).
        const spoke = tgw && v.tgwSubnets.length > 0 && chance(0.7) && !v.shape;
        for (let t = 0; t < tables; t++) {
            const used = new Set<string>();
            const routes: string[] = [];
            if (spoke && t === 0) {
                const d = pick(['0.0.0.0/0', '10.0.0.0/8']);
                used.add(d);
                routes.push(`      ${d} -> tgw`);
            }
            const count = 1 + Math.floor(rnd() * 3);
            for (let r = 0; r < count; r++) {
                const d = pick(destinations);
                if (used.has(d)) continue;
                used.add(d);
                routes.push(`      ${d} -> ${pick(v.targets)}`);
            }
            tableLines.push(`    route-table rt-${t} {`, ...routes, '    }');
        }
        if (v.igw && chance(0.45)) {
            const eps = v.targets.filter((x) => x.startsWith('ep-') || x.startsWith('fw-'));
            if (eps.length) {
                const routes = v.subnets
                    .filter((s) => s.role === 'app' && chance(0.8))
                    .map((s) => `      ${s.cidr} -> ${chance(0.8) ? `ep-${s.az}` : pick(eps)}`)
                    .filter((line) => eps.some((e) => line.endsWith(` ${e}`)));
                if (routes.length) tableLines.push('    route-table rt-edge edge igw {', ...routes, '    }');
            }
        }
        const flags = `${chance(0.7) ? ' dns-support dns-hostnames' : ''}${chance(0.6) ? ' account cons' : ''}`;
        if (chance(0.35)) {
            // An interface endpoint of the provider's NLB-backed service, in the app subnets.
            v.lines.push(`    endpoint api interface api-svc in app-a, app-c${chance(0.5) ? ' accepted' : ''}`);
        }
        if (far && chance(0.4))
            v.lines.push(`    endpoint far interface far-svc in app-a${chance(0.5) ? ' accepted' : ''}`);
        // An AWS service in another Region: kms and s3 serve cross-Region interface endpoints, ssm and sqs do not.
        if (chance(0.2))
            v.lines.push(`    endpoint xr interface ${pick(['kms', 's3', 'ssm', 'sqs'])} in app-c region us-east-1`);
        out.push(`  vpc ${v.name} 10.${v.n}.0.0/16${flags} {`);
        const shaped = v.shape ? shapedTables(v, v.shape, shapeChance) : undefined;
        for (const s of v.subnets) {
            const table =
                spoke && s.role === 'app' && chance(0.9)
                    ? ' routes rt-0'
                    : chance(0.85)
                      ? ` routes rt-${Math.floor(rnd() * tables)}`
                      : '';
            const own = shaped?.tableOf(s);
            out.push(
                `    subnet ${s.name} ${s.cidr} az ${s.az}${own === undefined ? table : own ? ` routes ${own}` : ''}`,
            );
        }
        out.push(...v.lines, ...(shaped ? shaped.lines : tableLines), '  }');
    }

    let inspectionTgwSubnets: string[] = [];
    if (inspection) {
        // Sometimes one GWLB per AZ: each GWLBE connects to the GWLB of its own AZ.
        const perAz = chance(0.3);
        const cross = chance(0.2) ? ' cross-zone' : '';
        const lines = [
            `  vpc insp 100.64.0.0/16${chance(0.5) ? ' account prov' : ''} {`,
            '    subnet appl-a 100.64.1.0/24 az a routes rt-appl',
            '    subnet appl-c 100.64.2.0/24 az c routes rt-appl',
            '    instance fw-1a in appl-a appliance',
            '    instance fw-1c in appl-c appliance',
            ...(perAz
                ? [`    gwlb fwlb-a in appl-a targets fw-1a${cross}`, `    gwlb fwlb-c in appl-c targets fw-1c${cross}`]
                : [`    gwlb fwlb in appl-a, appl-c targets fw-1a, fw-1c${cross}`]),
        ];
        if (tgw && chance(0.8)) {
            // A centralized inspection VPC: its TGW subnets send transit traffic to the appliances, or to a GWLBE per AZ
            // whose subnet sends it back to the TGW or out through a NAT gateway (the NAT subnet sends the spokes'
            // replies back through a GWLBE: Transit Gateway Guide, "Appliance in a shared services VPC").
            inspectionTgwSubnets = ['itgw-a', 'itgw-c'];
            const toA = chance(0.5) ? 'fw-1a' : pick(['fw-1a', 'fw-1c']);
            const toC = chance(0.7) ? 'fw-1c' : 'fw-1a';
            lines.push(
                '    subnet itgw-a 100.64.0.0/28 az a routes rt-itgw-a',
                '    subnet itgw-c 100.64.0.16/28 az c routes rt-itgw-c',
                ...(shapeChance(0.6)
                    ? gwlbHub(shapeChance)
                    : [
                          `    route-table rt-itgw-a { 0.0.0.0/0 -> ${toA} }`,
                          `    route-table rt-itgw-c { 0.0.0.0/0 -> ${toC} }`,
                      ]),
                `    route-table rt-appl { 10.0.0.0/8 -> tgw }`,
            );
        } else {
            lines.push('    route-table rt-appl { 0.0.0.0/0 -> blackhole }');
        }
        lines.push('  }');
        out.push(...lines);
        out.push(
            `  endpoint-service insp-svc backed-by ${perAz ? 'insp.fwlb-a, insp.fwlb-c' : 'insp.fwlb'}${chance(0.15) ? ' acceptance-required' : ''}${chance(0.5) ? ' allow cons' : ''}`,
        );
    }

    // The provider: an NLB-backed endpoint service (PrivateLink), sometimes requiring acceptance, sometimes not
    // allowing the consumers' account, sometimes backed by one NLB per AZ.
    const nlbPerAz = chance(0.3);
    out.push(
        '  vpc prov 100.65.0.0/16 account prov {',
        '    subnet p-a 100.65.1.0/24 az a',
        '    subnet p-c 100.65.2.0/24 az c',
        '    instance srv-a in p-a',
        '    instance srv-c in p-c',
        ...(nlbPerAz
            ? ['    nlb api-a in p-a targets srv-a', '    nlb api-c in p-c targets srv-c']
            : ['    nlb api in p-a, p-c targets srv-a, srv-c']),
        '  }',
        `  endpoint-service api-svc backed-by ${nlbPerAz ? 'prov.api-a, prov.api-c' : 'prov.api'}${chance(0.4) ? ' acceptance-required' : ''}${chance(0.6) ? ' allow cons' : ''}`,
    );

    for (const [a, b, name] of peerings)
        out.push(`  peering ${name} ${a.name} <-> ${b.name}${chance(0.15) ? ' pending' : ''}`);

    if (tgw) {
        const attached = vpcs.filter((v) => v.tgwSubnets.length > 0);
        const hub = inspectionTgwSubnets.length > 0;
        out.push('  transit-gateway tgw {');
        for (const v of attached) {
            const subnets = chance(0.8) ? v.tgwSubnets : v.tgwSubnets.slice(0, 1);
            out.push(
                `    attachment att-${v.name} vpc ${v.name} in ${subnets.join(', ')} associate rt-spokes propagate rt-hub`,
            );
        }
        if (hub)
            out.push(
                `    attachment att-insp vpc insp in ${chance(0.8) ? 'itgw-a, itgw-c' : 'itgw-a'}${chance(0.35) ? ' appliance-mode' : ''} associate rt-hub`,
            );
        // With a hub, spokes reach each other through it; without one, rt-spokes has only what a test adds.
        out.push(
            `    route-table rt-spokes {${hub ? ' 0.0.0.0/0 -> att-insp ' : ''}}`,
            '    route-table rt-hub',
            '  }',
        );
    }
    out.push('}');
    if (far)
        out.push(
            'region us-east-1 {',
            '  az a = use1-az1',
            '  vpc far 100.66.0.0/16 account prov {',
            '    subnet f-a 100.66.1.0/24 az a',
            '    instance far-1 in f-a',
            '    nlb far-nlb in f-a targets far-1',
            '  }',
            `  endpoint-service far-svc backed-by far.far-nlb allow cons${chance(0.5) ? ' regions ap-northeast-1' : ''}${chance(0.2) ? ' acceptance-required' : ''}`,
            '}',
        );
    return out.join('\n') + '\n';
}

/** Which table each subnet of a shaped VPC uses ('': the main table), and the tables. */
interface Shaped {
    readonly lines: string[];
    readonly tableOf: (s: VpcPlan['subnets'][number]) => string | undefined;
}

/**
 * A VPC that follows one of AWS's GWLB inspection designs, per AZ; one route in five names the other AZ's endpoint and
 * one in ten is missing, as real mistakes would.
 */
function shapedTables(v: VpcPlan, shape: Shape, chance: (p: number) => boolean): Shaped {
    const cidr = (role: string, az: string): string => v.subnets.find((s) => s.role === role && s.az === az)!.cidr;
    const ep = (az: string): string => `ep-${chance(0.2) ? AZS.find((z) => z !== az) : az}`;
    const maybe = (route: string): string[] => (chance(0.1) ? [] : [route]);
    const lines: string[] = [];
    const edges: string[] = [];
    const table = (name: string, routes: readonly string[]): void => {
        lines.push(`    route-table ${name} {`, ...routes.map((r) => `      ${r}`), '    }');
    };
    for (const az of AZS) {
        if (shape === 'egress-nat') {
            // Between the app subnets and the NAT gateways ("VPC routing enhancements").
            table(`rt-app-${az}`, [`0.0.0.0/0 -> ep-${az}`]);
            table(`rt-gwlbe-${az}`, [`0.0.0.0/0 -> nat-${az}`]);
            table(`rt-pub-${az}`, ['0.0.0.0/0 -> igw', ...maybe(`${cidr('app', az)} -> ${ep(az)}`)]);
        } else if (shape === 'egress-edge') {
            // Between the NAT gateways and the IGW, with an edge route per NAT subnet.
            table(`rt-app-${az}`, [`0.0.0.0/0 -> nat-${az}`]);
            table(`rt-gwlbe-${az}`, ['0.0.0.0/0 -> igw']);
            table(`rt-pub-${az}`, [`0.0.0.0/0 -> ep-${az}`]);
            edges.push(...maybe(`${cidr('pub', az)} -> ${ep(az)}`));
        } else if (shape === 'ingress') {
            // Ingress routing to hosts with public IPs.
            table(`rt-app-${az}`, [`0.0.0.0/0 -> ${ep(az)}`]);
            table(`rt-gwlbe-${az}`, ['0.0.0.0/0 -> igw']);
            table(`rt-pub-${az}`, ['0.0.0.0/0 -> igw']);
            edges.push(`${cidr('app', az)} -> ep-${az}`);
        } else {
            // Ingress to an ALB, with the local route of the ALB subnets replaced by their AZ's GWLBE.
            table(
                `rt-app-${az}`,
                AZS.map((z) => `${cidr('pub', z)} -> ${ep(z)}`),
            );
            table(`rt-gwlbe-${az}`, ['0.0.0.0/0 -> igw']);
            table(`rt-pub-${az}`, [`0.0.0.0/0 -> ep-${az}`, `10.${v.n}.0.0/16 -> ep-${az}`]);
            edges.push(`${cidr('pub', az)} -> ep-${az}`);
        }
    }
    if (edges.length) table('rt-edge edge igw', edges);
    if (shape === 'alb') lines.push('    alb web in pub-a, pub-c targets h-a, h-c');
    return { lines, tableOf: (s) => (s.role === 'tgw' ? '' : `rt-${s.role}-${s.az}`) };
}

/** The inspection VPC as a centralized hub: a GWLBE and a NAT gateway per AZ behind its TGW subnets. */
function gwlbHub(chance: (p: number) => boolean): string[] {
    // The NAT subnet's route for the spokes' replies names the other AZ's GWLBE one time in four.
    const back = (az: string): string => `hep-${chance(0.25) ? AZS.find((z) => z !== az) : az}`;
    return [
        '    igw igw',
        ...AZS.flatMap((az, i) => [
            `    subnet hgwlbe-${az} 100.64.3.${i * 16}/28 az ${az} routes rt-hgwlbe-${az}`,
            `    subnet hnat-${az} 100.64.4.${i * 16}/28 az ${az} routes rt-hnat-${az}`,
            `    endpoint hep-${az} gwlb insp-svc in hgwlbe-${az}`,
            `    nat natgw-${az} in hnat-${az} eip`,
            `    route-table rt-itgw-${az} { 0.0.0.0/0 -> hep-${az} }`,
            `    route-table rt-hgwlbe-${az} { 10.0.0.0/8 -> tgw   0.0.0.0/0 -> natgw-${az} }`,
            `    route-table rt-hnat-${az} { 0.0.0.0/0 -> igw   10.0.0.0/8 -> ${back(az)} }`,
        ]),
    ];
}
