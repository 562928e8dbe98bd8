import { NotFoundError } from '../../errors/hub-error'
import type { Database } from '../../store/database'
import { goldenLineage } from './lineage.view'
import { orderView } from './order.view'

const OPEN_PRODUCTION = ['planned', 'firm', 'released', 'in_progress']

/**
 * The customer 360 of a golden customer: its fields with their sources (lineage), every source
 * record in every ERP, all their orders across the ERPs (newest first, with lines), the open
 * production of the products they ordered, and their service cases. Campaigns and segments join
 * here once they exist.
 */
export async function customer360(db: Database, tenantId: string, id: string, options: { ordersLimit: number }) {
  const lineage = await goldenLineage(db, tenantId, id)
  const golden = await db.prisma.goldenCustomer.findFirst({ where: { id: lineage.id, tenantId } })
  if (!golden) throw new NotFoundError('customer', id)
  const sources = lineage.sources
  const orderWhere = { tenantId, OR: sources.map((s) => ({ connectionId: s.connectionId, customerExternalId: s.externalId })) }
  const [orders, orderCount, cases] = await Promise.all([
    sources.length
      ? db.prisma.salesOrder.findMany({
          where: orderWhere,
          orderBy: [{ orderedAt: { sort: 'desc', nulls: 'last' } }, { externalId: 'desc' }],
          take: options.ordersLimit,
          include: { lines: { orderBy: { lineNo: 'asc' } }, connection: { select: { name: true } } },
        })
      : [],
    sources.length ? db.prisma.salesOrder.count({ where: orderWhere }) : 0,
    sources.length ? db.prisma.serviceCase.findMany({ where: { tenantId, OR: sources.map((s) => ({ connectionId: s.connectionId, customerExternalId: s.externalId })) }, orderBy: { createdAt: 'desc' }, take: 50 }) : [],
  ])
  const skus = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.sku)))]
  const production = skus.length
    ? await db.prisma.productionOrder.findMany({ where: { tenantId, sku: { in: skus }, status: { in: OPEN_PRODUCTION } }, orderBy: [{ plannedEnd: { sort: 'asc', nulls: 'last' } }], take: 100, include: { connection: { select: { name: true } } } })
    : []
  return {
    id: golden.id,
    ...(lineage.mergedFrom ? { mergedFrom: lineage.mergedFrom } : {}),
    name: golden.name,
    email: golden.email,
    phone: golden.phone,
    taxId: golden.taxId,
    address: { street: golden.street, postalCode: golden.postalCode, city: golden.city, country: golden.country },
    currency: golden.currency,
    lineage: lineage.fields,
    sources,
    orderCount,
    orders: orders.map((o) => ({ connection: o.connection.name, ...orderView(o) })),
    openProduction: production.map((p) => ({ connection: p.connection.name, number: p.number, sku: p.sku, quantity: p.quantity.toString(), status: p.status, plannedStart: p.plannedStart, plannedEnd: p.plannedEnd })),
    cases: cases.map((c) => ({ id: c.id, subject: c.subject, status: c.status, priority: c.priority, createdAt: c.createdAt })),
  }
}
