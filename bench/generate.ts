/**
 * Deterministic synthetic topologies for the benchmark and the robustness tests.
 *
 * The output is meant to be a *valid*, realistic estate, so that the benchmark measures the rules on the
 * common path (few findings) rather than on error reporting. Each VPC follows one well-known AWS pattern:
 *  - web:  public + private subnets, one zonal NAT per AZ (same-AZ egress), IGW, TGW attachment, S3 gateway
 *          endpoint and an SSM interface endpoint with private DNS (VPC User Guide, NAT gateways).
 *  - api:  a provider VPC: an NLB in every AZ of the region with targets in each AZ, fronting an endpoint
 *          service that requires acceptance (PrivateLink Guide, "Share your services").
 *  - data: two CIDR blocks, consumes api services through interface endpoints (some cross-region), a
 *          DynamoDB gateway endpoint, optional VGW with a prefix-list route.
 *  - insp: an appliance VPC with a GWLB fronting a GWLB endpoint service (one per region).
 *  - shop: the GWLB ingress-routing pattern: IGW edge table -> GWLBE per AZ -> app subnets, symmetric return
 *          (Gateway Load Balancer User Guide, "Inspection using ingress routing").
 * VPC k owns 10.(k>>4).((k&15)<<4).0/20, so no two VPCs overlap and peerings and TGW propagation are valid.
 * No Math.random: a seeded mulberry32 PRNG makes the same (lines, seed) give the same text.
 */

export interface GenerateOptions {
    /** Approximate number of lines wanted. */
    readonly lines: number;
    readonly seed: number;
}

export interface GeneratedFile {
    readonly uri: string;
    readonly text: string;
}

/** mulberry32: tiny, fast, good enough for test data, and reproducible across platforms. */
export function createRng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

interface RegionSpec {
    readonly name: string;
    readonly short: string;
    /** AZ suffix and the AZ ID it maps to by default. */
    readonly azs: ReadonlyArray<readonly [string, string]>;
}

const REGIONS: readonly RegionSpec[] = [
    {
        name: 'ap-northeast-1',
        short: 'apne1',
        azs: [
            ['a', 'apne1-az4'],
            ['c', 'apne1-az1'],
            ['d', 'apne1-az2'],
        ],
    },
    {
        name: 'us-east-1',
        short: 'use1',
        azs: [
            ['a', 'use1-az1'],
            ['b', 'use1-az2'],
            ['c', 'use1-az4'],
        ],
    },
    {
        name: 'eu-west-1',
        short: 'euw1',
        azs: [
            ['a', 'euw1-az1'],
            ['b', 'euw1-az2'],
            ['c', 'euw1-az3'],
        ],
    },
];

/**
 * Account `app` maps AZ names differently from the region default (AZ names are per account; only AZ IDs
 * compare across accounts, RAM User Guide "AZ IDs"). It is a permutation, so every AZ ID still exists.
 */
const ACCOUNT_LINES = [
    'account net id 111111111111',
    'account app id 222222222222 {',
    '  az ap-northeast-1a = apne1-az1',
    '  az ap-northeast-1c = apne1-az2',
    '  az ap-northeast-1d = apne1-az4',
    '}',
    'account shared id 333333333333',
];

type VpcKind = 'web' | 'api' | 'data' | 'insp' | 'shop';

interface PeerRoute {
    readonly blocks: readonly string[];
    readonly via: string;
}

interface Consumption {
    readonly service: string;
    readonly name: string;
    /** Set when the service lives in another region (cross-region interface endpoint). */
    readonly region?: string;
}

interface VpcPlan {
    readonly k: number;
    readonly kind: VpcKind;
    readonly name: string;
    readonly region: RegionSpec;
    readonly azs: readonly string[];
    readonly blocks: readonly string[];
    readonly hostsPerSubnet: number;
    readonly peerRoutes: PeerRoute[];
    readonly consumes: Consumption[];
    /** GWLB endpoint service this VPC's GWLBEs use (shop only). */
    inspection?: string;
    vgw: boolean;
}

interface PeeringPlan {
    readonly name: string;
    readonly a: VpcPlan;
    readonly b: VpcPlan;
}

interface Plan {
    readonly regions: readonly RegionSpec[];
    readonly vpcs: readonly VpcPlan[];
    readonly peerings: readonly PeeringPlan[];
}

const MAX_VPCS = 4096;

function octets(k: number): [number, number] {
    return [k >> 4, (k & 15) << 4];
}
function primary(k: number): string {
    const [a, b] = octets(k);
    return `10.${a}.${b}.0/20`;
}
function slot(k: number, j: number): string {
    const [a, b] = octets(k);
    return `10.${a}.${b + j}.0/24`;
}
function secondarySlot(k: number, j: number): string {
    const [a, b] = octets(k);
    return `100.${64 + a}.${b + j}.0/24`;
}
/** The /28s for TGW attachment ENIs, carved from the VPC's last /24 (AWS recommends small dedicated subnets). */
function tgwSlot(k: number, i: number): string {
    const [a, b] = octets(k);
    return `10.${a}.${b + 15}.${16 * i}/28`;
}
function hostIp(cidr: string, n: number): string {
    return cidr.replace(/\.0\/\d+$/, `.${10 + n}`);
}

function plan(nVpcs: number, seed: number): Plan {
    if (nVpcs > MAX_VPCS) throw new Error(`at most ${MAX_VPCS} VPCs fit the 10.0.0.0/8 /20 plan`);
    const rng = createRng(seed);
    const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rng() * xs.length)];
    const regions = REGIONS.slice(0, nVpcs < 8 ? 1 : nVpcs < 40 ? 2 : 3);
    const vpcs: VpcPlan[] = [];
    const perRegion = new Map<string, VpcPlan[]>();
    const peerings: PeeringPlan[] = [];
    const peered = new Set<string>();
    const peerCount = new Map<VpcPlan, number>();

    for (let k = 0; k < nVpcs; k++) {
        const region = regions[k % regions.length];
        const local = perRegion.get(region.name) ?? [];
        perRegion.set(region.name, local);
        const p = local.length;
        let kind: VpcKind;
        if (p < 4) kind = (['web', 'api', 'data', 'insp'] as const)[p]!;
        else {
            const r = rng();
            kind = r < 0.35 ? 'data' : r < 0.6 ? 'web' : r < 0.8 ? 'api' : 'shop';
        }
        const allAzs = region.azs.map(([s]) => s);
        // Providers span every AZ so that any consumer AZ is served (PrivateLink Guide: consumers can use only
        // AZs where the provider's load balancer is enabled).
        const azs = kind === 'api' || kind === 'insp' || rng() < 0.5 ? allAzs : allAzs.slice(0, 2);
        const blocks =
            kind === 'data' && k < 1024 ? [primary(k), `100.${64 + (k >> 4)}.${(k & 15) << 4}.0/20`] : [primary(k)];
        const vpc: VpcPlan = {
            k,
            kind,
            name: `${kind}-${k}`,
            region,
            azs,
            blocks,
            hostsPerSubnet: 1 + Math.floor(rng() * 3),
            peerRoutes: [],
            consumes: [],
            vgw: kind === 'data' && rng() < 0.5,
        };
        if (kind === 'shop')
            vpc.inspection = local.find((v) => v.kind === 'insp') ? `svc-insp-${region.short}` : undefined;
        if (kind === 'data') {
            const providers = local.filter((v) => v.kind === 'api');
            const count = Math.min(providers.length, 1 + Math.floor(rng() * 2));
            const chosen = new Set<VpcPlan>();
            while (chosen.size < count) chosen.add(pick(providers));
            for (const prov of chosen) vpc.consumes.push({ service: `svc-${prov.name}`, name: `ep-${prov.name}` });
            // Cross-region consumption of a provider that lists this region (PrivateLink cross-Region connectivity).
            const remote = vpcs.filter((v) => v.kind === 'api' && v.region !== region);
            if (remote.length > 0 && rng() < 0.2) {
                const prov = pick(remote);
                vpc.consumes.push({ service: `svc-${prov.name}`, name: `ep-${prov.name}`, region: prov.region.name });
            }
        }
        if ((kind === 'web' || kind === 'data') && rng() < 0.5) {
            const sameRegion = rng() < 0.85;
            const candidates = vpcs.filter(
                (v) =>
                    (v.kind === 'web' || v.kind === 'data') &&
                    (v.region === region) === sameRegion &&
                    (peerCount.get(v) ?? 0) < 2,
            );
            if (candidates.length > 0) {
                const peer = pick(candidates);
                const key = `${peer.k}-${k}`;
                if (!peered.has(key)) {
                    peered.add(key);
                    const name = `pcx-${peer.k}-${k}`;
                    peerings.push({ name, a: peer, b: vpc });
                    peer.peerRoutes.push({ blocks: vpc.blocks, via: name });
                    vpc.peerRoutes.push({ blocks: peer.blocks, via: name });
                    peerCount.set(peer, (peerCount.get(peer) ?? 0) + 1);
                    peerCount.set(vpc, 1);
                }
            }
        }
        local.push(vpc);
        vpcs.push(vpc);
    }
    return { regions, vpcs, peerings };
}

// ---------------------------------------------------------------------------------------------- rendering

/** One region-level item (a VPC, a TGW, a peering, a private zone): the unit that multi-file output distributes. */
interface Item {
    readonly region: string | undefined;
    readonly lines: readonly string[];
}

function tgwName(region: RegionSpec): string {
    return `tgw-${region.short}`;
}

function peerLines(vpc: VpcPlan): string[] {
    return vpc.peerRoutes.flatMap((p) => p.blocks.map((b) => `${b} -> ${p.via}`));
}

function hosts(
    vpc: VpcPlan,
    keyword: 'instance' | 'eni',
    prefix: string,
    subnet: string,
    cidr: string,
    extra: string,
): string[] {
    const out: string[] = [];
    for (let n = 0; n < vpc.hostsPerSubnet; n++)
        out.push(`${keyword} ${prefix}${n + 1} in ${subnet} ip ${hostIp(cidr, n)}${extra}`);
    return out;
}

function renderVpc(vpc: VpcPlan, plan: Plan): string[] {
    const { k, azs, region } = vpc;
    const tgw = tgwName(region);
    const account = vpc.kind === 'insp' ? 'net' : vpc.kind === 'api' ? 'shared' : 'app';
    const dns = vpc.kind === 'web' || vpc.kind === 'api' || vpc.kind === 'data' ? ' dns-hostnames' : '';
    const body: string[] = [];
    const tgwSubnets = (): string[] => azs.map((az, i) => `subnet tgw-${az} ${tgwSlot(k, i)} az ${az}`);
    const list = (f: (az: string) => string): string => azs.map(f).join(', ');
    switch (vpc.kind) {
        case 'web': {
            body.push('igw igw');
            azs.forEach((az, i) => body.push(`subnet pub-${az} ${slot(k, i)} az ${az}`));
            azs.forEach((az, i) => body.push(`subnet app-${az} ${slot(k, 3 + i)} az ${az} routes rt-app-${az}`));
            body.push(...tgwSubnets());
            azs.forEach((az) => body.push(`nat nat-${az} in pub-${az} eip`));
            body.push(`route-table rt-pub subnets ${list((az) => `pub-${az}`)} {`, '  0.0.0.0/0 -> igw', '}');
            for (const az of azs) {
                // The TGW attachment subnet shares the AZ's table: traffic from other VPCs leaves by the
                // same-AZ NAT (centralized egress, Transit Gateway Guide).
                body.push(
                    `route-table rt-app-${az} subnets tgw-${az} {`,
                    `  0.0.0.0/0 -> nat-${az}`,
                    `  10.0.0.0/8 -> ${tgw}`,
                    `  100.64.0.0/10 -> ${tgw}`,
                );
                body.push(...peerLines(vpc).map((l) => `  ${l}`), '}');
            }
            azs.forEach((az, i) => body.push(...hosts(vpc, 'instance', `web-${az}`, `app-${az}`, slot(k, 3 + i), '')));
            body.push(`endpoint s3 gateway s3 routes ${list((az) => `rt-app-${az}`)}`);
            body.push(`endpoint ssm interface ssm in ${list((az) => `app-${az}`)} private-dns`);
            break;
        }
        case 'api': {
            azs.forEach((az, i) => body.push(`subnet app-${az} ${slot(k, i)} az ${az}`));
            body.push(...tgwSubnets());
            body.push('route-table rt-main main {', `  0.0.0.0/0 -> ${tgw}`, '}');
            const targets: string[] = [];
            azs.forEach((az, i) => {
                const hs = hosts(vpc, 'instance', `api-${az}`, `app-${az}`, slot(k, i), '');
                body.push(...hs);
                for (let n = 0; n < vpc.hostsPerSubnet; n++) targets.push(`api-${az}${n + 1}`);
            });
            body.push(`nlb api in ${list((az) => `app-${az}`)} targets ${targets.join(', ')}`);
            const others = plan.regions.filter((r) => r !== region).map((r) => r.name);
            const regions = others.length > 0 ? ` regions ${others.join(', ')}` : '';
            body.push(
                `endpoint-service svc-${vpc.name} backed-by api acceptance-required allow app, net, shared${regions} private-dns ${vpc.name}.example.com`,
            );
            break;
        }
        case 'data': {
            azs.forEach((az, i) => body.push(`subnet db-${az} ${slot(k, 3 + i)} az ${az}`));
            if (vpc.blocks.length > 1)
                azs.forEach((az, i) => body.push(`subnet batch-${az} ${secondarySlot(k, i)} az ${az}`));
            body.push(...tgwSubnets());
            if (vpc.vgw) body.push('vgw corp', 'prefix-list onprem 192.168.0.0/16, 172.16.0.0/12');
            body.push('route-table rt-private main {', `  0.0.0.0/0 -> ${tgw}`);
            if (vpc.vgw) body.push('  onprem -> corp');
            body.push(...peerLines(vpc).map((l) => `  ${l}`), '}');
            azs.forEach((az, i) => body.push(...hosts(vpc, 'instance', `db-${az}`, `db-${az}`, slot(k, 3 + i), '')));
            if (vpc.blocks.length > 1)
                azs.forEach((az, i) =>
                    body.push(...hosts(vpc, 'eni', `batch-${az}`, `batch-${az}`, secondarySlot(k, i), '')),
                );
            body.push('endpoint ddb gateway dynamodb routes rt-private');
            body.push(`endpoint logs interface logs in ${list((az) => `db-${az}`)} private-dns`);
            for (const c of vpc.consumes) {
                const region = c.region ? ` region ${c.region}` : '';
                body.push(
                    `endpoint ${c.name} interface ${c.service} in ${list((az) => `db-${az}`)}${region} accepted private-dns`,
                );
            }
            break;
        }
        case 'insp': {
            azs.forEach((az, i) => body.push(`subnet appl-${az} ${slot(k, i)} az ${az}`));
            const targets: string[] = [];
            azs.forEach((az, i) => {
                body.push(...hosts(vpc, 'instance', `fw-${az}`, `appl-${az}`, slot(k, i), ' appliance'));
                for (let n = 0; n < vpc.hostsPerSubnet; n++) targets.push(`fw-${az}${n + 1}`);
            });
            body.push(`gwlb fw-gwlb in ${list((az) => `appl-${az}`)} targets ${targets.join(', ')}`);
            body.push(
                `endpoint-service svc-insp-${region.short} backed-by fw-gwlb acceptance-required allow app, net, shared`,
            );
            break;
        }
        case 'shop': {
            body.push('igw igw');
            azs.forEach((az, i) => body.push(`subnet fw-${az} ${slot(k, i)} az ${az}`));
            azs.forEach((az, i) => body.push(`subnet app-${az} ${slot(k, 3 + i)} az ${az} routes rt-app-${az}`));
            if (vpc.inspection) {
                azs.forEach((az) => body.push(`endpoint gwlbe-${az} gwlb ${vpc.inspection} in fw-${az} accepted`));
                body.push('route-table rt-edge edge igw {');
                azs.forEach((az, i) => body.push(`  ${slot(k, 3 + i)} -> gwlbe-${az}`));
                body.push('}');
            }
            body.push(`route-table rt-fw subnets ${list((az) => `fw-${az}`)} {`, '  0.0.0.0/0 -> igw', '}');
            for (const az of azs)
                body.push(
                    `route-table rt-app-${az} {`,
                    `  0.0.0.0/0 -> ${vpc.inspection ? `gwlbe-${az}` : 'igw'}`,
                    '}',
                );
            azs.forEach((az, i) =>
                body.push(...hosts(vpc, 'instance', `shop-${az}`, `app-${az}`, slot(k, 3 + i), ' public-ip')),
            );
            break;
        }
    }
    return [`vpc ${vpc.name} ${vpc.blocks.join(', ')} account ${account}${dns} {`, ...body.map((l) => `  ${l}`), '}'];
}

function renderTgw(region: RegionSpec, vpcs: readonly VpcPlan[]): string[] {
    const attached = vpcs.filter((v) => v.kind === 'web' || v.kind === 'api' || v.kind === 'data');
    if (attached.length === 0) return [];
    const egress = attached.find((v) => v.kind === 'web');
    const lines = [`transit-gateway ${tgwName(region)} account net {`];
    for (const v of attached) {
        const table = v.kind === 'web' ? 'rt-egress' : 'rt-spokes';
        lines.push(
            `  attachment att-${v.name} vpc ${v.name} in ${v.azs.map((az) => `tgw-${az}`).join(', ')} associate ${table} propagate rt-spokes, rt-egress`,
        );
    }
    lines.push('  route-table rt-spokes {');
    if (egress) lines.push(`    0.0.0.0/0 -> att-${egress.name}`);
    lines.push('  }', '  route-table rt-egress', '}');
    return lines;
}

function renderZone(region: RegionSpec, vpcs: readonly VpcPlan[]): string[] {
    const data = vpcs.filter((v) => v.kind === 'data');
    if (data.length === 0) return [];
    const first = data[0];
    return [
        `private-zone corp.${region.short}.internal vpcs ${data.map((v) => v.name).join(', ')} {`,
        `  record db.corp.${region.short}.internal -> ${hostIp(slot(first.k, 3), 0)}`,
        '}',
    ];
}

function render(p: Plan): { header: string[]; regions: RegionSpec[]; items: Item[] } {
    const items: Item[] = [];
    for (const region of p.regions) {
        const vpcs = p.vpcs.filter((v) => v.region === region);
        for (const v of vpcs) items.push({ region: region.name, lines: renderVpc(v, p) });
        for (const pc of p.peerings) {
            if (pc.a.region === region && pc.b.region === region)
                items.push({ region: region.name, lines: [`peering ${pc.name} ${pc.a.name} <-> ${pc.b.name}`] });
        }
        const tgw = renderTgw(region, vpcs);
        if (tgw.length > 0) items.push({ region: region.name, lines: tgw });
        const zone = renderZone(region, vpcs);
        if (zone.length > 0) items.push({ region: region.name, lines: zone });
    }
    // Inter-region peerings stand at top level: their region follows from the VPCs they join.
    for (const pc of p.peerings) {
        if (pc.a.region !== pc.b.region)
            items.push({ region: undefined, lines: [`peering ${pc.name} ${pc.a.name} <-> ${pc.b.name}`] });
    }
    const header = ['// Synthetic topology generated by bench/generate.ts. Do not edit by hand.', ...ACCOUNT_LINES];
    return { header, regions: [...p.regions], items };
}

function assemble(
    header: readonly string[],
    regions: readonly RegionSpec[],
    items: readonly Item[],
    withAzs: boolean,
): string {
    const out = [...header];
    for (const region of regions) {
        const mine = items.filter((i) => i.region === region.name);
        if (mine.length === 0 && !withAzs) continue;
        out.push(`region ${region.name} {`);
        if (withAzs) for (const [s, id] of region.azs) out.push(`  az ${s} = ${id}`);
        for (const item of mine) out.push(...item.lines.map((l) => `  ${l}`));
        out.push('}');
    }
    for (const item of items) if (item.region === undefined) out.push(...item.lines);
    return out.join('\n') + '\n';
}

function lineCount(text: string): number {
    let n = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
}

/** The number of VPCs whose rendering is closest to `lines` (a few secant steps; rendering is cheap). */
function vpcCountFor(lines: number, seed: number): number {
    const target = Math.max(1, lines);
    const size = (n: number): number => {
        const r = render(plan(n, seed));
        return lineCount(assemble(r.header, r.regions, r.items, true));
    };
    let n = Math.max(1, Math.min(MAX_VPCS, Math.round(target / 32)));
    let best = n;
    let bestErr = Infinity;
    const seen = new Set<number>();
    for (let step = 0; step < 8 && !seen.has(n); step++) {
        seen.add(n);
        const got = size(n);
        const err = Math.abs(got - target);
        if (err < bestErr) {
            best = n;
            bestErr = err;
        }
        if (got === target) break;
        const next = Math.max(1, Math.min(MAX_VPCS, Math.round((n * target) / got)));
        n = next === n ? n + (got < target ? 1 : -1) : next;
        if (n < 1 || n > MAX_VPCS) break;
    }
    return best;
}

/** One file of roughly `lines` lines. Same options, same text. */
export function generateTopology(options: GenerateOptions): string {
    const r = render(plan(vpcCountFor(options.lines, options.seed), options.seed));
    return assemble(r.header, r.regions, r.items, true);
}

/**
 * The same estate split over `files` files (uris file:///bench/part-<i>.topo): accounts and AZ declarations in
 * the first, region-level items dealt round-robin. Region blocks merge across files and references cross them.
 */
export function generateTopologyFiles(options: GenerateOptions & { readonly files: number }): GeneratedFile[] {
    const r = render(plan(vpcCountFor(options.lines, options.seed), options.seed));
    const count = Math.max(1, Math.floor(options.files));
    const buckets: Item[][] = Array.from({ length: count }, () => []);
    r.items.forEach((item, i) => buckets[i % count].push(item));
    return buckets.map((items, i) => ({
        uri: `file:///bench/part-${i}.topo`,
        text:
            i === 0
                ? assemble(r.header, r.regions, items, true)
                : assemble([`// Part ${i} of a synthetic topology (bench/generate.ts).`], r.regions, items, false),
    }));
}

/**
 * `count` small files, each one VPC (public and private subnets in two AZs, IGW, a NAT gateway per AZ, three tables,
 * two instances) in its own /24 of 10.0.0.0/8, as a workspace of many small files is written. Every tenth file also
 * peers its VPC with the previous file's (routes both ways), so references cross files. The AZs are declared in the
 * first file only. The estate is clean: it measures checking, not error reporting.
 */
export function generateSmallFiles(count: number): GeneratedFile[] {
    const files: GeneratedFile[] = [];
    const block = (i: number): string => `10.${(i >> 8) & 255}.${i & 255}`;
    for (let i = 0; i < count; i++) {
        const b = block(i);
        const peer = i % 10 === 9 ? i - 1 : i % 10 === 8 && i + 1 < count ? i + 1 : -1;
        const peering = i % 10 === 9 ? `pcx-${i - 1}-${i}` : `pcx-${i}-${i + 1}`;
        const appTable = (az: string): string[] => [
            `    route-table rt-app-${az} {`,
            `      0.0.0.0/0 -> nat-${az}`,
            ...(peer >= 0 ? [`      ${block(peer)}.0/24 -> ${peering}`] : []),
            '    }',
        ];
        const lines = [
            `// Small file ${i} (bench/generate.ts generateSmallFiles).`,
            'region ap-northeast-1 {',
            ...(i === 0 ? ['  az a = apne1-az4', '  az c = apne1-az1'] : []),
            `  vpc v${i} ${b}.0/24 {`,
            '    igw igw',
            `    subnet pub-a ${b}.0/27 az a routes rt-pub`,
            `    subnet pub-c ${b}.32/27 az c routes rt-pub`,
            `    subnet app-a ${b}.64/26 az a routes rt-app-a`,
            `    subnet app-c ${b}.128/26 az c routes rt-app-c`,
            '    nat nat-a in pub-a eip',
            '    nat nat-c in pub-c eip',
            '    route-table rt-pub {',
            '      0.0.0.0/0 -> igw',
            '    }',
            ...appTable('a'),
            ...appTable('c'),
            `    instance web-${i}a in app-a ip ${b}.74`,
            `    instance web-${i}c in app-c ip ${b}.138`,
            '  }',
            ...(i % 10 === 9 ? [`  peering ${peering} v${i - 1} <-> v${i}`] : []),
            '}',
        ];
        files.push({ uri: `file:///bench/small-${i}.topo`, text: lines.join('\n') + '\n' });
    }
    return files;
}
