/**
 * Region names (src/net/aws-regions.ts) against AWS General Reference, "AWS Regions"
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
 */
import { describe, expect, test } from 'vitest';
import { AWS_REGIONS, regionProblem } from '../../src/net/aws-regions.js';

describe('AWS Region names', () => {
    test.each([
        'us-east-1',
        'ap-east-1',
        'ap-east-2',
        'me-central-1',
        'il-central-1',
        'mx-central-1',
        'ap-southeast-5',
        'ap-southeast-6',
        'ap-southeast-7',
        'ca-west-1',
        'eu-south-2',
        'us-gov-west-1',
        'cn-northwest-1',
    ])('%s is an AWS Region (opt-in, GovCloud and China Regions included)', (name) => {
        expect(regionProblem(name)).toBeUndefined();
    });

    test('every commercial Region is offered for completion once', () => {
        expect(new Set(AWS_REGIONS).size).toBe(AWS_REGIONS.length);
        expect(AWS_REGIONS.length).toBeGreaterThanOrEqual(34);
    });

    test('a name without the shape of a Region code is no Region', () => {
        expect(regionProblem('mars-1')).toMatch(/is not an AWS Region name/);
        expect(regionProblem('US-EAST-1')).toMatch(/is not an AWS Region name/);
    });

    test('a well-formed name Topo does not know may be a newer Region: the message says so', () => {
        expect(regionProblem('us-esat-1')).toMatch(/not an AWS Region Topo knows.*if AWS has launched it/);
    });
});
