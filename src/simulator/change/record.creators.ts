import { WAREHOUSES } from '../catalog/warehouse.data'
import { buildCustomer } from '../generate/customer.generate'
import { parseCents } from '../generate/money.format'
import { buildProductionOrder, plannedWindow } from '../generate/production-order.generate'
import { buildProduct } from '../generate/product.generate'
import { buildSalesOrder } from '../generate/sales-order.generate'
import { buildStock, stockId } from '../generate/stock.generate'
import { DAY_MS } from '../generate/timestamp.assign'
import type { Random } from '../random/seeded.random'
import type { EntityName, EntityRecordMap } from '../simulator.types'
import type { DatasetState } from '../store/dataset.state'

/**
 * Makes new records with valid references to what exists now. Preparing once per add() call lets
 * an entity do its per-call work (e.g. reading the catalogue) once, not per record.
 * A maker returns null when nothing more can be created (every product stocked everywhere).
 */
export type RecordMaker<R> = (at: { iso: string; ms: number }) => R | null
export type Creator<R> = (state: DatasetState, rng: Random) => RecordMaker<R>

const openStatuses = ['draft', 'quotation', 'confirmed'] as const

export const CREATORS: { [E in EntityName]: Creator<EntityRecordMap[E]> } = {
  customers: (state, rng) => (at) => ({ ...buildCustomer(rng, state.nextSeq.customers++, state.customerNames), created_at: at.iso, updated_at: at.iso }),

  products: (state, rng) => (at) => ({ ...buildProduct(rng, state.nextSeq.products++, state.productNamer), updated_at: at.iso }),

  'sales-orders': (state, rng) => {
    const products = state.tables.products.snapshot()
    const customers = state.tables.customers.snapshot()
    const productCents = products.map((p) => {
      try {
        return parseCents(p.list_price)
      } catch {
        return 100
      }
    })
    const sources = { products, productCents, customers, pickProduct: (r: Random) => r.int(0, products.length - 1), pickCustomer: (r: Random) => r.int(0, customers.length - 1) }
    return (at) => {
      const lineCount = rng.int(1, Math.min(9, products.length))
      const order = buildSalesOrder(rng, state.nextSeq['sales-orders']++, sources, lineCount, at.iso.slice(0, 10), rng.pick(openStatuses))
      return { ...order, updated_at: at.iso }
    }
  },

  stock: (state, rng) => {
    const missing: { productIndex: number; warehouseIndex: number }[] = []
    const products = state.tables.products.snapshot()
    products.forEach((product, productIndex) =>
      WAREHOUSES.forEach((warehouse, warehouseIndex) => {
        if (!state.tables.stock.get(stockId(warehouse, product.sku))) missing.push({ productIndex, warehouseIndex })
      }),
    )
    rng.shuffle(missing)
    return (at) => {
      const pair = missing.pop()
      if (!pair) return null
      return { ...buildStock(rng, products[pair.productIndex], WAREHOUSES[pair.warehouseIndex], at.iso), updated_at: at.iso }
    }
  },

  'production-orders': (state, rng) => {
    const products = state.tables.products.snapshot()
    return (at) => {
      const { startMs, endMs } = plannedWindow(rng, (Math.floor(at.ms / DAY_MS) + rng.int(2, 42)) * DAY_MS)
      const order = buildProductionOrder(rng, state.nextSeq['production-orders']++, rng.pick(products), startMs, endMs, 'planned')
      return { ...order, updated_at: at.iso }
    }
  },
}
