/**
 * Random but well-formed topologies for property tests: VPCs with app, public, GWLB-endpoint and TGW subnets in two
 * AZs, IGWs, NAT gateways, appliances, GWLB endpoints of an inspection service, route tables with routes drawn from
 * what each VPC can target (now and then an ordinary host, which is no appliance), ingress (edge) routing, a transit
 * gateway with spoke and inspection attachments, peerings, and PrivateLink: services backed by one load balancer or
 * by one per AZ, a service in another Region that enables the consumers' Region only sometimes, and interface
 * endpoints to AWS services in another Region. Seeded: the same seed gives the same text. Many of them are wrong in
 * some way, which is the point: the checker's path findings are then held to the tracer's answers.
 */
import { createRng } from '../../bench/generate.js';

const AZS = ['a', 'c'] as const;

interface VpcPlan {
    readonly name: string;
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
        const v: VpcPlan = {
            name: `v${i}`,
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
            if (chance(0.6)) v.subnets.push({ name: `pub-${az}`, cidr: `10.${v.n}.${third++}.0/24`, az, role: 'pub' });
            if (inspection && chance(0.6))
                v.subnets.push({ name: `gwlbe-${az}`, cidr: `10.${v.n}.${third++}.0/28`, az, role: 'gwlbe' });
            if (tgw && chance(0.6))
                v.subnets.push({ name: `tgw-${az}`, cidr: `10.${v.n}.${third++}.0/28`, az, role: 'tgw' });
        }
        if (chance(0.7)) {
            v.igw = true;
            v.lines.push('    igw igw');
            v.targets.push('igw');
        }
        for (const s of v.subnets) {
            if (s.role === 'pub' && chance(0.6)) {
                v.lines.push(`    nat nat-${s.az} in ${s.name}${chance(0.85) ? ' eip' : ''}`);
                v.targets.push(`nat-${s.az}`);
            }
            if (s.role === 'gwlbe') {
                v.lines.push(`    endpoint ep-${s.az} gwlb insp-svc in ${s.name}`);
                v.targets.push(`ep-${s.az}`);
            }
            if (s.role === 'app') {
                v.lines.push(`    instance h-${s.az} in ${s.name}${chance(0.35) ? ' public-ip' : ''}`);
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
        const spoke = tgw && v.tgwSubnets.length > 0 && chance(0.7);
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
        for (const s of v.subnets) {
            const table =
                spoke && s.role === 'app' && chance(0.9)
                    ? ' routes rt-0'
                    : chance(0.85)
                      ? ` routes rt-${Math.floor(rnd() * tables)}`
                      : '';
            out.push(`    subnet ${s.name} ${s.cidr} az ${s.az}${table}`);
        }
        out.push(...v.lines, ...tableLines, '  }');
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
            // A centralized inspection VPC: its TGW subnets send transit traffic to the appliances (or its GWLBEs),
            // which send it back to the TGW.
            inspectionTgwSubnets = ['itgw-a', 'itgw-c'];
            lines.push(
                '    subnet itgw-a 100.64.0.0/28 az a routes rt-itgw-a',
                '    subnet itgw-c 100.64.0.16/28 az c routes rt-itgw-c',
                `    route-table rt-itgw-a { 0.0.0.0/0 -> ${chance(0.5) ? 'fw-1a' : pick(['fw-1a', 'fw-1c'])} }`,
                `    route-table rt-itgw-c { 0.0.0.0/0 -> ${chance(0.7) ? 'fw-1c' : 'fw-1a'} }`,
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
