/** `topo trace` as scripts run it: the real bundled binary on the bundled examples (README.md, "Tracing"). */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'bin/topo.js');

function topo(args: string[]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('topo trace', () => {
    test('a reachable path exits 0 and prints numbered forward and return hops', () => {
        const r = topo(['trace', 'examples/seed/gwlb-inspection.topo', '--from', 'internet', '--to', 'web-a']);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^internet -> web-a: reachable\n/);
        expect(r.stdout).toMatch(/\n +1\. internet internet: /);
        expect(r.stdout).toMatch(/\n +\d+\. appliance fw-a \[ap-northeast-1a\/apne1-az4\]: /);
        expect(r.stdout).toContain('\nreturn:\n');
    });

    test('a blocked path exits 1 and names the reason and the stopping hop', () => {
        const r = topo(['trace', 'examples/seed/interface-endpoint.topo', '--from', 'ops-1a', '--to', 'ssm']);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^ops-1a -> ssm: blocked \(private-dns-not-shared\)\n/);
        expect(r.stdout).toMatch(/\nx +\d+\. route-table rt-ops/);
    });

    test('--format json has the contract fields: verdict, reason, forward and return hops {kind, name, az, detail}', () => {
        const r = topo([
            'trace',
            'examples/seed/gateway-endpoint.topo',
            '--from',
            'batch-1a',
            '--to',
            's3',
            '--format',
            'json',
        ]);
        expect(r.code).toBe(0);
        const json = JSON.parse(r.stdout);
        expect(json.verdict).toBe('reachable');
        expect(json.reason).toBeNull();
        expect(json.forward.map((h: { kind: string }) => h.kind)).toEqual([
            'instance',
            'dns',
            'route-table',
            'endpoint',
            'aws-service',
        ]);
        for (const h of [...json.forward, ...json.return])
            expect(Object.keys(h).sort()).toEqual(['az', 'detail', 'kind', 'name']);
    });

    test('S3 in another region follows 0.0.0.0/0 (--region), not the gateway endpoint', () => {
        const r = topo([
            'trace',
            'examples/seed/gateway-endpoint.topo',
            '--from',
            'batch-1a',
            '--to',
            's3',
            '--region',
            'us-east-1',
            '--format',
            'json',
        ]);
        expect(r.code).toBe(0);
        const kinds = JSON.parse(r.stdout).forward.map((h: { kind: string }) => h.kind);
        expect(kinds).toContain('nat');
        expect(kinds).not.toContain('endpoint');
    });

    test('usage errors exit 2 with one line: unknown name, missing --to, bad port', () => {
        const unknown = topo(['trace', 'examples/seed', '--from', 'nobody', '--to', 's3']);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
        expect(unknown.stderr).toContain("nothing named 'nobody'");
        expect(topo(['trace', 'examples/seed', '--from', 'web-a']).code).toBe(2);
        expect(topo(['trace', 'examples/seed', '--from', 'web-a', '--to', 's3', '--port', 'http']).code).toBe(2);
    });
});
