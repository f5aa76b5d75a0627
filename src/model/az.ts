/**
 * AZ names map to AZ IDs differently per account (ap-northeast-1a may be apne1-az4 in one account and
 * apne1-az1 in another); only AZ IDs compare across accounts (RAM User Guide, "AZ IDs").
 * A subnet's `az` may be written as a suffix (`a`), a full name (`ap-northeast-1a`) or an AZ ID (`apne1-az4`).
 */
import type { Account, AzRef } from './topology.js';

const AZ_ID = /^[a-z]{2,}[0-9]+-az[0-9]+$/;

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
