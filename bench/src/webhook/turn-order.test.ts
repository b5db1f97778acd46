import { describe, expect, it } from 'vitest'
import { turnOrder, turnOrderCycle } from './turn-order.js'

describe('turnOrder', () => {
  for (const n of [1, 2, 3, 4, 5, 6]) {
    it(`gives ${n} contender(s) each position and each predecessor equally often over a cycle`, () => {
      const rows = Array.from({ length: turnOrderCycle(n) }, (_, round) => turnOrder(n, round))
      for (const row of rows) expect([...row].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
      const atPosition = new Map<string, number>()
      const follows = new Map<string, number>()
      const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
      for (const row of rows) {
        for (const [position, c] of row.entries()) count(atPosition, `${c}@${position}`)
        for (let i = 1; i < row.length; i++) count(follows, `${row[i - 1]}>${row[i]}`)
      }
      expect(atPosition.size).toBe(n * n)
      expect(new Set(atPosition.values()).size).toBe(1)
      if (n > 1) {
        expect(follows.size).toBe(n * (n - 1))
        expect(new Set(follows.values()).size).toBe(1)
      }
    })
  }

  it('does not keep a cyclic order, where the same contender always follows the same other one', () => {
    const predecessorsOfFirst = new Set<number>()
    for (let round = 0; round < turnOrderCycle(4); round++) {
      const row = turnOrder(4, round)
      const at = row.indexOf(0)
      if (at > 0) predecessorsOfFirst.add(row[at - 1] as number)
    }
    expect([...predecessorsOfFirst].sort()).toEqual([1, 2, 3])
  })

  it('refuses a count that is not a positive integer', () => {
    expect(() => turnOrder(0, 0)).toThrow(/positive integer/)
    expect(() => turnOrder(2.5, 0)).toThrow(/positive integer/)
  })
})
