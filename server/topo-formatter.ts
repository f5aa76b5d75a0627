/**
 * Formatting: each statement on its own line, indented two spaces per block level (or the editor's tab
 * settings); `{` after one space, `}` on its own line; no space before a comma. Everything else inside a
 * line is left as written, so column alignment (`subnet app-a   10.0.0.32/28  az a`) survives. Blank lines
 * between statements are kept (`allowMore`), comments are untouched, and only whitespace ever changes.
 * Formatting is idempotent: formatting the output again changes nothing.
 */
import type { AstNode } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import * as ast from '../src/language/generated/ast.js';

const keep = { allowMore: true } as const;

export class TopoFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        const f = this.getNodeFormatter(node);
        if (ast.isModel(node)) {
            f.nodes(...(node.statements ?? []).slice(1)).prepend(Formatting.newLine(keep));
            return;
        }
        const open = f.keyword('{');
        const close = f.keyword('}');
        if (open.nodes.length > 0) {
            open.prepend(Formatting.oneSpace());
            f.interior(open, close).prepend(Formatting.indent(keep));
            if (close.nodes.length > 0) close.prepend(Formatting.newLine());
        }
        f.keywords(',').prepend(Formatting.noSpace());
    }
}
