/**
 * A binary min-heap of (state, priority) numbers for the edge router's A*. Plain arrays of numbers (V8 keeps
 * them unboxed); no tie-breaking needed for determinism: the same pushes in the same order pop the same way.
 */
export class Heap {
    private items: number[] = [];
    private prio: number[] = [];

    get size(): number {
        return this.items.length;
    }

    push(item: number, priority: number): void {
        const { items, prio } = this;
        let i = items.length;
        items.push(item);
        prio.push(priority);
        while (i > 0) {
            const p = (i - 1) >> 1;
            if (prio[p] <= priority) break;
            items[i] = items[p]!;
            prio[i] = prio[p]!;
            i = p;
        }
        items[i] = item;
        prio[i] = priority;
    }

    pop(): number {
        const { items, prio } = this;
        const top = items[0];
        const item = items.pop()!;
        const priority = prio.pop()!;
        const n = items.length;
        if (n > 0) {
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                if (l >= n) break;
                const r = l + 1;
                const c = r < n && prio[r] < prio[l] ? r : l;
                if (prio[c] >= priority) break;
                items[i] = items[c]!;
                prio[i] = prio[c]!;
                i = c;
            }
            items[i] = item;
            prio[i] = priority;
        }
        return top;
    }
}
