import type { z } from 'zod'
import { CustomerSchema, InventoryPositionSchema, ProductionOrderSchema, ProductSchema, SalesOrderSchema, StockMovementSchema } from './canonical.types'

/**
 * The canonical targets a mapping may produce (`target:` in a mapping file), and the hub entity each
 * one is synced as. Adding an entity means adding a row here, a store adapter and a migration.
 */
export const canonicalTargets = {
  Customer: { entity: 'customer', schema: CustomerSchema },
  Product: { entity: 'product', schema: ProductSchema },
  SalesOrder: { entity: 'sales-order', schema: SalesOrderSchema },
  InventoryPosition: { entity: 'inventory-position', schema: InventoryPositionSchema },
  ProductionOrder: { entity: 'production-order', schema: ProductionOrderSchema },
  StockMovement: { entity: 'stock-movement', schema: StockMovementSchema },
} as const satisfies Record<string, { entity: string; schema: z.ZodType }>

export type CanonicalTarget = keyof typeof canonicalTargets
export type HubEntity = (typeof canonicalTargets)[CanonicalTarget]['entity']

export const hubEntities = Object.values(canonicalTargets).map((t) => t.entity) as HubEntity[]

export function targetOfEntity(entity: string): CanonicalTarget | undefined {
  return (Object.keys(canonicalTargets) as CanonicalTarget[]).find((t) => canonicalTargets[t].entity === entity)
}

export function isHubEntity(value: string): value is HubEntity {
  return (hubEntities as string[]).includes(value)
}
