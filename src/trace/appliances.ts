/**
 * Instances that forward traffic: appliances (source/destination check off) with one or several network interfaces,
 * and NAT instances (EC2 User Guide, "Elastic network interfaces"; VPC User Guide, "NAT instances").
 *  - A device is an instance with its interfaces: its primary ENI (the instance's own subnet and address) and the
 *    ENIs attached to it (`eni … attach`), each its own address in its own subnet. An ENI attached to nothing is a
 *    device of one interface. A route to an instance is a route to its primary ENI (in AWS the route names that
 *    ENI's id: CreateRoute takes an instance id only for an instance with exactly one ENI).
 *  - A packet a device receives leaves by the interface whose subnet holds the destination; else, when the device
 *    has two interfaces, by the one it did not arrive on (a firewall between an untrust and a trust side); else by
 *    the primary. It then follows that interface's subnet route table, as every ENI-based hop does.
 *  - A NAT instance replaces the source with the address of the interface it leaves by (the internet gateway then
 *    maps that address to the interface's public IP) and keeps the mapping; a reply to that address is translated
 *    back to the client and forwarded by the same rule.
 * The hop names the device, whichever interface the packet used, so that the symmetry check (trace-request.ts) sees
 * one appliance on both legs of a flow.
 */
import { containsIp, formatIp } from '../net/cidr.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type * as T from '../model/topology.js';
import type { TraceEngine } from './engine.js';
import { hostHop } from './hops.js';
import type { Hop } from './types.js';

/** How a device handles one packet: the hop to show, the device, and the interface the packet leaves by. */
interface Forwarding {
    readonly hop: Hop;
    readonly device: T.Host;
    readonly out: T.Host;
}

interface Addresses {
    src: number;
    dst: number;
}

/** The instance an ENI is attached to, else the host itself. */
function deviceOf(index: TopologyIndex, host: T.Host): T.Host {
    return index.get(host.attachedTo) ?? host;
}

/** The primary interface first (the device itself), then the attached ENIs, those with a subnet only. */
function interfacesOf(index: TopologyIndex, device: T.Host): T.Host[] {
    const attached = index.enisByInstance.get(device.id) ?? [];
    return [device, ...attached].filter((h) => h.subnet);
}

function egress(index: TopologyIndex, device: T.Host, arrivedOn: T.Host, dst: number): T.Host {
    const all = interfacesOf(index, device);
    const holding = all.find((h) => {
        const cidr = index.get(h.subnet)?.cidr;
        return cidr !== undefined && containsIp(cidr, dst);
    });
    if (holding) return holding;
    if (all.length === 2 && all.some((h) => h.id === arrivedOn.id)) return all.find((h) => h.id !== arrivedOn.id)!;
    return all[0] ?? device;
}

function interfaceText(index: TopologyIndex, device: T.Host, arrivedOn: T.Host, out: T.Host): string {
    if (interfacesOf(index, device).length < 2) return '';
    const subnet = index.get(out.subnet)?.name;
    return `; in on ${arrivedOn.name}, out on ${out.name}${subnet ? ` (${subnet})` : ''}`;
}

/**
 * A packet routed to `arrivedOn` (an instance or one of its ENIs, an appliance: the walker has dropped what a
 * source/destination check would): where it leaves, and a NAT instance's source.
 */
export function forwardThrough(
    engine: TraceEngine,
    translations: Map<string, number>,
    packet: Addresses,
    arrivedOn: T.Host,
): Forwarding {
    const index = engine.index;
    const device = deviceOf(index, arrivedOn);
    const out = egress(index, device, arrivedOn, packet.dst);
    const base = hostHop(device, 'appliance', undefined);
    let what = base.detail;
    if (device.sourceNat) {
        const own = engine.plan.privateIp(out.id);
        if (own !== undefined) {
            translations.set(device.id, packet.src);
            packet.src = own;
            what = `NAT instance: source becomes ${formatIp(own)}`;
        }
    }
    return { hop: { ...base, detail: what + interfaceText(index, device, arrivedOn, out) }, device, out };
}

/**
 * A packet delivered to an address of `owner` that a NAT instance put there as a source: the reply, translated back
 * to the client. Undefined when `owner` is no NAT instance or translated nothing for this flow.
 */
export function translateBack(
    engine: TraceEngine,
    translations: ReadonlyMap<string, number>,
    packet: Addresses,
    owner: T.Host,
): Forwarding | undefined {
    const index = engine.index;
    const device = deviceOf(index, owner);
    const original = device.sourceNat ? translations.get(device.id) : undefined;
    if (original === undefined) return undefined;
    packet.dst = original;
    const out = egress(index, device, owner, original);
    return {
        hop: {
            ...hostHop(device, 'appliance', undefined),
            detail: `NAT instance: translates the reply back to ${formatIp(original)}${interfaceText(index, device, owner, out)}`,
        },
        device,
        out,
    };
}
