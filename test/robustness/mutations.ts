/**
 * Text mutations for the robustness test. Each takes the text and a seeded PRNG and returns a new text;
 * together they cover what half-typed, pasted, corrupted or machine-made files look like: cut files,
 * lost and repeated lines, tokens out of place, binary and exotic Unicode, unbalanced braces, enormous
 * names and lines, and pathological repetition.
 */

export type Rng = () => number;

export interface Mutation {
    readonly name: string;
    apply(text: string, rng: Rng): string;
}

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <X>(rng: Rng, xs: readonly X[]): X => xs[int(rng, xs.length)];

const KEYWORDS = [
    'account',
    'id',
    'az',
    'region',
    'vpc',
    'dns-support',
    'no-dns-support',
    'dns-hostnames',
    'subnet',
    'routes',
    'igw',
    'vgw',
    'nat',
    'in',
    'regional',
    'private',
    'eip',
    'instance',
    'eni',
    'ip',
    'public-ip',
    'appliance',
    'route-table',
    'main',
    'edge',
    'subnets',
    'local',
    'blackhole',
    'propagated',
    'dx',
    'vpn-static',
    'vpn-bgp',
    'prefix-list',
    'endpoint',
    'interface',
    'gateway',
    'gwlb',
    'private-dns',
    'inbound-only',
    'accepted',
    'policy',
    'sg',
    'aws-service',
    'cross-region',
    'dns',
    'nlb',
    'alb',
    'cross-zone',
    'targets',
    'endpoint-service',
    'backed-by',
    'acceptance-required',
    'allow',
    'regions',
    'peering',
    'pending',
    'transit-gateway',
    'attachment',
    'appliance-mode',
    'associate',
    'propagate',
    'private-zone',
    'vpcs',
    'alias',
    'record',
    '{',
    '}',
    '->',
    '<->',
    ',',
    '=',
    '*',
];

const WEIRD = [
    '\u0000',
    '\u0001',
    '\u0007',
    '\u0008',
    '\u000b',
    '\u000c',
    '\u001b',
    '\u007f',
    '\u0080',
    '\u00ff',
    '\u00a0',
    '\r',
    '\t',
    '\u200b',
    '\u200d',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\ufffd',
    '\uffff',
    '\u202e',
    '\ud800',
    '\udfff',
    'é',
    'ß',
    'İ',
    '日本語',
    '🚀',
    '👩‍💻',
    'e\u0301',
    '\u{10ffff}',
    '"',
    '"unterminated',
    '/*',
    '*/',
    '//',
    '#',
    '/',
    '.',
    '-',
    '\\',
    '10.0.0.0/8',
    '1.2.3.4',
    '999.999.999.999/99',
    '0',
    '123456789012345678901234567890',
];

const CIDRS = [
    '999.1.1.1/8',
    '10.0.0.0/33',
    '10.0.0.0/0',
    '0.0.0.0/0',
    '255.255.255.255/32',
    '10.0.1.7/24',
    '169.254.0.0/16',
    '172.17.0.0/16',
    '10.0.0.0/8',
    '00.00.00.00/00',
    '1.2.3.4/99',
];

function lines(text: string): string[] {
    return text.split('\n');
}

/** Tokens and the separators between them, so that a join restores the text. */
function tokens(text: string): string[] {
    return text.split(/(\s+|[{},=*])/).filter((t) => t !== '');
}

function isWord(t: string): boolean {
    return !/^\s*$/.test(t);
}

function wordIndexes(ts: readonly string[]): number[] {
    const out: number[] = [];
    ts.forEach((t, i) => {
        if (isWord(t)) out.push(i);
    });
    return out;
}

function names(text: string): string[] {
    return [...new Set(text.match(/[A-Za-z_][A-Za-z0-9_.-]*[A-Za-z0-9_]/g) ?? [])];
}

function insertAt(text: string, offset: number, s: string): string {
    return text.slice(0, offset) + s + text.slice(offset);
}

/** The line range of one braced block that starts on a line ending with `{`, e.g. a whole VPC. */
function someBlock(ls: readonly string[], rng: Rng): [number, number] | undefined {
    const starts = ls.map((l, i) => (l.trimEnd().endsWith('{') ? i : -1)).filter((i) => i >= 0);
    if (starts.length === 0) return undefined;
    const start = pick(rng, starts);
    let depth = 0;
    for (let i = start; i < ls.length; i++) {
        for (const ch of ls[i]) {
            if (ch === '{') depth++;
            else if (ch === '}') depth--;
        }
        if (depth <= 0) return [start, i];
    }
    return [start, ls.length - 1];
}

export const MUTATIONS: readonly Mutation[] = [
    { name: 'truncate', apply: (t, r) => t.slice(0, int(r, t.length + 1)) },
    {
        name: 'truncate-mid-token',
        apply: (t, r) =>
            t.slice(0, int(r, t.length + 1)) + pick(r, ['10.0.', 'vpc', 'subnet a 10', '->', '{', '"ab', '/*']),
    },
    {
        name: 'delete-lines',
        apply: (t, r) => {
            const ls = lines(t);
            for (let n = 1 + int(r, 5); n > 0 && ls.length > 0; n--) ls.splice(int(r, ls.length), 1 + int(r, 3));
            return ls.join('\n');
        },
    },
    {
        name: 'duplicate-lines',
        apply: (t, r) => {
            const ls = lines(t);
            const start = int(r, ls.length);
            const chunk = ls.slice(start, start + 1 + int(r, 10));
            ls.splice(int(r, ls.length + 1), 0, ...chunk);
            return ls.join('\n');
        },
    },
    {
        name: 'shuffle-lines',
        apply: (t, r) => {
            const ls = lines(t);
            const whole = r() < 0.2;
            const start = whole ? 0 : int(r, ls.length);
            const end = whole ? ls.length : Math.min(ls.length, start + 2 + int(r, 20));
            for (let i = end - 1; i > start; i--) {
                const j = start + int(r, i - start + 1);
                [ls[i], ls[j]] = [ls[j], ls[i]];
            }
            return ls.join('\n');
        },
    },
    {
        name: 'swap-tokens',
        apply: (t, r) => {
            const ts = tokens(t);
            const words = wordIndexes(ts);
            if (words.length < 2) return t + ' }';
            for (let n = 1 + int(r, 4); n > 0; n--) {
                const a = pick(r, words);
                const b = pick(r, words);
                [ts[a], ts[b]] = [ts[b], ts[a]];
            }
            return ts.join('');
        },
    },
    {
        name: 'replace-with-keyword',
        apply: (t, r) => {
            const ts = tokens(t);
            const words = wordIndexes(ts);
            if (words.length === 0) return pick(r, KEYWORDS);
            for (let n = 1 + int(r, 5); n > 0; n--) ts[pick(r, words)] = pick(r, KEYWORDS);
            return ts.join('');
        },
    },
    {
        name: 'rename-reference',
        apply: (t, r) => {
            // A name in the wrong place: a subnet of another VPC, a NAT where a route table is expected, ...
            const ns = names(t);
            if (ns.length < 2) return t + '\nvpc';
            const ts = tokens(t);
            const words = wordIndexes(ts).filter((i) => ns.includes(ts[i]));
            for (let n = 1 + int(r, 4); n > 0 && words.length > 0; n--) ts[pick(r, words)] = pick(r, ns);
            return ts.join('');
        },
    },
    {
        name: 'insert-garbage',
        apply: (t, r) => {
            let out = t;
            for (let n = 1 + int(r, 20); n > 0; n--) out = insertAt(out, int(r, out.length + 1), pick(r, WEIRD));
            return out;
        },
    },
    {
        name: 'insert-binary',
        apply: (t, r) => {
            const bytes = Array.from({ length: 1 + int(r, 200) }, () => String.fromCharCode(int(r, 256))).join('');
            return insertAt(t, int(r, t.length + 1), bytes);
        },
    },
    {
        name: 'random-unicode',
        apply: (t, r) => {
            // Any UTF-16 code unit, lone surrogates included.
            const s = Array.from({ length: 1 + int(r, 50) }, () => String.fromCharCode(int(r, 0x10000))).join('');
            return insertAt(t, int(r, t.length + 1), s);
        },
    },
    {
        name: 'insert-keywords',
        apply: (t, r) => {
            let out = t;
            for (let n = 1 + int(r, 10); n > 0; n--)
                out = insertAt(out, int(r, out.length + 1), ` ${pick(r, KEYWORDS)} `);
            return out;
        },
    },
    {
        name: 'delete-braces',
        apply: (t, r) => {
            const mode = int(r, 3);
            if (mode === 0) return t.replace(/\{/g, '');
            if (mode === 1) return t.replace(/\}/g, '');
            return t.replace(/[{}]/g, (m) => (r() < 0.5 ? '' : m));
        },
    },
    {
        name: 'mangle-cidrs',
        apply: (t, r) => t.replace(/\d+\.\d+\.\d+\.\d+(\/\d+)?/g, (m) => (r() < 0.3 ? pick(r, CIDRS) : m)),
    },
    {
        name: 'mangle-digits',
        apply: (t, r) => t.replace(/\d/g, (d) => (r() < 0.05 ? String(int(r, 10)) + (r() < 0.3 ? '9' : '') : d)),
    },
    {
        name: 'huge-name',
        apply: (t, r) => {
            const ns = names(t);
            const huge =
                r() < 0.5
                    ? 'n'.repeat(5_000 + int(r, 20_000))
                    : Array.from({ length: 2_000 }, (_, i) => `p${i}`).join('.');
            if (ns.length === 0) return `vpc ${huge} 10.0.0.0/16`;
            const victim = pick(r, ns);
            // Every occurrence, so that references to it stay linked and the long name travels everywhere.
            return t.split(victim).join(huge);
        },
    },
    {
        name: 'long-line',
        apply: (t, r) => {
            const unit = pick(r, [
                'subnet s 10.0.0.0/24 az a ',
                'a, ',
                '10.0.0.0/16 -> igw ',
                '{ ',
                '} ',
                'instance i in s ip 10.0.0.1 ',
                '-> ',
            ]);
            const line = unit.repeat(200 + int(r, 600));
            const ls = lines(t);
            ls.splice(int(r, ls.length + 1), 0, r() < 0.5 ? `  nlb big in a targets ${line}` : line);
            return ls.join('\n');
        },
    },
    {
        name: 'long-list',
        apply: (t, r) => {
            // Comma lists are where a rule may loop over pairs: many targets, subnets, principals.
            const n = 200 + int(r, 1_000);
            const ns = names(t);
            const item = (i: number): string => (ns.length > 0 && r() < 0.5 ? pick(r, ns) : `x${i}`);
            const list = Array.from({ length: n }, (_, i) => item(i)).join(', ');
            const ls = lines(t);
            const what = pick(r, [
                `nlb big in ${list}`,
                `nlb big in a targets ${list}`,
                `endpoint-service big backed-by ${list} allow ${list}`,
                `route-table big subnets ${list}`,
            ]);
            ls.splice(int(r, ls.length + 1), 0, what);
            return ls.join('\n');
        },
    },
    {
        name: 'repeat-block',
        apply: (t, r) => {
            const ls = lines(t);
            const block = someBlock(ls, r);
            if (!block) return (t + '\n').repeat(20);
            const chunk = ls.slice(block[0], block[1] + 1);
            const times = 10 + int(r, 30);
            ls.splice(block[1] + 1, 0, ...Array.from({ length: times }, () => chunk).flat());
            return ls.join('\n');
        },
    },
    {
        name: 'deep-nesting',
        apply: (t, r) => {
            const opener = pick(r, ['{', 'vpc x 10.0.0.0/16 {', 'region r {', 'route-table t {', '/*', '"']);
            return insertAt(t, int(r, t.length + 1), `${opener}\n`.repeat(100 + int(r, 500)));
        },
    },
    {
        name: 'line-endings',
        apply: (t, r) => t.replace(/\n/g, () => pick(r, ['\r\n', '\r', '\n', '\u2028', '\n\n'])),
    },
    {
        name: 'strip-whitespace',
        apply: (t, r) => t.replace(/[ \t]+/g, (m) => (r() < 0.3 ? '' : m)),
    },
    {
        name: 'empty-or-blank',
        apply: (_t, r) =>
            pick(r, ['', ' ', '\n\n\n', '{', '}', 'region', 'vpc', '// only a comment', '/* open comment', '\u0000']),
    },
];
