/**
 * Linear lexing of block comments and strings, and a clear error for an unclosed one.
 *
 * The grammar's patterns (`/\/\*[\s\S]*?\*\//`, `/"(\\[^\r\n]|[^"\\\r\n])*"/`) fail on an unclosed comment or
 * string only after scanning to the end of the file (or line), and the lexer then retries at every later offset
 * where a comment or string may start: an unclosed `/*` or a string whose closing quote is escaped made lexing
 * quadratic (400 KB took 9-16 s, each keystroke in such a file stalled the editor). Here the two terminals lex with
 * patterns that accept exactly the same closed comments and strings, and also match an unclosed one in the same
 * single scan: a block comment to the end of the file, a string to the end of its line (a DNS name or an ARN never
 * spans lines). Lexing is then linear, and the lexer reports the unclosed token at its start as a lexing error
 * (code `syntax-error`, see diagnostic-code.ts). A lexing error also makes incremental-parse.ts parse the whole file,
 * so a `/*` typed inside a block is never parsed as that block alone.
 *
 * The grammar keeps the closed forms so that the generated TextMate grammar stays a begin/end pair (an unclosed
 * comment is highlighted to the end of the file, as it lexes).
 */
import type { TokenType } from 'chevrotain';
import type { GrammarAST, LexerResult, TokenizeOptions } from 'langium';
import { DefaultLexer, DefaultTokenBuilder } from 'langium';

/**
 * Non-backtracking forms: a comment's body is non-stars or star runs followed by neither a star nor a slash, so the
 * loop stops only at its closing star-slash or at the end of input; a string's body stops at its closing quote or the
 * end of its line.
 */
const LINEAR_PATTERNS: Readonly<Record<string, RegExp>> = {
    ML_COMMENT: /\/\*(?:[^*]|\*+[^*/])*(?:\*+\/|\**)/,
    STRING: /"(?:\\[^\r\n]|[^"\\\r\n])*(?:"|\\)?/,
};

export class TopoTokenBuilder extends DefaultTokenBuilder {
    protected override buildTerminalToken(terminal: GrammarAST.TerminalRule): TokenType {
        const token = super.buildTerminalToken(terminal);
        const linear = LINEAR_PATTERNS[terminal.name];
        if (linear) token.PATTERN = linear;
        return token;
    }
}

export class TopoLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        const diagnostics = [];
        for (const token of result.hidden) {
            if (token.tokenType.name === 'ML_COMMENT' && !closedComment(token.image))
                diagnostics.push({ token, message: 'Unclosed block comment: this `/*` has no `*/` after it.' });
        }
        for (const token of result.tokens) {
            if (token.tokenType.name === 'STRING' && !closedString(token.image))
                diagnostics.push({ token, message: 'Unterminated string: this `"` has no closing `"` on its line.' });
        }
        if (diagnostics.length === 0) return result;
        const report = result.report ?? { diagnostics: [] };
        for (const { token, message } of diagnostics)
            report.diagnostics.push({
                severity: 'error',
                offset: token.startOffset,
                line: token.startLine,
                column: token.startColumn,
                // The opening `/*` or `"`: the unclosed text itself may run to the end of the file.
                length: token.tokenType.name === 'STRING' ? 1 : 2,
                message,
            });
        return { ...result, report };
    }
}

function closedComment(image: string): boolean {
    return image.length >= 4 && image.endsWith('*/');
}

/** Ends with a quote that is not the first and not escaped (an even run of backslashes before it). */
function closedString(image: string): boolean {
    if (image.length < 2 || !image.endsWith('"')) return false;
    let backslashes = 0;
    for (let i = image.length - 2; i > 0 && image.charCodeAt(i) === 92; i--) backslashes++;
    return backslashes % 2 === 0;
}
