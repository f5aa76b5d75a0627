/**
 * `ambiguous-reference`: a name that several elements share where it is written — `trace web-a -> s3` when VPCs
 * `shop` and `blog` both have an instance `web-a`, or `via gwlbe-a` when a subnet and an endpoint are both called
 * `gwlbe-a` (`via` takes either kind). Langium would silently take the first; Topo warns and names the spellings
 * that choose one (`shop.web-a`, `subnet:gwlbe-a`: name-resolution.ts `forms`). A container's own members of the
 * expected kind are not ambiguous from inside it: they win by design (topo-scope.ts).
 */
import type { DiagnosticData } from '../rules/diagnostic-data.js';
import type { DiagnosticCode } from '../rules/registry.js';
import type { AstNode, AstNodeDescription, LangiumCoreServices, ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type { Model } from './generated/ast.js';
import type { TopoLinker } from './topo-linker.js';
import { nameCandidate } from './topo-scope.js';
import { forms } from '../model/name-resolution.js';

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
        // Every candidate declares an element (references name elements only), so each has an id.
        const named = candidates.flatMap((d) => {
            const c = nameCandidate(resolve(services, d));
            return c ? [{ d, c }] : [];
        });
        // Elements declared twice under one id (another file repeats a VPC) are duplicate-name's finding: no spelling
        // tells them apart, so they count once here, and a name that only they share is not reported.
        const distinct = named.filter(({ c }, i) => named.findIndex((n) => n.c.id === c.id) === i);
        if (distinct.length < 2) continue;
        const qualified = forms(
            distinct.map(({ c }) => c),
            text,
        );
        const formOf = new Map(distinct.map(({ c }, i) => [c.id, qualified[i]]));
        const what = distinct.map(({ c }) => c.id.replace(':', ' '));
        accept(
            'warning',
            `'${text}' names ${distinct.length} elements (${what.join(', ')}); Topo picked the ${what[0]}. Write ${qualified.join(' or ')} to choose one.`,
            {
                node: info.container,
                range: info.reference.$refNode?.range ?? info.container.$cstNode!.range,
                code: 'ambiguous-reference',
                data: {
                    code: 'ambiguous-reference',
                    candidates: qualified,
                } satisfies DiagnosticData['ambiguous-reference'] & { code: DiagnosticCode },
                relatedInformation: named.flatMap(({ d, c }) => {
                    const segment = d.nameSegment;
                    return segment
                        ? [
                              {
                                  location: { uri: d.documentUri.toString(), range: segment.range },
                                  message: formOf.get(c.id) ?? c.id,
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
