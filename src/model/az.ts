/**
 * AZ names map to AZ IDs differently per account (ap-northeast-1a may be apne1-az4 in one account and
 * apne1-az1 in another); only AZ IDs compare across accounts (RAM User Guide, "AZ IDs").
 * A subnet's `az` may be written as a suffix (`a`), a full name (`ap-northeast-1a`) or an AZ ID (`apne1-az4`).
 */
import { REGION_SHAPE } from '../net/aws-regions.js';
import type { Account, AzRef } from './topology.js';

/**
 * A zone ID: an AZ's `apne1-az4`, a Local Zone's `usw2-lax1-az1` (RAM User Guide, "AZ IDs") or a Wavelength Zone's
 * `use1-wl1-bos-wlz1` (Wavelength Developer Guide, "Available Wavelength Zones").
 */
const AZ_ID = /^[a-z]{2,}[0-9]+(?:-[a-z0-9]+)*-(?:az|wlz)[0-9]+$/;

/** An AZ suffix: one letter after the Region's name (EC2 User Guide, "Availability Zones"). */
const AZ_SUFFIX = /^[a-z]$/;

/**
 * A full zone name: a Region code, then an AZ's letter (`ap-northeast-1a`) or a Local or Wavelength Zone's suffix
 * (`us-west-2-lax-1a`, EC2 User Guide, "Local Zones").
 */
const FULL_ZONE = new RegExp(`^(${REGION_SHAPE.source.slice(1, -1)})([a-z]|-[a-z0-9-]*[a-z0-9])$`);

/**
 * What is wrong with an AZ as written, or undefined when it is one. `any` (a subnet, a trace): a suffix letter, a full
 * name (of `region`, when given) or an AZ ID; `name`: a suffix or full name (an `az` line of a Region), or only a full
 * name without a Region (an account's mapping); `id`: an AZ ID.
 */
export function azProblem(
    written: string,
    region: string | undefined,
    form: 'any' | 'name' | 'id',
): string | undefined {
    const isId = AZ_ID.test(written);
    if (form === 'id') return isId ? undefined : `'${written}' is not an AZ ID: AZ IDs look like apne1-az4 or use1-az1`;
    if (isId)
        return form === 'any' ? undefined : `${written} is an AZ ID; write the AZ's name here (such as us-east-1a)`;
    if (AZ_SUFFIX.test(written))
        return region || form === 'any'
            ? undefined
            : `write the full AZ name (such as us-east-1${written}), not only its letter`;
    const m = FULL_ZONE.exec(written);
    // Inside a region block whose name is no Region code (region-unknown says so), no zone can be judged foreign.
    if (m && region && REGION_SHAPE.test(region) && m[1] !== region)
        return `${written} is a zone of Region ${m[1]}, not of ${region}`;
    if (m) return undefined;
    return `'${written}' is not an Availability Zone: write its letter (a), its full name (ap-northeast-1a) or its AZ ID (apne1-az4)`;
}

export function resolveAz(
    written: string,
    region: string,
    declared: ReadonlyMap<string, AzRef> | undefined,
    account: Account | undefined,
): AzRef {
    let name: string;
    if (AZ_ID.test(written)) {
        const byId = [...(declared?.values() ?? [])].find((a) => a.id === written);
        const fromAccount = account ? Object.entries(account.azIds).find(([, id]) => id === written)?.[0] : undefined;
        name = fromAccount ?? byId?.name ?? written;
        return { name, id: written };
    }
    name = region && !written.startsWith(region) ? `${region}${written}` : written;
    const declaredId = declared?.get(name)?.id;
    const id = account?.azIds[name] ?? declaredId;
    return id ? { name, id } : { name };
}

/** Two AZ refs denote the same zone: by AZ ID when both are known, else by name. */
export function sameAz(a: AzRef | undefined, b: AzRef | undefined): boolean {
    if (!a || !b) return false;
    if (a.id && b.id) return a.id === b.id;
    return a.name === b.name;
}

/** A short label for messages: `ap-northeast-1a (apne1-az4)`. */
export function azLabel(az: AzRef | undefined): string {
    if (!az) return 'an unknown AZ';
    return az.id ? `${az.name} (${az.id})` : az.name;
}
