/**
 * The order contenders take their turns in round `round`: the rows of a balanced Latin square (a Williams
 * design), so over a cycle of rounds every contender goes in every position equally often and follows every
 * other contender directly equally often. A plain rotation keeps the cyclic order, so one contender would
 * always follow the same other one and inherit what its turn leaves behind (a busy autovacuum, a grown heap).
 * A cycle is `contenders` rounds when that is even, twice that when odd (each row and its mirror).
 */
export function turnOrder(contenders: number, round: number): number[] {
  if (!Number.isInteger(contenders) || contenders < 1) throw new Error(`contenders must be a positive integer`)
  const first: number[] = [0]
  let low = 1
  let high = contenders - 1
  for (let position = 1; position < contenders; position++) first.push(position % 2 === 1 ? low++ : high--)
  const cycle = contenders % 2 === 0 ? contenders : 2 * contenders
  const row = ((round % cycle) + cycle) % cycle
  const shifted = first.map((c) => (c + row) % contenders)
  return row < contenders ? shifted : shifted.reverse()
}

/** How many rounds make one full cycle of `turnOrder`. */
export function turnOrderCycle(contenders: number): number {
  return contenders % 2 === 0 ? contenders : 2 * contenders
}
