/** Symbol and completion kinds per Topo element: the outline, workspace symbols and completion icons. */
import type { AstNode, AstNodeDescription } from 'langium';
import type { NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';

const SYMBOLS: Readonly<Record<string, SymbolKind>> = {
    Account: SymbolKind.Object,
    Region: SymbolKind.Namespace,
    AzDecl: SymbolKind.EnumMember,
    Vpc: SymbolKind.Module,
    Subnet: SymbolKind.Struct,
    RouteTable: SymbolKind.Enum,
    Igw: SymbolKind.Interface,
    Vgw: SymbolKind.Interface,
    Nat: SymbolKind.Interface,
    Instance: SymbolKind.Variable,
    Eni: SymbolKind.Variable,
    Endpoint: SymbolKind.Event,
    LoadBalancer: SymbolKind.Function,
    EndpointService: SymbolKind.Class,
    AwsService: SymbolKind.Class,
    PrefixList: SymbolKind.Array,
    Peering: SymbolKind.Operator,
    TransitGateway: SymbolKind.Package,
    TgwAttachment: SymbolKind.Operator,
    TgwRouteTable: SymbolKind.Enum,
    PrivateZone: SymbolKind.Namespace,
    OnPremises: SymbolKind.Namespace,
};

const COMPLETIONS: Readonly<Record<string, CompletionItemKind>> = {
    Vpc: CompletionItemKind.Module,
    Subnet: CompletionItemKind.Struct,
    RouteTable: CompletionItemKind.Enum,
    Instance: CompletionItemKind.Variable,
    Eni: CompletionItemKind.Variable,
    Endpoint: CompletionItemKind.Event,
    EndpointService: CompletionItemKind.Class,
    AwsService: CompletionItemKind.Class,
    LoadBalancer: CompletionItemKind.Function,
    Account: CompletionItemKind.Unit,
};

export class TopoNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOLS[typeOf(node)] ?? SymbolKind.Field;
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETIONS[typeOf(node)] ?? CompletionItemKind.Reference;
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}
