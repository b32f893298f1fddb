import { describe, expect, it } from 'vitest'
import { IndexedHeap } from '../../../src/scheduler/indexed-heap.ts'
import { seededRandom } from './seeded-random.ts'

interface Item {
  key: number
  heapIndex: number
}

describe('indexed heap', () => {
  it('always yields the smallest key while keys change and items leave at random', () => {
    const random = seededRandom(7)
    const heap = new IndexedHeap<Item>((a, b) => a.key < b.key)
    const inside = new Set<Item>()
    for (let step = 0; step < 5000; step++) {
      const roll = random.next()
      const some = inside.size > 0 ? random.pick([...inside]) : undefined
      if (roll < 0.4 || !some) {
        const item = { key: random.int(0, 1000), heapIndex: -1 }
        heap.push(item)
        inside.add(item)
      } else if (roll < 0.6) {
        some.key = random.int(0, 1000)
        heap.update(some)
      } else if (roll < 0.8) {
        heap.remove(some)
        inside.delete(some)
      } else {
        const top = heap.pop()!
        expect(top.key).toBe(Math.min(...[...inside].map((item) => item.key)))
        inside.delete(top)
      }
      expect(heap.size).toBe(inside.size)
      if (inside.size > 0) expect(heap.peek()!.key).toBe(Math.min(...[...inside].map((item) => item.key)))
    }
  })

  it('ignores removing or updating an item it does not hold', () => {
    const heap = new IndexedHeap<Item>((a, b) => a.key < b.key)
    const stranger = { key: 1, heapIndex: -1 }
    heap.push({ key: 5, heapIndex: -1 })
    heap.remove(stranger)
    heap.update(stranger)
    expect(heap.size).toBe(1)
    expect(heap.has(stranger)).toBe(false)
  })
})
