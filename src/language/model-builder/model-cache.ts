/**
 * Reuse of the elements built for unchanged documents, for the editor's re-analysis after each keystroke.
 *
 * A document's elements depend on its own AST and on a few things outside it:
 * - the ids of the elements its references point to (and, for a subnet, its AZ, region and account, which AZ
 *   resolution reads);
 * - the accounts and the regions' AZs declared anywhere (account IDs, AZ names and IDs);
 * - duplicate names anywhere (a duplicate's id depends on declaration order): then nothing is cached.
 * The key of a document's fragment holds all of these, so a fragment is reused exactly when rebuilding it would
 * give the same elements. A document re-linked to the same targets (Langium re-links every document that
 * references an edited one) keeps its fragment. Traces are never cached: their ids count the traces before them.
 * Fragments hold pristine copies; the derived facts (route tables, associations, propagated routes) are
 * recomputed on fresh copies every time.
 */
import type { AstNode, MultiReference, Reference } from 'langium';
import type * as ast from '../generated/ast.js';
import type { TopoDiagnostic } from '../../model/diagnostic.js';
import type * as T from '../../model/topology.js';
import type { Id } from '../../model/ids.js';

/** The collections a document's statements add elements to (accounts, regions and traces are built apart). */
export type ElementList = Exclude<keyof Omit<T.Topology, 'byId'>, 'accounts' | 'regions' | 'traces'>;

export interface Fragment {
    readonly key: string;
    readonly elements: ReadonlyArray<readonly [ElementList, T.Element]>;
    readonly associations: ReadonlyArray<readonly [subnet: Id<'subnet'>, table: Id<'route-table'>]>;
    readonly issues: readonly TopoDiagnostic[];
}

/** Fragments by document root: a re-parsed document has a new root, so its old fragment is never found again. */
export class ModelCache {
    private readonly fragments = new WeakMap<AstNode, Fragment>();
    /** Documents whose elements were reused, and built, since the cache was made. */
    hits = 0;
    misses = 0;

    get(root: AstNode, key: string): Fragment | undefined {
        const f = this.fragments.get(root);
        const hit = f && f.key === key ? f : undefined;
        if (hit) this.hits++;
        else this.misses++;
        return hit;
    }

    set(root: AstNode, fragment: Fragment): void {
        this.fragments.set(root, fragment);
    }
}

/** Everything outside the document that its elements read by value: accounts and the regions' AZs. */
export function globalsFingerprint(
    accounts: readonly T.Account[],
    regionAzs: ReadonlyMap<string, ReadonlyMap<string, T.AzRef>>,
): string {
    return JSON.stringify([
        accounts.map((a) => [a.id, a.accountId, a.azIds]),
        [...regionAzs].map(([name, azs]) => [name, [...azs.values()]]),
    ]);
}

/** The key of a document's fragment (see the module comment), from its references in link order. */
export function fragmentKey(
    references: ReadonlyArray<Reference | MultiReference>,
    idOf: (node: AstNode) => string | undefined,
    globals: string,
): string {
    const parts: string[] = [globals];
    for (const r of references) {
        let target: AstNode | undefined;
        try {
            target = 'ref' in r ? r.ref : undefined;
        } catch {
            target = undefined;
        }
        if (!target) {
            parts.push(`?${r.$refText}`);
            continue;
        }
        const id = idOf(target) ?? `?${r.$refText}`;
        if (target.$type === 'Subnet') {
            const subnet = target as ast.Subnet;
            const vpc = subnet.$container as ast.Vpc | undefined;
            const region = (vpc?.$container as { name?: string } | undefined)?.name ?? '';
            parts.push(`${id}|${subnet.az ?? ''}|${region}|${vpc?.account?.$refText ?? ''}`);
        } else parts.push(id);
    }
    return parts.join('\n');
}

/**
 * A copy that the derived facts may change without touching the original: the element and each of its arrays
 * are copied; the objects inside (routes, AZ refs, sources) are shared, as the derived facts replace them rather
 * than change them.
 */
export function copyElement<E extends T.Element>(e: E): E {
    const c = { ...e } as Record<string, unknown>;
    for (const k in c) {
        const v = c[k];
        if (Array.isArray(v)) c[k] = [...(v as unknown[])];
    }
    return c as unknown as E;
}

/** Records what a document adds while it is built, and turns it into a fragment of pristine copies. */
export class FragmentRecorder {
    private log: Array<readonly [ElementList, T.Element]> | undefined;

    /** Whether `capture` is running: only then do added elements need reporting. */
    get capturing(): boolean {
        return this.log !== undefined;
    }

    added(list: ElementList, element: T.Element): void {
        this.log?.push([list, element]);
    }

    /** Runs `build` and returns what it added, copied now, before the derived facts change the elements. */
    capture(
        key: string,
        build: () => void,
        issues: TopoDiagnostic[],
        associations: ReadonlyArray<readonly [Id<'subnet'>, Id<'route-table'>]>,
    ): Fragment {
        const issuesBefore = issues.length;
        const associationsBefore = associations.length;
        this.log = [];
        build();
        const elements = this.log.map(([list, e]) => [list, copyElement(e)] as const);
        this.log = undefined;
        return {
            key,
            elements,
            associations: associations.slice(associationsBefore),
            issues: issues.slice(issuesBefore),
        };
    }
}
