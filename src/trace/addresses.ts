/**
 * The address plan a trace needs: every host, endpoint ENI and NAT gateway gets an IPv4 address in its
 * subnet (the written one, else the next free one after AWS's reserved first four), and hosts with a public
 * IP get a public address. An ALB or NLB has a node in each of its subnets (one per enabled AZ) with a private
 * address, taken from the top of the subnet so that adding a load balancer moves no other address, and an
 * internet-facing one's nodes get public addresses too (ELB User Guide, "Load balancer scheme").
 * Deterministic: the same topology always gives the same plan.
 */
import { type Cidr, parseIp } from '../net/cidr.js';
import { PrefixTrie } from '../net/prefix-trie.js';
import type { TopologyIndex } from '../model/topology-index.js';
import type { AzRef, Endpoint, Host, Id, LoadBalancer, Nat, Subnet, Topology } from '../model/topology.js';

export type AddressOwner =
    | { readonly kind: 'host'; readonly id: Host['id']; readonly subnet: Id<'subnet'> }
    | { readonly kind: 'endpoint-eni'; readonly id: Id<'endpoint'>; readonly subnet: Id<'subnet'>; readonly az?: AzRef }
    | { readonly kind: 'nat'; readonly id: Id<'nat'>; readonly subnet?: Id<'subnet'> }
    | {
          readonly kind: 'lb-node';
          readonly id: Id<'load-balancer'>;
          readonly subnet: Id<'subnet'>;
          readonly az?: AzRef;
      };

/**
 * Public addresses handed out to hosts that have `public-ip` without a written address (RFC 5737 TEST-NET-3 is for
 * docs; this is 198.18.0.0/15, benchmarking).
 */
const AUTO_PUBLIC_BASE = parseIpOrThrow('198.18.0.10');
/** EIPs of NAT gateways without a written address. */
const AUTO_EIP_BASE = parseIpOrThrow('198.19.0.10');
/** Public addresses of internet-facing load balancer nodes. */
const AUTO_LB_BASE = parseIpOrThrow('198.19.128.10');

/**
 * What one VPC's private allocation takes, in the plan's order: hosts (written addresses first), NATs, ENIs, load
 * balancer nodes.
 */
interface VpcClaims {
    readonly hosts: Array<readonly [Host, Subnet]>;
    readonly nats: Array<readonly [Nat, Subnet]>;
    readonly enis: Array<readonly [Endpoint, Subnet, AzRef | undefined]>;
    readonly lbNodes: Array<readonly [LoadBalancer, Subnet]>;
}

/**
 * Private addresses are allocated per VPC, when a trace first asks about one: a subnet's addresses depend only on
 * what sits in that subnet, so the answer is the same as allocating everything at once in the same order, and a
 * check whose traces touch a fifth of the VPCs allocates a fifth. Public addresses are numbered across the whole
 * topology, at once.
 */
/** RFC 5737 TEST-NET-3: documentation space, never an address a topology means as its own. */
const INTERNET_PEER = 0xcb00710a; // 203.0.113.10

export class AddressPlan {
    /** Private address by element id (hosts, NATs) or `<endpoint id>@<subnet id>` for endpoint ENIs. */
    private readonly privateIps = new Map<string, number>();
    private readonly publicIps = new Map<Id, number>();
    /** Public addresses of internet-facing load balancer nodes, by `<load balancer id>@<subnet id>`. */
    private readonly lbPublicIps = new Map<string, number>();
    private readonly owners = new Map<Id<'vpc'>, Map<number, AddressOwner>>();
    private readonly publicOwners = new Map<number, AddressOwner>();
    private readonly subnetTries = new Map<Id<'vpc'>, PrefixTrie<Subnet>>();
    /** Addresses taken per subnet id (hosts, NAT gateways, endpoint ENIs). */
    private readonly used = new Map<Id<'subnet'>, Set<number>>();
    /** Per VPC (of the subnets), the claims not yet allocated; deleted once allocated. */
    private readonly pending = new Map<Id<'vpc'>, VpcClaims>();
    /** Which VPCs' allocations can add owners to a VPC (an element's VPC is its subnet's, as scoping ensures). */
    private readonly ownerSources = new Map<Id<'vpc'>, Set<Id<'vpc'>>>();
    /** The VPC whose allocation gives an element id its private address. */
    private readonly vpcOfId = new Map<Id, Id<'vpc'>>();

    constructor(
        topology: Topology,
        private readonly index: TopologyIndex,
    ) {
        const claims = (subnet: Subnet, ownerVpc: Id<'vpc'>): VpcClaims => {
            let c = this.pending.get(subnet.vpc);
            if (!c) this.pending.set(subnet.vpc, (c = { hosts: [], nats: [], enis: [], lbNodes: [] }));
            let sources = this.ownerSources.get(ownerVpc);
            if (!sources) this.ownerSources.set(ownerVpc, (sources = new Set()));
            sources.add(subnet.vpc);
            return c;
        };
        // Written addresses first, so automatic ones never collide with them.
        const hosts = [...topology.hosts].sort((a, b) => Number(!a.ip) - Number(!b.ip));
        for (const h of hosts) {
            const subnet = index.get(h.subnet);
            if (!subnet) continue;
            claims(subnet, h.vpc).hosts.push([h, subnet]);
            this.vpcOfId.set(h.id, subnet.vpc);
        }
        for (const n of topology.nats) {
            const subnet = index.get(n.subnet);
            if (!subnet) continue;
            claims(subnet, n.vpc).nats.push([n, subnet]);
            this.vpcOfId.set(n.id, subnet.vpc);
        }
        for (const ep of topology.endpoints) {
            for (const eni of ep.enis) {
                const subnet = index.get(eni.subnet);
                if (subnet) claims(subnet, ep.vpc).enis.push([ep, subnet, eni.az]);
            }
        }
        // A GWLB's nodes are reached only through its endpoints: they need no address here.
        const lbs = topology.loadBalancers.filter((lb) => lb.lbType !== 'gwlb');
        for (const lb of lbs) {
            for (const s of lb.subnets) {
                const subnet = index.get(s);
                if (subnet?.cidr) claims(subnet, lb.vpc).lbNodes.push([lb, subnet]);
            }
        }
        // Public addresses, numbered in the same order: a host gets one only when it got its private address.
        let nextPublic = AUTO_PUBLIC_BASE;
        for (const h of hosts) {
            if (!h.publicIp) continue;
            if (this.privateIp(h.id) === undefined) continue;
            const pub = h.publicAddress ? parseIp(h.publicAddress) : undefined;
            const value = pub?.ok ? pub.value : nextPublic++;
            this.publicIps.set(h.id, value);
            this.publicOwners.set(value, { kind: 'host', id: h.id, subnet: h.subnet! });
        }
        let nextEip = AUTO_EIP_BASE;
        for (const n of topology.nats) {
            if (n.connectivity !== 'public' || !(n.eip || n.regional)) continue;
            const pub = n.eipAddress ? parseIp(n.eipAddress) : undefined;
            const value = pub?.ok ? pub.value : nextEip++;
            this.publicIps.set(n.id, value);
            this.publicOwners.set(value, { kind: 'nat', id: n.id, subnet: index.get(n.subnet)?.id });
        }
        let nextLb = AUTO_LB_BASE;
        for (const lb of lbs) {
            if (lb.scheme !== 'internet-facing') continue;
            for (const s of lb.subnets) {
                const subnet = index.get(s);
                if (!subnet?.cidr) continue;
                const value = nextLb++;
                this.lbPublicIps.set(`${lb.id}@${subnet.id}`, value);
                this.publicOwners.set(value, { kind: 'lb-node', id: lb.id, subnet: subnet.id, az: subnet.az });
            }
        }
    }

    /** Allocates the private addresses of the subnets of `vpc`, once. */
    private allocate(vpc: Id<'vpc'> | undefined): void {
        const c = vpc === undefined ? undefined : this.pending.get(vpc);
        if (!c) return;
        this.pending.delete(vpc!);
        for (const [h, subnet] of c.hosts) {
            const ip = this.take(subnet, h.ip);
            if (ip === undefined) continue;
            this.privateIps.set(h.id, ip);
            this.addOwner(h.vpc, ip, { kind: 'host', id: h.id, subnet: subnet.id });
        }
        for (const [n, subnet] of c.nats) {
            const ip = this.take(subnet);
            if (ip === undefined) continue;
            this.privateIps.set(n.id, ip);
            this.addOwner(n.vpc, ip, { kind: 'nat', id: n.id, subnet: subnet.id });
        }
        for (const [ep, subnet, az] of c.enis) {
            const ip = this.take(subnet);
            if (ip === undefined) continue;
            this.privateIps.set(`${ep.id}@${subnet.id}`, ip);
            this.addOwner(ep.vpc, ip, { kind: 'endpoint-eni', id: ep.id, subnet: subnet.id, az });
        }
        for (const [lb, subnet] of c.lbNodes) {
            const ip = this.takeFromTop(subnet);
            if (ip === undefined) continue;
            this.privateIps.set(`${lb.id}@${subnet.id}`, ip);
            this.addOwner(lb.vpc, ip, { kind: 'lb-node', id: lb.id, subnet: subnet.id, az: subnet.az });
        }
    }

    /** The highest free address below the subnet's reserved last one. */
    private takeFromTop(subnet: Subnet): number | undefined {
        if (!subnet.cidr) return undefined;
        let set = this.used.get(subnet.id);
        if (!set) this.used.set(subnet.id, (set = new Set<number>()));
        for (let ip = subnet.cidr.last - 1; ip >= subnet.cidr.first + 4; ip--) {
            if (!set.has(ip)) {
                set.add(ip);
                return ip;
            }
        }
        return undefined;
    }

    /** The written address if it parses, else the next free one after the reserved first four. */
    private take(subnet: Subnet, wanted?: string): number | undefined {
        if (!subnet.cidr) return undefined;
        let set = this.used.get(subnet.id);
        if (!set) this.used.set(subnet.id, (set = new Set<number>()));
        const parsed = wanted ? parseIp(wanted) : undefined;
        if (parsed?.ok) {
            set.add(parsed.value);
            return parsed.value;
        }
        for (let ip = subnet.cidr.first + 4; ip < subnet.cidr.last; ip++) {
            if (!set.has(ip)) {
                set.add(ip);
                return ip;
            }
        }
        return undefined;
    }

    private addOwner(vpc: Id<'vpc'>, ip: number, owner: AddressOwner): void {
        let m = this.owners.get(vpc);
        if (!m) this.owners.set(vpc, (m = new Map<number, AddressOwner>()));
        m.set(ip, owner);
    }

    privateIp(id: Id): number | undefined {
        this.allocate(this.vpcOfId.get(id));
        return this.privateIps.get(id);
    }

    eniIp(endpointId: Id<'endpoint'>, subnetId: Id<'subnet'>): number | undefined {
        this.allocate(this.index.get(subnetId)?.vpc);
        return this.privateIps.get(`${endpointId}@${subnetId}`);
    }

    publicIp(id: Id): number | undefined {
        return this.publicIps.get(id);
    }

    /** The private address of a load balancer's node in one of its subnets. */
    lbNodeIp(lb: Id<'load-balancer'>, subnet: Id<'subnet'>): number | undefined {
        this.allocate(this.index.get(subnet)?.vpc);
        return this.privateIps.get(`${lb}@${subnet}`);
    }

    /** The public address of an internet-facing load balancer's node; undefined for an internal one. */
    lbNodePublicIp(lb: Id<'load-balancer'>, subnet: Id<'subnet'>): number | undefined {
        return this.lbPublicIps.get(`${lb}@${subnet}`);
    }

    /** The private address of whatever holds an address: a host, a NAT gateway, an endpoint ENI, a node. */
    privateIpOf(owner: AddressOwner): number | undefined {
        if (owner.kind === 'lb-node') return this.lbNodeIp(owner.id, owner.subnet);
        if (owner.kind === 'endpoint-eni') return this.eniIp(owner.id, owner.subnet);
        return this.privateIp(owner.id);
    }

    /** Its public address, if it has one. */
    publicIpOf(owner: AddressOwner): number | undefined {
        return owner.kind === 'lb-node' ? this.lbNodePublicIp(owner.id, owner.subnet) : this.publicIp(owner.id);
    }

    ownerIn(vpc: Id<'vpc'>, ip: number): AddressOwner | undefined {
        for (const source of this.ownerSources.get(vpc) ?? []) this.allocate(source);
        return this.owners.get(vpc)?.get(ip);
    }

    /**
     * The address that stands for "the internet" as a peer: 203.0.113.10 (RFC 5737 TEST-NET-3), or the next address
     * after it that no element of the topology holds as its public address (an EIP may be written as 203.0.113.10).
     */
    get internetPeer(): number {
        let ip = INTERNET_PEER;
        while (this.publicOwners.has(ip)) ip++;
        return ip;
    }

    publicOwner(ip: number): AddressOwner | undefined {
        return this.publicOwners.get(ip);
    }

    subnetOf(vpc: Id<'vpc'>, ip: number): Subnet | undefined {
        let trie = this.subnetTries.get(vpc);
        if (!trie) {
            trie = new PrefixTrie<Subnet>();
            for (const s of this.index.subnetsByVpc.get(vpc) ?? []) if (s.cidr) trie.insert(s.cidr, s);
            this.subnetTries.set(vpc, trie);
        }
        return trie.longestMatch(ip)?.values[0];
    }

    /** A representative address for a subnet with no host of its own: the first one after the reserved four. */
    static representative(cidr: Cidr): number {
        return Math.min(cidr.first + 4, cidr.last);
    }

    /**
     * An address for "an ENI in this subnet" that no endpoint ENI or NAT gateway of the plan holds, so that a
     * trace to or from a subnet is not mistaken for one to the endpoint or NAT that shares it.
     */
    freeAddress(subnetId: Id<'subnet'>, cidr: Cidr): number {
        this.allocate(this.index.get(subnetId)?.vpc);
        const taken = this.used.get(subnetId);
        for (let ip = cidr.first + 4; ip < cidr.last; ip++) if (!taken?.has(ip)) return ip;
        return AddressPlan.representative(cidr);
    }
}

function parseIpOrThrow(text: string): number {
    const r = parseIp(text);
    if (!r.ok) throw new Error(`internal: bad address ${text}`);
    return r.value;
}
