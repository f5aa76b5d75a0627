/**
 * Run-time checks of the `data` a quick fix reads. The types come from DiagnosticData (src/rules/diagnostic-data.ts),
 * but the data arrives over LSP as JSON, possibly from an older server or edited by a client: each check returns
 * the typed data, or undefined when it is malformed (the fix is then not offered). JSON drops `undefined`, so an
 * optional or `| undefined` field may be absent.
 */
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import type { AzRef } from '../../src/model/topology.js';
import { parseIdOf } from '../../src/model/ids.js';

/** The data of a diagnostic as a fix receives it, or undefined: malformed. */
export type DataCheck<D> = (raw: unknown) => { readonly data: D } | undefined;

type Json = Readonly<Record<string, unknown>>;

function isObject(u: unknown): u is Json {
    return typeof u === 'object' && u !== null && !Array.isArray(u);
}

function isString(u: unknown): u is string {
    return typeof u === 'string';
}

function isArrayOf<T>(u: unknown, is: (x: unknown) => x is T): u is readonly T[] {
    return Array.isArray(u) && u.every((x) => is(x));
}

function isAzRef(u: unknown): u is AzRef {
    return isObject(u) && isString(u['name']) && (u['id'] === undefined || isString(u['id']));
}

function optionalString(u: unknown): u is string | undefined {
    return u === undefined || isString(u);
}

/** For a code that carries no data: the fix reads none, so anything (or nothing) will do. */
export const noData: DataCheck<undefined> = () => ({ data: undefined });

export const cidrNotCanonicalData: DataCheck<DiagnosticData['cidr-not-canonical']> = (raw) =>
    isObject(raw) && isString(raw['canonical']) ? { data: { canonical: raw['canonical'] } } : undefined;

export const singleAzData: DataCheck<DiagnosticData['interface-endpoint-single-az']> = (raw) => {
    if (!isObject(raw)) return undefined;
    const missingAzs = raw['missingAzs'];
    return isArrayOf(missingAzs, isAzRef) ? { data: { missingAzs } } : undefined;
};

const DNS_ATTRIBUTES: ReadonlySet<unknown> = new Set(['dns-support', 'dns-hostnames']);

function isDnsAttribute(u: unknown): u is 'dns-support' | 'dns-hostnames' {
    return DNS_ATTRIBUTES.has(u);
}

export const privateDnsData: DataCheck<DiagnosticData['private-dns-needs-vpc-dns']> = (raw) => {
    if (!isObject(raw)) return undefined;
    const { missing, insert } = raw;
    const vpc = isString(raw['vpc']) ? parseIdOf(raw['vpc'], 'vpc') : undefined;
    if (!vpc || !isArrayOf(missing, isDnsAttribute)) return undefined;
    if (insert === undefined) return { data: { vpc, missing } };
    if (!isObject(insert) || !isString(insert['uri']) || !isString(insert['text'])) return undefined;
    const position = insert['position'];
    if (!isObject(position)) return undefined;
    const { line, character } = position;
    if (typeof line !== 'number' || typeof character !== 'number') return undefined;
    return {
        data: { vpc, missing, insert: { uri: insert['uri'], position: { line, character }, text: insert['text'] } },
    };
};

export const gwlbeMissingData: DataCheck<DiagnosticData['gwlbe-missing-in-az']> = (raw) => {
    if (!isObject(raw)) return undefined;
    const { az, azId, service, vpc, subnets } = raw;
    return isString(az) && optionalString(azId) && isString(service) && isString(vpc) && isArrayOf(subnets, isString)
        ? { data: { az, azId, service, vpc, subnets } }
        : undefined;
};

export const asymmetricData: DataCheck<DiagnosticData['asymmetric-inspection']> = (raw) => {
    if (!isObject(raw)) return undefined;
    const { retarget, addRoute } = raw;
    if (isString(retarget)) return { data: { retarget } };
    if (!isObject(addRoute)) return undefined;
    const { destination, target } = addRoute;
    const table = isString(addRoute['table']) ? parseIdOf(addRoute['table'], 'route-table') : undefined;
    return table && isString(destination) && isString(target)
        ? { data: { addRoute: { table, destination, target } } }
        : undefined;
};

/** The candidates that are strings (the fix offers the qualified ones among them). */
export const ambiguousData: DataCheck<DiagnosticData['ambiguous-reference']> = (raw) => {
    if (!isObject(raw)) return undefined;
    const candidates = raw['candidates'];
    return Array.isArray(candidates) ? { data: { candidates: candidates.filter((c) => isString(c)) } } : undefined;
};
