import { describe, expect, it } from 'vitest';
import { analyze, check } from '../helpers.js';

const two = (ref: string) => `
region eu-west-1 {
  vpc shop 10.0.0.0/16 {
    subnet app 10.0.1.0/24
    instance web-a in app
  }
  vpc blog 10.1.0.0/16 {
    subnet app 10.1.1.0/24
    instance web-a in app
  }
}
trace ${ref} -> internet
`;

describe('ambiguous-reference', () => {
    it('fires on a simple name that several VPC members share, naming the qualified candidates', async () => {
        const { diagnostics } = await analyze(two('web-a'));
        const d = diagnostics.find((x) => x.code === 'ambiguous-reference');
        expect(d).toBeDefined();
        expect(d!.message).toContain('shop.web-a');
        expect(d!.message).toContain('blog.web-a');
        expect(d!.relatedInformation).toHaveLength(2);
        expect(d!.range.start.line).toBe(11);
    });

    it('does not fire on the qualified name', async () => {
        const { diagnostics } = await analyze(two('shop.web-a'));
        expect(diagnostics.map((x) => x.code)).not.toContain('ambiguous-reference');
    });

    it("does not fire inside a VPC, where the VPC's own members win", async () => {
        const { diagnostics } = await analyze(two('shop.web-a'));
        // `instance web-a in app`: `app` exists in both VPCs, but each resolves to its own.
        expect(diagnostics.map((x) => x.code)).not.toContain('ambiguous-reference');
    });

    it('does not fire when the name is unique', async () => {
        const { diagnostics } = await analyze(
            two('web-a').replace('instance web-a in app\n  }\n}', 'instance web-b in app\n  }\n}'),
        );
        expect(diagnostics.map((x) => x.code)).not.toContain('ambiguous-reference');
    });
});

/** A subnet and the GWLB endpoint in it, both named after their purpose (`gwlbe-a`), as AWS engineers often do. */
const shared = (rest: string, extra = '') => `
region eu-west-1 {
  az a
  vpc shop 10.0.0.0/16 {
    subnet gwlbe-a 10.0.2.0/24 az a
    subnet appl 10.0.3.0/24 az a
    subnet app 10.0.1.0/24 az a
    instance web in app
    instance fw in appl appliance
    gwlb insp in appl targets fw
    endpoint gwlbe-a gwlb insp-svc in gwlbe-a
    ${extra}
  }
  endpoint-service insp-svc backed-by shop.insp allow *
  ${rest}
}
`;

describe('ambiguous-reference across kinds', () => {
    it('a name a subnet and an endpoint share is ambiguous in `via` and trace ends, and the warning offers subnet:gwlbe-a and endpoint:gwlbe-a', async () => {
        const text = shared('trace web -> gwlbe-a\n  expect web -> 203.0.113.10 blocked via gwlbe-a');
        const found = await check(text, 'ambiguous-reference', ['gwlbe-a', 'gwlbe-a']);
        for (const d of found) {
            expect(d.message).toContain('subnet shop.gwlbe-a, endpoint shop.gwlbe-a');
            expect(d.message).toContain('Write subnet:gwlbe-a or endpoint:gwlbe-a');
            expect(d.data).toEqual({ code: 'ambiguous-reference', candidates: ['subnet:gwlbe-a', 'endpoint:gwlbe-a'] });
            expect(d.related).toEqual(['gwlbe-a', 'gwlbe-a']);
        }
    });

    it('the VPC-qualified name is still ambiguous between the kinds, and offers their ids', async () => {
        const [d] = await check(shared('trace web -> shop.gwlbe-a'), 'ambiguous-reference', ['shop.gwlbe-a']);
        expect(d.data).toMatchObject({ candidates: ['subnet:shop.gwlbe-a', 'endpoint:shop.gwlbe-a'] });
    });

    it('the kind-qualified forms are not ambiguous', async () => {
        await check(
            shared('trace web -> subnet:gwlbe-a\n  expect web -> 203.0.113.10 blocked via endpoint:gwlbe-a'),
            'ambiguous-reference',
            [],
        );
    });

    it('the offered forms stay distinct when the candidates differ by VPC and by kind', async () => {
        const text =
            shared('trace web -> gwlbe-a') +
            'region eu-west-2 {\n  az a\n  vpc blog 10.1.0.0/16 {\n    subnet gwlbe-a 10.1.2.0/24 az a\n  }\n}\n';
        const [d] = await check(text, 'ambiguous-reference', ['gwlbe-a']);
        const forms = (d.data as { candidates: string[] }).candidates;
        expect(forms).toEqual(['subnet:shop.gwlbe-a', 'endpoint:gwlbe-a', 'blog.gwlbe-a']);
        expect(new Set(forms).size).toBe(forms.length);
    });

    it("two kinds sharing a name among a VPC's own members are ambiguous where the position takes both (a route target)", async () => {
        const text = shared(
            '',
            'instance nat-a in appl appliance\n    nat nat-a in app private\n    route-table rt { 0.0.0.0/0 -> nat-a }',
        );
        const [d] = await check(text, 'ambiguous-reference', ['nat-a']);
        expect(d.data).toMatchObject({ candidates: ['instance:nat-a', 'nat:nat-a'] });
        await check(text.replace('-> nat-a', '-> nat:nat-a'), 'ambiguous-reference', []);
    });

    it('a name the user gives is not ambiguous with the AWS service of the same name: the user’s element wins', async () => {
        await check(shared('trace web -> s3', 'instance s3 in app'), 'ambiguous-reference', []);
    });
});

describe('ambiguous-reference and elements declared twice', () => {
    const file = (extra: string) => `
region eu-west-1 {
  vpc shop 10.0.0.0/16 {
    subnet app 10.0.1.0/24
    instance web-a in app
  }
  ${extra}
}
trace web-a -> internet
`;

    it('a name only a twice-declared element has is duplicate-name, not ambiguous-reference: no spelling chooses one', async () => {
        const { diagnostics } = await analyze(
            file('vpc shop 10.0.0.0/16 {\n    subnet app 10.0.1.0/24\n    instance web-a in app\n  }'),
        );
        const codes = diagnostics.map((x) => x.code);
        expect(codes).toContain('duplicate-name');
        expect(codes).not.toContain('ambiguous-reference');
    });

    it('with a twice-declared element and another one, the warning offers each distinct spelling once', async () => {
        const { diagnostics } = await analyze(
            file(
                'vpc shop 10.0.0.0/16 {\n    subnet app 10.0.1.0/24\n    instance web-a in app\n  }\n  vpc blog 10.1.0.0/16 {\n    subnet app 10.1.1.0/24\n    instance web-a in app\n  }',
            ),
        );
        const d = diagnostics.find((x) => x.code === 'ambiguous-reference');
        expect(d).toBeDefined();
        expect(d!.message).toContain("'web-a' names 2 elements");
        expect(d!.message).not.toContain('shop.web-a or shop.web-a');
        expect(d!.relatedInformation).toHaveLength(3);
        expect(d!.message).toContain('Write shop.web-a or blog.web-a to choose one.');
    });
});
