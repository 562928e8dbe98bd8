import { createRandom, deriveSeed, skewedIndex, type Random } from '../random/seeded.random'
import type { EntityCounts } from '../simulator.types'
import type { DatasetState } from '../store/dataset.state'
import { EntityTable } from '../store/entity.table'
import { generateCustomers } from './customer.generate'
import { parseCents } from './money.format'
import { generateProductionOrders } from './production-order.generate'
import { generateProducts, ProductNamer } from './product.generate'
import { generateSalesOrders } from './sales-order.generate'
import { generateStock } from './stock.generate'

export interface DatasetSpec {
  seed: number
  lines: number
  counts: EntityCounts
  now: Date
}

/** A shuffled index order, so the skewed "popular" picks land on arbitrary records, not the first ids. */
function popularityPicker(rng: Random, size: number): (rng: Random) => number {
  const order = new Uint32Array(size)
  for (let i = 0; i < size; i++) order[i] = i
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const tmp = order[i]
    order[i] = order[j]
    order[j] = tmp
  }
  return (draw) => order[skewedIndex(draw, size)]
}

/** Builds the whole dataset; the same spec always yields byte-identical records. */
export function generateDataset(spec: DatasetSpec): DatasetState {
  const { seed, lines, counts } = spec
  const nowMs = spec.now.getTime()
  const stream = (label: string) => createRandom(deriveSeed(seed, label))

  const customerNames = new Set<string>()
  const customers = generateCustomers(counts.customers, stream('customers'), nowMs, customerNames)
  const productNamer = new ProductNamer(stream('product-names'))
  const products = generateProducts(counts.products, stream('products'), nowMs, productNamer)
  const productCents = Float64Array.from(products, (p) => parseCents(p.list_price))
  const popularity = stream('popularity')
  const pickProduct = popularityPicker(popularity, products.length)
  const pickCustomer = popularityPicker(popularity, customers.length)
  const orders = generateSalesOrders(counts['sales-orders'], lines, stream('sales-orders'), nowMs, { products, productCents, pickProduct, customers, pickCustomer })
  const stock = generateStock(counts.stock, stream('stock'), nowMs, products)
  const production = generateProductionOrders(counts['production-orders'], stream('production-orders'), nowMs, products, pickProduct)

  return {
    tables: {
      customers: new EntityTable(customers),
      products: new EntityTable(products),
      'sales-orders': new EntityTable(orders),
      stock: new EntityTable(stock),
      'production-orders': new EntityTable(production),
    },
    lineCount: lines,
    nextSeq: {
      customers: counts.customers + 1,
      products: counts.products + 1,
      'sales-orders': counts['sales-orders'] + 1,
      'production-orders': counts['production-orders'] + 1,
    },
    customerNames,
    productNamer,
  }
}
