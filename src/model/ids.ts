/** Deterministic element ids: `<kind>:<qualified name>`. */
import type { ElementKind } from './topology.js';

export function elementId(kind: ElementKind, qualifiedName: string): string {
    return `${kind}:${qualifiedName}`;
}

/** `vpc.member` for VPC and TGW members; the plain name otherwise. */
export function qualify(container: string | undefined, name: string): string {
    return container ? `${container}.${name}` : name;
}
