/**
 * Allocation-free walks over a Topo AST. Langium's generic `streamAst` / `streamReferences` build an iterator and
 * call `Object.keys` for every node; at 10k lines the index, scope, link and validation phases spent more time in
 * those iterators than in their own work. The grammar's reflection already says which properties each node type
 * has and which of them are references, so we read that once per type and then walk with plain loops.
 */
import type { AstNode, AstReflection, Reference } from 'langium';

interface TypeShape {
    /** Properties that may hold child nodes (or arrays of them). */
    readonly children: readonly string[];
    /** Properties that hold a reference, or an array of references. */
    readonly references: readonly string[];
}

export class AstShapes {
    private static readonly byReflection = new WeakMap<AstReflection, AstShapes>();
    private readonly shapes = new Map<string, TypeShape>();

    constructor(private readonly reflection: AstReflection) {}

    /** The shapes of one grammar's reflection, shared by the services that walk its trees. */
    static of(reflection: AstReflection): AstShapes {
        let shapes = AstShapes.byReflection.get(reflection);
        if (!shapes) AstShapes.byReflection.set(reflection, (shapes = new AstShapes(reflection)));
        return shapes;
    }

    private shape(type: string): TypeShape {
        let s = this.shapes.get(type);
        if (!s) {
            const children: string[] = [];
            const references: string[] = [];
            for (const [name, meta] of Object.entries(this.reflection.getTypeMetaData(type).properties)) {
                if (name.startsWith('$')) continue;
                (meta.referenceType ? references : children).push(name);
            }
            s = { children, references };
            this.shapes.set(type, s);
        }
        return s;
    }

    /** Calls `visit` for `root` and every node below it, parents before children, in source order. */
    forEachNode(root: AstNode, visit: (node: AstNode) => void): void {
        visit(root);
        const props = this.shape(root.$type).children;
        for (let p = 0; p < props.length; p++) {
            const value = (root as unknown as Record<string, unknown>)[props[p]];
            if (value === undefined || value === null || typeof value !== 'object') continue;
            if (Array.isArray(value)) {
                for (let i = 0; i < value.length; i++) {
                    const item: unknown = value[i];
                    if (isNode(item)) this.forEachNode(item, visit);
                }
            } else if (isNode(value)) {
                this.forEachNode(value, visit);
            }
        }
    }

    /** Calls `visit` for every reference held by `node` itself (not its children), with its array index if any. */
    forEachOwnReference(
        node: AstNode,
        visit: (reference: Reference, property: string, index: number | undefined) => void,
    ): void {
        const props = this.shape(node.$type).references;
        for (let p = 0; p < props.length; p++) {
            const property = props[p];
            const value = (node as unknown as Record<string, unknown>)[property];
            if (value === undefined || value === null || typeof value !== 'object') continue;
            if (Array.isArray(value)) {
                for (let i = 0; i < value.length; i++) {
                    const item: unknown = value[i];
                    if (isReference(item)) visit(item, property, i);
                }
            } else if (isReference(value)) {
                visit(value, property, undefined);
            }
        }
    }

    /** Every reference in the tree under `root`, with the node that holds it. */
    forEachReference(
        root: AstNode,
        visit: (node: AstNode, reference: Reference, property: string, index: number | undefined) => void,
    ): void {
        this.forEachNode(root, (node) =>
            this.forEachOwnReference(node, (ref, property, index) => visit(node, ref, property, index)),
        );
    }
}

function isNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

function isReference(value: unknown): value is Reference {
    return (
        typeof value === 'object' && value !== null && typeof (value as { $refText?: unknown }).$refText === 'string'
    );
}
