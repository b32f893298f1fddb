/** An item that remembers its slot in the heap (-1 when outside), so it can be re-keyed or removed without a search. */
export interface HeapItem {
  heapIndex: number
}

/**
 * A binary heap whose items may change key or leave at any time, in O(log n). An item belongs to at most
 * one heap at a time, since it has a single `heapIndex`.
 */
export class IndexedHeap<T extends HeapItem> {
  private readonly items: T[] = []

  /** `before(a, b)` is true when `a` must come out before `b`. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  has(item: T): boolean {
    return item.heapIndex >= 0 && this.items[item.heapIndex] === item
  }

  push(item: T): void {
    this.items.push(item)
    this.siftUp(this.items.length - 1, item)
  }

  pop(): T | undefined {
    const top = this.items[0]
    if (top) this.remove(top)
    return top
  }

  remove(item: T): void {
    if (!this.has(item)) return
    const index = item.heapIndex
    const last = this.items.pop()!
    item.heapIndex = -1
    if (last !== item) this.reposition(index, last)
  }

  /** Restores the order after the item's key changed, in either direction. */
  update(item: T): void {
    if (this.has(item)) this.reposition(item.heapIndex, item)
  }

  // The `!` below read slots known to be below `items.length` (a parent precedes its child, children are
  // checked against `length`), so they hold items.
  private reposition(index: number, item: T): void {
    const parent = (index - 1) >> 1
    if (index > 0 && this.before(item, this.items[parent]!)) this.siftUp(index, item)
    else this.siftDown(index, item)
  }

  private siftUp(index: number, item: T): void {
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = this.items[parentIndex]!
      if (!this.before(item, parent)) break
      this.place(parent, index)
      index = parentIndex
    }
    this.place(item, index)
  }

  private siftDown(index: number, item: T): void {
    const length = this.items.length
    for (;;) {
      let child = 2 * index + 1
      if (child >= length) break
      const right = child + 1
      if (right < length && this.before(this.items[right]!, this.items[child]!)) child = right
      const next = this.items[child]!
      if (!this.before(next, item)) break
      this.place(next, index)
      index = child
    }
    this.place(item, index)
  }

  private place(item: T, index: number): void {
    this.items[index] = item
    item.heapIndex = index
  }
}
