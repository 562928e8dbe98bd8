import { z } from 'zod'
import { openConnection, type ConnectionDeps } from '../connections/connection.service'
import { NotFoundError, ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'
import { addEffect } from '../store/outbox.repo'
import { articlesOfCase } from './knowledge.service'

/** Where a service case goes in an ERP, by the entity names connectors write (first one written wins). */
export const CASE_TARGETS = ['complaint', 'service-case'] as const
/** Where a case's status change goes, when the connector can move its ERP record's status. */
export const CASE_STATUS_TARGETS = ['complaint-status', 'service-case-status'] as const

/**
 * In an effect's payload: "put the ERP id of the effect's aggregate into this field when pushing".
 * A status change may be made before the case's own record reached the ERP; its id is known only then.
 */
export const ERP_ID_FIELD = '$erpIdField'

export const CASE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const
/** Statuses in which a case is done: it has a `resolvedAt` and is never overdue. */
export const DONE_STATUSES = ['resolved', 'closed'] as const

const Owner = z.string().trim().min(1).max(200)
const DueAt = z.iso.datetime({ offset: true })

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
    owner: Owner.nullable().optional(),
    /** ISO instant with an offset (`2026-12-01T09:00:00Z`). */
    dueAt: DueAt.nullable().optional(),
  })
  .strict()

export const CaseUpdateSchema = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    priority: z.enum(['low', 'normal', 'high']).optional(),
    description: z.string().trim().min(1).max(10_000).optional(),
    /** null: nobody works on it any more. */
    owner: Owner.nullable().optional(),
    /** null: no due time. */
    dueAt: DueAt.nullable().optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, 'send at least one of status, priority, description, owner, dueAt')

export interface CaseListFilter {
  limit: number
  offset: number
  status?: (typeof CASE_STATUSES)[number]
  goldenId?: string
  owner?: string
  /** true: due time passed and not resolved or closed; false: all others. */
  overdue?: boolean
}

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
      `INSERT INTO "service_case" ("tenant_id", "connection_id", "customer_external_id", "order_external_id", "subject", "description", "priority", "owner", "due_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "id"`,
      [tenantId, open.row.id, input.customer, input.order ?? null, input.subject, input.description, input.priority, input.owner ?? null, input.dueAt ?? null],
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
 * Priority, description, owner and due time stay in the hub (no connector edits them yet).
 * `resolvedAt` follows the status: set when the case becomes resolved or closed (kept from resolved to
 * closed), cleared when it is reopened.
 */
export async function updateCase(deps: CaseDeps, tenantId: string, id: string, body: unknown) {
  const parsed = CaseUpdateSchema.safeParse(body)
  if (!parsed.success) throw new ValidationError('invalid service case update', zodIssues(parsed.error))
  const current = await findCase(deps, tenantId, id)
  const statusChanged = parsed.data.status !== undefined && parsed.data.status !== current.status
  const open = statusChanged ? await openConnection(deps, tenantId, current.connectionId) : null
  const target = open ? CASE_STATUS_TARGETS.find((t) => open.entities[t]?.can.write) : undefined
  const change = parsed.data
  const params: unknown[] = [current.id]
  const param = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const set = (column: string, value: unknown) => `"${column}" = ${param(value)}`
  const statusSets = (status: string) => {
    const p = param(status)
    return [`"status" = ${p}`, `"resolved_at" = CASE WHEN ${p}::text = ANY(${param([...DONE_STATUSES])}::text[]) THEN COALESCE("resolved_at", now()) ELSE NULL END`]
  }
  const sets = [
    ...(change.status !== undefined ? statusSets(change.status) : []),
    ...(change.priority !== undefined ? [set('priority', change.priority)] : []),
    ...(change.description !== undefined ? [set('description', change.description)] : []),
    ...(change.owner !== undefined ? [set('owner', change.owner)] : []),
    ...(change.dueAt !== undefined ? [set('due_at', change.dueAt)] : []),
  ]
  await deps.db.transaction(async (client) => {
    const res = await client.query<{ version: number }>(`UPDATE "service_case" SET ${sets.join(', ')}, "version" = "version" + 1, "updated_at" = now() WHERE "id" = $1 RETURNING "version"`, params)
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

/** The golden customer a case's customer belongs to, once identity resolution has seen it. */
async function goldenOf(deps: ConnectionDeps, tenantId: string, row: CaseRow): Promise<string | null> {
  const customer = await deps.db.prisma.customer.findFirst({ where: { tenantId, connectionId: row.connectionId, externalId: row.customerExternalId }, select: { identity: { select: { goldenId: true } } } })
  return customer?.identity?.goldenId ?? null
}

const isOverdue = (c: { dueAt: Date | null; status: string }, now: Date) => c.dueAt !== null && c.dueAt < now && !(DONE_STATUSES as readonly string[]).includes(c.status)

/**
 * A case with its golden customer, its linked knowledge articles and where its push stands: each
 * effect's status, tries, last error and the ERP's id.
 */
export async function getCase(deps: ConnectionDeps, tenantId: string, id: string) {
  const found = await findCase(deps, tenantId, id)
  const effects = await deps.db.prisma.outboxEffect.findMany({ where: { aggregate: 'service-case', aggregateId: found.id, tenantId }, orderBy: { createdAt: 'asc' } })
  // The case is read again after its effects: a push settles its effect and the case's ERP id in one
  // transaction, so an effect seen done always comes with the case's externalId (read before, a push
  // landing in between would show "done" beside a case without its ERP id).
  const row = await findCase(deps, tenantId, id)
  const [goldenId, articles] = await Promise.all([goldenOf(deps, tenantId, row), articlesOfCase(deps.db, tenantId, row.id)])
  return {
    id: row.id,
    connectionId: row.connectionId,
    customer: row.customerExternalId,
    goldenId,
    order: row.orderExternalId,
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    owner: row.owner,
    dueAt: row.dueAt,
    overdue: isOverdue(row, new Date()),
    resolvedAt: row.resolvedAt,
    externalId: row.externalId,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    articles: articles.map((a) => ({ id: a.id, title: a.title, linkedAt: a.linkedAt })),
    push: effects.map((e) => ({ id: e.id, entity: e.entity, status: e.status, attempts: e.attempts, externalId: e.externalId, lastError: e.lastError, sentAt: e.sentAt })),
  }
}

interface CaseListRow {
  id: string
  connection_id: string
  customer_external_id: string
  golden_id: string | null
  order_external_id: string | null
  subject: string
  status: string
  priority: string
  owner: string | null
  due_at: Date | null
  overdue: boolean
  resolved_at: Date | null
  external_id: string | null
  version: number
  created_at: Date
  updated_at: Date
}

/**
 * One page of the tenant's cases, most recently changed first (overdue ones: most overdue first).
 * The golden customer comes from the customer row of the case's (connection, external id) and its
 * identity; a case whose customer is not synced or not resolved yet has none and matches no `goldenId`.
 */
export async function listCases(deps: ConnectionDeps, tenantId: string, filter: CaseListFilter) {
  const params: unknown[] = [tenantId]
  const param = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const overdue = `(coalesce(c."due_at" < now(), false) AND c."status" NOT IN (${DONE_STATUSES.map((s) => `'${s}'`).join(', ')}))`
  const where = [
    `c."tenant_id" = $1`,
    ...(filter.status ? [`c."status" = ${param(filter.status)}`] : []),
    ...(filter.goldenId ? [`i."golden_id" = ${param(filter.goldenId)}::uuid`] : []),
    ...(filter.owner ? [`c."owner" = ${param(filter.owner)}`] : []),
    ...(filter.overdue === undefined ? [] : [filter.overdue ? overdue : `NOT ${overdue}`]),
  ].join(' AND ')
  const from = `"service_case" c
    LEFT JOIN "customer" cu ON cu."connection_id" = c."connection_id" AND cu."external_id" = c."customer_external_id"
    LEFT JOIN "customer_identity" i ON i."customer_id" = cu."id"`
  const countParams = [...params]
  const order = filter.overdue ? `c."due_at" ASC, c."id"` : `c."updated_at" DESC, c."id"`
  const [rows, total] = await Promise.all([
    deps.db.pool.query<CaseListRow>(
      `SELECT c."id", c."connection_id", c."customer_external_id", i."golden_id", c."order_external_id", c."subject", c."status", c."priority", c."owner", c."due_at",
         ${overdue} AS "overdue", c."resolved_at", c."external_id", c."version", c."created_at", c."updated_at"
       FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    ),
    deps.db.pool.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM ${from} WHERE ${where}`, countParams),
  ])
  return {
    data: rows.rows.map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      customer: r.customer_external_id,
      goldenId: r.golden_id,
      order: r.order_external_id,
      subject: r.subject,
      status: r.status,
      priority: r.priority,
      owner: r.owner,
      dueAt: r.due_at,
      overdue: r.overdue,
      resolvedAt: r.resolved_at,
      externalId: r.external_id,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    total: total.rows[0].n,
  }
}
