/**
 * Topo's rules are global: a peering in one file relates VPCs in two others, and a provider edit can change
 * a consumer's findings without the consumer referencing the edited element. Langium re-links and
 * re-validates only documents that reference a changed one; we additionally re-run *validation* (not
 * parsing or linking, which stay incremental) for every other document, so its findings are never stale.
 * Validation is cheap: the whole-workspace analysis is computed once and shared (TopoAnalysis).
 */
import type { URI } from 'langium';
import { DefaultDocumentBuilder, DocumentState } from 'langium';

export class TopoDocumentBuilder extends DefaultDocumentBuilder {
    protected override async emitUpdate(changed: URI[], deleted: URI[]): Promise<void> {
        await super.emitUpdate(changed, deleted);
        for (const doc of this.langiumDocuments.all) {
            if (doc.state >= DocumentState.Validated) this.resetToState(doc, DocumentState.IndexedReferences);
        }
    }
}
