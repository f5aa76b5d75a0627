/**
 * Gateway endpoints (S3, DynamoDB): gateway-endpoint-service, -region, -duplicate, -overridden, -unused.
 * Facts: PrivateLink Guide "Gateway endpoints"; VPC User Guide "Route priority".
 * The bundled ap-northeast-1 S3 prefix list holds 52.219.0.0/20 (src/net/prefix-lists.ts).
 */
import { ruleTester } from './rule-tester.js';

/** One VPC in ap-northeast-1 with two app subnets; `extra` goes inside the VPC. */
function vpc(extra: string, vpcAttrs = ''): string {
    return `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc web 10.0.0.0/16${vpcAttrs} {
    igw igw
    subnet app-a 10.0.1.0/24 az a routes rt-a
    subnet app-c 10.0.2.0/24 az c routes rt-c
    route-table rt-a { 0.0.0.0/0 -> igw }
    route-table rt-c { 0.0.0.0/0 -> igw }
${extra}
  }
}`;
}

ruleTester('gateway-endpoint-service', {
    valid: [
        {
            name: 'gateway endpoints exist only for S3 and DynamoDB: both are accepted',
            text: vpc('    endpoint s3 gateway s3 routes rt-a\n    endpoint ddb gateway dynamodb routes rt-c'),
        },
    ],
    invalid: [
        {
            name: 'gateway endpoints exist only for S3 and DynamoDB: one for ssm is refused',
            text: vpc('    endpoint ssm-gw gateway ssm routes rt-a'),
            tokens: ['ssm'],
            severity: 1,
            message: "'ssm-gw'",
        },
        {
            name: 'a gateway endpoint cannot target an endpoint service (those use PrivateLink endpoints)',
            text: vpc(`
    nlb api in app-a targets 10.0.1.10
    endpoint-service api-svc backed-by api
    endpoint ep gateway api-svc routes rt-a`),
            tokens: ['api-svc'],
            related: ['api-svc'],
        },
    ],
});

ruleTester('gateway-endpoint-region', {
    valid: [
        {
            name: 'managed prefix lists are per region: the VPC region (written or implied) is fine',
            text: vpc(
                '    endpoint s3 gateway s3 routes rt-a region ap-northeast-1\n    endpoint ddb gateway dynamodb routes rt-c',
            ),
        },
    ],
    invalid: [
        {
            name: 'managed prefix lists are per region: an S3 gateway endpoint for another region is refused',
            text: vpc('    endpoint s3 gateway s3 routes rt-a region us-west-2'),
            tokens: ['us-west-2'],
            message: 'ap-northeast-1',
            related: ['web'],
        },
    ],
});

ruleTester('gateway-endpoint-duplicate', {
    valid: [
        {
            name: 'different services, or the same service in different tables, may share a VPC',
            text: vpc(
                '    endpoint s3-one gateway s3 routes rt-a\n    endpoint s3-two gateway s3 routes rt-c\n    endpoint ddb gateway dynamodb routes rt-a',
            ),
        },
    ],
    invalid: [
        {
            name: 'a route table holds one route per service prefix list: a second S3 gateway endpoint on rt-a is refused',
            text: vpc('    endpoint s3-one gateway s3 routes rt-a\n    endpoint s3-two gateway s3 routes rt-c, rt-a'),
            tokens: ['rt-a'],
            line: 's3-two',
            message: "'s3-one'",
            related: ['rt-a'],
        },
    ],
});

ruleTester('gateway-endpoint-overridden', {
    valid: [
        {
            name: '0.0.0.0/0 and other blocks broader than the entry lose by longest prefix, so nothing is overridden',
            text: vpc(
                '    endpoint s3 gateway s3 routes rt-x\n    route-table rt-x { 0.0.0.0/0 -> igw  52.218.0.0/15 -> igw }',
            ),
        },
        {
            name: 'a more specific route only matters in a table that has the gateway endpoint route',
            text: vpc('    endpoint s3 gateway s3 routes rt-a\n    route-table rt-x { 52.219.5.0/24 -> igw }'),
        },
        {
            name: "a prefix-list entry inside the VPC's range yields to the local route, so it takes nothing from the endpoint",
            text: vpc(
                '    prefix-list corp 52.219.8.0/24\n    endpoint s3 gateway s3 routes rt-x\n    route-table rt-x { corp -> igw }',
                ', 52.219.8.0/21',
            ),
        },
    ],
    invalid: [
        {
            name: 'longest prefix wins: a /24 inside the S3 entry 52.219.0.0/20 beats the gateway endpoint (like AWS 54.123.165.0/24 -> igw over 54.123.160.0/19)',
            text: vpc(
                '    endpoint s3 gateway s3 routes rt-x\n    subnet app-b 10.0.3.0/24 az a routes rt-x\n    route-table rt-x { 0.0.0.0/0 -> igw  52.219.5.0/24 -> igw }',
            ),
            tokens: ['52.219.5.0/24'],
            severity: 2,
            message: '52.219.0.0/20',
            related: ['rt-x'],
        },
        {
            name: 'for identical prefixes a static route beats the prefix-list route of the gateway endpoint',
            text: vpc(
                '    endpoint s3 gateway s3 routes rt-a\n    nat n in app-c eip\n    route-table rt-x subnets app-a { 52.219.0.0/20 -> n }\n    endpoint s3b gateway s3 routes rt-x',
            ),
            tokens: ['52.219.0.0/20'],
        },
        {
            name: 'each entry of a user prefix-list route is a candidate: an entry inside the S3 list overrides it',
            text: vpc(
                '    prefix-list corp 52.219.8.0/24\n    endpoint s3 gateway s3 routes rt-x\n    route-table rt-x { corp -> igw }',
            ),
            tokens: ['corp'],
        },
    ],
});

const USED_TABLES = `
region ap-northeast-1 {
  vpc web 10.0.0.0/16 {
    subnet app-a 10.0.1.0/24 az a
    route-table rt-main main
    route-table rt-spare
    endpoint s3 gateway s3 routes rt-main, rt-spare
  }
}`;

ruleTester('gateway-endpoint-unused', {
    valid: [
        {
            name: 'a table used by a subnet, explicitly or as the main table, makes the endpoint used: the main table',
            text: USED_TABLES,
        },
        {
            name: 'a table used by a subnet, explicitly or as the main table, makes the endpoint used: an explicit association',
            text: vpc('    endpoint s3 gateway s3 routes rt-a'),
        },
    ],
    invalid: [
        {
            name: 'a gateway endpoint works only through route tables that subnets use: one only on an unused table is idle',
            text: vpc('    route-table rt-spare { 0.0.0.0/0 -> igw }\n    endpoint s3 gateway s3 routes rt-spare'),
            tokens: ['rt-spare'],
            severity: 3,
        },
        {
            name: 'a gateway endpoint with no route table at all serves no subnet',
            text: vpc('    endpoint s3 gateway s3'),
            tokens: ['s3'],
        },
    ],
});
