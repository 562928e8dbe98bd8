import { ConfigError, type Cursor, type JsonObject, type JsonValue, type Page } from '../../src/connector-sdk'
import type { TrytonClient } from './tryton.client'
import type { TrytonConfig } from './tryton.config'
import type { TrackedEntity } from './tryton.entities'
import { idsIn, objectIn, readRows, type Row } from './tryton.rows'
import { readTracked, type TrackedReadDeps } from './tryton.tracked.read'

/**
 * `stock.move` as the hub reads it for available-to-promise: change-tracked like the other entities
 * (a move's state change writes its `write_date`), every state, so a planned move that is done or
 * cancelled later is updated, not left behind as a plan. Quantities are `internal_quantity` (in the
 * product's default unit, the unit `quantity` and `forecast_quantity` are in).
 */
export const movementEntity: TrackedEntity = {
  model: 'stock.move',
  fields: ['product.code', 'internal_quantity', 'state', 'planned_date', 'effective_date', 'from_location', 'from_location.type', 'to_location', 'to_location.type', 'create_date', 'write_date'],
  related: [],
  nestedStamps: [],
}

interface StorageTree {
  warehouse: string
  locations: Set<number>
}

/** Tryton location types → where a movement comes from or goes to, as the hub names it. */
const COUNTERPART: Record<string, string> = { supplier: 'supplier', customer: 'customer', production: 'production', storage: 'internal', warehouse: 'internal', view: 'internal', lost_found: 'other' }

/**
 * Moves into or out of a warehouse's storage zone (and the locations under it), the stock the
 * inventory read reports: one record per side it touches, `{ id: "<move>:<in|out>", direction,
 * warehouse: { code }, counterpart, product, internal_quantity, state, planned_date, effective_date }`.
 * Moves inside one storage zone change nothing there and are left out; a move between two
 * warehouses is an issue from one and a receipt at the other.
 */
export async function* readMovements(deps: TrackedReadDeps & { config: Pick<TrytonConfig, 'warehouses'> }, cursor: Cursor | null, signal: AbortSignal): AsyncGenerator<Page> {
  const sides = sidesIn(await storageTrees(deps.client, deps.config.warehouses, signal))
  for await (const page of readTracked(deps, 'stock-movement', movementEntity, cursor, signal)) {
    yield { records: (page.records as Row[]).flatMap(sides), next: page.next }
  }
}

/**
 * The moves of the products with these codes, every state, read now (no cursor): what the hub needs
 * to answer available-to-promise for a few SKUs without waiting for the next sync.
 */
export async function* readMovementsOfSkus(deps: TrackedReadDeps & { config: Pick<TrytonConfig, 'warehouses'> }, skus: string[], signal: AbortSignal): AsyncGenerator<{ records: JsonObject[] }> {
  const trees = await storageTrees(deps.client, deps.config.warehouses, signal)
  const sides = sidesIn(trees)
  const productMethod = 'model.product.product.search_read'
  const products = readRows(await deps.client.call(productMethod, [[['code', 'in', skus]], 0, null, [['id', 'ASC']], ['id']], { signal, context: { active_test: false } }), productMethod)
  if (products.length === 0) return
  const locations = [...new Set(trees.flatMap((t) => [...t.locations]))]
  const method = 'model.stock.move.search_read'
  let after: number | null = null
  for (;;) {
    signal.throwIfAborted()
    const domain: JsonValue[] = [['product', 'in', products.map((p) => p.id)], ['OR', ['from_location', 'in', locations], ['to_location', 'in', locations]], ...(after === null ? [] : [['id', '>', after]])]
    const rows = readRows(await deps.client.call(method, [domain, 0, deps.pageSize, [['id', 'ASC']], movementEntity.fields], { signal }), method)
    yield { records: rows.flatMap(sides) }
    if (rows.length < deps.pageSize) return
    after = rows[rows.length - 1].id
  }
}

/** One record per side of a warehouse's storage zone a move touches (see readMovements). */
function sidesIn(trees: StorageTree[]): (move: Row) => JsonObject[] {
  const treeOf = (location: JsonValue | undefined) => {
    const id = idsIn(location)[0]
    return id === undefined ? undefined : trees.find((t) => t.locations.has(id))
  }
  return (move) => {
    const from = treeOf(move.from_location)
    const to = treeOf(move.to_location)
    if (from === to) return []
    const side = (direction: 'in' | 'out', tree: StorageTree, other: JsonValue | undefined): JsonObject => ({
      ...move,
      id: `${move.id}:${direction}`,
      move: move.id,
      direction,
      warehouse: { code: tree.warehouse },
      counterpart: COUNTERPART[String(objectIn(other)?.type)] ?? 'other',
    })
    return [...(from ? [side('out', from, move.to_location)] : []), ...(to ? [side('in', to, move.from_location)] : [])]
  }
}

async function storageTrees(client: TrytonClient, codes: string[] | undefined, signal: AbortSignal): Promise<StorageTree[]> {
  const method = 'model.stock.location.search_read'
  const domain: JsonValue[] = [['type', '=', 'warehouse'], ...(codes ? [['code', 'in', codes]] : [])]
  const warehouses = readRows(await client.call(method, [domain, 0, null, [['id', 'ASC']], ['code', 'storage_location']], { signal }), method)
  const missing = (codes ?? []).filter((code) => !warehouses.some((w) => w.code === code))
  if (missing.length > 0) throw new ConfigError(`Tryton has no warehouse with code ${missing.map((c) => JSON.stringify(c)).join(', ')} (config \`warehouses\`)`)
  // The location tree, walked here rather than with a `child_of` domain: one read, whatever the number of warehouses.
  const all = readRows(await client.call(method, [[], 0, null, [['id', 'ASC']], ['parent']], { signal, context: { active_test: false } }), method)
  const children = new Map<number, number[]>()
  for (const l of all) {
    const parent = idsIn(l.parent)[0]
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), l.id])
  }
  const trees: StorageTree[] = []
  for (const w of warehouses) {
    const storage = idsIn(w.storage_location)[0]
    if (storage === undefined) throw new ConfigError(`Tryton warehouse ${w.id} has no storage location`)
    const locations = new Set<number>()
    const queue = [storage]
    while (queue.length) {
      const id = queue.pop()!
      if (locations.has(id)) continue
      locations.add(id)
      queue.push(...(children.get(id) ?? []))
    }
    trees.push({ warehouse: typeof w.code === 'string' && w.code !== '' ? w.code : `#${w.id}`, locations })
  }
  return trees
}
