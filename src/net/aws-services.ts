/**
 * The AWS services a topology can reach, with the facts the checker and tracer need.
 * Sources: PrivateLink Guide "AWS services that integrate with AWS PrivateLink", "Gateway endpoints"
 * (S3 and DynamoDB only), and "Cross-Region connectivity" (the short list of services with cross-region
 * interface endpoints). Extend the table here; the built-in document is generated from it.
 */

interface AwsServiceInfo {
    /** The short name used in .topo files and in `com.amazonaws.<region>.<name>`. */
    readonly name: string;
    /** Offers a gateway endpoint (S3 and DynamoDB only). */
    readonly gateway: boolean;
    /** Offers an interface endpoint. */
    readonly interface: boolean;
    /** Offers cross-region interface endpoints (PrivateLink Guide, cross-Region connectivity). */
    readonly crossRegion: boolean;
    /** The public DNS name; `{region}` is replaced by the service region. */
    readonly dns: string;
}

const svc = (
    name: string,
    dns: string,
    opts: Partial<Pick<AwsServiceInfo, 'gateway' | 'interface' | 'crossRegion'>> = {},
): AwsServiceInfo => ({
    name,
    dns,
    gateway: opts.gateway ?? false,
    interface: opts.interface ?? true,
    crossRegion: opts.crossRegion ?? false,
});

export const AWS_SERVICES: readonly AwsServiceInfo[] = [
    svc('s3', 's3.{region}.amazonaws.com', { gateway: true, crossRegion: true }),
    svc('dynamodb', 'dynamodb.{region}.amazonaws.com', { gateway: true }),
    svc('ssm', 'ssm.{region}.amazonaws.com'),
    svc('ssmmessages', 'ssmmessages.{region}.amazonaws.com'),
    svc('ec2messages', 'ec2messages.{region}.amazonaws.com'),
    svc('ec2', 'ec2.{region}.amazonaws.com'),
    svc('sts', 'sts.{region}.amazonaws.com'),
    svc('kms', 'kms.{region}.amazonaws.com', { crossRegion: true }),
    svc('logs', 'logs.{region}.amazonaws.com'),
    svc('monitoring', 'monitoring.{region}.amazonaws.com'),
    svc('events', 'events.{region}.amazonaws.com'),
    svc('ecr.api', 'api.ecr.{region}.amazonaws.com', { crossRegion: true }),
    svc('ecr.dkr', 'dkr.ecr.{region}.amazonaws.com', { crossRegion: true }),
    svc('ecs', 'ecs.{region}.amazonaws.com', { crossRegion: true }),
    svc('lambda', 'lambda.{region}.amazonaws.com', { crossRegion: true }),
    svc('secretsmanager', 'secretsmanager.{region}.amazonaws.com'),
    svc('sqs', 'sqs.{region}.amazonaws.com'),
    svc('sns', 'sns.{region}.amazonaws.com'),
    svc('execute-api', 'execute-api.{region}.amazonaws.com'),
    svc('elasticloadbalancing', 'elasticloadbalancing.{region}.amazonaws.com'),
    svc('kinesis-streams', 'kinesis.{region}.amazonaws.com'),
    svc('kinesis-firehose', 'firehose.{region}.amazonaws.com', { crossRegion: true }),
    svc('kinesisanalytics', 'kinesisanalytics.{region}.amazonaws.com', { crossRegion: true }),
    svc('iam', 'iam.amazonaws.com', { crossRegion: true }),
    svc('route53', 'route53.amazonaws.com', { crossRegion: true }),
    svc('sagemaker.api', 'api.sagemaker.{region}.amazonaws.com'),
    svc('athena', 'athena.{region}.amazonaws.com'),
    svc('glue', 'glue.{region}.amazonaws.com'),
    svc('states', 'states.{region}.amazonaws.com'),
    svc('rds', 'rds.{region}.amazonaws.com'),
    svc('codecommit', 'codecommit.{region}.amazonaws.com'),
    svc('servicecatalog', 'servicecatalog.{region}.amazonaws.com'),
];

const byName = new Map(AWS_SERVICES.map((s) => [s.name, s]));

export function awsService(name: string): AwsServiceInfo | undefined {
    return byName.get(name);
}

export function serviceDnsName(service: AwsServiceInfo, region: string): string {
    return service.dns.replace('{region}', region);
}
