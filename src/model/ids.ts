/**
 * Deterministic element ids: `<kind>:<qualified name>`, branded by kind (after LikeC4's `Fqn`,
 * packages/core/src/types/scalar.ts). `Id<'subnet'>` is a string at run time; the brand only tells the compiler
 * which kind of element it names, so that `index.get(subnet.routeTable)` is a RouteTable without a cast. A
 * plain string becomes an id here only: `elementId` builds one from its kind, `parseId` checks one read from
 * outside (JSON, a diagnostic's data).
 */
import type { ElementKind, ElementRef } from './topology.js';

declare const kindBrand: unique symbol;

/** The id of an element of kind `K` (a union of kinds: an element of one of them). */
export type Id<K extends ElementKind = ElementKind> = string & { readonly [kindBrand]: K };

export function elementId<K extends ElementKind>(kind: K, qualifiedName: string): Id<K> {
    // The one place a brand is put on a string: the id is made from its kind.
    return `${kind}:${qualifiedName}` as Id<K>;
}

/** `vpc.member` for VPC and TGW members; the plain name otherwise. */
export function qualify(container: string | undefined, name: string): string {
    return container ? `${container}.${name}` : name;
}

/** Every element kind, in the words of the ids (and of the kind-qualified names users write: `subnet:app-a`). */
export const ELEMENT_KINDS: readonly ElementKind[] = [
    'account',
    'region',
    'vpc',
    'subnet',
    'route-table',
    'igw',
    'vgw',
    'nat',
    'instance',
    'eni',
    'endpoint',
    'aws-service',
    'load-balancer',
    'endpoint-service',
    'prefix-list',
    'peering',
    'transit-gateway',
    'tgw-attachment',
    'tgw-route-table',
    'private-zone',
    'on-premises',
];

const KINDS: ReadonlySet<string> = new Set<string>(ELEMENT_KINDS);

function isElementKind(kind: string): kind is ElementKind {
    return KINDS.has(kind);
}

/** A string read from outside (JSON, a diagnostic's data) as an id, or undefined when its prefix is no element kind. */
export function parseId(raw: string): Id | undefined {
    const colon = raw.indexOf(':');
    const kind = raw.slice(0, Math.max(0, colon));
    return colon > 0 && colon < raw.length - 1 && isElementKind(kind)
        ? elementId(kind, raw.slice(colon + 1))
        : undefined;
}

/** The same, for an id that must name one of `kinds`: undefined when its prefix names another kind. */
export function parseIdOf<K extends ElementKind>(raw: string, ...kinds: readonly K[]): Id<K> | undefined {
    const colon = raw.indexOf(':');
    const kind = kinds.find((k) => k.length === colon && raw.startsWith(k));
    return kind !== undefined && colon < raw.length - 1 ? elementId(kind, raw.slice(colon + 1)) : undefined;
}

/** A reference to the element `id` names, its kind read from the id's prefix. */
export function elementRef(id: Id): ElementRef {
    // The kind is the id's own prefix (elementId wrote it), so the pair is consistent: the one cast of refs.
    return { kind: 'element', id, elementKind: id.slice(0, id.indexOf(':')) } as ElementRef;
}
