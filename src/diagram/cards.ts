/**
 * What each node says: title, subtitle and hover text per kind, and the size of a card from its text.
 * Text is kept raw here; the SVG renderer escapes it.
 */
import type * as T from '../model/topology.js';
import { CARD, FONT, HEADER } from './layout-options.js';
import { textWidth } from './text-metrics.js';
import type { NodeKind } from './types.js';

export interface NodeText {
    readonly title: string;
    readonly subtitle?: string;
    readonly tooltip: string;
}

const LB_NAMES: Readonly<Record<T.LbType, string>> = { nlb: 'NLB', gwlb: 'GWLB', alb: 'ALB' };

export function cardSize(text: NodeText): { width: number; height: number } {
    const t = Math.min(
        CARD.maxTextWidth,
        Math.max(textWidth(text.title, FONT.title, true), text.subtitle ? textWidth(text.subtitle, FONT.subtitle) : 0),
    );
    return { width: Math.max(CARD.minWidth, CARD.padX + CARD.glyph + CARD.gap + t + CARD.padX), height: CARD.height };
}

/** The least width a container needs for its header text. */
export function headerWidth(kind: 'region' | 'vpc' | 'az' | 'subnet', text: NodeText): number {
    const h = HEADER[kind];
    if (kind === 'vpc') {
        const title = textWidth(text.title, FONT.header, true) + CARD.glyph + CARD.gap;
        return h.pad * 2 + Math.max(title, text.subtitle ? textWidth(text.subtitle, FONT.headerSmall) : 0);
    }
    const size = kind === 'region' ? FONT.header : FONT.headerSmall;
    const sub = text.subtitle ? 8 + textWidth(text.subtitle, FONT.subtitle) : 0;
    return h.pad * 2 + textWidth(text.title, size, true) + sub;
}

function accountLabel(t: T.Topology, accountId: string | undefined): string | undefined {
    if (!accountId) return undefined;
    const a = t.accounts.find((x) => x.accountId === accountId);
    return a ? `account ${a.name}` : `account ${accountId}`;
}

export function regionText(name: string): NodeText {
    return { title: `region ${name}`, tooltip: `region ${name}` };
}

export function vpcText(t: T.Topology, v: T.Vpc): NodeText {
    const cidrs = v.cidrs.map((c) => c.text).join(', ');
    const account = accountLabel(t, v.account);
    const subtitle = [cidrs, account].filter(Boolean).join(' · ');
    const dns = `DNS support ${v.dnsSupport ? 'on' : 'off'}, DNS hostnames ${v.dnsHostnames ? 'on' : 'off'}`;
    return { title: v.name, subtitle, tooltip: `VPC ${v.name}\n${subtitle}\n${dns}` };
}

export function azText(az: T.AzRef | undefined): NodeText {
    if (!az) return { title: 'no AZ', tooltip: 'subnets whose AZ is not known' };
    return { title: az.name, subtitle: az.id, tooltip: az.id ? `AZ ${az.name} (AZ ID ${az.id})` : `AZ ${az.name}` };
}

export function subnetText(t: T.Topology, s: T.Subnet): NodeText {
    const cidr = s.cidr ? s.cidr.text : 'no CIDR';
    const rt = t.byId[s.routeTable];
    return {
        title: s.name,
        subtitle: cidr,
        tooltip: `subnet ${s.name} ${cidr}${rt ? `\nroute table ${rt.name}` : ''}`,
    };
}

export function hostText(h: T.Host): NodeText {
    const what = h.appliance ? 'appliance' : h.kind;
    const pub = h.publicAddress ?? (h.publicIp || h.eip ? 'public IP' : undefined);
    const subtitle = [h.ip, pub && h.publicAddress ? h.publicAddress : pub].filter(Boolean).join(' · ') || what;
    return {
        title: h.name,
        subtitle,
        tooltip: `${what} ${h.name}${h.ip ? `\nprivate ${h.ip}` : ''}${pub ? `\n${pub === 'public IP' ? 'has a public IP' : `public ${pub}`}` : ''}`,
    };
}

export function natText(n: T.Nat): NodeText {
    const kind = `${n.regional ? 'regional' : 'zonal'} ${n.connectivity} NAT`;
    const eip = n.eipAddress ?? (n.eip ? 'EIP' : undefined);
    return {
        title: n.name,
        subtitle: `NAT · ${n.connectivity}`,
        tooltip: `${kind} gateway ${n.name}${eip ? `\n${eip}` : ''}`,
    };
}

function serviceName(t: T.Topology, ref: T.ServiceRef): string {
    if (ref.kind === 'aws') return ref.name;
    if (ref.kind === 'endpoint-service') return t.byId[ref.id]?.name ?? ref.id;
    return ref.text;
}

export function endpointText(t: T.Topology, e: T.Endpoint, az?: T.AzRef): NodeText {
    const svc = serviceName(t, e.service);
    const type = e.endpointType === 'gwlb' ? 'GWLBE' : e.endpointType;
    const flags = [
        e.privateDns ? 'private DNS' : '',
        e.accepted ? '' : e.endpointType === 'gateway' ? '' : 'not accepted',
    ].filter(Boolean);
    return {
        title: e.name,
        subtitle: `${type} → ${svc}`,
        tooltip: `${e.endpointType} endpoint ${e.name} → ${svc}${az ? `\nENI in ${az.name}` : ''}${flags.length ? `\n${flags.join(', ')}` : ''}`,
    };
}

export function tgwEniText(t: T.Topology, a: T.TgwAttachment): NodeText {
    const tgw = t.byId[a.tgw]?.name ?? a.tgw;
    return {
        title: a.name,
        subtitle: `TGW att. → ${tgw}`,
        tooltip: `transit gateway attachment ${a.name} → ${tgw}${a.applianceMode ? '\nappliance mode' : ''}`,
    };
}

export function gatewayText(g: T.Igw | T.Vgw): NodeText {
    const what = g.kind === 'igw' ? 'internet gateway' : 'virtual private gateway';
    return { title: g.name, subtitle: what, tooltip: `${what} ${g.name}` };
}

export function lbText(lb: T.LoadBalancer): NodeText {
    const type = LB_NAMES[lb.lbType];
    const facing = lb.scheme === 'internet-facing' ? ' · internet-facing' : '';
    const subtitle = `${type}${facing}${lb.crossZone ? ' · cross-zone' : ''}`;
    const lambdas = lb.targets.flatMap((t) => (t.kind === 'lambda' ? [t.function] : []));
    return {
        title: lb.name,
        subtitle,
        tooltip: `${type} ${lb.name} (${lb.lbType === 'gwlb' ? 'GWLB' : lb.scheme})\nAZs ${lb.azs.map((a) => a.name).join(', ') || 'none'}${lb.crossZone ? '\ncross-zone on' : ''}${lambdas.length ? `\nLambda targets ${lambdas.join(', ')}` : ''}`,
    };
}

export function onPremisesText(t: T.Topology, n: T.OnPremises): NodeText {
    const via = n.vgws.map((g) => t.byId[g]?.name ?? g).join(', ');
    return {
        title: n.name,
        subtitle: 'on-premises',
        tooltip: `on-premises network ${n.name}\n${n.cidrs.map((c) => c.canonical).join(', ') || 'no blocks'}\nvia ${via || 'no VGW'}`,
    };
}

export function endpointServiceText(s: T.EndpointService): NodeText {
    const backing = s.backing === 'none' ? 'no load balancer' : `${s.backing.toUpperCase()}-backed`;
    const extras = [
        s.acceptanceRequired ? 'acceptance required' : '',
        s.privateDnsName ? `private DNS ${s.privateDnsName}` : '',
    ].filter(Boolean);
    return {
        title: s.name,
        subtitle: `endpoint service · ${backing}`,
        tooltip: `endpoint service ${s.name} (${backing})${extras.length ? `\n${extras.join('\n')}` : ''}`,
    };
}

export function awsServiceText(s: T.AwsService, region: string): NodeText {
    return {
        title: s.name,
        subtitle: `AWS service · ${region}`,
        tooltip: `AWS service ${s.name} in ${region}\n${s.dns.replace('{region}', region)}`,
    };
}

export function tgwText(g: T.TransitGateway): NodeText {
    return {
        title: g.name,
        subtitle: 'transit gateway',
        tooltip: `transit gateway ${g.name}\n${g.attachments.length} attachment(s)`,
    };
}

export const INTERNET_TEXT: NodeText = { title: 'internet', subtitle: 'public addresses', tooltip: 'the internet' };

/** The kind of card a host is drawn as. */
export function hostKind(h: T.Host): NodeKind {
    return h.appliance ? 'appliance' : h.kind;
}
