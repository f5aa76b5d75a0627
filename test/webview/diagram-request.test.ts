/**
 * The language server's `topo/diagram` request (server/diagram-request.ts): the workspace's diagram with the
 * picked traces, the trace statements to pick from, and where each node's element is written. Also the
 * page builder's CSP and the extension's cursor-to-node lookup, which need no browser.
 */
import { describe, expect, test } from 'vitest';
import { diagramOf } from '../../server/diagram-request.js';
import { contentSecurityPolicy, diagramPage } from '../../src/webview/diagram-html.js';
import { nodesAt } from '../../src/webview/locate.js';
import { traceKey } from '../../src/webview/protocol.js';
import { lspServices, openDocs } from '../server/lsp-services.js';

const TEXT = `
account app id 222222222222
region ap-northeast-1 {
  az a = apne1-az4
  vpc web 10.0.0.0/24 account app {
    igw igw
    subnet pub-a 10.0.0.0/28 az a routes rt-pub
    route-table rt-pub { 0.0.0.0/0 -> igw }
    instance web-a in pub-a public-ip
    instance web-b in pub-a
  }
  trace web-a -> internet
  expect internet -> web-b blocked because igw-needs-public-ip
  trace nobody -> internet
}
`;

describe('topo/diagram', () => {
    test('draws the picked traces, offers the statements, and says where each node is written', async () => {
        const services = await lspServices();
        const [doc] = await openDocs(services, [TEXT]);
        const r = await diagramOf(services.shared, services, {
            traces: [
                { from: 'web-a', to: 'internet' },
                { from: 'ghost', to: 'internet' },
            ],
        });
        expect(r.svg).toMatch(/^<svg /);
        expect(r.svg).toContain('data-trace="t1"');
        expect(r.drawn).toEqual(['web-a -> internet']);
        expect(r.problems).toHaveLength(1);
        expect(r.problems[0]).toContain("ghost -> internet: nothing named 'ghost'");
        // Statements whose ends resolve, by the names users wrote.
        expect(r.choices.map((c) => [c.statement, c.key, c.line])).toEqual([
            ['trace', 'web-a -> internet', 11],
            ['expect', 'internet -> web-b', 12],
        ]);
        const web = r.locations.find((l) => l.node === 'instance:web.web-a')!;
        expect(web).toMatchObject({ element: 'instance:web.web-a', uri: doc.uri.toString() });
        expect(web.range.start.line).toBe(8);
    });

    test('a statement whose end shares its name with an element of another kind is offered by its kind-qualified name', async () => {
        const services = await lspServices();
        await openDocs(services, [
            `region eu-west-1 {
  az a
  vpc shop 10.0.0.0/16 {
    subnet gwlbe-a 10.0.2.0/24 az a
    subnet app 10.0.1.0/24 az a
    instance web in app
    endpoint gwlbe-a interface ssm in gwlbe-a
  }
  trace web -> subnet:gwlbe-a
  trace web -> endpoint:shop.gwlbe-a
}
`,
        ]);
        const r = await diagramOf(services.shared, services, { traces: [] });
        expect(r.choices.map((c) => c.key)).toEqual(['web -> subnet:shop.gwlbe-a', 'web -> endpoint:shop.gwlbe-a']);
        const picked = await diagramOf(services.shared, services, { traces: r.choices.map((c) => c.spec) });
        expect(picked.problems).toEqual([]);
        expect(picked.drawn).toHaveLength(2);
    });

    test('trace keys carry the options: port, zone and region', () => {
        expect(traceKey({ from: 'a', to: 'b' })).toBe('a -> b');
        expect(traceKey({ from: 'a', to: 's3', port: 443, region: 'us-east-1' })).toBe(
            'a -> s3 port 443 region us-east-1',
        );
    });
});

describe('the panel page', () => {
    test('a strict CSP with a nonce: nothing by default, script and styles by nonce only, nothing remote', () => {
        const o = {
            nonce: 'n0nc3',
            scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/webview/diagram-view.js',
            cspSource: 'https://*.vscode-cdn.net',
        };
        const csp = contentSecurityPolicy(o);
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("script-src 'nonce-n0nc3'");
        expect(csp).toContain("style-src 'nonce-n0nc3'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('unsafe-eval');
        const html = diagramPage(o);
        expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, '&#39;')}">`);
        expect(html.match(/<script /g)).toHaveLength(1);
        expect(html).toContain(
            '<script nonce="n0nc3" src="https://file+.vscode-resource.vscode-cdn.net/ext/out/webview/diagram-view.js">',
        );
        expect(html).not.toMatch(/ style="/);
        // No other origin anywhere: only the webview's own (the script and cspSource).
        expect(html.split(o.scriptUri).join('').split(o.cspSource).join('')).not.toMatch(/https?:\/\//);
    });
});

describe('cursor -> nodes', () => {
    test('the innermost declaration under the cursor; every node that draws it', async () => {
        const services = await lspServices();
        const [doc] = await openDocs(services, [TEXT]);
        const uri = doc.uri.toString();
        const r = await diagramOf(services.shared, services, { traces: [] });
        expect(nodesAt(r.locations, uri, { line: 8, character: 14 })).toEqual(['instance:web.web-a']);
        // On the subnet line: the subnet; on the VPC's own first line: the VPC.
        expect(nodesAt(r.locations, uri, { line: 6, character: 5 })).toEqual(['subnet:web.pub-a']);
        expect(nodesAt(r.locations, uri, { line: 4, character: 3 })).toEqual(['vpc:web']);
        expect(nodesAt(r.locations, uri, { line: 0, character: 0 })).toEqual([]);
        expect(nodesAt(r.locations, 'file:///elsewhere.topo', { line: 8, character: 14 })).toEqual([]);
    });
});
