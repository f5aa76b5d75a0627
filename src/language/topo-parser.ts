/**
 * Langium's parser with two additions. It hands the references it builds to the linker (TopoLinker's recording),
 * so that linking a cleanly parsed document needs no walk of its tree. And a guard: Chevrotain re-enters its
 * repetition after every recovered error, so a file with thousands of consecutive syntax errors (a region full of
 * subnets whose `vpc` line was lost) overflows the stack. Bad input is normal input for an editor: instead of an
 * exception that would take
 * the whole build down, the document gets an empty model and one syntax error at its start.
 */
import type { AstNode, LangiumCoreServices, LangiumParser, ParseResult } from 'langium';
import { createLangiumParser } from 'langium';
import { TopoLinker } from './topo-linker.js';

export const TOO_BROKEN_MESSAGE =
    'This file has too many consecutive syntax errors to parse; fix the first ones (a missing `vpc` line or an unclosed `{` makes everything after it an error).';

export function createTopoParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const parse = parser.parse.bind(parser);
    const linker = services.references.Linker;
    const recorder = linker instanceof TopoLinker ? linker : undefined;
    parser.parse = <T>(input: string, options?: unknown): ParseResult<T> => {
        recorder?.startRecording();
        try {
            const result = (parse as (i: string, o?: unknown) => ParseResult<T>)(input, options);
            recorder?.finishRecording(
                result.value as AstNode,
                result.parserErrors.length === 0 && result.lexerErrors.length === 0,
            );
            return result;
        } catch (e) {
            recorder?.finishRecording(undefined, false);
            if (!(e instanceof RangeError)) throw e;
            const token = {
                image: '',
                startOffset: 0,
                endOffset: 0,
                startLine: 1,
                startColumn: 1,
                endLine: 1,
                endColumn: 1,
                tokenTypeIdx: 0,
                tokenType: undefined,
            };
            return {
                value: { $type: 'Model', statements: [] } as unknown as T,
                parserErrors: [
                    {
                        name: 'TooManyErrors',
                        message: TOO_BROKEN_MESSAGE,
                        token,
                        resyncedTokens: [],
                        context: { ruleStack: [], ruleOccurrenceStack: [] },
                    } as never,
                ],
                lexerErrors: [],
            };
        }
    };
    return parser;
}
