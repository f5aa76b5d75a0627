/**
 * Syntax-error messages that stay short and well-formed whatever the input.
 *
 * Chevrotain and Langium quote the offending token whole ("but found: '…'"), so one 800 KB token made an 800 KB
 * message, and the lexer quotes the first UTF-16 unit of an unexpected character (`charAt`), so an emoji became a
 * lone surrogate, which JSON and SARIF consumers reject. Here every quoted token is cut to its first
 * QUOTED_TOKEN_MAX code points (never inside a surrogate pair) with an ellipsis, and the unexpected character is
 * quoted as the whole code point. The message shapes are otherwise Langium's and Chevrotain's own.
 */
import type { ILexerErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { DefaultLexerErrorMessageProvider, LangiumParserErrorMessageProvider } from 'langium';

/** Code points of a token quoted in a message; longer tokens end with an ellipsis. */
const QUOTED_TOKEN_MAX = 40;

/** `text` cut to at most `max` code points, with `…` when cut: never a lone half of a surrogate pair. */
export function truncateCodePoints(text: string, max = QUOTED_TOKEN_MAX): string {
    let count = 0;
    let end = 0;
    for (const ch of text) {
        if (count === max) return text.slice(0, end) + '…';
        count++;
        end += ch.length;
    }
    return text;
}

function short(token: IToken): IToken {
    const image = truncateCodePoints(token.image);
    return image === token.image ? token : { ...token, image };
}

/** A message that quotes the end of the input (a token with no text, `found: ''`) says that the file ends. */
function atEnd(message: string, actual: readonly IToken[]): string {
    return actual[0]?.tokenType.name === 'EOF'
        ? message.replace(/\s+but found: ''$/, ' but the file ends here.')
        : message;
}

export class TopoParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: {
        expected: TokenType;
        actual: IToken;
        previous: IToken;
        ruleName: string;
    }): string {
        const message = super.buildMismatchTokenMessage({ ...options, actual: short(options.actual) });
        // The end of the input is a token with no text: say so rather than quote nothing (found ``).
        return options.actual.tokenType.name === 'EOF'
            ? message.replace(/ but found ``\.$/, ' but the file ends here.')
            : message;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return super.buildNotAllInputParsedMessage({ ...options, firstRedundant: short(options.firstRedundant) });
    }

    override buildNoViableAltMessage(options: {
        expectedPathsPerAlt: TokenType[][][];
        actual: IToken[];
        previous: IToken;
        customUserDescription: string;
        ruleName: string;
    }): string {
        return atEnd(super.buildNoViableAltMessage({ ...options, actual: options.actual.map(short) }), options.actual);
    }

    override buildEarlyExitMessage(options: {
        expectedIterationPaths: TokenType[][];
        actual: IToken[];
        previous: IToken;
        customUserDescription: string;
        ruleName: string;
    }): string {
        return atEnd(super.buildEarlyExitMessage({ ...options, actual: options.actual.map(short) }), options.actual);
    }
}

export class TopoLexerErrorMessageProvider
    extends DefaultLexerErrorMessageProvider
    implements ILexerErrorMessageProvider
{
    override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const code = fullText.codePointAt(startOffset);
        const char = code === undefined ? '' : String.fromCodePoint(code);
        return `unexpected character: ->${char}<- at offset: ${startOffset}, skipped ${length} characters.`;
    }

    override buildUnableToPopLexerModeMessage(token: IToken): string {
        return super.buildUnableToPopLexerModeMessage(short(token));
    }
}
