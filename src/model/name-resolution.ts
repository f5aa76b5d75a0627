/**
 * What a name means where several elements share it, and how to write one of them instead. The linker
 * (src/language/topo-scope.ts) and the names users type to `topo trace` (src/trace/names.ts) both ask this, so a
 * name means the same thing in a file and on the command line. docs/language.md, "Names, qualification and scope".
 *
 * - A name the user gives never collides with a built-in one: where a position takes both, the user's element
 *   shadows the AWS service of the catalogue (an instance `s3` in `trace web-a -> s3`, an endpoint `s3` in
 *   `via s3`). `aws-service:s3` still names the service.
 * - In a trace end, an endpoint named after the service it connects to stands for that service: with
 *   `endpoint s3 gateway s3`, `trace app -> s3` is the trace to Amazon S3 (through that endpoint, as AWS sends it
 *   when the route table has the endpoint's prefix-list route), not a trace that stops at the endpoint. Its
 *   qualified name (`shop.s3`) or `endpoint:s3` names the endpoint itself.
 * - Elements of different kinds may share a name (a subnet and the GWLB endpoint in it, both `gwlbe-a`); a position
 *   that takes several kinds and finds more than one is ambiguous, and `forms` gives the spellings that choose one:
 *   `vpc.name`, `kind:name`, or the element's id `kind:vpc.name`.
 */
import type { Id } from './ids.js';
import type { ElementKind } from './topology.js';

/** What the policy needs to know of a candidate. */
export interface NameCandidate {
    readonly id: Id;
    /** Its own name (`gwlbe-a`), without the VPC or TGW that qualifies it. */
    readonly name: string;
    /** For an endpoint: the id of the service it connects to, when that resolved. */
    readonly serves?: Id;
}

/** Where the name is written: a trace end (`trace a -> b`, `expect`), or any other reference. */
export type NamePosition = 'trace-end' | 'reference';

function kindOf(id: Id): ElementKind {
    return id.slice(0, id.indexOf(':')) as ElementKind;
}

/**
 * The candidates a name keeps in a position, the others dropped by the rules above (in their order). Allocates
 * only when something is dropped; `view` gives each candidate's facts, or undefined to keep it as it is.
 */
export function preferredCandidates<C>(
    candidates: readonly C[],
    view: (c: C) => NameCandidate | undefined,
    position: NamePosition,
): readonly C[] {
    if (candidates.length < 2) return candidates;
    const views = candidates.map(view);
    let keep = candidates.map(() => true);
    if (position === 'trace-end') {
        const ids = new Set(views.map((v) => v?.id));
        // An endpoint named after the service it connects to stands for it, when the service is a candidate too.
        keep = views.map((v) => !(v && kindOf(v.id) === 'endpoint' && v.serves !== undefined && ids.has(v.serves)));
    }
    const user = views.some((v, i) => keep[i] && (!v || kindOf(v.id) !== 'aws-service'));
    if (user) keep = keep.map((k, i) => k && !(views[i] && kindOf(views[i].id) === 'aws-service'));
    return keep.every(Boolean) ? candidates : candidates.filter((_, i) => keep[i]);
}

/** `subnet:gwlbe-a` -> kind `subnet`, name `gwlbe-a`; a name without a kind word has no kind. */
export function splitKind(text: string): { readonly kind?: string; readonly name: string } {
    const colon = text.indexOf(':');
    return colon < 0 ? { name: text } : { kind: text.slice(0, colon), name: text.slice(colon + 1) };
}

/**
 * For each candidate, the shortest spelling that names it alone where `written` named them all: its qualified name
 * (`shop.web-a`) when that differs between the candidates, else its kind and name (`subnet:gwlbe-a`) when no other
 * candidate has its kind, else its id (`subnet:shop.gwlbe-a`). Distinct, and never `written` itself.
 */
export function forms(candidates: readonly NameCandidate[], written: string): string[] {
    const count = (key: (c: NameCandidate) => string, value: string) =>
        candidates.reduce((n, c) => n + (key(c) === value ? 1 : 0), 0);
    const qualified = (c: NameCandidate) => c.id.slice(c.id.indexOf(':') + 1);
    const simple = splitKind(written).kind === undefined && !written.includes('.');
    return candidates.map((c) => {
        const q = qualified(c);
        // A qualified name is as ambiguous as the written one if the written one had a kind: keep the kind then.
        if (q !== written && splitKind(written).kind === undefined && count(qualified, q) === 1) return q;
        const kind = kindOf(c.id);
        if (simple && count((x) => kindOf(x.id), kind) === 1) return `${kind}:${c.name}`;
        return c.id;
    });
}
