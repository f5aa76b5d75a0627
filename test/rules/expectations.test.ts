/** expectation-failed: an `expect` statement is a test of the network, answered by the tracer. */
import { expect } from 'vitest';
import { analyze } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

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

ruleTester('expectation-failed', {
    valid: [
        {
            name: 'a true expectation gives no diagnostic (private subnet reaches the internet through a NAT gateway)',
            text: NET('expect web-a -> internet reachable via nat-a, igw'),
        },
        {
            name: 'an instance without a public IP cannot be reached from the internet: the expected reason must match (it does)',
            text: NET('expect internet -> web-a blocked because igw-needs-public-ip'),
        },
        {
            name: 'trace statements never produce diagnostics, whatever their verdict',
            text: NET('trace internet -> web-a'),
            assert: async (text) => {
                expect((await analyze(text)).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
            },
        },
    ],
    invalid: [
        {
            name: 'a wrong verdict fires on the verdict keyword, and the message shows the actual path',
            text: NET('expect web-a -> internet blocked'),
            tokens: ['blocked'],
            message: ['expected blocked, but the trace is reachable', 'Actual path: web-a → nat-a → igw → internet'],
        },
        {
            name: 'a via element the path does not pass fires (the NAT path does not use an IGW edge route)',
            text: NET('expect web-a -> internet reachable via pub-a'),
            tokens: ['reachable'],
            message: 'the path does not pass pub-a',
        },
        {
            name: 'via elements out of order fire',
            text: NET('expect web-a -> internet reachable via igw, nat-a'),
            tokens: ['reachable'],
            message: 'not in the order written',
        },
        {
            name: 'an instance without a public IP cannot be reached from the internet: the expected reason must match',
            text: NET('expect internet -> web-a blocked because no-route'),
            tokens: ['blocked'],
            message: 'expected reason no-route, but it is igw-needs-public-ip',
        },
        {
            name: 'an unknown reason name is reported with the list of reasons',
            text: NET('expect internet -> web-a blocked because firewall-said-no'),
            tokens: ['blocked'],
            message: "'firewall-said-no' is not a trace reason",
        },
        {
            name: 'the related location is the element where a blocked trace stopped',
            text: NET('expect web-a -> internet reachable').replace(
                'route-table rt-app { 0.0.0.0/0 -> nat-a }',
                'route-table rt-app { 0.0.0.0/0 -> blackhole }',
            ),
            tokens: ['reachable'],
            message: '(blackhole)',
            related: ['rt-app'],
            assert: ([d]) => expect(d.relatedInformation?.[0]?.message).toMatch(/^The trace stops here/),
        },
    ],
});
