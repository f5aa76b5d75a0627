/**
 * Rule family: gateway endpoints (S3, DynamoDB). A gateway endpoint is not PrivateLink: it exists only as a
 * prefix-list route in the route tables it is associated with (PrivateLink Guide, "Gateway endpoints"). Each rule names
 * the AWS fact it encodes.
 */
import type { Cidr } from '../net/cidr.js';
import { contains } from '../net/cidr.js';
import type { Endpoint, Id, PrefixList, Route, RouteTable } from '../model/topology.js';
import { defineCheck, type RuleCheck, type RuleContext } from './types.js';

function gatewayEndpoints(ctx: RuleContext): Endpoint[] {
    return ctx.topology.endpoints.filter((e) => e.endpointType === 'gateway');
}

/** The index of a route table in the endpoint's `routes` list, for a precise anchor. */
function tableIndex(ep: Endpoint, tableId: Id<'route-table'>): number {
    return Math.max(0, ep.routeTables.indexOf(tableId));
}

/** Gateway endpoints exist only for S3 and DynamoDB (PrivateLink Guide, "Gateway endpoints"). */
const gatewayEndpointService = defineCheck('gateway-endpoint-service', (ctx) => {
    for (const ep of gatewayEndpoints(ctx)) {
        if (ep.service.kind === 'aws') {
            const svc = ctx.index.get(ep.service.id);
            if (!svc || svc.gateway) continue;
            ctx.report({
                at: { src: ep.src, prop: 'service' },
                message: `Gateway endpoint '${ep.name}' is for '${svc.name}', but gateway endpoints exist only for s3 and dynamodb; use an interface endpoint for '${svc.name}'.`,
                data: { service: svc.name },
            });
        } else if (ep.service.kind === 'endpoint-service') {
            const svc = ctx.index.get(ep.service.id);
            ctx.report({
                at: { src: ep.src, prop: 'service' },
                message: `Gateway endpoint '${ep.name}' targets endpoint service '${svc?.name ?? ep.service.id}', but gateway endpoints exist only for s3 and dynamodb; endpoint services are reached through interface or GWLB endpoints.`,
                related: svc?.src ? [{ src: svc.src, message: `Endpoint service '${svc.name}'.` }] : [],
            });
        }
    }
});

/**
 * A gateway endpoint serves only the service in its VPC's own region: managed prefix lists are per region, and
 * traffic to the same service in another region follows 0.0.0.0/0 (VPC User Guide, gateway endpoints).
 */
const gatewayEndpointRegion = defineCheck('gateway-endpoint-region', (ctx) => {
    for (const ep of gatewayEndpoints(ctx)) {
        if (ep.service.kind !== 'aws') continue;
        const vpc = ctx.index.get(ep.vpc);
        if (!vpc?.region || !ep.serviceRegion || ep.serviceRegion === vpc.region) continue;
        ctx.report({
            at: { src: ep.src, prop: 'serviceRegion' },
            message: `Gateway endpoint '${ep.name}' is for ${ep.service.name} in ${ep.serviceRegion}, but VPC '${vpc.name}' is in ${vpc.region}; a gateway endpoint only serves its own region, because managed prefix lists are per region.`,
            related: vpc.src ? [{ src: vpc.src, message: `VPC '${vpc.name}' is in ${vpc.region}.` }] : [],
            data: { vpcRegion: vpc.region, serviceRegion: ep.serviceRegion },
        });
    }
});

/**
 * AWS allows several gateway endpoints for one service in a VPC, but not two for the same service in one route
 * table: the table would need two routes to the same managed prefix list (PrivateLink Guide, "Gateway endpoints",
 * considerations).
 */
const gatewayEndpointDuplicate = defineCheck('gateway-endpoint-duplicate', (ctx) => {
    // key: table + service + region -> the first endpoint that claimed it
    const first = new Map<string, Endpoint>();
    for (const ep of gatewayEndpoints(ctx)) {
        if (ep.service.kind !== 'aws') continue;
        for (const tableId of ep.routeTables) {
            const key = `${tableId}|${ep.service.id}|${ep.serviceRegion}`;
            const other = first.get(key);
            if (!other) {
                first.set(key, ep);
                continue;
            }
            const table = ctx.index.get(tableId);
            ctx.report({
                at: { src: ep.src, prop: 'routeTables', index: tableIndex(ep, tableId) },
                message: `Gateway endpoints '${other.name}' and '${ep.name}' are both for ${ep.service.name} and both associated with route table '${table?.name ?? tableId}'; a route table can hold only one route per service prefix list.`,
                related: other.src
                    ? [
                          {
                              src: other.src,
                              prop: 'routeTables',
                              index: tableIndex(other, tableId),
                              message: `Gateway endpoint '${other.name}' already serves ${ep.service.name} in this table.`,
                          },
                      ]
                    : [],
            });
        }
    }
});

/**
 * The gateway endpoint's route is a prefix-list route, and routes are chosen by longest prefix first; for an
 * identical prefix a static route beats a prefix-list route. A user route inside a list entry therefore takes
 * that part of the service away from the endpoint. AWS's example: 54.123.165.0/24 -> igw beats the S3 entry
 * 54.123.160.0/19 (VPC User Guide, "Route priority").
 */
const gatewayEndpointOverridden = defineCheck('gateway-endpoint-overridden', (ctx) => {
    for (const table of ctx.topology.routeTables) {
        const gatewayRoutes = table.routes.filter(
            (r) => r.origin === 'gateway-endpoint' && r.destination.kind === 'prefix-list',
        );
        if (gatewayRoutes.length === 0) continue;
        for (const route of table.routes) {
            if (route.origin !== 'static' || !route.src) continue;
            for (const [block, prop, index] of userBlocks(ctx, route)) {
                // A prefix-list entry inside the VPC's range yields to the local route: it takes nothing from the
                // endpoint (the route lookup's answer, the tracer's too).
                if (ctx.engine.lookup.localOver(table, route, block)) continue;
                const hit = coveringEntry(ctx, gatewayRoutes, block, route);
                if (!hit) continue;
                const { endpoint, list, entry } = hit;
                const exact = entry.first === block.first && entry.last === block.last;
                const what =
                    route.destination.kind === 'prefix-list'
                        ? `${ctx.index.get(route.destination.prefixList)?.name ?? 'prefix list'} (entry ${block.canonical})`
                        : block.canonical;
                ctx.report({
                    at: { src: route.src, prop, index },
                    message: `Route ${what} -> ${targetLabel(ctx, route)} in '${table.name}' is ${exact ? 'identical to' : 'more specific than'} entry ${entry.canonical} of ${list.name}, so it wins over gateway endpoint '${endpoint.name}' and sends that part of ${list.managed?.service ?? 'the service'} elsewhere (longest prefix first, then static over prefix list).`,
                    related: endpoint.src
                        ? [
                              {
                                  src: endpoint.src,
                                  prop: 'routeTables',
                                  index: tableIndex(endpoint, table.id),
                                  message: `Gateway endpoint '${endpoint.name}' adds ${list.name} to '${table.name}'.`,
                              },
                          ]
                        : [],
                    data: { entry: entry.canonical, prefixList: list.name, endpoint: endpoint.id },
                });
                break;
            }
        }
    }
});

/** The blocks a static user route stands for: its CIDR, or each entry of a user prefix list. */
function userBlocks(ctx: RuleContext, route: Route): Array<[Cidr, string, number | undefined]> {
    if (route.destination.kind === 'cidr') return [[route.destination.cidr, 'cidr', undefined]];
    const pl = ctx.index.get(route.destination.prefixList);
    if (!pl || pl.managed) return [];
    return pl.entries.map((e) => [e, 'prefixList', undefined]);
}

function coveringEntry(
    ctx: RuleContext,
    gatewayRoutes: readonly Route[],
    block: Cidr,
    route: Route,
): { endpoint: Endpoint; list: PrefixList; entry: Cidr } | undefined {
    for (const gw of gatewayRoutes) {
        if (gw.destination.kind !== 'prefix-list' || gw.target.kind !== 'element') continue;
        if (gw.target.elementKind !== 'endpoint') continue; // always: derived-facts adds these routes
        // A hand-written route to the endpoint itself is route-gateway-endpoint-manual's business.
        if (route.target.kind === 'element' && route.target.id === gw.target.id) continue;
        const list = ctx.index.get(gw.destination.prefixList);
        const endpoint = ctx.index.get(gw.target.id);
        if (!list || !endpoint) continue;
        // Only a block inside an entry wins by LPM; a broader one (0.0.0.0/0) loses to the entry.
        const entry = list.entries.find((e) => contains(e, block));
        if (entry) return { endpoint, list, entry };
    }
    return undefined;
}

function targetLabel(ctx: RuleContext, route: Route): string {
    if (route.target.kind === 'local') return 'local';
    if (route.target.kind === 'blackhole') return 'blackhole';
    return ctx.index.get(route.target.id)?.name ?? route.target.id;
}

/**
 * A gateway endpoint carries traffic only for subnets whose route table holds its prefix-list route (VPC User
 * Guide, gateway endpoints). With no such subnet it does nothing.
 */
const gatewayEndpointUnused = defineCheck('gateway-endpoint-unused', (ctx) => {
    for (const ep of gatewayEndpoints(ctx)) {
        const tables = ep.routeTables.map((id) => ctx.index.get(id)).filter((t): t is RouteTable => !!t);
        if (tables.length !== ep.routeTables.length) continue; // unresolved tables: the linker reports them
        if (tables.some((t) => t.subnets.length > 0)) continue;
        ctx.report({
            at: { src: ep.src, prop: tables.length > 0 ? 'routeTables' : undefined },
            message:
                tables.length === 0
                    ? `Gateway endpoint '${ep.name}' is associated with no route table, so no subnet uses it; a gateway endpoint works only through the route tables it is associated with.`
                    : `Gateway endpoint '${ep.name}' is associated only with ${tables.map((t) => `'${t.name}'`).join(', ')}, which no subnet uses, so no traffic reaches it.`,
        });
    }
});

export const gatewayEndpointsRules = [
    gatewayEndpointService,
    gatewayEndpointRegion,
    gatewayEndpointDuplicate,
    gatewayEndpointOverridden,
    gatewayEndpointUnused,
] as const satisfies readonly RuleCheck[];
