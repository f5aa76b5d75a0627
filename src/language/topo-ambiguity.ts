/**
 * `ambiguous-reference`: a simple name that resolves through the workspace index while several elements of the
 * expected kind share it — `trace web-a -> s3` when VPCs `shop` and `blog` both have an instance `web-a`.
 * Langium would silently take the first; Topo warns and names the qualified names to choose from (`shop.web-a`).
 * A container's own members are not ambiguous from inside it: they win by design (topo-scope.ts).
 */
import type { DiagnosticData } from '../rules/diagnostic-data.js';
import type { DiagnosticCode } from '../rules/registry.js';
import type { AstNode, AstNodeDescription, LangiumCoreServices, ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type { Model } from './generated/ast.js';
import type { TopoLinker } from './topo-linker.js';
import { qualifierOf } from './topo-scope.js';

const MAX_PER_DOCUMENT = 500;

/** Reports what the linker noted while resolving the document's references (topo-linker.ts). */
export function checkAmbiguousReferences(
    services: LangiumCoreServices,
    model: Model,
    accept: ValidationAcceptor,
): void {
    const linker = services.references.Linker as TopoLinker;
    const found = linker.ambiguitiesOf(AstUtils.getDocument(model));
    for (const { info, candidates } of found.slice(0, MAX_PER_DOCUMENT)) {
        const text = info.reference.$refText;
        const named = candidates.map((d) => ({ d, node: resolve(services, d) }));
        const qualified = named.map(({ d, node: n }) => (n && qualifierOf(n) ? `${qualifierOf(n)}.${d.name}` : d.name));
        accept(
            'warning',
            `'${text}' names ${candidates.length} elements of this kind (${qualified.join(', ')}); Topo picked the first. Write the qualified name to choose one.`,
            {
                node: info.container,
                range: info.reference.$refNode?.range ?? info.container.$cstNode!.range,
                code: 'ambiguous-reference',
                data: {
                    code: 'ambiguous-reference',
                    candidates: qualified,
                } satisfies DiagnosticData['ambiguous-reference'] & { code: DiagnosticCode },
                relatedInformation: named.flatMap(({ d }, i) => {
                    const segment = d.nameSegment;
                    return segment
                        ? [
                              {
                                  location: { uri: d.documentUri.toString(), range: segment.range },
                                  message: qualified[i],
                              },
                          ]
                        : [];
                }),
            },
        );
    }
}

function resolve(services: LangiumCoreServices, d: AstNodeDescription): AstNode | undefined {
    if (d.node) return d.node;
    const doc = services.shared.workspace.LangiumDocuments.getDocument(d.documentUri);
    return doc ? services.workspace.AstNodeLocator.getAstNode(doc.parseResult.value, d.path) : undefined;
}
