/**
 * AZ columns and tier rows of a VPC. Columns follow the region's AZ order and are keyed by AZ ID when it is
 * known (AZ names differ per account; the ID is the physical zone, so columns of two accounts' VPCs line up
 * by zone). Rows are tiers: `public-a` and `public-c` are the same tier in two AZs, so they share a row and
 * line up across the columns. A name's tier is the name without its AZ suffix (`-a`, `_c`, `1a` -> `1`);
 * when names follow no such convention, the n-th subnet of every column forms row n.
 */
import type * as T from '../model/topology.js';

interface AzColumn {
    /** AZ ID, else AZ name, else empty (no AZ). */
    readonly key: string;
    readonly az?: T.AzRef;
    /** One entry per row: the subnet in that row, or undefined for a gap. */
    readonly rows: ReadonlyArray<T.Subnet | undefined>;
}

function azKey(az: T.AzRef | undefined): string {
    return az ? (az.id ?? az.name) : '';
}

/** The subnet's tier: its name without the AZ suffix, or its own name when it has none. */
function tierOf(s: T.Subnet): string {
    const letter = s.az?.name.slice(-1);
    if (!letter || !/[a-z]/.test(letter)) return s.name;
    const m = new RegExp(`^(.*?)(?:[-_.]${letter}|([0-9])${letter})$`).exec(s.name);
    return m ? `${m[1]}${m[2] ?? ''}` : s.name;
}

export function azColumns(subnets: readonly T.Subnet[], region: T.Region | undefined): AzColumn[] {
    const order = new Map<string, number>();
    region?.azs.forEach((az, i) => {
        order.set(az.name, i);
        if (az.id) order.set(az.id, i);
    });
    const groups = new Map<string, { az?: T.AzRef; subnets: T.Subnet[] }>();
    for (const s of subnets) {
        const key = azKey(s.az);
        const g = groups.get(key);
        if (g) g.subnets.push(s);
        else groups.set(key, { az: s.az, subnets: [s] });
    }
    const rank = (az: T.AzRef | undefined): number => {
        if (!az) return Number.MAX_SAFE_INTEGER;
        return order.get(az.id ?? '') ?? order.get(az.name) ?? Number.MAX_SAFE_INTEGER - 1;
    };
    const keys = [...groups.entries()].sort(
        ([ka, a], [kb, b]) => rank(a.az) - rank(b.az) || (ka < kb ? -1 : ka > kb ? 1 : 0),
    );
    const columns = keys.map(([key, g]) => ({ key, az: g.az, subnets: g.subnets }));
    const longest = Math.max(0, ...columns.map((c) => c.subnets.length));
    // Tiers by name; unique per column (a second subnet of one tier gets its own row).
    const tierKeys = columns.map((c) => {
        const seen = new Map<string, number>();
        return c.subnets.map((s) => {
            const base = tierOf(s);
            const n = seen.get(base) ?? 0;
            seen.set(base, n + 1);
            return n === 0 ? base : `${base}#${n}`;
        });
    });
    const tiers = orderTiers(
        tierKeys,
        subnets.map((s) => tierOf(s)),
    );
    // Names without a shared tier would give one row per subnet: then rows are simply positions.
    const byTier = columns.length > 1 && tiers.length <= Math.ceil(longest * 1.5);
    const rowCount = byTier ? tiers.length : longest;
    return columns.map((c, ci) => {
        const rows: Array<T.Subnet | undefined> = new Array<T.Subnet | undefined>(rowCount).fill(undefined);
        c.subnets.forEach((s, i) => {
            rows[byTier ? tiers.indexOf(tierKeys[ci][i]) : i] = s;
        });
        return { key: c.key, az: c.az, rows };
    });
}

/**
 * One order of tiers that keeps every column's own top-to-bottom order (a topological sort of the columns'
 * sequences); among tiers free to go next, the one declared first. Columns that disagree (a cycle) keep the
 * declaration order for what is left.
 */
function orderTiers(columns: readonly (readonly string[])[], declared: readonly string[]): string[] {
    const all = [...new Set(columns.flat())];
    const rank = (t: string): number => {
        const i = declared.indexOf(t.split('#')[0]);
        return (i < 0 ? declared.length : i) * 1000 + Number(t.split('#')[1] ?? 0);
    };
    const after = new Map<string, Set<string>>(all.map((t) => [t, new Set<string>()]));
    const before = new Map<string, number>(all.map((t) => [t, 0]));
    for (const col of columns) {
        for (let i = 1; i < col.length; i++) {
            const set = after.get(col[i - 1])!;
            if (!set.has(col[i])) {
                set.add(col[i]);
                before.set(col[i], before.get(col[i])! + 1);
            }
        }
    }
    const out: string[] = [];
    const left = new Set(all);
    while (left.size > 0) {
        const ready = [...left].filter((t) => before.get(t) === 0);
        const next = (ready.length > 0 ? ready : [...left]).sort((a, b) => rank(a) - rank(b))[0];
        out.push(next);
        left.delete(next);
        for (const t of after.get(next)!) before.set(t, before.get(t)! - 1);
    }
    return out;
}
