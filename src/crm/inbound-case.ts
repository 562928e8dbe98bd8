import type { JsonObject } from '../connector-sdk/connector.contract'
import { getPath } from '../connector-sdk/json-path'
import type { Database } from '../store/database'
import { DONE_STATUSES } from './service-case.service'

/** The marker the connectors store with a record the hub wrote (Tryton: the `reference` field). */
export const HUB_REFERENCE_PREFIX = 'erphub:'

export interface InboundCaseFields {
  id: string
  reference: string
  customer: string
  description: string
  status?: { path: string; map: Record<string, 'open' | 'in_progress' | 'resolved' | 'closed'> }
}

export type InboundCaseOutcome = 'echo' | 'echo-updated' | 'updated' | 'created' | 'unchanged' | 'incomplete'

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null)

/**
 * A service case as the ERP announces it. Changes from the ERP are applied to the hub's case and
 * never written to the outbox: they are already in the ERP, so pushing them would send them back,
 * and the ERP would announce them again — a loop. A case the hub itself pushed comes back carrying
 * the hub's idempotency key (`erphub:case-<id>`): it is recognised as the hub's own (an echo), linked
 * to its case (even if the push's own commit has not happened yet), and creates nothing new.
 */
export async function applyInboundCase(db: Database, ctx: { tenantId: string; connectionId: string }, fields: InboundCaseFields, record: JsonObject): Promise<InboundCaseOutcome> {
  const externalId = text(getPath(record, fields.id))
  if (!externalId) return 'incomplete'
  const reference = text(getPath(record, fields.reference))
  const rawStatus = fields.status ? text(getPath(record, fields.status.path)) : null
  const status = rawStatus !== null ? fields.status!.map[rawStatus] : undefined
  const ours = reference?.startsWith(HUB_REFERENCE_PREFIX) ? reference.slice(HUB_REFERENCE_PREFIX.length) : null
  if (ours) {
    const effect = await db.prisma.outboxEffect.findFirst({ where: { connectionId: ctx.connectionId, effectKey: ours, aggregate: 'service-case' } })
    if (effect) {
      const c = await db.prisma.serviceCase.findUnique({ where: { id: effect.aggregateId } })
      if (!c) return 'echo'
      const patch: { externalId?: string; status?: string; resolvedAt?: Date | null } = {}
      if (!c.externalId) patch.externalId = externalId
      if (status && status !== c.status) Object.assign(patch, { status, resolvedAt: resolvedAtFor(status, c) })
      if (Object.keys(patch).length === 0) return 'echo'
      await db.prisma.serviceCase.update({ where: { id: c.id }, data: { ...patch, ...(patch.status ? { version: { increment: 1 }, updatedAt: new Date() } : {}) } })
      return patch.status ? 'echo-updated' : 'echo'
    }
  }
  const existing = await db.prisma.serviceCase.findFirst({ where: { connectionId: ctx.connectionId, externalId } })
  if (existing) {
    if (!status || status === existing.status) return 'unchanged'
    await db.prisma.serviceCase.update({ where: { id: existing.id }, data: { status, resolvedAt: resolvedAtFor(status, existing), version: { increment: 1 }, updatedAt: new Date() } })
    return 'updated'
  }
  const customer = text(getPath(record, fields.customer))
  const description = text(getPath(record, fields.description))
  if (!customer || !description) return 'incomplete'
  const firstLine = description.split('\n')[0].slice(0, 200)
  await db.prisma.serviceCase.create({ data: { tenantId: ctx.tenantId, connectionId: ctx.connectionId, customerExternalId: customer, subject: firstLine, description, status: status ?? 'open', resolvedAt: resolvedAtFor(status ?? 'open', { resolvedAt: null }), externalId } })
  return 'created'
}

/** When the ERP says a case is done, it was resolved now (or earlier, if it already was); reopened, it is not. */
function resolvedAtFor(status: string, before: { resolvedAt: Date | null }): Date | null {
  return (DONE_STATUSES as readonly string[]).includes(status) ? (before.resolvedAt ?? new Date()) : null
}
