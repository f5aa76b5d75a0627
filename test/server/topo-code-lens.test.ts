import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TopoLspServices } from '../../server/topo-lsp-module.js';
import { lspServices, openDocs } from './lsp-services.js';

let services: TopoLspServices;
beforeAll(async () => {
    services = await lspServices();
});

describe('code lens on trace and expect statements', () => {
    it('shows the verdict and whether the expectation holds, plus "Show in diagram"', async () => {
        const text = readFileSync(new URL('../../examples/seed/gwlb-inspection.topo', import.meta.url), 'utf8');
        const [doc] = await openDocs(services, [text]);
        const lenses =
            (await services.lsp.CodeLensProvider!.provideCodeLens(doc, {
                textDocument: { uri: doc.uri.toString() },
            })) ?? [];
        const titles = lenses.map((l) => l.command?.title ?? '');
        expect(titles.some((t) => t.startsWith('expectation holds · ✓ reachable: internet → igw'))).toBe(true);
        const show = lenses.find((l) => l.command?.command === 'topo.openDiagram')!;
        expect(show.command!.arguments![1]).toEqual({ from: expect.any(String), to: expect.any(String) });
    });

    it('a failing expectation says so, with the blocking reason', async () => {
        const text =
            'region r {\n  az a\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.0.0/24 az a\n    instance i in s\n  }\n}\nexpect i -> internet reachable\n';
        const [doc] = await openDocs(services, [text]);
        const lenses =
            (await services.lsp.CodeLensProvider!.provideCodeLens(doc, {
                textDocument: { uri: doc.uri.toString() },
            })) ?? [];
        expect(lenses[0].command!.title).toMatch(/^expectation fails · ✗ blocked \(no-route\)/);
    });
});
