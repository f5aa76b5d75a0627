/**
 * Values the grammar lets through but AWS would not: an account ID that is not 12 digits, a port outside 0-65535, an
 * AZ that cannot be one, a Region name Topo does not know. Each is reported on its token (model-issues.ts); the
 * model keeps what it can (a bad port is left out of its trace statement).
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { azProblem } from '../../model/az.js';
import type { TopoDiagnostic } from '../../model/diagnostic.js';
import { regionProblem } from '../../net/aws-regions.js';
import { invalidValueIssue, type ValueCode } from './model-issues.js';

/** An AWS account ID is 12 digits, leading zeros included (AWS Account Management Reference, "Account identifiers"). */
const ACCOUNT_ID = /^[0-9]{12}$/;

/** The port a trace asks about, or undefined when the text is no port: a whole number from 0 to 65535. */
export function portNumber(text: string | undefined): number | undefined {
    if (!text || !/^[0-9]{1,5}$/.test(text)) return undefined;
    const n = Number(text);
    return n <= 65535 ? n : undefined;
}

/** The value issues of one document. */
export function valueIssues(model: ast.Model, uri: string): TopoDiagnostic[] {
    const out: TopoDiagnostic[] = [];
    const report = (code: ValueCode, message: string, node: AstNode, prop: string, index = 0): void => {
        const issue = invalidValueIssue(code, message, node, uri, prop, index);
        if (issue) out.push(issue);
    };
    const accountId = (id: string | undefined, node: AstNode): void => {
        if (id !== undefined && !ACCOUNT_ID.test(id))
            report(
                'account-id-invalid',
                `'${id}' is not an AWS account ID: an account ID is exactly 12 digits (leading zeros included).`,
                node,
                'accountId',
            );
    };
    const region = (name: string | undefined, node: AstNode, prop: string, index = 0): void => {
        const problem = name ? regionProblem(name) : undefined;
        if (problem) report('region-unknown', `${problem}.`, node, prop, index);
    };
    const az = (
        written: string | undefined,
        inRegion: string | undefined,
        node: AstNode,
        prop: string,
        form: 'any' | 'name' | 'id' = 'any',
    ): void => {
        const problem = written ? azProblem(written, inRegion, form) : undefined;
        if (problem) report('az-invalid', `${problem}.`, node, prop);
    };
    const endpointService = (m: ast.EndpointService): void => {
        (m.regions ?? []).forEach((r, i) => region(r, m, 'regions', i));
        for (const p of m.principals ?? []) accountId(p.accountId, p);
    };
    const item = (it: ast.RegionItem | ast.AwsService, inRegion: string | undefined): void => {
        if (ast.isVpc(it)) {
            for (const member of it.members ?? []) {
                if (ast.isSubnet(member)) az(member.az, inRegion, member, 'az');
                else if (ast.isEndpoint(member)) region(member.serviceRegion, member, 'serviceRegion');
                else if (ast.isEndpointService(member)) endpointService(member);
            }
        } else if (ast.isEndpointService(it)) endpointService(it);
        else if (ast.isTrace(it) || ast.isExpect(it)) {
            if (it.port !== undefined && portNumber(it.port) === undefined)
                report(
                    'port-invalid',
                    /^[0-9]+$/.test(it.port)
                        ? `Port ${it.port} is out of range: a port is a whole number from 0 to 65535.`
                        : `'${it.port}' is not a port: a port is a whole number from 0 to 65535.`,
                    it,
                    'port',
                );
            az(it.zone, inRegion, it, 'zone');
            region(it.region, it, 'region');
        }
    };
    for (const st of model.statements ?? []) {
        if (ast.isAccount(st)) {
            accountId(st.accountId, st);
            for (const m of st.azMappings ?? []) {
                az(m.azName, undefined, m, 'azName', 'name');
                az(m.azId, undefined, m, 'azId', 'id');
            }
        } else if (ast.isRegion(st)) {
            region(st.name, st, 'name');
            for (const d of st.azs ?? []) {
                az(d.name, st.name, d, 'name', 'name');
                az(d.azId, st.name, d, 'azId', 'id');
            }
            for (const it of st.items ?? []) item(it, st.name);
        } else item(st, undefined);
    }
    return out;
}
