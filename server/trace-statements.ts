/** The Topology's record of a `trace` or `expect` statement, found by where it is written. */
import type { Position } from 'vscode-languageserver';
import type { Topology, TraceStatement } from '../src/model/topology.js';

export function traceStatementAt(topology: Topology, uri: string, start: Position): TraceStatement | undefined {
    return topology.traces.find(
        (t) =>
            t.src?.uri === uri &&
            t.src.range.start.line === start.line &&
            t.src.range.start.character === start.character,
    );
}
