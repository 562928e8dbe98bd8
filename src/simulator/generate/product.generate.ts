import { PRODUCT_CATALOG, PRODUCT_VARIANTS, type ProductCategory, type ProductFamily } from '../catalog/product-catalog.data'
import type { Random } from '../random/seeded.random'
import type { SimProduct } from '../simulator.types'
import { formatCents, roundListPrice } from './money.format'
import { assignUpdatedAt, DAY_MS, MINUTE_MS } from './timestamp.assign'

interface ProductSpec {
  category: ProductCategory
  family: ProductFamily
  sizeIndex: number
  variantIndex: number
}

/**
 * Hands out catalogue entries without repeats: every plain family size first (in a seeded order),
 * then the lettered variants. Enumerating instead of drawing at random keeps names unique without
 * retries even at 5,000 products; beyond the whole catalogue a "/2", "/3"… series suffix follows.
 */
export class ProductNamer {
  private readonly specs: ProductSpec[]
  private taken = 0

  constructor(rng: Random) {
    const plain: ProductSpec[] = []
    const variants: ProductSpec[] = []
    for (const category of PRODUCT_CATALOG) {
      for (const family of category.families) {
        for (let sizeIndex = 0; sizeIndex < family.sizes.length; sizeIndex++) {
          plain.push({ category, family, sizeIndex, variantIndex: 0 })
          for (let variantIndex = 1; variantIndex < PRODUCT_VARIANTS.length; variantIndex++) variants.push({ category, family, sizeIndex, variantIndex })
        }
      }
    }
    this.specs = [...rng.shuffle(plain), ...rng.shuffle(variants)]
  }

  next(): { spec: ProductSpec; name: string } {
    const spec = this.specs[this.taken % this.specs.length]
    const series = Math.floor(this.taken / this.specs.length)
    this.taken++
    const { family, sizeIndex, variantIndex } = spec
    const name = `${family.name} ${family.code}-${family.sizes[sizeIndex]}${PRODUCT_VARIANTS[variantIndex]}${series > 0 ? `/${series + 1}` : ''}`
    return { spec, name }
  }
}

export function productSeqId(seq: number): { id: string; sku: string } {
  const digits = String(seq).padStart(5, '0')
  return { id: `PRD-${digits}`, sku: `SKU-${digits}` }
}

/** Bigger sizes cost more (geometric between the family's bounds), with some noise per product. */
export function listPriceCents(rng: Random, spec: ProductSpec): number {
  const [min, max] = spec.family.priceRange
  const steps = spec.family.sizes.length - 1
  const position = steps > 0 ? spec.sizeIndex / steps : 0
  return roundListPrice(min * Math.pow(max / min, position) * (0.92 + rng.next() * 0.16) * (1 + spec.variantIndex * 0.03))
}

export function buildProduct(rng: Random, seq: number, namer: ProductNamer): SimProduct {
  const { spec, name } = namer.next()
  const { id, sku } = productSeqId(seq)
  return {
    id,
    sku,
    name,
    uom: spec.family.uom,
    category: spec.category.category,
    list_price: formatCents(listPriceCents(rng, spec)),
    currency: 'EUR',
    updated_at: '',
  }
}

export function generateProducts(count: number, rng: Random, nowMs: number, namer: ProductNamer): SimProduct[] {
  const records: SimProduct[] = new Array(count)
  const wished = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    records[i] = buildProduct(rng, i + 1, namer)
    wished[i] = nowMs - MINUTE_MS - rng.next() * 365 * DAY_MS
  }
  return assignUpdatedAt(records, wished)
}
