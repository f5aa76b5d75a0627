/**
 * Hover: what the element under the cursor means for the network, computed from the whole-workspace
 * Topology. Subnets and hosts show their resolved routes; endpoints their DNS answers; CIDRs their range and
 * overlaps; trace and expect statements their verdict and hops. Anything else gets a one-line summary.
 */
import type { AstNode, CstNode, LangiumDocument, LeafCstNode, MaybePromise } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from '../../src/language/generated/ast.js';
import type { TopoAnalysis } from '../../src/language/topo-analysis.js';
import type { TopoServices } from '../../src/language/topo-module.js';
import { astElementId } from '../../src/language/model-builder/ast-ids.js';
import type { Element } from '../../src/model/topology.js';
import { runStatement } from '../../src/trace/statements.js';
import { cidrHover, type CidrOwner } from './cidr-hover.js';
import { endpointHover } from './endpoint-hover.js';
import { code, md } from './markdown.js';
import { hostHover, routeHover, subnetHover } from './route-hover.js';
import { traceHover } from './trace-hover.js';
import { traceStatementAt } from '../trace-statements.js';
import type { WorkspaceAnalysis } from '../../src/language/topo-analysis.js';

export class TopoHoverProvider implements HoverProvider {
    private readonly analysis: TopoAnalysis;
    private readonly services: TopoServices;

    constructor(services: TopoServices) {
        this.services = services;
        this.analysis = services.topo.Analysis;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): MaybePromise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf =
            CstUtils.findLeafNodeAtOffset(root, offset) ??
            (offset > 0 ? CstUtils.findLeafNodeAtOffset(root, offset - 1) : undefined);
        if (!leaf || leaf.hidden) return undefined;
        const value = this.contentFor(leaf, this.analysis.current());
        return value ? { contents: { kind: 'markdown', value }, range: leaf.range } : undefined;
    }

    private contentFor(leaf: LeafCstNode, analysis: WorkspaceAnalysis): string | undefined {
        const statement = AstUtils.getContainerOfType(
            leaf.astNode,
            (n): n is ast.Trace | ast.Expect => ast.isTrace(n) || ast.isExpect(n),
        );
        if (statement) return this.traceContent(statement, analysis);
        const route = this.routeAt(leaf, analysis);
        if (route) return route;
        if (leaf.tokenType?.name === 'CIDR')
            return cidrHover(analysis.topology, analysis.index, leaf.text, this.cidrOwner(leaf.astNode, analysis));
        const target = this.declarationAt(leaf);
        if (!target) return undefined;
        const id = astElementId(target);
        const element = id ? analysis.index.get(id) : undefined;
        return element ? this.elementContent(element, analysis) : undefined;
    }

    /** On a route's destination, arrow or `local`/`blackhole`: the route's standing in its table. */
    private routeAt(leaf: LeafCstNode, a: WorkspaceAnalysis): string | undefined {
        const node = leaf.astNode;
        if (!ast.isRoute(node)) return undefined;
        // On the target's name (or its kind word, `nat:n-a`), the target's own hover.
        const target = node.target?.$refNode;
        if (target && leaf.offset >= target.offset && leaf.end <= target.end) return undefined;
        const tableNode = node.$container;
        const id = tableNode ? astElementId(tableNode) : undefined;
        const table = id ? a.index.get(id) : undefined;
        const start = node.$cstNode?.range.start;
        const route = table?.routes.find(
            (r) => r.src?.range.start.line === start?.line && r.src?.range.start.character === start?.character,
        );
        if (!table || !route) return undefined;
        const hover = routeHover(a.topology, a.index, table, route);
        if (leaf.tokenType?.name !== 'CIDR') return hover;
        return `${hover}\n\n---\n\n${cidrHover(a.topology, a.index, leaf.text, { kind: 'other', what: 'Route' })}`;
    }

    private declarationAt(leaf: CstNode): AstNode | undefined {
        try {
            return this.services.references.References.findDeclarations(leaf)[0];
        } catch {
            return undefined;
        }
    }

    private elementContent(e: Element, a: WorkspaceAnalysis): string {
        switch (e.kind) {
            case 'subnet':
                return subnetHover(a.topology, a.index, e);
            case 'instance':
            case 'eni':
                return hostHover(a.topology, a.index, e);
            case 'endpoint':
                return endpointHover(a.topology, a.index, e);
            case 'vpc': {
                const v = e;
                const dns = `DNS support ${v.dnsSupport ? 'on' : 'off'}, DNS hostnames ${v.dnsHostnames ? 'on' : 'off'}`;
                return [
                    `**vpc** ${code(v.name)} in ${code(v.region)}`,
                    `${v.cidrs.map((c) => code(c.canonical)).join(', ')} · ${v.subnets.length} subnets · ${dns}`,
                ].join('\n\n');
            }
            default:
                return `**${md(e.kind)}** ${code(e.name)}`;
        }
    }

    private cidrOwner(node: AstNode, a: WorkspaceAnalysis): CidrOwner {
        const id = astElementId(node);
        const element = id ? a.index.get(id) : undefined;
        if (element?.kind === 'vpc') return { kind: 'vpc', vpc: element };
        if (element?.kind === 'subnet') return { kind: 'subnet', subnet: element };
        return { kind: 'other', what: node.$type };
    }

    private traceContent(node: ast.Trace | ast.Expect, a: WorkspaceAnalysis): string | undefined {
        const uri = AstUtils.getDocument(node).uri.toString();
        const start = node.$cstNode?.range.start;
        if (!start) return undefined;
        const st = traceStatementAt(a.topology, uri, start);
        if (!st) return undefined;
        return traceHover(st, runStatement(a.topology, st, a.index));
    }
}
