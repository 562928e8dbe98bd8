import { ConfigError, type Clock, type Cursor, type JsonObject, type JsonValue, type Logger, type Page } from '../../src/connector-sdk'
import type { TrytonClient } from './tryton.client'
import type { TrytonConfig } from './tryton.config'
import { parseCursor, stockCursorSchema } from './tryton.cursor'
import { objectIn, readRows, type Row } from './tryton.rows'
import { encodeDate } from './tryton.values'

export interface StockReadDeps {
  client: TrytonClient
  logger: Logger
  clock: Clock
  config: Pick<TrytonConfig, 'pageSize' | 'warehouses' | 'forecastDays'>
  /** Only the products with these codes (a re-read for an answer that cannot wait for the next sync). */
  skus?: string[]
}

interface Warehouse {
  id: number
  code: string
  name: JsonValue
  storage: { id: number; code: JsonValue }
}

/** Stockable product types: services have no stock moves. */
const STOCKABLE = ['goods', 'assets']
const QUANTITY_DIGITS = 1e6

/**
 * Stock per product and warehouse. Tryton computes `quantity` (done moves up to today) and
 * `forecast_quantity` (also planned moves, up to `stock_date_end`) for the locations in the context;
 * they never move a `write_date`, so every run reads everything again (the hub skips unchanged rows).
 *
 * Figures are taken at the warehouse's storage zone, the stock that can be picked (Tryton's own
 * `stock_skip_warehouse` choice), leaving out goods still in the input zone or already picked into
 * the output zone. Reserved = assigned outgoing moves: `quantity` minus the same computed with
 * `stock_assign` (which counts assigned moves as done), as Tryton's sale_stock_quantity does.
 *
 * Records are `{ id: "<warehouse code>:<product code>", warehouse, location, product, uom, quantity,
 * forecast_quantity, reserved_quantity, forecast_until }`, paged by product id within a warehouse.
 */
export async function* readStock(deps: StockReadDeps, cursor: Cursor | null, signal: AbortSignal): AsyncGenerator<Page> {
  signal.throwIfAborted()
  const { client, config } = deps
  const log = deps.logger.child({ entity: 'inventory-position' })
  const stored = parseCursor(stockCursorSchema, cursor, 'inventory-position')
  const warehouses = await listWarehouses(client, config.warehouses, signal)

  let index = stored ? warehouses.findIndex((w) => w.id === stored.stock.warehouse) : 0
  let after = stored && index >= 0 ? stored.stock.after : null
  if (index < 0) {
    log.warn({ warehouse: stored?.stock.warehouse }, 'the stored run names a warehouse no longer read; starting the run over')
    index = 0
  }
  const forecastUntil = config.forecastDays === undefined ? null : daysAfter(deps.clock.now(), config.forecastDays)

  while (index < warehouses.length) {
    signal.throwIfAborted()
    const warehouse = warehouses[index]
    const context: JsonObject = { locations: [warehouse.storage.id], ...(forecastUntil ? { stock_date_end: encodeDate(forecastUntil) } : {}) }
    const domain: JsonValue[] = [['type', 'in', STOCKABLE], ...(deps.skus ? [['code', 'in', deps.skus]] : []), ...(after === null ? [] : [['id', '>', after]])]
    const method = 'model.product.product.search_read'
    const products = readRows(await client.call(method, [domain, 0, config.pageSize, [['id', 'ASC']], ['code', 'name', 'default_uom.symbol', 'quantity', 'forecast_quantity']], { signal, context }), method)
    const available = await quantitiesAfterAssignments(client, products, context, signal)
    const records = products.map((product) => positionRecord(warehouse, product, available.get(product.id), forecastUntil))

    if (products.length < config.pageSize) {
      index++
      after = null
    } else {
      after = products[products.length - 1].id
    }
    const next: Cursor | null = index < warehouses.length ? { v: 1, stock: { warehouse: warehouses[index].id, after } } : null
    yield { records, next }
  }
  if (warehouses.length === 0) yield { records: [], next: null }
}

async function listWarehouses(client: TrytonClient, codes: string[] | undefined, signal: AbortSignal): Promise<Warehouse[]> {
  const method = 'model.stock.location.search_read'
  const domain: JsonValue[] = [['type', '=', 'warehouse'], ...(codes ? [['code', 'in', codes]] : [])]
  const rows = readRows(await client.call(method, [domain, 0, null, [['id', 'ASC']], ['code', 'name', 'storage_location.code']], { signal }), method)
  const found = rows.map(toWarehouse)
  const missing = (codes ?? []).filter((code) => !found.some((w) => w.code === code))
  if (missing.length > 0) throw new ConfigError(`Tryton has no warehouse with code ${missing.map((c) => JSON.stringify(c)).join(', ')} (config \`warehouses\`)`)
  return found
}

function toWarehouse(row: Row): Warehouse {
  const storage = objectIn(row.storage_location)
  // Tryton requires a storage zone on a warehouse: one without is a broken record, not an empty one.
  if (storage === undefined || typeof storage.id !== 'number') throw new ConfigError(`Tryton warehouse ${row.id} has no storage location`)
  const code = typeof row.code === 'string' && row.code !== '' ? row.code : `#${row.id}`
  return { id: row.id, code, name: row.name ?? null, storage: { id: storage.id, code: storage.code ?? null } }
}

/** `quantity` with assigned outgoing moves counted as done, by product id. */
async function quantitiesAfterAssignments(client: TrytonClient, products: Row[], context: JsonObject, signal: AbortSignal): Promise<Map<number, number>> {
  if (products.length === 0) return new Map()
  const method = 'model.product.product.read'
  const rows = readRows(await client.call(method, [products.map((p) => p.id), ['quantity']], { signal, context: { ...context, stock_assign: true } }), method)
  // read() does not keep the order of the ids: index by id.
  return new Map(rows.flatMap((row) => (typeof row.quantity === 'number' ? [[row.id, row.quantity] as [number, number]] : [])))
}

function positionRecord(warehouse: Warehouse, product: Row, available: number | undefined, forecastUntil: string | null): JsonObject {
  const code = typeof product.code === 'string' && product.code !== '' ? product.code : `#${product.id}`
  const onHand = typeof product.quantity === 'number' ? product.quantity : null
  const reserved = onHand !== null && available !== undefined ? Math.round((onHand - available) * QUANTITY_DIGITS) / QUANTITY_DIGITS : null
  return {
    id: `${warehouse.code}:${code}`,
    warehouse: { id: warehouse.id, code: warehouse.code, name: warehouse.name },
    location: warehouse.storage,
    product: { id: product.id, code: product.code ?? null, name: product.name ?? null },
    uom: product.default_uom ?? null,
    quantity: product.quantity ?? null,
    forecast_quantity: product.forecast_quantity ?? null,
    reserved_quantity: reserved,
    forecast_until: forecastUntil,
  }
}

function daysAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10)
}
