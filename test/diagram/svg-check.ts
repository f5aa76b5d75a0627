/**
 * A strict little XML reader for the SVG the renderer writes: it fails on anything that is not a
 * well-formed element, attribute or escaped text, and reports element and attribute names and the text, so
 * tests can assert that no name from a file ever became markup (an XSS check that does not trust regexes
 * over the output it is checking). And `xmlErrors`: a conformant XML 1.0 parser's verdict (saxes), which also
 * knows the characters XML forbids, the names it allows and its entities.
 */
import { SaxesParser } from 'saxes';

/** The well-formedness errors of an XML 1.0 document (none: it is well-formed), from saxes with namespaces on. */
export function xmlErrors(xml: string): string[] {
    const errors: string[] = [];
    const parser = new SaxesParser({ xmlns: true, position: true });
    parser.on('error', (e) => errors.push(e.message));
    parser.write(xml).close();
    return errors;
}

export interface SvgElement {
    readonly name: string;
    readonly attrs: Readonly<Record<string, string>>;
    readonly children: SvgElement[];
    text: string;
}

const ENTITY: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string, where: string): string {
    return s.replace(/&([^;]*);|&/g, (m, name: string | undefined) => {
        if (name === undefined) throw new Error(`bare & in ${where}`);
        if (name in ENTITY) return ENTITY[name];
        const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
        if (num)
            return String.fromCodePoint(num[1].startsWith('x') ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10));
        throw new Error(`unknown entity ${m} in ${where}`);
    });
}

export function parseSvg(xml: string): SvgElement {
    let i = 0;
    const root: SvgElement = { name: '#document', attrs: {}, children: [], text: '' };
    const stack: SvgElement[] = [root];
    while (i < xml.length) {
        const lt = xml.indexOf('<', i);
        const text = xml.slice(i, lt < 0 ? xml.length : lt);
        if (text.includes('>')) throw new Error(`raw > in text near ${JSON.stringify(text.slice(0, 40))}`);
        stack[stack.length - 1].text += unescape(text, 'text');
        if (lt < 0) break;
        const close = /^<\/([a-zA-Z][\w-]*)\s*>/.exec(xml.slice(lt));
        if (close) {
            const top = stack.pop()!;
            if (top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top.name}>`);
            i = lt + close[0].length;
            continue;
        }
        const open = /^<([a-zA-Z][\w-]*)((?:\s+[a-zA-Z][\w:-]*="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(lt));
        if (!open) throw new Error(`malformed markup near ${JSON.stringify(xml.slice(lt, lt + 60))}`);
        const attrs: Record<string, string> = {};
        for (const m of open[2].matchAll(/([a-zA-Z][\w:-]*)="([^"]*)"/g)) {
            if (m[1] in attrs) throw new Error(`duplicate attribute ${m[1]}`);
            attrs[m[1]] = unescape(m[2], `attribute ${m[1]}`);
        }
        const el: SvgElement = { name: open[1], attrs, children: [], text: '' };
        stack[stack.length - 1].children.push(el);
        if (!open[3]) stack.push(el);
        i = lt + open[0].length;
    }
    if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
    if (root.children.length !== 1 || root.children[0].name !== 'svg') throw new Error('not one <svg> root');
    return root.children[0];
}

export function* elements(e: SvgElement): Generator<SvgElement> {
    yield e;
    for (const c of e.children) yield* elements(c);
}

/** All text content under an element. */
export function textOf(e: SvgElement): string {
    return e.text + e.children.map(textOf).join('');
}
