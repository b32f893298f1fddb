import { describe, expect, it } from 'vitest'
import { LinkedFifo } from '../../../src/scheduler/linked-fifo.ts'

interface Node {
  seq: number
  prev: Node | null
  next: Node | null
}

const node = (seq: number): Node => ({ seq, prev: null, next: null })
const seqs = (fifo: LinkedFifo<Node>) => [...fifo].map((n) => n.seq)
const bySeq = (a: Node, b: Node) => a.seq < b.seq

describe('linked FIFO', () => {
  it('keeps arrival order and removes any node in constant time', () => {
    const fifo = new LinkedFifo<Node>()
    const nodes = [1, 2, 3, 4].map(node)
    for (const n of nodes) fifo.push(n)
    fifo.remove(nodes[1]!)
    fifo.remove(nodes[3]!)
    expect(seqs(fifo)).toEqual([1, 3])
    expect(fifo.head?.seq).toBe(1)
    fifo.remove(nodes[0]!)
    fifo.push(node(5))
    expect(seqs(fifo)).toEqual([3, 5])
    expect(fifo.size).toBe(2)
  })

  it('puts a node back in order: at the front, in the middle, or at the end', () => {
    const fifo = new LinkedFifo<Node>()
    for (const seq of [3, 5]) fifo.push(node(seq))
    fifo.insertOrdered(node(1), bySeq)
    fifo.insertOrdered(node(4), bySeq)
    fifo.insertOrdered(node(9), bySeq)
    expect(seqs(fifo)).toEqual([1, 3, 4, 5, 9])
    const empty = new LinkedFifo<Node>()
    empty.insertOrdered(node(2), bySeq)
    expect(seqs(empty)).toEqual([2])
  })
})
