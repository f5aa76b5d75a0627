/**
 * AWS Regions (AWS General Reference, "AWS Regions",
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html): the commercial ones for
 * completion of region names, and with the GovCloud and China ones for telling a Region Topo knows from a new one.
 */
export const AWS_REGIONS: readonly string[] = [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-south-1',
    'eu-south-2',
    'eu-north-1',
    'il-central-1',
    'me-south-1',
    'me-central-1',
    'mx-central-1',
    'sa-east-1',
];

/** Regions of the other partitions: AWS GovCloud (US) and China. */
const OTHER_PARTITION_REGIONS: readonly string[] = ['us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'cn-northwest-1'];

const KNOWN: ReadonlySet<string> = new Set([...AWS_REGIONS, ...OTHER_PARTITION_REGIONS]);

/** The shape of every Region code: an area, one or more direction words, a number (`us-gov-west-1`). */
export const REGION_SHAPE = /^[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}$/;

/**
 * What is wrong with a Region name, or undefined for a Region Topo knows. A well-formed name Topo does not know may be
 * a Region AWS launched after this list: the message says so, and the language reports it as a warning.
 */
export function regionProblem(name: string): string | undefined {
    if (KNOWN.has(name)) return undefined;
    if (!REGION_SHAPE.test(name))
        return `'${name}' is not an AWS Region name: Region codes look like us-east-1 or ap-northeast-1`;
    return `'${name}' is not an AWS Region Topo knows: check the spelling (if AWS has launched it since, ignore this)`;
}
