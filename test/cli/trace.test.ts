/** `topo trace` as scripts run it: the real bundled binary on the bundled examples (README.md, "Tracing"). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatTraceText, traceFiles } from '../../src/cli/trace.js';

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

    test('--to a DNS name a private hosted zone holds runs the DNS leg, and the DNS hop names the zone that answered', () => {
        const r = topo([
            'trace',
            'examples/reference/firewall-instances.topo',
            '--from',
            'front-1a',
            '--to',
            'db.shop.internal',
            '--format',
            'json',
        ]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const json = JSON.parse(r.stdout);
        expect(json.forward[1]).toEqual({
            kind: 'dns',
            name: 'db.shop.internal',
            az: null,
            detail: 'private hosted zone shop.internal: 10.60.4.10',
        });
        expect(json.forward.at(-1)).toMatchObject({ kind: 'instance', name: 'data-1a' });
    });

    test('a client whose VPC lacks enableDnsHostnames gets no answer from its private zone (exit 1, stopped at the DNS hop)', () => {
        const r = topo([
            'trace',
            'examples/broken/trace-dns-no-answer.topo',
            '--from',
            'app-1a',
            '--to',
            'db.corp.internal',
        ]);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^app-1a -> db\.corp\.internal: blocked \(dns-no-answer\)\n/);
        expect(r.stdout).toMatch(/\nx +2\. dns db\.corp\.internal: /);
    });

    test('a DNS name is no trace start (exit 2)', () => {
        const r = topo([
            'trace',
            'examples/reference/firewall-instances.topo',
            '--from',
            'db.shop.internal',
            '--to',
            'front-1a',
        ]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('is a DNS name');
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

/** A subnet and an endpoint both named `gwlbe-a`, and an instance named `s3` like the AWS service. */
const SHARED_NAMES = `
region eu-west-1 {
  az a
  vpc shop 10.0.0.0/16 {
    subnet app 10.0.1.0/24 az a
    subnet gwlbe-a 10.0.2.0/24 az a
    subnet appl 10.0.3.0/24 az a
    instance web in app
    instance s3 in app
    instance fw in appl appliance
    gwlb insp in appl targets fw
    endpoint gwlbe-a gwlb insp-svc in gwlbe-a
  }
  endpoint-service insp-svc backed-by shop.insp allow *
}
`;

describe('topo trace by names that several elements share', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topo-trace-names-'));
    const file = join(dir, 'shop.topo');
    writeFileSync(file, SHARED_NAMES);

    test('an ambiguous name exits 2 with one line that lists the distinct qualified forms', () => {
        const r = topo(['trace', file, '--from', 'web', '--to', 'gwlbe-a']);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain('--to:');
        expect(r.stderr).toContain('write one of: subnet:gwlbe-a, endpoint:gwlbe-a');
    });

    test('the qualified forms are accepted: subnet:gwlbe-a, and the id endpoint:shop.gwlbe-a', () => {
        const subnet = topo(['trace', file, '--from', 'web', '--to', 'subnet:gwlbe-a', '--format', 'json']);
        expect(subnet.stderr).toBe('');
        expect(subnet.code).not.toBe(2);
        expect(JSON.parse(subnet.stdout).forward.at(-1).detail).toBe('an address in subnet gwlbe-a');
        const endpoint = topo(['trace', file, '--from', 'web', '--to', 'endpoint:shop.gwlbe-a']);
        expect(endpoint.stderr).toBe('');
        expect(endpoint.stdout).toMatch(/^web -> endpoint:shop\.gwlbe-a: /);
    });

    test('names users give never collide with built-in names: --to s3 is the instance s3', () => {
        const r = topo(['trace', file, '--from', 'web', '--to', 's3', '--format', 'json']);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout).forward.at(-1)).toMatchObject({ kind: 'instance', name: 's3' });
    });
});

describe('topo trace with load balancers and on-premises networks', () => {
    const file = {
        uri: 'file:///hybrid.topo',
        display: 'hybrid.topo',
        path: '/hybrid.topo',
        text: `region ap-northeast-1 {
  az a = apne1-az4
  vpc corp 10.0.0.0/16 {
    igw igw
    vgw vgw-a
    subnet pub-a 10.0.0.0/24 az a routes rt-pub
    subnet app-a 10.0.1.0/24 az a routes rt-app
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app { 192.168.0.0/16 -> vgw-a }
    instance app-1 in app-a ip 10.0.1.10
    alb web internet-facing in pub-a targets app-1
  }
  on-premises dc 192.168.0.0/16 via vgw-a
}`,
    };

    test('--from/--to take an on-premises network and a load balancer by name', async () => {
        const fromDc = await traceFiles([file], { from: 'dc', to: 'app-1' });
        expect(fromDc.result.verdict).toBe('reachable');
        expect(formatTraceText(fromDc.result, fromDc.from, fromDc.to)).toMatch(/ 1\. on-premises dc: /);
        const toLb = await traceFiles([file], { from: 'internet', to: 'web' });
        expect(toLb.result.verdict).toBe('reachable');
        expect(formatTraceText(toLb.result, toLb.from, toLb.to)).toMatch(/\. load-balancer web \[ap-northeast-1a/);
    });
});

describe('topo trace text output is inert', () => {
    // A service's DNS name is a string in the file: it may hold ANSI/OSC escape sequences and BEL.
    const HOSTILE = `aws-service evil interface dns "evil\u001b]0;pwned\u0007\u001b[31m.{region}.amazonaws.com"
region ap-northeast-1 {
  az a = apne1-az4
  vpc app 10.1.0.0/16 dns-hostnames {
    subnet app-a 10.1.1.0/24 az a
    instance web in app-a
    endpoint ep interface evil in app-a private-dns
  }
}
`;
    const dir = mkdtempSync(join(tmpdir(), 'topo-trace-hostile-'));
    const file = join(dir, 'hostile.topo');
    writeFileSync(file, HOSTILE);

    test('control characters from names in the file are printed as visible escapes, never raw', () => {
        const r = topo(['trace', file, '--from', 'web', '--to', 'evil']);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        // eslint-disable-next-line no-control-regex
        expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
        expect(r.stdout).toContain('dns evil\\x1b]0;pwned\\x07\\x1b[31m.ap-northeast-1.amazonaws.com: ');
    });

    test('JSON output keeps the name as it is: JSON escapes it itself', () => {
        const r = topo(['trace', file, '--from', 'web', '--to', 'evil', '--format', 'json']);
        expect(r.code).toBe(0);
        const json = JSON.parse(r.stdout) as { forward: Array<{ kind: string; name: string }> };
        const dns = json.forward.find((h) => h.kind === 'dns');
        expect(dns?.name).toBe('evil\u001b]0;pwned\u0007\u001b[31m.ap-northeast-1.amazonaws.com');
    });
});

describe('topo trace options are validated', () => {
    const args = ['trace', 'examples/seed/gateway-endpoint.topo', '--from', 'batch-1a', '--to', 's3'];

    test('--region that is no AWS Region code is refused with one usage line and exit 2', () => {
        const r = topo([...args, '--region', 'mars-1']);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe("topo: --region must be an AWS Region code such as us-east-1, not 'mars-1'\n");
    });

    test('a well-formed --region Topo does not know is traced, with one warning line', () => {
        const r = topo([...args, '--region', 'us-esat-1']);
        expect(r.code === 0 || r.code === 1).toBe(true);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/^topo: warning: 'us-esat-1' is not an AWS Region Topo knows/);
    });

    test.each(['1e3', '0x50', '', '65536'])('--port %j is no port: exit 2', (port) => {
        const r = topo([...args, '--port', port]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^topo: --port must be a whole number from 0 to 65535/);
    });

    test('--az that is no zone is refused', () => {
        const r = topo([...args, '--az', 'zz']);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^topo: --az: 'zz' is not an Availability Zone/);
    });
});
