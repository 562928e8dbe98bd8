import { z } from 'zod'
import { openConnection, type ConnectionDeps } from '../connections/connection.service'
import { NotFoundError, ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'
import { addEffect } from '../store/outbox.repo'

/** Where a service case goes in an ERP, by the entity names connectors write (first one written wins). */
export const CASE_TARGETS = ['complaint', 'service-case'] as const
/** Where a case's status change goes, when the connector can move its ERP record's status. */
export const CASE_STATUS_TARGETS = ['complaint-status', 'service-case-status'] as const

/**
 * In an effect's payload: "put the ERP id of the effect's aggregate into this field when pushing".
 * A status change may be made before the case's own record reached the ERP; its id is known only then.
 */
export const ERP_ID_FIELD = '$erpIdField'

export const CaseCreateSchema = z
  .object({
    connectionId: z.uuid(),
    /** The customer's external id in that connection. */
    customer: z.string().trim().min(1).max(200),
    /** One of the customer's sales orders the case is about (external id), if any. */
    order: z.string().trim().min(1).max(200).optional(),
    subject: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(10_000),
    priority: z.enum(['low', 'normal', 'high']).default('normal'),
  })
  .strict()

export const CaseUpdateSchema = z
  .object({
    status: z.enum(['open', 'in_progress', 'resolved', 'closed']).optional(),
    priority: z.enum(['low', 'normal', 'high']).optional(),
    description: z.string().trim().min(1).max(10_000).optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, 'send at least one of status, priority, description')

export interface CaseDeps extends ConnectionDeps {
  /** Wakes the push job of a connection once its effects are committed (coalesced). */
  kickPush(tenantId: string, connectionId: string): Promise<void>
}

type CaseRow = NonNullable<Awaited<ReturnType<ConnectionDeps['db']['prisma']['serviceCase']['findFirst']>>>

/** What the ERP's record is made of: the fields the connectors' case targets take. */
function erpPayload(c: { customerExternalId: string; orderExternalId: string | null; subject: string; description: string }): Record<string, unknown> {
  return { customer: c.customerExternalId, description: `${c.subject}\n\n${c.description}`, ...(c.orderExternalId ? { sale: c.orderExternalId } : {}) }
}

/**
 * Opens a case and, in the same transaction, the effect that creates it in the ERP: the case and its
 * push exist together or not at all. The effect's key is the case's id, so however often the push is
 * tried, the ERP gets one record.
 */
export async function createCase(deps: CaseDeps, tenantId: string, body: unknown) {
  const parsed = CaseCreateSchema.safeParse(body)
  if (!parsed.success) throw new ValidationError('invalid service case', zodIssues(parsed.error))
  const input = parsed.data
  const open = await openConnection(deps, tenantId, input.connectionId)
  const target = CASE_TARGETS.find((t) => open.entities[t]?.can.write)
  if (!target) throw new ValidationError('invalid service case', [{ path: 'connectionId', message: `connection ${open.row.name} takes no service cases (it writes ${Object.entries(open.entities).filter(([, c]) => c.can.write).map(([e]) => e).join(', ') || 'nothing'}; a case needs one of ${CASE_TARGETS.join(', ')})` }])
  const row = await deps.db.transaction(async (client) => {
    const res = await client.query<{ id: string }>(
      `INSERT INTO "service_case" ("tenant_id", "connection_id", "customer_external_id", "order_external_id", "subject", "description", "priority") VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id"`,
      [tenantId, open.row.id, input.customer, input.order ?? null, input.subject, input.description, input.priority],
    )
    const id = res.rows[0].id
    await addEffect(client, {
      tenantId,
      connectionId: open.row.id,
      entity: target,
      effectKey: `case-${id}`,
      aggregate: 'service-case',
      aggregateId: id,
      payload: erpPayload({ customerExternalId: input.customer, orderExternalId: input.order ?? null, subject: input.subject, description: input.description }),
    })
    return id
  })
  await deps.kickPush(tenantId, open.row.id).catch(() => undefined) // the sweep wakes it otherwise
  return getCase(deps, tenantId, row)
}

/**
 * Changes a case in the hub. A status change is also owed to the ERP when the connector can move its
 * record's status (Tryton: `complaint-status`): the effect is written in the same transaction, keyed
 * by the case and its new version, after the case's own creation effect (pushes go in order).
 * Priority and description stay in the hub (no connector edits them yet).
 */
export async function updateCase(deps: CaseDeps, tenantId: string, id: string, body: unknown) {
  const parsed = CaseUpdateSchema.safeParse(body)
  if (!parsed.success) throw new ValidationError('invalid service case update', zodIssues(parsed.error))
  const current = await findCase(deps, tenantId, id)
  const statusChanged = parsed.data.status !== undefined && parsed.data.status !== current.status
  const open = statusChanged ? await openConnection(deps, tenantId, current.connectionId) : null
  const target = open ? CASE_STATUS_TARGETS.find((t) => open.entities[t]?.can.write) : undefined
  await deps.db.transaction(async (client) => {
    const res = await client.query<{ version: number }>(
      `UPDATE "service_case" SET "status" = COALESCE($2, "status"), "priority" = COALESCE($3, "priority"), "description" = COALESCE($4, "description"), "version" = "version" + 1, "updated_at" = now() WHERE "id" = $1 RETURNING "version"`,
      [current.id, parsed.data.status ?? null, parsed.data.priority ?? null, parsed.data.description ?? null],
    )
    if (target && statusChanged) {
      await addEffect(client, {
        tenantId,
        connectionId: current.connectionId,
        entity: target,
        effectKey: `case-${current.id}-v${res.rows[0].version}`,
        aggregate: 'service-case',
        aggregateId: current.id,
        payload: { status: parsed.data.status, [ERP_ID_FIELD]: target === 'complaint-status' ? 'complaint' : 'id' },
      })
    }
  })
  if (target && statusChanged) await deps.kickPush(tenantId, current.connectionId).catch(() => undefined)
  return getCase(deps, tenantId, id)
}

async function findCase(deps: ConnectionDeps, tenantId: string, id: string): Promise<CaseRow> {
  const row = z.uuid().safeParse(id).success ? await deps.db.prisma.serviceCase.findFirst({ where: { id, tenantId } }) : null
  if (!row) throw new NotFoundError('service case', id)
  return row
}

/** A case with where its push stands: each effect's status, tries, last error and the ERP's id. */
export async function getCase(deps: ConnectionDeps, tenantId: string, id: string) {
  const row = await findCase(deps, tenantId, id)
  const effects = await deps.db.prisma.outboxEffect.findMany({ where: { aggregate: 'service-case', aggregateId: row.id, tenantId }, orderBy: { createdAt: 'asc' } })
  return {
    id: row.id,
    connectionId: row.connectionId,
    customer: row.customerExternalId,
    order: row.orderExternalId,
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    externalId: row.externalId,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    push: effects.map((e) => ({ id: e.id, entity: e.entity, status: e.status, attempts: e.attempts, externalId: e.externalId, lastError: e.lastError, sentAt: e.sentAt })),
  }
}
