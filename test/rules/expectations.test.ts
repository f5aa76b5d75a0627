/** expectation-failed: an `expect` statement is a test of the network, answered by the tracer. */
import { describe, expect, test } from 'vitest';
import { analyze, rangeText } from '../helpers.js';

const NET = (expectation: string) => `region eu-west-1 {
  az a = euw1-az1
  vpc app 10.1.0.0/16 {
    igw igw
    subnet pub-a 10.1.0.0/24 az a routes rt-pub
    subnet app-a 10.1.1.0/24 az a routes rt-app
    nat nat-a in pub-a eip
    route-table rt-pub { 0.0.0.0/0 -> igw }
    route-table rt-app { 0.0.0.0/0 -> nat-a }
    instance web-a in app-a
  }
  ${expectation}
}`;

async function failures(expectation: string) {
    const text = NET(expectation);
    const { diagnostics } = await analyze(text);
    return { text, found: diagnostics.filter((d) => d.code === 'expectation-failed') };
}

describe('expectation-failed', () => {
    test('a true expectation gives no diagnostic (private subnet reaches the internet through a NAT gateway)', async () => {
        expect((await failures('expect web-a -> internet reachable via nat-a, igw')).found).toEqual([]);
    });

    test('a wrong verdict fires on the verdict keyword, and the message shows the actual path', async () => {
        const { text, found } = await failures('expect web-a -> internet blocked');
        expect(found).toHaveLength(1);
        expect(rangeText(text, found[0])).toBe('blocked');
        expect(found[0].message).toContain('expected blocked, but the trace is reachable');
        expect(found[0].message).toContain('Actual path: web-a → nat-a → igw → internet');
    });

    test('a via element the path does not pass fires (the NAT path does not use an IGW edge route)', async () => {
        const { found } = await failures('expect web-a -> internet reachable via pub-a');
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('the path does not pass pub-a');
    });

    test('via elements out of order fire', async () => {
        const { found } = await failures('expect web-a -> internet reachable via igw, nat-a');
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('not in the order written');
    });

    test('an instance without a public IP cannot be reached from the internet: the expected reason must match', async () => {
        expect((await failures('expect internet -> web-a blocked because igw-needs-public-ip')).found).toEqual([]);
        const { found } = await failures('expect internet -> web-a blocked because no-route');
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain('expected reason no-route, but it is igw-needs-public-ip');
    });

    test('an unknown reason name is reported with the list of reasons', async () => {
        const { found } = await failures('expect internet -> web-a blocked because firewall-said-no');
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain("'firewall-said-no' is not a trace reason");
    });

    test('the related location is the element where a blocked trace stopped', async () => {
        const text = NET('expect web-a -> internet reachable').replace(
            'route-table rt-app { 0.0.0.0/0 -> nat-a }',
            'route-table rt-app { 0.0.0.0/0 -> blackhole }',
        );
        const { diagnostics } = await analyze(text);
        const d = diagnostics.find((x) => x.code === 'expectation-failed')!;
        expect(d.message).toContain('(blackhole)');
        expect(d.relatedInformation?.[0]?.message).toMatch(/^The trace stops here/);
        expect(rangeText(text, { range: d.relatedInformation![0].location.range })).toBe('rt-app');
    });

    test('trace statements never produce diagnostics, whatever their verdict', async () => {
        const { diagnostics } = await analyze(NET('trace internet -> web-a'));
        expect(diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    });
});
