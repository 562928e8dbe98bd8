import { z } from 'zod'

/** A decimal as text, e.g. "12.5" or "-3": exact, unlike a JS number. Mappings normalise to this form. */
export const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number such as 12.5')
/** An instant with its offset, as ISO 8601 (mappings normalise to UTC with milliseconds). */
export const Instant = z.iso.datetime({ offset: true })
/** A non-empty trimmed string. */
export const Text = z.string().trim().min(1)

export const CustomerSchema = z.object({
  externalId: Text,
  name: Text,
  email: Text.nullish(),
  phone: Text.nullish(),
  taxId: Text.nullish(),
  street: Text.nullish(),
  city: Text.nullish(),
  postalCode: Text.nullish(),
  country: Text.nullish(),
  currency: Text.nullish(),
  /** When the ERP last changed the record. */
  updatedAt: Instant.nullish(),
})
export type Customer = z.infer<typeof CustomerSchema>

export const ProductSchema = z.object({
  externalId: Text,
  sku: Text,
  name: Text,
  uom: Text.nullish(),
  category: Text.nullish(),
  listPrice: Decimal.nullish(),
  currency: Text.nullish(),
  updatedAt: Instant.nullish(),
})
export type Product = z.infer<typeof ProductSchema>

export const salesOrderStatuses = ['draft', 'quoted', 'confirmed', 'open', 'shipped', 'invoiced', 'closed', 'cancelled'] as const

export const SalesOrderLineSchema = z.object({
  lineNo: z.number().int().nonnegative(),
  sku: Text,
  description: Text.nullish(),
  quantity: Decimal,
  unitPrice: Decimal.nullish(),
  amount: Decimal.nullish(),
  uom: Text.nullish(),
})
export type SalesOrderLine = z.infer<typeof SalesOrderLineSchema>

export const SalesOrderSchema = z.object({
  externalId: Text,
  number: Text.nullish(),
  /** The customer's external id in the same source. */
  customer: Text,
  status: z.enum(salesOrderStatuses),
  orderedAt: Instant.nullish(),
  currency: Text.nullish(),
  totalAmount: Decimal.nullish(),
  updatedAt: Instant.nullish(),
  lines: z.array(SalesOrderLineSchema).superRefine((lines, ctx) => {
    const seen = new Set<number>()
    lines.forEach((l, i) => {
      if (seen.has(l.lineNo)) ctx.addIssue({ code: 'custom', path: [i, 'lineNo'], message: `line number ${l.lineNo} appears twice in the order` })
      seen.add(l.lineNo)
    })
  }),
})
export type SalesOrder = z.infer<typeof SalesOrderSchema>

export const InventoryPositionSchema = z.object({
  externalId: Text,
  sku: Text,
  location: Text,
  onHand: Decimal,
  reserved: Decimal.default('0'),
  /** What the ERP expects on hand after planned moves (Tryton's forecast quantity), when it says. */
  forecast: Decimal.nullish(),
  uom: Text.nullish(),
  /** When the quantities were true in the ERP; the time of receipt when the ERP does not say. */
  asOf: Instant.nullish(),
  updatedAt: Instant.nullish(),
})
export type InventoryPosition = z.infer<typeof InventoryPositionSchema>

export const productionOrderStatuses = ['planned', 'firm', 'released', 'in_progress', 'done', 'cancelled'] as const

export const ProductionOrderSchema = z.object({
  externalId: Text,
  number: Text.nullish(),
  sku: Text,
  quantity: Decimal,
  location: Text.nullish(),
  plannedStart: Instant.nullish(),
  plannedEnd: Instant.nullish(),
  status: z.enum(productionOrderStatuses),
  updatedAt: Instant.nullish(),
})
export type ProductionOrder = z.infer<typeof ProductionOrderSchema>

export const stockMovementStatuses = ['proposed', 'planned', 'reserved', 'done', 'cancelled'] as const

/**
 * A planned change of stock at a location: a receipt (`in`) or an issue (`out`). `planned` moves
 * count on their date, `reserved` ones now (their stock is set aside), `done` ones are already in
 * the on-hand figure; `proposed` ones are not yet a plan.
 */
export const StockMovementSchema = z.object({
  externalId: Text,
  sku: Text,
  quantity: Decimal.refine((q) => !q.startsWith('-'), 'a movement quantity is never negative: its direction says in or out'),
  direction: z.enum(['in', 'out']),
  location: Text.nullish(),
  /** supplier | customer | production | internal | other */
  counterpart: Text.nullish(),
  /** The calendar day it is planned for (or happened on). */
  plannedDate: z.iso.date().nullish(),
  status: z.enum(stockMovementStatuses),
  updatedAt: Instant.nullish(),
})
export type StockMovement = z.infer<typeof StockMovementSchema>
