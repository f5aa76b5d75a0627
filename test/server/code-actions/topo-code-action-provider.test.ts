import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import type { TopoLspServices } from '../../../server/topo-lsp-module.js';
import { diagnosticCode } from '../../../src/language/diagnostic-code.js';
import { lspServices, openDocs } from '../lsp-services.js';

let services: TopoLspServices;
beforeAll(async () => {
    services = await lspServices();
});

interface Applied {
    readonly action: CodeAction;
    readonly before: string[];
    readonly after: string[];
    readonly codesAfter: string[];
}

/** Opens the files, takes the first fix offered for `code` in the first file, applies it, and re-checks. */
async function applyFix(code: string, texts: string[], pick = 0): Promise<Applied> {
    const docs = await openDocs(services, texts);
    const doc = docs[0];
    const diagnostic = (doc.diagnostics ?? []).find((d) => diagnosticCode(d) === code);
    expect(diagnostic, `${code} should fire before the fix`).toBeDefined();
    const actions = (await services.lsp.CodeActionProvider!.getCodeActions(doc, {
        textDocument: { uri: doc.uri.toString() },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic as Diagnostic] },
    })) as CodeAction[];
    expect(actions.length, `a fix for ${code}`).toBeGreaterThan(0);
    const action = actions[pick];
    const after = docs.map((d) => {
        const edits = action.edit?.changes?.[d.uri.toString()] ?? [];
        return TextDocument.applyEdits(
            TextDocument.create(d.uri.toString(), 'topo', 1, d.textDocument.getText()),
            edits,
        );
    });
    const again = await openDocs(services, after);
    return { action, before: texts, after, codesAfter: (again[0].diagnostics ?? []).map(diagnosticCode) };
}

/** Lines that differ between two texts (the fix must touch only what it claims). */
function changedLines(a: string, b: string): string[] {
    const x = a.split('\n');
    const y = b.split('\n');
    return y.filter((l, i) => x[i] !== l);
}

const example = (name: string) =>
    readFileSync(new URL(`../../../examples/broken/${name}.topo`, import.meta.url), 'utf8');

describe('quick fixes keyed by diagnostic code', () => {
    it('cidr-not-canonical: rewrites the CIDR to the network address AWS stores, and nothing else', async () => {
        const text = 'region r {\n  vpc v 10.0.0.0/16 {\n    subnet s 10.0.1.7/24 // keep me\n  }\n}\n';
        const r = await applyFix('cidr-not-canonical', [text]);
        expect(r.action.title).toBe('Canonicalise CIDR to 10.0.1.0/24');
        expect(r.after[0]).toBe(text.replace('10.0.1.7/24', '10.0.1.0/24'));
        expect(r.codesAfter).not.toContain('cidr-not-canonical');
    });

    it('subnet-overlap: moves the later subnet to the next free block of its size (VPC User Guide: subnets may not overlap)', async () => {
        const text = 'region r {\n  vpc v 10.0.0.0/24 {\n    subnet a 10.0.0.0/26\n    subnet b 10.0.0.32/27\n  }\n}\n';
        const r = await applyFix('subnet-overlap', [text]);
        expect(r.action.title).toBe('Move subnet b to the next free /27: 10.0.0.64/27');
        expect(changedLines(text, r.after[0])).toEqual(['    subnet b 10.0.0.64/27']);
        expect(r.codesAfter).not.toContain('subnet-overlap');
    });

    it('private-dns-needs-vpc-dns: enables the VPC DNS attributes, even when the VPC is in another file', async () => {
        const r = await applyFix('private-dns-needs-vpc-dns', [example('private-dns-needs-vpc-dns')]);
        expect(r.action.title).toMatch(/^Enable DNS support and DNS hostnames on VPC /);
        expect(r.codesAfter).not.toContain('private-dns-needs-vpc-dns');
        expect(changedLines(r.before[0], r.after[0])).toHaveLength(1);
    });

    it('private-dns-needs-vpc-dns: turns `no-dns-support` into `dns-support`', async () => {
        const text =
            'region r {\n  az a\n  vpc v 10.0.0.0/16 no-dns-support {\n    subnet s 10.0.0.0/24 az a\n    endpoint e interface ssm in s private-dns\n  }\n}\n';
        const r = await applyFix('private-dns-needs-vpc-dns', [text]);
        expect(r.after[0]).toContain('vpc v 10.0.0.0/16 dns-hostnames dns-support {');
        expect(r.codesAfter).not.toContain('private-dns-needs-vpc-dns');
    });

    it("private-zone-needs-vpc-dns: enables the DNS attributes of the VPC in the zone's list (the same fix as private DNS)", async () => {
        const r = await applyFix('private-zone-needs-vpc-dns', [example('private-zone-needs-vpc-dns')]);
        expect(r.action.title).toMatch(/^Enable DNS support and DNS hostnames on VPC /);
        expect(r.codesAfter).not.toContain('private-zone-needs-vpc-dns');
        expect(changedLines(r.before[0], r.after[0])).toHaveLength(1);
    });

    it('interface-endpoint-single-az: adds a subnet of each AZ where workloads run', async () => {
        const text = [
            'region r {',
            '  az a',
            '  az b',
            '  vpc v 10.0.0.0/16 dns-support dns-hostnames {',
            '    subnet s-a 10.0.0.0/24 az a',
            '    subnet s-b 10.0.1.0/24 az b',
            '    instance i-a in s-a',
            '    instance i-b in s-b',
            '    endpoint e interface ssm in s-a private-dns',
            '  }',
            '}',
            '',
        ].join('\n');
        const r = await applyFix('interface-endpoint-single-az', [text]);
        expect(r.action.title).toContain('s-b');
        expect(r.after[0]).toContain('endpoint e interface ssm in s-a, s-b private-dns');
        expect(r.codesAfter).not.toContain('interface-endpoint-single-az');
    });

    it('gwlbe-missing-in-az: with no free subnet in the AZ, adds a dedicated one and the GWLBE, and says why', async () => {
        const r = await applyFix('gwlbe-missing-in-az', [example('gwlbe-missing-in-az')]);
        expect(r.action.title).toMatch(
            /^Add subnet gwlbe-c 10\.0\.0\.16\/28 in .*c with GWLB endpoint ep-c \(no subnet of .* fits: app-c is inspected\)/,
        );
        const added = changedLines(r.before[0], r.after[0]);
        expect(r.after[0]).toContain('    subnet gwlbe-c 10.0.0.16/28 az c routes rt-gwlbe\n');
        expect(r.after[0]).toContain('    endpoint ep-c gwlb inspect-svc in gwlbe-c\n');
        expect(added.length).toBeGreaterThan(0);
        expect(r.codesAfter).not.toContain('gwlbe-missing-in-az');
    });

    it('gwlbe-missing-in-az: uses a free subnet of the AZ when there is one', async () => {
        const text = example('gwlbe-missing-in-az').replace(
            '    subnet app-c',
            '    subnet spare-c 10.0.0.64/28 az c routes rt-gwlbe\n    subnet app-c',
        );
        const r = await applyFix('gwlbe-missing-in-az', [text]);
        expect(r.action.title).toMatch(/^Add GWLB endpoint ep-c in subnet spare-c/);
        expect(r.after[0]).toContain('    endpoint ep-c gwlb inspect-svc in spare-c\n');
        expect(r.codesAfter).not.toContain('gwlbe-missing-in-az');
    });

    it('asymmetric-inspection: adds the return route through the GWLBE that saw the request', async () => {
        const r = await applyFix('asymmetric-inspection', [example('asymmetric-inspection')]);
        expect(r.action.title).toMatch(/ep-a/);
        expect(r.codesAfter).not.toContain('asymmetric-inspection');
    });

    it('asymmetric-inspection: adds the edge route that brings the replies to a NAT gateway back through its GWLBE', async () => {
        // Egress inspected between the NAT gateway and the IGW, with no edge route for the NAT subnet.
        const text = [
            'region eu-west-1 {',
            '  az a = euw1-az1',
            '  vpc security 10.100.0.0/24 {',
            '    subnet appl-a 10.100.0.0/26 az a',
            '    instance fw-a in appl-a appliance',
            '    gwlb fw in appl-a targets fw-a',
            '  }',
            '  endpoint-service fw-svc backed-by security.fw',
            '  vpc work 10.0.0.0/16 {',
            '    igw igw',
            '    subnet app-a    10.0.1.0/24  az a routes rt-app-a',
            '    subnet gwlbe-a  10.0.10.0/28 az a routes rt-gwlbe',
            '    subnet public-a 10.0.20.0/28 az a routes rt-public-a',
            '    endpoint ep-a gwlb fw-svc in gwlbe-a',
            '    nat nat-a in public-a eip',
            '    route-table rt-app-a { 0.0.0.0/0 -> nat-a }',
            '    route-table rt-gwlbe { 0.0.0.0/0 -> igw }',
            '    route-table rt-public-a { 0.0.0.0/0 -> ep-a }',
            '    route-table rt-edge edge igw { }',
            '    instance app-1a in app-a',
            '  }',
            '}',
            '',
        ].join('\n');
        const r = await applyFix('asymmetric-inspection', [text]);
        expect(r.action.title).toBe('Add route 10.0.20.0/28 -> ep-a to rt-edge');
        expect(r.codesAfter).not.toContain('asymmetric-inspection');
    });

    it('asymmetric-inspection: points a return route that names the wrong GWLBE at the right one', async () => {
        const text = example('asymmetric-inspection').replace(
            'route-table rt-app-a {\n      0.0.0.0/0 -> igw',
            'route-table rt-app-a {\n      0.0.0.0/0 -> ep-c',
        );
        const r = await applyFix('asymmetric-inspection', [text]);
        expect(r.action.title).toBe('Point the return route at ep-a');
        expect(changedLines(text, r.after[0])).toEqual(['      0.0.0.0/0 -> ep-a']);
        expect(r.codesAfter).not.toContain('asymmetric-inspection');
    });

    it('ambiguous-reference: offers each qualified name', async () => {
        const text =
            'region r {\n  vpc shop 10.0.0.0/16 {\n    subnet app 10.0.1.0/24\n    instance web-a in app\n  }\n  vpc blog 10.1.0.0/16 {\n    subnet app 10.1.1.0/24\n    instance web-a in app\n  }\n}\ntrace web-a -> internet\n';
        const r = await applyFix('ambiguous-reference', [text], 1);
        expect(r.action.title).toBe('Use blog.web-a');
        expect(r.after[0]).toContain('trace blog.web-a -> internet');
        expect(r.codesAfter).not.toContain('ambiguous-reference');
    });

    it('ambiguous-reference: rewrites a name a subnet and an endpoint share into each kind-qualified form', async () => {
        const text =
            'region r {\n  az a\n  vpc shop 10.0.0.0/16 {\n    subnet app 10.0.1.0/24 az a\n    subnet gwlbe-a 10.0.2.0/24 az a\n    instance web in app\n    endpoint gwlbe-a interface ssm in gwlbe-a\n  }\n}\ntrace web -> gwlbe-a\n';
        const titles: string[] = [];
        for (const [pick, form] of [
            [0, 'subnet:gwlbe-a'],
            [1, 'endpoint:gwlbe-a'],
        ] as const) {
            const r = await applyFix('ambiguous-reference', [text], pick);
            titles.push(r.action.title);
            expect(changedLines(text, r.after[0])).toEqual([`trace web -> ${form}`]);
            expect(r.codesAfter).not.toContain('ambiguous-reference');
            expect(r.codesAfter).not.toContain('unresolved-reference');
        }
        expect(titles).toEqual(['Use subnet:gwlbe-a', 'Use endpoint:gwlbe-a']);
    });
});
