import { NotFoundError } from '../../errors/hub-error'
import type { Database } from '../../store/database'
import { isUuid } from '../../store/uuid'

/**
 * A golden customer's fields, each with where it came from and why: the connection (id and name),
 * the source record's external id, the mapping version, the sync run, the source's change time, and
 * the survivorship rule that chose it. A golden merged into another answers for the survivor (its old
 * id keeps working) and says so.
 */
export async function goldenLineage(db: Database, tenantId: string, id: string) {
  let golden = isUuid(id) ? await db.prisma.goldenCustomer.findFirst({ where: { id, tenantId } }) : null
  const redirectedFrom: string[] = []
  while (golden && golden.status === 'merged' && golden.mergedInto && redirectedFrom.length < 10) {
    redirectedFrom.push(golden.id)
    golden = await db.prisma.goldenCustomer.findFirst({ where: { id: golden.mergedInto, tenantId } })
  }
  if (!golden) throw new NotFoundError('customer', id)
  const lineage = golden.lineage as Record<string, { value: string; connectionId: string; externalId: string; mappingVersion: number; syncRunId: string | null; sourceUpdatedAt: string | null; rule: string; customerId: string }>
  const connections = new Map((await db.prisma.connection.findMany({ where: { tenantId, id: { in: [...new Set(Object.values(lineage).map((l) => l.connectionId))] } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]))
  const members = await db.prisma.customerIdentity.findMany({ where: { goldenId: golden.id }, include: { customer: { select: { connectionId: true, externalId: true, name: true } } } })
  return {
    id: golden.id,
    ...(redirectedFrom.length ? { mergedFrom: redirectedFrom } : {}),
    fields: Object.fromEntries(
      Object.entries(lineage).map(([field, l]) => [
        field,
        { value: l.value, source: { connectionId: l.connectionId, connection: connections.get(l.connectionId) ?? null, externalId: l.externalId, customerId: l.customerId, mappingVersion: l.mappingVersion, syncRunId: l.syncRunId, sourceUpdatedAt: l.sourceUpdatedAt }, rule: l.rule },
      ]),
    ),
    sources: members.map((m) => ({ customerId: m.customerId, connectionId: m.customer.connectionId, externalId: m.customer.externalId, name: m.customer.name, linkedBy: m.linkedBy, score: m.score, evidence: m.evidence })),
  }
}
