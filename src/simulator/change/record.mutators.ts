import { NEXT_STATUS } from '../generate/order-status.rules'
import type { EntityName, EntityRecordMap } from '../simulator.types'
import type { ChangeContext } from './change.context'
import { mutateCustomer } from './customer.mutate'
import { mutateProductionOrder } from './production-order.mutate'
import { mutateProduct } from './product.mutate'
import { mutateSalesOrder } from './sales-order.mutate'
import { mutateStock } from './stock.mutate'

export interface Mutator<R> {
  /** Returns the changed copy; the caller stamps updated_at. */
  mutate(record: R, ctx: ChangeContext): R
  /** Records worth changing, when there is a choice (open orders rather than closed ones). */
  prefers?(record: R): boolean
}

export const MUTATORS: { [E in EntityName]: Mutator<EntityRecordMap[E]> } = {
  customers: { mutate: mutateCustomer },
  products: { mutate: mutateProduct },
  'sales-orders': { mutate: mutateSalesOrder, prefers: (order) => NEXT_STATUS[order.status] !== undefined },
  stock: { mutate: mutateStock },
  'production-orders': { mutate: mutateProductionOrder, prefers: (order) => order.state !== 'done' && order.state !== 'cancelled' },
}
