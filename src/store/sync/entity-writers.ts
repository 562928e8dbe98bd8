import type { PoolClient } from 'pg'
import type { Customer, HubEntity, InventoryPosition, Product, ProductionOrder, SalesOrder, StockMovement } from '../../canonical'
import { copyRows } from './copy-rows'
import { tableUpsert, type Column, type UpsertContext, type UpsertOutcome, type UpsertRow } from './table-upsert'

/** Writes one page of mapped records of one entity; one adapter per entity, chosen from the registry below. */
export interface EntityWriter {
  write(client: PoolClient, ctx: UpsertContext, rows: UpsertRow<any>[]): Promise<UpsertOutcome>
}

const text = <T>(name: string, get: (r: T) => unknown): Column<T> => ({ name, type: 'text', get })
const numeric = <T>(name: string, get: (r: T) => unknown): Column<T> => ({ name, type: 'numeric', get })
const instant = <T>(name: string, get: (r: T) => unknown): Column<T> => ({ name, type: 'timestamptz', get })
const day = <T>(name: string, get: (r: T) => unknown): Column<T> => ({ name, type: 'date', get })

const customer = tableUpsert<Customer>('customer', [
  text('name', (c) => c.name),
  text('email', (c) => c.email),
  text('phone', (c) => c.phone),
  text('tax_id', (c) => c.taxId),
  text('street', (c) => c.street),
  text('city', (c) => c.city),
  text('postal_code', (c) => c.postalCode),
  text('country', (c) => c.country),
  text('currency', (c) => c.currency),
])

const product = tableUpsert<Product>('product', [
  text('sku', (p) => p.sku),
  text('name', (p) => p.name),
  text('uom', (p) => p.uom),
  text('category', (p) => p.category),
  numeric('list_price', (p) => p.listPrice),
  text('currency', (p) => p.currency),
])

const salesOrder = tableUpsert<SalesOrder>('sales_order', [
  text('number', (o) => o.number),
  text('customer_external_id', (o) => o.customer),
  text('status', (o) => o.status),
  instant('ordered_at', (o) => o.orderedAt),
  text('currency', (o) => o.currency),
  numeric('total_amount', (o) => o.totalAmount),
])

const LINE_COLUMNS = ['tenant_id', 'order_id', 'line_no', 'sku', 'description', 'quantity', 'unit_price', 'amount', 'uom']

/**
 * Orders own their lines: when an order is new or changed, its lines are replaced as a whole (an ERP
 * may drop or renumber lines), with COPY because lines are the bulk of every sync.
 */
const salesOrderWriter: EntityWriter = {
  async write(client, ctx, rows: UpsertRow<SalesOrder>[]) {
    const outcome = await salesOrder(client, ctx, rows)
    if (outcome.changed.length === 0) return outcome
    const replaced = outcome.changed.filter((c) => !c.inserted).map((c) => c.id)
    if (replaced.length) await client.query('DELETE FROM "sales_order_line" WHERE "order_id" = ANY($1::uuid[])', [replaced])
    const byExternalId = new Map(rows.map((r) => [r.externalId, r.value]))
    const lines: unknown[][] = []
    for (const c of outcome.changed) {
      for (const l of byExternalId.get(c.externalId)!.lines) {
        lines.push([ctx.tenantId, c.id, l.lineNo, l.sku, l.description ?? null, l.quantity, l.unitPrice ?? null, l.amount ?? null, l.uom ?? null])
      }
    }
    await copyRows(client, 'sales_order_line', LINE_COLUMNS, lines)
    return outcome
  },
}

const inventory = tableUpsert<InventoryPosition & { receivedAt: Date }>('inventory_position', [
  text('sku', (p) => p.sku),
  text('location', (p) => p.location),
  numeric('on_hand', (p) => p.onHand),
  numeric('reserved', (p) => p.reserved),
  numeric('forecast', (p) => p.forecast),
  text('uom', (p) => p.uom),
  // The ERP's as-of time when it sends one, else when the hub received the record.
  instant('as_of', (p) => p.asOf ?? p.receivedAt),
])

const inventoryWriter: EntityWriter = {
  write(client, ctx, rows: UpsertRow<InventoryPosition>[]) {
    return inventory(client, ctx, rows.map((r) => ({ ...r, value: { ...r.value, receivedAt: ctx.receivedAt } })))
  },
}

const productionOrder = tableUpsert<ProductionOrder>('production_order', [
  text('number', (o) => o.number),
  text('sku', (o) => o.sku),
  numeric('quantity', (o) => o.quantity),
  text('location', (o) => o.location),
  instant('planned_start', (o) => o.plannedStart),
  instant('planned_end', (o) => o.plannedEnd),
  text('status', (o) => o.status),
])

const stockMovement = tableUpsert<StockMovement>('stock_movement', [
  text('sku', (m) => m.sku),
  numeric('quantity', (m) => m.quantity),
  text('direction', (m) => m.direction),
  text('location', (m) => m.location),
  text('counterpart', (m) => m.counterpart),
  day('planned_date', (m) => m.plannedDate),
  text('status', (m) => m.status),
])

export const entityWriters: Readonly<Record<HubEntity, EntityWriter>> = {
  customer: { write: customer },
  product: { write: product },
  'sales-order': salesOrderWriter,
  'inventory-position': inventoryWriter,
  'production-order': { write: productionOrder },
  'stock-movement': { write: stockMovement },
}
