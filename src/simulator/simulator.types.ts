/**
 * The record shapes the simulated ERP serves. Other parts of erphub write mappings against these
 * exact JSON shapes, so they change only together with those mappings.
 */
export const ENTITY_NAMES = ['customers', 'products', 'sales-orders', 'stock', 'production-orders'] as const
export type EntityName = (typeof ENTITY_NAMES)[number]

export interface SimAddress {
  street: string
  city: string
  postal_code: string
  country: string
}

export interface SimCustomer {
  id: string
  name: string
  email: string | null
  phone: string | null
  vat_id: string | null
  address: SimAddress
  currency: string
  created_at: string
  updated_at: string
}

export interface SimProduct {
  id: string
  sku: string
  name: string
  uom: string
  category: string
  list_price: string
  currency: string
  updated_at: string
}

export const SALES_ORDER_STATUSES = ['draft', 'quotation', 'confirmed', 'processing', 'shipped', 'invoiced', 'done', 'cancelled'] as const
export type SalesOrderStatus = (typeof SALES_ORDER_STATUSES)[number]

export interface SimOrderLine {
  line_no: number
  sku: string
  description: string
  quantity: string
  unit_price: string
  uom: string
}

export interface SimSalesOrder {
  id: string
  number: string
  customer_id: string
  status: SalesOrderStatus
  order_date: string
  currency: string
  total: string
  lines: SimOrderLine[]
  updated_at: string
}

export interface SimWarehouse {
  code: string
  name: string
}

export interface SimStock {
  id: string
  sku: string
  warehouse: SimWarehouse
  on_hand: string
  reserved: string
  uom: string
  as_of: string
  updated_at: string
}

export const PRODUCTION_STATES = ['planned', 'released', 'running', 'done', 'cancelled'] as const
export type ProductionState = (typeof PRODUCTION_STATES)[number]

export interface SimProductionOrder {
  id: string
  number: string
  sku: string
  quantity: string
  warehouse: string
  planned_start: string
  planned_end: string
  state: ProductionState
  updated_at: string
}

export interface EntityRecordMap {
  customers: SimCustomer
  products: SimProduct
  'sales-orders': SimSalesOrder
  stock: SimStock
  'production-orders': SimProductionOrder
}

export type SimRecord = EntityRecordMap[EntityName]

/** What every served record has: the (updated_at, id) pair is the total sort order of a list. */
export interface KeyedRecord {
  id: string
  updated_at: string
}

export type EntityCounts = Record<EntityName, number>
