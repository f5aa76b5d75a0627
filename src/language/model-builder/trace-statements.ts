/** `trace` and `expect` statements -> TraceStatement, given how the model builder names referenced elements. */
import type { NodeId } from './ast-ids.js';
import { elementRef } from '../../model/ids.js';
import * as ast from '../generated/ast.js';
import type { AstNode, Reference } from 'langium';
import type { Mutable } from '../../model/derived-facts.js';
import { recordFqdn } from '../../net/dns-names.js';
import { portNumber } from './value-issues.js';
import type * as T from '../../model/topology.js';

interface StatementContext {
    refId<N extends AstNode>(ref: Reference<N> | undefined): NodeId<N> | undefined;
    refIds<N extends AstNode>(refs: ReadonlyArray<Reference<N>> | undefined): NodeId<N>[];
    src(node: AstNode): T.Src | undefined;
    /** The address if it is a valid IPv4 one, else reported and undefined. */
    ip(text: string | undefined, node: AstNode, prop: string): string | undefined;
}

/**
 * A private zone's record stands for its full DNS name, a zone for its apex: the tracer asks the client's VPC
 * resolver for the name, which any zone associated with the client's VPC may answer, not only the one linked to.
 */
function dnsNameOf(ref: Reference<ast.Traceable> | undefined): string | undefined {
    let target: ast.Traceable | undefined;
    try {
        target = ref?.ref;
    } catch {
        return undefined;
    }
    if (ast.isDnsRecord(target) && target.name && target.$container.name)
        return recordFqdn(target.name, target.$container.name);
    if (ast.isPrivateZone(target) && target.name) return target.name;
    return undefined;
}

/** The `n`-th statement of the workspace (ids count statements in document order). */
export function traceStatement(
    m: ast.Trace | ast.Expect,
    region: string | undefined,
    n: number,
    ctx: StatementContext,
): T.TraceStatement {
    const end = (e: ast.TraceEnd | undefined): T.TraceEndRef => {
        if (!e || e.internet) return { kind: 'internet' };
        // An address that is no IPv4 one (`10.0.0.300`, an IPv6 one) is reported (ctx.ip) and ends nowhere.
        if (e.ip) {
            const ip = ctx.ip(e.ip, e, 'ip');
            return ip ? { kind: 'ip', ip } : { kind: 'unresolved', text: e.ip };
        }
        const name = dnsNameOf(e.ref);
        if (name) return { kind: 'dns', name };
        const id = ctx.refId(e.ref);
        return id ? elementRef(id) : { kind: 'unresolved', text: e.ref?.$refText ?? '' };
    };
    const statement: Mutable<T.TraceStatement> = {
        id: `trace:${n}`,
        statement: ast.isExpect(m) ? 'expect' : 'trace',
        from: end(m.from),
        to: end(m.to),
        src: ctx.src(m),
    };
    // A port that is none (value-issues.ts reports it) is left out: the trace then asks about any port.
    const port = portNumber(m.port);
    if (port !== undefined) statement.port = port;
    if (m.zone) statement.zone = m.zone;
    if (m.region) statement.serviceRegion = m.region;
    if (region) statement.region = region;
    if (ast.isExpect(m)) {
        statement.expect = {
            verdict: m.blocked ? 'blocked' : 'reachable',
            via: ctx.refIds(m.via),
            ...(m.reason ? { reason: m.reason } : {}),
        };
    }
    return statement;
}
