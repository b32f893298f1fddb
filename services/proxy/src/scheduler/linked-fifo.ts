/** The links a node carries so it can sit in a `LinkedFifo` (in one at a time). */
export interface FifoLink<T> {
  prev: T | null
  next: T | null
}

/**
 * An intrusive doubly linked list: O(1) append, O(1) removal of any node (a cancelled or timed-out
 * request in the middle of the queue) and no array to shift or compact, so 10,000 waiting requests cost
 * one object each.
 */
export class LinkedFifo<T extends FifoLink<T>> {
  private first: T | null = null
  private last: T | null = null
  private length = 0

  get head(): T | null {
    return this.first
  }

  get size(): number {
    return this.length
  }

  push(node: T): void {
    node.prev = this.last
    node.next = null
    if (this.last) this.last.next = node
    else this.first = node
    this.last = node
    this.length++
  }

  /**
   * Inserts `node` before the first node it precedes. Walks from the head, which is short for its one
   * use: a requeued request, older than nearly everything behind it.
   */
  insertOrdered(node: T, precedes: (a: T, b: T) => boolean): void {
    let before = this.first
    while (before && !precedes(node, before)) before = before.next
    if (!before) return this.push(node)
    node.prev = before.prev
    node.next = before
    if (before.prev) before.prev.next = node
    else this.first = node
    before.prev = node
    this.length++
  }

  remove(node: T): void {
    if (node.prev) node.prev.next = node.next
    else this.first = node.next
    if (node.next) node.next.prev = node.prev
    else this.last = node.prev
    node.prev = null
    node.next = null
    this.length--
  }

  *[Symbol.iterator](): Generator<T> {
    for (let node = this.first; node; node = node.next) yield node
  }
}
