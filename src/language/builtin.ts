/**
 * The built-in document: the AWS services catalogue (src/net/aws-services.ts) written as Topo, so that
 * `endpoint s3 gateway s3` links like any other reference and go-to-definition has somewhere to go.
 */
import { AWS_SERVICES } from '../net/aws-services.js';

export const BUILTIN_URI = 'builtin:///aws-services.topo';

export function builtinDocumentText(): string {
    const lines = [
        '// Built-in: AWS services reachable through VPC endpoints. Generated from src/net/aws-services.ts.',
    ];
    for (const s of AWS_SERVICES) {
        const flags = [s.gateway ? 'gateway' : '', s.interface ? 'interface' : '', s.crossRegion ? 'cross-region' : '']
            .filter(Boolean)
            .join(' ');
        lines.push(`aws-service ${s.name} ${flags} dns "${s.dns}"`);
    }
    return lines.join('\n') + '\n';
}
