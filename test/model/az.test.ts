/**
 * Availability Zones as written (src/model/az.ts): EC2 User Guide, "Availability Zones" (a Region's code and a letter)
 * and "Local Zones"; AWS RAM User Guide, "AZ IDs".
 */
import { describe, expect, test } from 'vitest';
import { azProblem } from '../../src/model/az.js';

describe('an AZ as written', () => {
    test.each([
        ['a', 'ap-northeast-1'],
        ['ap-northeast-1a', 'ap-northeast-1'],
        ['apne1-az4', 'ap-northeast-1'],
        ['us-west-2-lax-1a', 'us-west-2'],
        ['usw2-lax1-az1', 'us-west-2'],
        ['us-east-1-wl1-bos-wlz-1', 'us-east-1'],
        ['use1-wl1-bos-wlz1', 'us-east-1'],
        ['use1-az6', undefined],
    ])('%s is a zone (in %s)', (written, region) => {
        expect(azProblem(written, region, 'any')).toBeUndefined();
    });

    test('an AZ suffix is one letter after the Region code', () => {
        expect(azProblem('zz', 'ap-northeast-1', 'any')).toMatch(/is not an Availability Zone/);
        expect(azProblem('a1', 'ap-northeast-1', 'any')).toMatch(/is not an Availability Zone/);
    });

    test("a zone of another Region is not one of this Region's zones", () => {
        expect(azProblem('us-east-1a', 'ap-northeast-1', 'any')).toBe(
            'us-east-1a is a zone of Region us-east-1, not of ap-northeast-1',
        );
        // A region block with no Region code for a name: there is nothing to compare with.
        expect(azProblem('us-east-1a', 'r', 'any')).toBeUndefined();
    });

    test('an AZ ID is a short Region code, -az and a number', () => {
        expect(azProblem('apne1-az4', undefined, 'id')).toBeUndefined();
        expect(azProblem('x', 'ap-northeast-1', 'id')).toMatch(/is not an AZ ID/);
        expect(azProblem('apne1-az4', 'ap-northeast-1', 'name')).toMatch(/is an AZ ID; write the AZ's name/);
    });

    test("an account's mapping belongs to no Region: it takes full AZ names, not letters", () => {
        expect(azProblem('a', undefined, 'name')).toMatch(/write the full AZ name/);
        expect(azProblem('ap-northeast-1a', undefined, 'name')).toBeUndefined();
    });
});
