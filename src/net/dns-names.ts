/**
 * DNS names as Route 53 compares them: case-insensitive, without a trailing dot (Route 53 Developer Guide,
 * "DNS domain name format"). A private zone's record may be written relative to its zone (`db`) or in full
 * (`db.corp.internal`); both name `db.corp.internal`.
 */

/** The name in the form names are compared in: lower case, no trailing dot. */
export function normalDnsName(name: string): string {
    const lower = name.toLowerCase();
    return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Whether `name` is the zone's apex or lies below it (`db.corp.internal` in `corp.internal`). */
export function inDnsZone(name: string, zone: string): boolean {
    const n = normalDnsName(name);
    const z = normalDnsName(zone);
    return n === z || n.endsWith(`.${z}`);
}

/** A record's full name: as written when it already ends in the zone's name, else `<record>.<zone>`. */
export function recordFqdn(record: string, zone: string): string {
    return inDnsZone(record, zone) ? record : `${record}.${zone}`;
}
