/**
 * `ambiguous-reference`: a simple name that resolves through the workspace index while several elements of the
 * expected kind share it — `trace web-a -> s3` when VPCs `shop` and `blog` both have an instance `web-a`.
 * Langium would silently take the first; Topo warns and names the qualified names to choose from (`shop.web-a`).
 * A container's own members are not ambiguous from inside it: they win by design (topo-scope.ts).
 */
import type { AstNode, AstNodeDescription, LangiumCoreServices, ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type { Model } from './generated/ast.js';
import { qualifierOf, resolvesLocally } from './topo-scope.js';

const MAX_PER_DOCUMENT = 500;

export function checkAmbiguousReferences(services: LangiumCoreServices, model: Model, accept: ValidationAcceptor): void {
    const scopes = services.references.ScopeProvider;
    let reported = 0;
    for (const node of AstUtils.streamAst(model)) {
        for (const info of AstUtils.streamReferences(node)) {
            if (reported >= MAX_PER_DOCUMENT) return;
            const reference = info.reference;
            if (!('ref' in reference)) continue;
            const text = reference.$refText;
            if (!text || text.includes('.')) continue;
            let target: AstNode | undefined;
            try {
                target = reference.ref;
            } catch {
                continue;
            }
            if (!target || isInContainerChain(target.$container, node)) continue;
            const scope = scopes.getScope(info);
            if (resolvesLocally(scope, text)) continue;
            const candidates = distinct(scope.getElements(text).toArray());
            if (candidates.length < 2) continue;
            const named = candidates.map((d) => ({ d, node: resolve(services, d) }));
            const qualified = named.map(({ d, node: n }) => (n && qualifierOf(n) ? `${qualifierOf(n)}.${d.name}` : d.name));
            reported++;
            accept('warning', `'${text}' names ${candidates.length} elements of this kind (${qualified.join(', ')}); Topo picked the first. Write the qualified name to choose one.`, {
                node,
                range: reference.$refNode?.range ?? node.$cstNode!.range,
                code: 'ambiguous-reference',
                data: { code: 'ambiguous-reference', candidates: qualified },
                relatedInformation: named
                    .filter(({ d }) => d.nameSegment)
                    .map(({ d }, i) => ({ location: { uri: d.documentUri.toString(), range: d.nameSegment!.range }, message: qualified[i]! })),
            });
        }
    }
}

function distinct(descriptions: readonly AstNodeDescription[]): AstNodeDescription[] {
    const seen = new Set<string>();
    return descriptions.filter((d) => {
        const key = `${d.documentUri.toString()}#${d.path}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

function resolve(services: LangiumCoreServices, d: AstNodeDescription): AstNode | undefined {
    if (d.node) return d.node;
    const doc = services.shared.workspace.LangiumDocuments.getDocument(d.documentUri);
    return doc ? services.workspace.AstNodeLocator.getAstNode(doc.parseResult.value, d.path) : undefined;
}

function isInContainerChain(container: AstNode | undefined, from: AstNode): boolean {
    if (!container) return false;
    for (let n: AstNode | undefined = from; n; n = n.$container) if (n === container) return true;
    return false;
}
