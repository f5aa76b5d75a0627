/**
 * `topo trace` works on every example, for every trace and expect statement in it (the tracing issue's
 * "done when"): each statement, replayed through the CLI's own code path (in process, for speed), exits 0 or
 * 1, never 2, and an expect statement's verdict is the CLI's verdict.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { TraceEndRef } from '../../src/model/topology.js';
import { analyzeFiles } from '../helpers.js';

const ROOT = resolve(__dirname, '../..');

function topoFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
        const f = join(dir, n);
        return statSync(f).isDirectory() ? topoFiles(f) : f.endsWith('.topo') ? [f] : [];
    });
}

/** Workspaces as users check them: a directory of files that belong together, else each file alone. */
function workspaces(): string[][] {
    const saas = join(ROOT, 'examples/reference/privatelink-saas');
    const singles = topoFiles(join(ROOT, 'examples')).filter((f) => !f.startsWith(saas));
    return [topoFiles(saas), ...singles.map((f) => [f])];
}

function endArg(ref: TraceEndRef): string {
    if (ref.kind === 'internet') return 'internet';
    if (ref.kind === 'ip') return ref.ip;
    if (ref.kind === 'element') return ref.id.slice(ref.id.indexOf(':') + 1);
    if (ref.kind === 'dns') return ref.name;
    return ref.text;
}

describe('topo trace on every statement of every example', () => {
    for (const files of workspaces()) {
        const label = files.map((f) => relative(ROOT, f)).join(' + ');
        test(label, async () => {
            const { topology } = await analyzeFiles(
                files.map((f) => ({ uri: pathToFileURL(f).toString(), text: readFileSync(f, 'utf8') })),
            );
            for (const st of topology.traces) {
                if (st.from.kind === 'unresolved' || st.to.kind === 'unresolved') continue;
                const args = ['trace', ...files, '--from', endArg(st.from), '--to', endArg(st.to), '--format', 'json'];
                if (st.port !== undefined) args.push('--port', String(st.port));
                if (st.zone) args.push('--az', st.zone);
                if (st.serviceRegion) args.push('--region', st.serviceRegion);
                let out = '';
                let err = '';
                const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
                const where = `${label}:${(st.src?.range.start.line ?? 0) + 1}`;
                expect(err, where).toBe('');
                expect([0, 1], where).toContain(code);
                const json = JSON.parse(out) as { verdict: string; reason: string | null };
                expect(json.verdict, where).toBe(code === 0 ? 'reachable' : 'blocked');
                if (st.expect) {
                    expect(json.verdict, where).toBe(st.expect.verdict);
                    if (st.expect.reason) expect(json.reason, where).toBe(st.expect.reason);
                }
            }
        });
    }

    test('the examples hold statements to replay (the test is not vacuous)', async () => {
        let count = 0;
        for (const files of workspaces()) {
            const { topology } = await analyzeFiles(
                files.map((f) => ({ uri: pathToFileURL(f).toString(), text: readFileSync(f, 'utf8') })),
            );
            count += topology.traces.length;
        }
        expect(count).toBeGreaterThan(30);
    });
});
