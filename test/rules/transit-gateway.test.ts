/**
 * Transit gateway: tgw-attachment-missing-az, tgw-attachment-duplicate-az, tgw-attachment-unassociated,
 * tgw-appliance-mode.
 * Facts: Transit Gateway Guide (VPC attachments, route table association, appliance mode); VPC User
 * Guide, "Middlebox scenarios" (traffic entering a VPC from a TGW is forwarded by the attachment subnet's table in that AZ).
 * Cases are small edits of two fixtures, written as the text each edit replaces and the text it puts there.
 */
import { expect } from 'vitest';
import { analyze } from '../helpers.js';
import { ruleTester } from './rule-tester.js';

/** A spoke VPC with subnets in AZs a and c, attached in both AZs. */
const SPOKE = `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc app 10.0.0.0/16 {
    subnet app-a 10.0.0.0/24     az a routes rt-app
    subnet app-c 10.0.1.0/24     az c routes rt-app
    subnet tgw-a 10.0.255.0/28   az a
    subnet tgw-c 10.0.255.16/28  az c
    route-table rt-app { 10.0.0.0/8 -> tgw }
  }
  transit-gateway tgw {
    attachment att-app vpc app in tgw-a, tgw-c associate rt-main propagate rt-main
    route-table rt-main
  }
}`;

/**
 * AWS's centralized inspection: two spokes associated with rt-spokes (everything to the inspection VPC),
 * the inspection attachment associated with rt-insp (spoke routes propagated). In the inspection VPC the
 * attachment subnets send everything to the same-AZ GWLBE, whose table sends spoke ranges back to the TGW
 * and the rest to the same-AZ NAT. Appliance mode is off here: that is the mistake.
 */
const CENTRAL = `
account net id 555555555555
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc spoke-a 10.1.0.0/16 {
    subnet app-a 10.1.0.0/24     az a routes rt-app
    subnet tgw-a 10.1.255.0/28   az a
    subnet tgw-c 10.1.255.16/28  az c
    route-table rt-app { 0.0.0.0/0 -> tgw }
  }
  vpc spoke-b 10.2.0.0/16 {
    subnet app-a 10.2.0.0/24     az a routes rt-app
    subnet app-c 10.2.1.0/24     az c routes rt-app
    subnet tgw-a 10.2.255.0/28   az a
    subnet tgw-c 10.2.255.16/28  az c
    route-table rt-app { 0.0.0.0/0 -> tgw }
  }
  vpc inspection 100.64.0.0/16 account net {
    igw igw
    subnet tgw-a   100.64.0.0/28   az a routes rt-tgw-a
    subnet tgw-c   100.64.0.16/28  az c routes rt-tgw-c
    subnet gwlbe-a 100.64.1.0/28   az a routes rt-gwlbe-a
    subnet gwlbe-c 100.64.1.16/28  az c routes rt-gwlbe-c
    subnet pub-a   100.64.2.0/28   az a routes rt-pub-a
    subnet pub-c   100.64.2.16/28  az c routes rt-pub-c
    subnet appl-a  100.64.3.0/26   az a routes rt-appl
    subnet appl-c  100.64.3.64/26  az c routes rt-appl
    instance fw-a in appl-a ip 100.64.3.10 appliance
    instance fw-c in appl-c ip 100.64.3.74 appliance
    gwlb fw in appl-a, appl-c targets fw-a, fw-c
    endpoint-service fw-svc backed-by fw allow net
    endpoint ep-a gwlb fw-svc in gwlbe-a
    endpoint ep-c gwlb fw-svc in gwlbe-c
    nat nat-a in pub-a eip
    nat nat-c in pub-c eip
    route-table rt-tgw-a   { 0.0.0.0/0 -> ep-a }
    route-table rt-tgw-c   { 0.0.0.0/0 -> ep-c }
    route-table rt-gwlbe-a { 10.0.0.0/8 -> tgw   0.0.0.0/0 -> nat-a }
    route-table rt-gwlbe-c { 10.0.0.0/8 -> tgw   0.0.0.0/0 -> nat-c }
    route-table rt-pub-a   { 0.0.0.0/0 -> igw    10.0.0.0/8 -> ep-a }
    route-table rt-pub-c   { 0.0.0.0/0 -> igw    10.0.0.0/8 -> ep-c }
    route-table rt-appl    { 10.0.0.0/8 -> tgw }
  }
  transit-gateway tgw {
    attachment att-a    vpc spoke-a    in tgw-a, tgw-c associate rt-spokes propagate rt-insp
    attachment att-b    vpc spoke-b    in tgw-a, tgw-c associate rt-spokes propagate rt-insp
    attachment att-insp vpc inspection in tgw-a, tgw-c associate rt-insp
    route-table rt-spokes { 0.0.0.0/0 -> att-insp }
    route-table rt-insp
  }
}`;

/** `base` with each [from, to] replacement applied; a `from` that is not there fails the test. */
function edit(base: string, ...edits: Array<[string, string]>): string {
    let text = base;
    for (const [from, to] of edits) {
        expect(text.includes(from), `fixture has '${from}'`).toBe(true);
        text = text.replace(from, to);
    }
    return text;
}

const TGW_CODES = [
    'tgw-attachment-missing-az',
    'tgw-attachment-duplicate-az',
    'tgw-attachment-unassociated',
    'tgw-appliance-mode',
];

ruleTester('tgw-attachment-missing-az', {
    title: 'tgw-attachment-missing-az: a VPC attachment carries traffic only from AZs where it has a subnet',
    valid: [
        {
            name: 'an attachment with a subnet in every AZ that routes to the TGW is fine',
            text: SPOKE,
            alsoNot: TGW_CODES,
        },
        {
            name: 'a subnet in an AZ without an attachment subnet is fine when its table does not route to the TGW',
            text: () =>
                edit(
                    SPOKE,
                    ['in tgw-a, tgw-c', 'in tgw-a'],
                    ['subnet app-c 10.0.1.0/24     az c routes rt-app', 'subnet app-c 10.0.1.0/24     az c'],
                ),
        },
    ],
    invalid: [
        {
            name: 'a subnet in AZ c routes to the TGW but the attachment has a subnet in AZ a only',
            text: () => edit(SPOKE, ['in tgw-a, tgw-c', 'in tgw-a']),
            tokens: ['c'],
            severity: 1,
            line: 'subnet app-c',
            related: ['tgw-a', '10.0.0.0/8 -> tgw'],
            data: { az: 'ap-northeast-1c', attachment: 'att-app' },
        },
    ],
});

ruleTester('tgw-attachment-duplicate-az', {
    title: 'tgw-attachment-duplicate-az: a TGW VPC attachment names at most one subnet per AZ',
    valid: [
        {
            name: 'one attachment subnet in each of two AZs is accepted',
            text: SPOKE,
            alsoNot: TGW_CODES,
        },
        {
            name: 'two attachments of one VPC (to two transit gateways) may each use a subnet in the same AZ',
            text: () =>
                edit(SPOKE, [
                    '    route-table rt-main\n  }',
                    '    route-table rt-main\n  }\n  transit-gateway tgw2 {\n    attachment att-2 vpc app in tgw-a associate rt2\n    route-table rt2\n  }',
                ]),
        },
    ],
    invalid: [
        {
            name: 'a VPC attachment takes one subnet per AZ: a second subnet in the same AZ is an error',
            text: () =>
                edit(
                    SPOKE,
                    [
                        '    subnet tgw-c 10.0.255.16/28  az c',
                        '    subnet tgw-c 10.0.255.16/28  az c\n    subnet tgw-a2 10.0.255.32/28 az a',
                    ],
                    ['in tgw-a, tgw-c', 'in tgw-a, tgw-c, tgw-a2'],
                ),
            tokens: ['tgw-a2'],
            severity: 1,
            related: ['tgw-a'],
            message: ["'tgw-a' and 'tgw-a2' in the same AZ ap-northeast-1a (apne1-az4)", 'one subnet per AZ'],
        },
    ],
});

ruleTester('tgw-attachment-unassociated', {
    title: 'tgw-attachment-unassociated: each attachment is associated with one TGW route table',
    valid: [
        { name: 'an associated attachment is fine', text: SPOKE },
        {
            name: 'an association that names no route table is reported by the linker only, not as unassociated',
            text: () => edit(SPOKE, ['associate rt-main', 'associate rt-nope']),
            assert: async (text) => {
                expect((await analyze(text)).diagnostics.map((d) => d.code)).toContain('unresolved-reference');
            },
        },
    ],
    invalid: [
        {
            name: 'an attachment without `associate` has no route table and is an error on its name',
            text: () => edit(SPOKE, ['associate rt-main ', '']),
            tokens: ['att-app'],
            severity: 1,
        },
    ],
});

const SECURITY_SPOKES = `
account app id 222222222222
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc security 192.168.0.0/24 {
    subnet appl-a 192.168.0.0/26 az a
    instance fw-a in appl-a ip 192.168.0.10 appliance
    gwlb fw in appl-a targets fw-a
  }
  endpoint-service fw-svc backed-by security.fw allow app
  vpc web 10.1.0.0/16 account app {
    igw igw
    subnet gwlbe-a 10.1.0.0/28  az a routes rt-gwlbe
    subnet gwlbe-c 10.1.0.16/28 az c routes rt-gwlbe
    subnet app-a   10.1.1.0/24  az a routes rt-app-a
    subnet app-c   10.1.2.0/24  az c routes rt-app-c
    endpoint ep-a gwlb fw-svc in gwlbe-a
    endpoint ep-c gwlb fw-svc in gwlbe-c
    route-table rt-gwlbe { 0.0.0.0/0 -> igw   10.0.0.0/8 -> tgw }
    route-table rt-app-a { 0.0.0.0/0 -> ep-a   10.0.0.0/8 -> tgw }
    route-table rt-app-c { 0.0.0.0/0 -> ep-c   10.0.0.0/8 -> tgw }
    route-table rt-edge edge igw { 10.1.1.0/24 -> ep-a   10.1.2.0/24 -> ep-c }
  }
  vpc other-1 10.2.0.0/16 {
    subnet app-a 10.2.0.0/24 az a routes rt-app
    subnet app-c 10.2.1.0/24 az c routes rt-app
    route-table rt-app { 10.0.0.0/8 -> tgw }
  }
  vpc other-2 10.3.0.0/16 {
    subnet app-a 10.3.0.0/24 az a routes rt-app
    subnet app-c 10.3.1.0/24 az c routes rt-app
    route-table rt-app { 10.0.0.0/8 -> tgw }
  }
  transit-gateway tgw {
    attachment att-web vpc web     in app-a, app-c associate rt-all propagate rt-all
    attachment att-1   vpc other-1 in app-a, app-c associate rt-all propagate rt-all
    attachment att-2   vpc other-2 in app-a, app-c associate rt-all propagate rt-all
    route-table rt-all
  }
}`;

ruleTester('tgw-appliance-mode', {
    title: 'tgw-appliance-mode: transit traffic through a stateful device in a multi-AZ attachment needs appliance mode',
    valid: [
        {
            name: 'appliance mode on keeps both directions of a flow in one AZ: no error',
            text: () =>
                edit(CENTRAL, ['vpc inspection in tgw-a, tgw-c', 'vpc inspection in tgw-a, tgw-c appliance-mode']),
            alsoNot: TGW_CODES,
        },
        {
            name: 'a single-AZ attachment cannot send the reply to another AZ: never triggers it',
            text: () => edit(CENTRAL, ['vpc inspection in tgw-a, tgw-c', 'vpc inspection in tgw-a']),
        },
        {
            name: 'a NAT-only egress VPC (TGW -> NAT -> IGW) never triggers it: NAT replies come back to the NAT by address',
            text: () =>
                edit(
                    CENTRAL,
                    ['rt-tgw-a   { 0.0.0.0/0 -> ep-a }', 'rt-tgw-a   { 0.0.0.0/0 -> nat-a }'],
                    ['rt-tgw-c   { 0.0.0.0/0 -> ep-c }', 'rt-tgw-c   { 0.0.0.0/0 -> nat-c }'],
                    ['10.0.0.0/8 -> ep-a', '10.0.0.0/8 -> tgw'],
                    ['10.0.0.0/8 -> ep-c', '10.0.0.0/8 -> tgw'],
                ),
        },
        {
            name: 'north-south inspection only (spokes reach each other directly through the TGW) never triggers it',
            text: () =>
                edit(
                    CENTRAL,
                    [
                        'vpc spoke-a    in tgw-a, tgw-c associate rt-spokes propagate rt-insp',
                        'vpc spoke-a    in tgw-a, tgw-c associate rt-spokes propagate rt-insp, rt-spokes',
                    ],
                    [
                        'vpc spoke-b    in tgw-a, tgw-c associate rt-spokes propagate rt-insp',
                        'vpc spoke-b    in tgw-a, tgw-c associate rt-spokes propagate rt-insp, rt-spokes',
                    ],
                ),
        },
        {
            name: 'spoke VPCs whose GWLBEs only inspect their own IGW traffic never trigger it',
            text: SECURITY_SPOKES,
            alsoNot: TGW_CODES,
        },
        {
            // Without appliance mode the TGW keeps each direction in its sender's AZ (Transit Gateway Guide,
            // "Appliance mode"): with every workload in one AZ, request and reply meet the same appliance.
            name: 'spokes whose workloads all sit in one AZ: each flow stays in that AZ both ways, so no reply is dropped',
            text: () => edit(CENTRAL, ['    subnet app-c 10.2.1.0/24     az c routes rt-app\n', '']),
        },
        {
            name: 'one appliance that both AZs send to sees both directions of every flow: the tracer finds them symmetric',
            text: () =>
                edit(
                    CENTRAL,
                    ['rt-tgw-a   { 0.0.0.0/0 -> ep-a }', 'rt-tgw-a   { 0.0.0.0/0 -> fw-a }'],
                    ['rt-tgw-c   { 0.0.0.0/0 -> ep-c }', 'rt-tgw-c   { 0.0.0.0/0 -> fw-a }'],
                ),
        },
    ],
    invalid: [
        {
            name: 'spoke-to-spoke traffic enters the inspection VPC, passes a GWLBE and returns to the TGW: appliance mode off is an error',
            text: CENTRAL,
            tokens: ['att-insp'],
            severity: 1,
            message: 'ep-a',
            related: ['0.0.0.0/0 -> att-insp', '0.0.0.0/0 -> ep-a', '10.0.0.0/8 -> tgw'],
            data: { attachment: 'att-insp' },
        },
        {
            name: 'an appliance instance as the next hop (instead of a GWLBE) is a stateful device too',
            text: () =>
                edit(
                    CENTRAL,
                    ['rt-tgw-a   { 0.0.0.0/0 -> ep-a }', 'rt-tgw-a   { 0.0.0.0/0 -> fw-a }'],
                    ['rt-tgw-c   { 0.0.0.0/0 -> ep-c }', 'rt-tgw-c   { 0.0.0.0/0 -> fw-c }'],
                ),
            tokens: ['att-insp'],
            message: 'fw-a',
        },
    ],
});

/** Two transit gateways, each with a VPC attached; `tgw1` and `tgw2` are the members each holds. */
const twoTgws = (tgw1: string, tgw2: string): string => `region ap-northeast-1 {
  az a = apne1-az4
  vpc one 10.1.0.0/16 { subnet tgw-a 10.1.255.0/28 az a }
  vpc two 10.2.0.0/16 { subnet tgw-a 10.2.255.0/28 az a }
  transit-gateway tgw-1 {
${tgw1}
  }
  transit-gateway tgw-2 {
${tgw2}
  }
}`;

ruleTester('tgw-reference-other-tgw', {
    title: "tgw-reference-other-tgw: a transit gateway's routes, associations and propagations stay within it",
    valid: [
        {
            name: 'routes, associations and propagations within each transit gateway are fine',
            text: twoTgws(
                `    attachment att-one vpc one in tgw-a associate rt-1 propagate rt-1
    route-table rt-1 { 10.9.0.0/16 -> att-one }`,
                `    attachment att-two vpc two in tgw-a associate rt-2 propagate rt-2
    route-table rt-2 { 10.8.0.0/16 -> att-two }`,
            ),
            clean: true,
        },
        {
            name: 'one VPC may be attached to two transit gateways, each routing to its own attachment',
            text: twoTgws(
                `    attachment att-one vpc one in tgw-a associate rt-1
    route-table rt-1 { 10.1.0.0/16 -> att-one }`,
                `    attachment att-one vpc one in tgw-a associate rt-2
    route-table rt-2 { 10.1.0.0/16 -> att-one }`,
            ),
            clean: true,
        },
    ],
    invalid: [
        {
            name: "a TGW route table routes only to its own transit gateway's attachments",
            text: twoTgws(
                `    attachment att-one vpc one in tgw-a associate rt-1
    route-table rt-1 { 10.2.0.0/16 -> att-two }`,
                `    attachment att-two vpc two in tgw-a associate rt-2
    route-table rt-2`,
            ),
            tokens: ['att-two'],
            severity: 1,
            message: ['an attachment of tgw-2', 'peering attachment'],
            related: ['att-two'],
            line: '10.2.0.0/16 -> att-two',
        },
        {
            name: 'an attachment is associated with a route table of its own transit gateway only',
            text: twoTgws(
                `    attachment att-one vpc one in tgw-a associate tgw-2.rt-2
    route-table rt-1`,
                `    attachment att-two vpc two in tgw-a associate rt-2
    route-table rt-2`,
            ),
            tokens: ['tgw-2.rt-2'],
            message: 'is associated with rt-2, a route table of tgw-2',
        },
        {
            name: 'an attachment propagates only to route tables of its own transit gateway',
            text: twoTgws(
                `    attachment att-one vpc one in tgw-a associate rt-1 propagate rt-1, tgw-2.rt-2
    route-table rt-1`,
                `    attachment att-two vpc two in tgw-a associate rt-2
    route-table rt-2`,
            ),
            tokens: ['tgw-2.rt-2'],
            message: 'propagates to rt-2, a route table of tgw-2',
        },
        {
            name: 'the finding is on the propagation as written, after an entry that names nothing',
            text: twoTgws(
                `    attachment att-one vpc one in tgw-a associate rt-1 propagate nowhere, rt-1, tgw-2.rt-2
    route-table rt-1`,
                `    attachment att-two vpc two in tgw-a associate rt-2
    route-table rt-2`,
            ),
            tokens: ['tgw-2.rt-2'],
            message: 'propagates to rt-2, a route table of tgw-2',
        },
    ],
});
