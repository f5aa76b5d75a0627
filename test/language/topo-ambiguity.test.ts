import { describe, expect, it } from 'vitest';
import { analyze } from '../helpers.js';

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
