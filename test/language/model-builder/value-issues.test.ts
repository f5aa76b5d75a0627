/**
 * Values the grammar lets through but AWS would not (src/language/model-builder/value-issues.ts): account IDs are 12
 * digits (AWS Account Management Reference Guide, "View AWS account identifiers"), ports 0-65535, AZs a Region's
 * letters, full names or AZ IDs (EC2 User Guide, "Availability Zones"), Regions the codes of "AWS Regions".
 */
import { describe, expect, test } from 'vitest';
import { analyze, check } from '../../helpers.js';

const TRACED = (port: string) => `region ap-northeast-1 {
  az a
  vpc web 10.0.0.0/16 {
    subnet app-a 10.0.1.0/24 az a
    instance app-1 in app-a ip 10.0.1.10
    instance app-2 in app-a ip 10.0.1.11
  }
  trace web.app-1 -> web.app-2 port ${port}
}`;

describe('account IDs', () => {
    test('an AWS account ID is exactly 12 digits', async () => {
        await check('account a id 1234567890123456789012345678901234567890', 'account-id-invalid', [
            '1234567890123456789012345678901234567890',
        ]);
        await check('account a id 12345', 'account-id-invalid', ['12345']);
        await check(`region eu-west-1 {\n  endpoint-service s allow 4444\n}`, 'account-id-invalid', ['4444']);
    });

    test('a 12-digit account ID with leading zeros is one', async () => {
        await check('account a id 012345678901', 'account-id-invalid', []);
    });
});

describe('ports', () => {
    test('a port is a whole number from 0 to 65535', async () => {
        const [big] = await check(TRACED('99999999'), 'port-invalid', ['99999999']);
        expect(big.message).toContain('out of range');
        const [exp] = await check(TRACED('1e23'), 'port-invalid', ['1e23']);
        expect(exp.message).toContain("'1e23' is not a port");
        await check(TRACED('80.5'), 'port-invalid', ['80.5']);
    });

    test('1e23 is one number token, not a number and a stray word: no syntax error', async () => {
        const codes = (await analyze(TRACED('1e23'))).diagnostics.map((d) => d.code);
        expect(codes).toEqual(['port-invalid']);
    });

    test('ports 0 and 65535 are ports, and the trace asks about them', async () => {
        await check(TRACED('0'), 'port-invalid', []);
        const { topology } = await analyze(TRACED('65535'));
        expect(topology.traces[0].port).toBe(65535);
    });

    test('a port that is none is left out of its trace', async () => {
        const { topology } = await analyze(TRACED('70000'));
        expect(topology.traces[0].port).toBeUndefined();
    });
});

describe('Availability Zones', () => {
    test('an AZ suffix is a single letter; a zone of another Region does not belong in this one', async () => {
        const text = `region ap-northeast-1 {
  az zz
  az a = x
  vpc web 10.0.0.0/16 {
    subnet app-a 10.0.1.0/24 az us-east-1a
  }
}`;
        const found = await check(text, 'az-invalid', ['zz', 'x', 'us-east-1a']);
        expect(found[2].message).toContain('is a zone of Region us-east-1, not of ap-northeast-1');
    });

    test('letters, full names, Local Zones and AZ IDs are all zones', async () => {
        const text = `account app id 111111111111 {
  az us-west-2a = usw2-az1
}
region us-west-2 {
  az a = usw2-az2
  az us-west-2b = usw2-az3
  vpc web 10.0.0.0/16 account app {
    subnet a 10.0.1.0/24 az a
    subnet b 10.0.2.0/24 az us-west-2b
    subnet c 10.0.3.0/24 az usw2-az4
    subnet lax 10.0.4.0/24 az us-west-2-lax-1a
  }
}`;
        await check(text, 'az-invalid', []);
    });
});

describe('Regions', () => {
    test('all current AWS Regions are accepted, opt-in ones included', async () => {
        const names = ['ap-east-1', 'me-central-1', 'il-central-1', 'mx-central-1', 'ap-southeast-7', 'ca-west-1'];
        const text = names.map((n) => `region ${n} {\n  az a\n}`).join('\n');
        expect((await analyze(text)).diagnostics.map((d) => d.code)).toEqual([]);
    });

    test('a name that is no Region code, or a Region Topo does not know, is a warning on the name', async () => {
        const [bad] = await check('region mars-1 {\n  az a\n}', 'region-unknown', ['mars-1']);
        expect(bad.severity).toBe(2);
        await check(
            `region ap-northeast-1 {
  az a
  vpc web 10.0.0.0/16 {
    subnet app-a 10.0.1.0/24 az a
    endpoint s3 interface s3 in app-a region us-esat-1
  }
}`,
            'region-unknown',
            ['us-esat-1'],
        );
    });
});
