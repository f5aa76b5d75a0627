/** Trace ends by the names users type (`topo trace --from/--to`, the diagram's trace picker): src/trace/names.ts. */
import { describe, expect, it } from 'vitest';
import { findTraceEnd } from '../../src/trace/names.js';
import { analyze } from '../helpers.js';

const TEXT = `
region eu-west-1 {
  az a
  vpc shop 10.0.0.0/16 {
    subnet app 10.0.1.0/24 az a routes rt-app
    subnet gwlbe-a 10.0.2.0/24 az a
    subnet appl 10.0.3.0/24 az a
    route-table rt-app
    instance ec2 in app
    instance fw in appl appliance
    gwlb insp in appl targets fw
    endpoint gwlbe-a gwlb insp-svc in gwlbe-a
    endpoint s3 gateway s3 routes rt-app
  }
  vpc blog 10.1.0.0/16 {
    subnet gwlbe-a 10.1.2.0/24 az a
  }
  endpoint-service insp-svc backed-by shop.insp allow *
}
`;

let analysed: ReturnType<typeof analyze> | undefined;
const topologyOf = async () => (await (analysed ??= analyze(TEXT))).topology;

async function end(text: string) {
    const topology = await topologyOf();
    const r = findTraceEnd(topology, text);
    return r.ok ? (r.end.kind === 'element' ? r.end.id : r.end.kind) : `error: ${r.error}`;
}

describe('trace ends by the names users type', () => {
    it('names users give never collide with built-in names: `ec2` is the user’s instance', async () => {
        expect(await end('ec2')).toBe('instance:shop.ec2');
        expect(await end('aws-service:ec2')).toBe('aws-service:ec2');
    });

    it('an endpoint named after the service it connects to stands for the service: `s3` is Amazon S3', async () => {
        expect(await end('s3')).toBe('aws-service:s3');
        expect(await end('shop.s3')).toBe('endpoint:shop.s3');
        expect(await end('endpoint:s3')).toBe('endpoint:shop.s3');
    });

    it('a name elements of several kinds share is a one-line error that lists distinct forms to write', async () => {
        const error = await end('gwlbe-a');
        expect(error).toBe(
            "error: 'gwlbe-a' is ambiguous: it names subnet shop.gwlbe-a, endpoint shop.gwlbe-a, subnet blog.gwlbe-a; " +
                'write one of: subnet:shop.gwlbe-a, endpoint:gwlbe-a, blog.gwlbe-a',
        );
        expect(error).not.toContain('\n');
        expect(await end('shop.gwlbe-a')).toBe(
            "error: 'shop.gwlbe-a' is ambiguous: it names subnet shop.gwlbe-a, endpoint shop.gwlbe-a; " +
                'write one of: subnet:shop.gwlbe-a, endpoint:shop.gwlbe-a',
        );
    });

    it('every form an ambiguity error offers names one element', async () => {
        const topology = await topologyOf();
        for (const text of ['gwlbe-a', 'shop.gwlbe-a']) {
            const r = findTraceEnd(topology, text);
            const forms = r.ok ? [] : r.error.slice(r.error.indexOf('write one of: ') + 14).split(', ');
            expect(forms.length).toBeGreaterThan(1);
            const ids = forms.map((f) => {
                const one = findTraceEnd(topology, f);
                return one.ok && one.end.kind === 'element' ? one.end.id : `error for ${f}`;
            });
            expect(new Set(ids).size, ids.join(', ')).toBe(forms.length);
        }
    });

    it('the kind-qualified forms are accepted: `subnet:gwlbe-a` (when one subnet has the name) and the id', async () => {
        expect(await end('endpoint:gwlbe-a')).toBe('endpoint:shop.gwlbe-a');
        expect(await end('subnet:blog.gwlbe-a')).toBe('subnet:blog.gwlbe-a');
        expect(await end('endpoint:shop.gwlbe-a')).toBe('endpoint:shop.gwlbe-a');
    });

    it('a kind that is no trace end, or a kind with no element of that name, is an error that says so', async () => {
        expect(await end('vpc:shop')).toMatch(/^error: 'vpc:shop': a trace end is not a vpc \(write instance:<name>, /);
        expect(await end('instance:nobody')).toBe("error: no instance named 'nobody' to trace from or to");
    });
});

const NET = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc corp 10.0.0.0/16 {
    vgw vgw-a
    subnet app-a 10.0.1.0/24 az a
    instance app-1 in app-a
    alb web internal in app-a targets app-1
  }
  on-premises dc 192.168.0.0/16 via vgw-a
}`;

describe('load balancers, VGWs and on-premises networks as trace ends', () => {
    it('a load balancer, a VGW and an on-premises network are trace ends, by simple or qualified name', async () => {
        const { topology } = await analyze(NET);
        expect(findTraceEnd(topology, 'web')).toMatchObject({ ok: true, end: { id: 'load-balancer:corp.web' } });
        expect(findTraceEnd(topology, 'corp.vgw-a')).toMatchObject({ ok: true, end: { id: 'vgw:corp.vgw-a' } });
        expect(findTraceEnd(topology, 'dc')).toMatchObject({ ok: true, end: { id: 'on-premises:dc' } });
    });

    it('an unknown name lists what a trace end may be', async () => {
        const { topology } = await analyze(NET);
        const r = findTraceEnd(topology, 'nobody');
        expect(r.ok).toBe(false);
        expect(!r.ok && r.error).toContain('load balancer, VGW, on-premises network');
    });
});
