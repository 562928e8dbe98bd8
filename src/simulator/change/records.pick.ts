import type { Random } from '../random/seeded.random'
import type { KeyedRecord } from '../simulator.types'
import type { EntityTable } from '../store/entity.table'

const PREFERENCE_TRIES = 12

/**
 * Ids of `count` distinct records drawn at random, favouring those `prefers` accepts (a few draws
 * each, so a mostly-closed order book still yields open orders without scanning it). Never more
 * than the table holds.
 */
export function pickRecordIds<R extends KeyedRecord>(table: EntityTable<R>, count: number, rng: Random, prefers?: (record: R) => boolean): string[] {
  const size = table.size
  const wanted = Math.min(count, size)
  const picked = new Set<string>()
  if (wanted * 2 > size) {
    // Drawing most of the table: a shuffle is cheaper than rejection.
    const order = rng.shuffle(Array.from({ length: size }, (_, i) => i))
    for (let k = 0; k < wanted; k++) picked.add(table.at(order[k]).id)
    return [...picked]
  }
  while (picked.size < wanted) {
    let candidate = table.at(rng.int(0, size - 1))
    for (let tries = 1; prefers && tries < PREFERENCE_TRIES && (picked.has(candidate.id) || !prefers(candidate)); tries++) candidate = table.at(rng.int(0, size - 1))
    picked.add(candidate.id)
  }
  return [...picked]
}
