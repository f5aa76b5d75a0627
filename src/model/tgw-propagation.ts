/**
 * Propagated routes in TGW route tables. Each attachment that propagates into a table installs its VPC's
 * blocks. When a block is identical to, or overlaps, one already propagated there by another attachment,
 * AWS does not propagate it (Transit Gateway Guide, "Route propagation": overlapping CIDRs). We keep it in
 * `suppressed` so that the tgw-cidr-overlap rule and the tracer can explain it.
 */
import { overlaps } from '../net/cidr.js';
import type { Element, TgwAttachment, TgwRoute, TgwRouteTable } from './topology.js';
import { elementOf } from './topology-index.js';

type MutableTable = {
    -readonly [K in keyof TgwRouteTable]: TgwRouteTable[K] extends readonly (infer E)[] ? E[] : TgwRouteTable[K];
};

export function materialiseTgwRoutes(
    tables: readonly TgwRouteTable[],
    attachments: readonly TgwAttachment[],
    byId: Readonly<Record<string, Element>>,
): void {
    for (const table of tables as MutableTable[]) {
        const propagated: TgwRoute[] = [];
        const owner = new Map<TgwRoute, TgwAttachment['id']>();
        for (const att of attachments) {
            if (att.tgw !== table.tgw || !att.propagations.includes(table.id)) continue;
            const vpc = elementOf(byId, att.vpc);
            for (const cidr of vpc?.cidrs ?? []) {
                const clash = propagated.find((r) => owner.get(r) !== att.id && overlaps(r.cidr, cidr));
                if (clash) {
                    table.suppressed.push({ attachment: att.id, cidr, conflictsWith: owner.get(clash) ?? '' });
                    continue;
                }
                const route: TgwRoute = { cidr, target: { kind: 'attachment', id: att.id }, origin: 'propagated' };
                owner.set(route, att.id);
                propagated.push(route);
            }
        }
        table.routes = [...table.routes, ...propagated];
    }
}
