import { NotFoundError } from '../errors/hub-error'
import type { Database } from '../store/database'
import { orderView } from '../identity/golden/order.view'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The customer as its source knows it: the canonical record, where it came from (connection,
 * external id, mapping version, run, the raw payload) and its orders with their lines, newest first.
 */
export async function viewCustomer(db: Database, tenantId: string, id: string, options: { ordersLimit: number }) {
  if (!UUID.test(id)) throw new NotFoundError('customer', id)
  const c = await db.prisma.customer.findFirst({ where: { id, tenantId }, include: { connection: { select: { id: true, name: true, kind: true } }, identity: { select: { goldenId: true } } } })
  if (!c) throw new NotFoundError('customer', id)
  const orderWhere = { tenantId, connectionId: c.connectionId, customerExternalId: c.externalId }
  const [raw, orders, orderCount] = await Promise.all([
    db.prisma.sourceRecord.findUnique({ where: { connectionId_entity_externalId: { connectionId: c.connectionId, entity: 'customer', externalId: c.externalId } } }),
    db.prisma.salesOrder.findMany({
      where: orderWhere,
      orderBy: [{ orderedAt: { sort: 'desc', nulls: 'last' } }, { externalId: 'desc' }],
      take: options.ordersLimit,
      include: { lines: { orderBy: { lineNo: 'asc' } } },
    }),
    db.prisma.salesOrder.count({ where: orderWhere }),
  ])
  return {
    id: c.id,
    externalId: c.externalId,
    name: c.name,
    email: c.email,
    phone: c.phone,
    taxId: c.taxId,
    address: { street: c.street, city: c.city, postalCode: c.postalCode, country: c.country },
    currency: c.currency,
    /** The golden customer it resolved to (its 360), or null before resolution. */
    goldenId: c.identity?.goldenId ?? null,
    source: {
      connection: c.connection,
      externalId: c.externalId,
      sourceUpdatedAt: c.sourceUpdatedAt,
      mappingVersion: c.mappingVersion,
      syncRunId: c.syncRunId,
      receivedAt: raw?.receivedAt ?? null,
      payload: raw?.payload ?? null,
    },
    orderCount,
    orders: orders.map(orderView),
  }
}
