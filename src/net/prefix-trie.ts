/**
 * A binary prefix trie over IPv4 for longest-prefix match. Each node may hold several values for the same
 * prefix (AWS breaks ties on identical prefixes by route origin; the caller ranks them).
 */
import type { Cidr } from './cidr.js';

interface TrieNode<T> {
    zero?: TrieNode<T>;
    one?: TrieNode<T>;
    values?: T[];
}

interface Match<T> {
    readonly prefix: number;
    readonly values: readonly T[];
}

export class PrefixTrie<T> {
    private readonly root: TrieNode<T> = {};
    private count = 0;

    get size(): number {
        return this.count;
    }

    insert(cidr: Cidr, value: T): void {
        let node = this.root;
        for (let bit = 0; bit < cidr.prefix; bit++) {
            const set = (cidr.first >>> (31 - bit)) & 1;
            const key = set ? 'one' : 'zero';
            node = node[key] ??= {};
        }
        (node.values ??= []).push(value);
        this.count++;
    }

    /** All prefixes that contain `ip`, most specific first. */
    matches(ip: number): Array<Match<T>> {
        const found: Array<Match<T>> = [];
        let node: TrieNode<T> | undefined = this.root;
        for (let bit = 0; node; bit++) {
            if (node.values) {
                found.push({ prefix: bit, values: node.values });
            }
            if (bit === 32) {
                break;
            }
            node = (ip >>> (31 - bit)) & 1 ? node.one : node.zero;
        }
        return found.reverse();
    }

    /** The most specific prefix that contains `ip`, or undefined. */
    longestMatch(ip: number): Match<T> | undefined {
        return this.matches(ip)[0];
    }
}
