/**
 * Quick fix for asymmetric-inspection: point the return route at the GWLBE that saw the request, or add the
 * missing return route (GWLB User Guide: a flow's reply must pass the same endpoint;
 * docs/rules/asymmetric-inspection.md).
 */
import * as ast from '../../src/language/generated/ast.js';
import type { DiagnosticData } from '../../src/rules/diagnostic-data.js';
import { action, indentOf, nodeOfId, replace, type Fix } from './fix-context.js';

export const fixReturnRoute: Fix<DiagnosticData['asymmetric-inspection']> = (ctx) => {
    if ('retarget' in ctx.data) {
        const retarget = ctx.data.retarget;
        const current = ctx.document.textDocument.getText(ctx.diagnostic.range);
        if (!current || current === retarget) return [];
        return [
            action(
                ctx,
                `Point the return route at ${retarget}`,
                { [ctx.document.uri.toString()]: [replace(ctx.diagnostic.range, retarget)] },
                true,
            ),
        ];
    }
    const add = ctx.data.addRoute;
    const found = nodeOfId(ctx, add.table, ast.isRouteTable);
    if (!found) return [];
    const { node: table, document } = found;
    const line = `${add.destination} -> ${add.target}`;
    const cst = table.$cstNode;
    if (!cst) return [];
    const close = cst.text.endsWith('}') ? document.textDocument.positionAt(cst.end - 1) : undefined;
    const indent = indentOf(document, table);
    const edit = close
        ? lastRouteInsert(document, table, indent, line, close)
        : { range: { start: cst.range.end, end: cst.range.end }, newText: ` {\n${indent}  ${line}\n${indent}}` };
    return [action(ctx, `Add route ${line} to ${table.name}`, { [document.uri.toString()]: [edit] }, true)];
};

function lastRouteInsert(
    document: Parameters<typeof indentOf>[0],
    table: ast.RouteTable,
    indent: string,
    line: string,
    close: { line: number; character: number },
) {
    const last = table.routes.at(-1);
    if (last?.$cstNode) {
        const at = last.$cstNode.range.end;
        return { range: { start: at, end: at }, newText: `\n${indentOf(document, last)}${line}` };
    }
    // An empty block `{ }` or `{\n}`: put the route on its own line before the brace.
    return { range: { start: close, end: close }, newText: `\n${indent}  ${line}\n${indent}` };
}
