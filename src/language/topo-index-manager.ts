/**
 * The workspace index, with the reference half built lazily. Langium describes every reference of a document
 * (source and target paths, ranges) right after linking, on every keystroke, although only "find references" and
 * rename read those descriptions. Deciding which documents a change affects needs far less: the set of other
 * documents each document's references point into. That set is computed after linking; the full descriptions
 * only when first asked for.
 */
import type { AstNode, LangiumDocument, LangiumSharedCoreServices, ReferenceDescription, Stream, URI } from 'langium';
import { CstUtils, DefaultIndexManager, UriUtils } from 'langium';
import { AstShapes } from './ast-walk.js';

export class TopoIndexManager extends DefaultIndexManager {
    /** Per document URI: the other documents its resolved references point into. */
    private readonly targets = new Map<string, Set<string>>();
    /** Documents linked since their reference descriptions were last asked for. */
    private readonly undescribed = new Map<string, LangiumDocument>();
    private readonly shapes: AstShapes;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.shapes = AstShapes.of(services.AstReflection);
    }

    override async updateReferences(document: LangiumDocument): Promise<void> {
        const uri = document.uri.toString();
        const ownRoot = document.parseResult.value;
        const targets = new Set<string>();
        // Most references stay in their document: compare roots, and look up a URI only for the other roots.
        const otherRoots = new Set<AstNode>();
        for (const reference of document.references) {
            // The description the linker chose says where the target lives: a target in this document (the usual
            // case) needs no walk up to its root. The scope computation gives its descriptions the document's URI.
            if (
                (reference as { $nodeDescription?: { documentUri?: URI } }).$nodeDescription?.documentUri ===
                document.uri
            )
                continue;
            const target = 'ref' in reference ? reference.ref : undefined;
            if (!target) continue;
            let root: AstNode = target;
            while (root.$container) root = root.$container;
            if (root !== ownRoot) otherRoots.add(root);
        }
        for (const root of otherRoots) {
            const targetUri = (root as { $document?: LangiumDocument }).$document?.uri.toString();
            if (targetUri && targetUri !== uri) targets.add(targetUri);
        }
        this.targets.set(uri, targets);
        this.referenceIndex.delete(uri);
        this.undescribed.set(uri, document);
    }

    override removeReferences(uri: URI): void {
        super.removeReferences(uri);
        const key = uri.toString();
        this.targets.delete(key);
        this.undescribed.delete(key);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        const targets = this.targets.get(document.uri.toString());
        if (!targets) return false;
        for (const uri of targets) if (changedUris.has(uri)) return true;
        return false;
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        this.describePending();
        return super.findAllReferences(targetNode, astNodePath);
    }

    /** Builds the reference descriptions of every document linked since they were last needed. */
    private describePending(): void {
        for (const [uri, document] of this.undescribed) this.referenceIndex.set(uri, this.describe(document));
        this.undescribed.clear();
    }

    private describe(document: LangiumDocument): ReferenceDescription[] {
        const out: ReferenceDescription[] = [];
        const locator = this.serviceRegistry.getServices(document.uri).workspace.AstNodeLocator;
        this.shapes.forEachReference(document.parseResult.value, (container, reference) => {
            if (!('ref' in reference) || reference.error || !reference.$refNode) return;
            const target = reference.$nodeDescription;
            if (!target) return;
            out.push({
                sourceUri: document.uri,
                sourcePath: locator.getAstNodePath(container),
                targetUri: target.documentUri,
                targetPath: target.path,
                segment: CstUtils.toDocumentSegment(reference.$refNode),
                local: UriUtils.equals(target.documentUri, document.uri),
            });
        });
        return out;
    }
}
