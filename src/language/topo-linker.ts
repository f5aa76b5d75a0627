/**
 * Linking errors in the user's vocabulary: "no route target named 'igw2' (expected an IGW, VGW, NAT
 * gateway, …)" instead of the grammar's type names.
 */
import type { AstNodeDescription, LinkingError, ReferenceInfo } from 'langium';
import { AstUtils, DefaultLinker } from 'langium';
import * as ast from './generated/ast.js';
import { VPC_LOCAL_TYPES } from './topo-scope.js';

const EXPECTED: Record<string, string> = {
    Account: 'account',
    Subnet: 'subnet',
    RouteTable: 'route table',
    EdgeGateway: 'internet gateway or virtual private gateway',
    RouteTarget: 'route target (an IGW, VGW, NAT gateway, instance, ENI, endpoint, peering or transit gateway)',
    PrefixList: 'prefix list',
    ServiceTarget: 'service (an AWS service such as s3 or ssm, or an endpoint-service)',
    Targetable: 'load balancer target (an instance, ENI or load balancer)',
    LoadBalancer: 'load balancer',
    Vpc: 'VPC',
    TgwRouteTable: 'transit gateway route table',
    TgwAttachment: 'transit gateway attachment',
    Endpoint: 'endpoint',
};

export class TopoLinker extends DefaultLinker {
    override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const type = this.reflection.getReferenceType(refInfo);
        const what = EXPECTED[type] ?? type;
        const vpc = AstUtils.getContainerOfType(refInfo.container, ast.isVpc);
        const where = vpc && VPC_LOCAL_TYPES.has(type) ? ` in VPC ${vpc.name}` : '';
        return { ...error, message: `No ${what} named '${refInfo.reference.$refText}'${where}.` };
    }
}
