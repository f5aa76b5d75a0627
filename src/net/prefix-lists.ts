/**
 * AWS-managed prefix lists (`com.amazonaws.<region>.s3`, `...dynamodb`): a small, representative bundled
 * table. Real lists hold more entries and change over time (`aws ec2 get-managed-prefix-list-entries`);
 * extend MANAGED_PREFIX_LISTS to match your account. What matters to the engine is that a service's public
 * DNS answer falls inside its list, and that lists are per region (VPC User Guide, gateway endpoints:
 * "the prefix list for a service in another Region does not apply").
 */
import { type Cidr, mustParse } from './cidr.js';

type Table = Record<string, Partial<Record<'s3' | 'dynamodb', readonly string[]>>>;

const MANAGED_PREFIX_LISTS: Table = {
    'us-east-1': {
        s3: ['3.5.0.0/19', '16.182.0.0/16', '52.216.0.0/15', '54.231.0.0/16'],
        dynamodb: ['3.218.180.0/22', '35.71.64.0/22', '52.94.0.0/22', '52.119.224.0/20'],
    },
    'us-east-2': {
        s3: ['3.5.128.0/22', '16.12.64.0/22', '52.219.80.0/20'],
        dynamodb: ['3.218.224.0/22', '52.94.4.0/24'],
    },
    'us-west-2': {
        s3: ['3.5.76.0/22', '18.34.48.0/20', '52.92.128.0/17', '52.218.128.0/17'],
        dynamodb: ['35.71.72.0/22', '52.94.10.0/24', '52.119.160.0/20'],
    },
    'eu-west-1': {
        s3: ['3.5.64.0/21', '52.92.0.0/17', '52.218.0.0/17'],
        dynamodb: ['52.94.5.0/24', '52.119.240.0/21'],
    },
    'eu-central-1': {
        s3: ['3.5.134.0/23', '52.219.72.0/22', '52.219.140.0/24'],
        dynamodb: ['35.71.100.0/24', '52.94.17.0/24', '52.119.188.0/22'],
    },
    'ap-northeast-1': {
        s3: ['3.5.152.0/21', '52.219.0.0/20', '52.219.16.0/22', '52.219.68.0/22'],
        dynamodb: ['35.71.98.0/24', '52.94.9.0/24', '52.119.220.0/22'],
    },
    'ap-southeast-1': {
        s3: ['3.5.146.0/23', '52.219.32.0/21', '52.219.128.0/22'],
        dynamodb: ['35.71.118.0/24', '52.94.13.0/24', '52.119.205.0/24'],
    },
    'ap-southeast-2': {
        s3: ['3.5.164.0/22', '52.95.128.0/21'],
        dynamodb: ['52.94.12.0/24', '52.119.212.0/23'],
    },
};

interface ManagedPrefixList {
    readonly name: string;
    readonly service: string;
    readonly region: string;
    readonly entries: readonly Cidr[];
    /** False when the region is not in the bundled table; entries are then empty. */
    readonly known: boolean;
}

const cache = new Map<string, ManagedPrefixList>();

export function managedPrefixList(service: string, region: string): ManagedPrefixList | undefined {
    if (service !== 's3' && service !== 'dynamodb') {
        return undefined;
    }
    const key = `${region}/${service}`;
    let list = cache.get(key);
    if (!list) {
        const texts = MANAGED_PREFIX_LISTS[region]?.[service];
        list = {
            name: `com.amazonaws.${region}.${service}`,
            service,
            region,
            entries: (texts ?? []).map(mustParse),
            known: texts !== undefined,
        };
        cache.set(key, list);
    }
    return list;
}

/**
 * A representative public address the service's regional DNS name answers with. For gateway-endpoint
 * services it lies inside the region's prefix list, which is what lets the gateway route catch it.
 */
export function representativePublicIp(service: string, region: string): number | undefined {
    const list = managedPrefixList(service, region);
    const first = list?.entries[0];
    return first ? first.first + 10 : undefined;
}
