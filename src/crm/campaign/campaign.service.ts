import type { ConnectionDeps } from '../../connections/connection.service'
import { listConnections, openConnection } from '../../connections/connection.service'
import { HubError, NotFoundError, ValidationError } from '../../errors/hub-error'
import { zodIssues } from '../../errors/zod-issues'
import { addDays, availabilityTimelines, dayIn } from '../../scm/atp.query'
import type { Database } from '../../store/database'
import { isUuid } from '../../store/uuid'
import { checkCampaignStock, type StockCheckResult } from '../../scm/stock-check'
import { runFunnel, type FunnelStage } from './campaign-funnel'
import { CampaignCreateSchema, CampaignUpdateSchema, FunnelPreviewSchema, LaunchSchema, SelectionSchema, type Offer, type Selection } from './campaign.schema'

export interface CampaignDeps extends ConnectionDeps {
  /** Wakes the push job of a connection once its effects are committed (coalesced). */
  kickPush(tenantId: string, connectionId: string): Promise<void>
}

/** How far past the promise date the stock check looks for the earliest feasible day. */
const LOOK_PAST_PROMISE_DAYS = 180
const MAX_ATP_DAYS = 366
/** The ERP record a launched campaign's target becomes (Tryton: sale.opportunity). */
const TARGET_ENTITY = 'opportunity'

const iso = (d: Date) => d.toISOString().slice(0, 10)

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, body: unknown, what: string): T {
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new ValidationError(`invalid ${what}`, zodIssues(parsed.error))
  return parsed.data
}

/** A tenant's campaign with its offers in order; any other id is a 404. */
export async function findCampaign(db: Database, tenantId: string, id: string) {
  const c = isUuid(id) ? await db.prisma.campaign.findFirst({ where: { id, tenantId }, include: { offers: { orderBy: { position: 'asc' } } } }) : null
  if (!c) throw new NotFoundError('campaign', id)
  return c
}

const row = (deps: CampaignDeps, tenantId: string, id: string) => findCampaign(deps.db, tenantId, id)

type CampaignRow = Awaited<ReturnType<typeof findCampaign>>

function offersOf(c: CampaignRow): Offer[] {
  return c.offers.map((o) => ({ sku: o.sku, responseRate: o.responseRate, quantityPerResponse: o.quantityPerResponse.toString() }))
}

async function view(deps: CampaignDeps, c: CampaignRow) {
  const groups = await deps.db.pool.query<{ group: string; n: number }>(`SELECT "group", count(*)::int AS n FROM "campaign_target" WHERE "campaign_id" = $1 GROUP BY "group"`, [c.id])
  const count = (g: string) => groups.rows.find((r) => r.group === g)?.n ?? 0
  const effects = await deps.db.pool.query<{ status: string; n: number }>(`SELECT "status", count(*)::int AS n FROM "outbox" WHERE "aggregate" = 'campaign' AND "aggregate_id" = $1 GROUP BY "status"`, [c.id])
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    status: c.status,
    mailDate: iso(c.mailDate),
    promiseDate: iso(c.promiseDate),
    responseWindowDays: c.responseWindowDays,
    controlShare: c.controlShare,
    maxTargets: c.maxTargets,
    offers: offersOf(c),
    selection: c.selection,
    funnel: c.funnel,
    targets: { treated: count('treated'), control: count('control') },
    stockCheck: c.stockCheck,
    checkedAt: c.checkedAt?.toISOString() ?? null,
    launchedAt: c.launchedAt?.toISOString() ?? null,
    push: Object.fromEntries(effects.rows.map((e) => [e.status, e.n])),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  }
}

export async function getCampaign(deps: CampaignDeps, tenantId: string, id: string) {
  return view(deps, await row(deps, tenantId, id))
}

export async function listCampaigns(deps: CampaignDeps, tenantId: string, q: { status?: string; limit: number; offset: number }) {
  const where = { tenantId, ...(q.status ? { status: q.status } : {}) }
  const [rows, total] = await Promise.all([
    deps.db.prisma.campaign.findMany({ where, orderBy: { createdAt: 'desc' }, take: q.limit, skip: q.offset, include: { offers: { orderBy: { position: 'asc' } } } }),
    deps.db.prisma.campaign.count({ where }),
  ])
  return { data: await Promise.all(rows.map((c) => view(deps, c))), total }
}

/** A draft campaign; its selection runs at once, so the marketer sees the funnel's counts. */
export async function createCampaign(deps: CampaignDeps, tenantId: string, body: unknown, by: string, now: Date) {
  const input = parse(CampaignCreateSchema, body, 'campaign')
  const exists = await deps.db.prisma.campaign.findFirst({ where: { tenantId, name: input.name }, select: { id: true } })
  if (exists) throw new HubError('conflict', `a campaign named "${input.name}" already exists (${exists.id})`)
  const c = await deps.db.prisma.campaign.create({
    data: {
      tenantId,
      name: input.name,
      description: input.description,
      mailDate: new Date(`${input.mailDate}T00:00:00Z`),
      promiseDate: new Date(`${input.promiseDate}T00:00:00Z`),
      responseWindowDays: input.responseWindowDays,
      controlShare: input.controlShare,
      maxTargets: input.maxTargets,
      selection: input.selection as object,
      createdBy: by,
      offers: { create: input.offers.map((o, position) => ({ sku: o.sku, responseRate: o.responseRate, quantityPerResponse: o.quantityPerResponse, position })) },
    },
  })
  await selectTargets(deps, tenantId, c.id, now)
  return getCampaign(deps, tenantId, c.id)
}

/** Changes a draft; a change of what decides the targets runs the selection again and voids the stock check. */
export async function updateCampaign(deps: CampaignDeps, tenantId: string, id: string, body: unknown, now: Date) {
  const input = parse(CampaignUpdateSchema, body, 'campaign')
  const c = await row(deps, tenantId, id)
  if (c.status !== 'draft') throw new HubError('conflict', `campaign ${c.name} is ${c.status}; only a draft can change`)
  const mailDate = input.mailDate ?? iso(c.mailDate)
  const promiseDate = input.promiseDate ?? iso(c.promiseDate)
  if (promiseDate < mailDate) throw new ValidationError('invalid campaign', [{ path: 'promiseDate', message: `the promise date (${promiseDate}) must not be before the mail date (${mailDate})` }])
  if (input.name && input.name !== c.name && (await deps.db.prisma.campaign.findFirst({ where: { tenantId, name: input.name }, select: { id: true } }))) {
    throw new HubError('conflict', `a campaign named "${input.name}" already exists`)
  }
  await deps.db.prisma.$transaction([
    ...(input.offers ? [deps.db.prisma.campaignOffer.deleteMany({ where: { campaignId: c.id } })] : []),
    deps.db.prisma.campaign.update({
      where: { id: c.id },
      data: {
        name: input.name,
        description: input.description,
        mailDate: new Date(`${mailDate}T00:00:00Z`),
        promiseDate: new Date(`${promiseDate}T00:00:00Z`),
        responseWindowDays: input.responseWindowDays,
        controlShare: input.controlShare,
        maxTargets: input.maxTargets,
        selection: input.selection as object | undefined,
        stockCheck: undefined,
        updatedAt: new Date(),
        ...(input.offers ? { offers: { create: input.offers.map((o, position) => ({ sku: o.sku, responseRate: o.responseRate, quantityPerResponse: o.quantityPerResponse, position })) } } : {}),
      },
    }),
  ])
  // Anything that decides who is mailed, or what they will order, makes the last selection and stock check stale.
  const decisive = ['selection', 'maxTargets', 'controlShare', 'mailDate', 'offers', 'promiseDate'].some((k) => k in input)
  if (decisive) {
    await deps.db.pool.query(`UPDATE "campaign" SET "stock_check" = NULL, "checked_at" = NULL WHERE "id" = $1`, [c.id])
    await selectTargets(deps, tenantId, c.id, now)
  }
  return getCampaign(deps, tenantId, c.id)
}

/** The funnel's counts for a selection, stored nowhere: marketers shape a selection and see its stages live. */
export async function previewFunnel(deps: CampaignDeps, tenantId: string, body: unknown, now: Date) {
  const input = parse(FunnelPreviewSchema, body, 'funnel preview')
  const funnel = await runFunnel(deps.db.pool, tenantId, { selection: input.selection, maxTargets: input.maxTargets, mailDate: input.mailDate, controlShare: 0, seed: 'preview' }, now)
  return { stages: funnel.stages.filter((s) => s.stage !== 'control group'), selected: funnel.treated.length }
}

/** Runs a draft's funnel and replaces its targets (treated and control) in one transaction. */
export async function selectTargets(deps: CampaignDeps, tenantId: string, id: string, now: Date): Promise<{ stages: FunnelStage[] }> {
  const c = await row(deps, tenantId, id)
  if (c.status !== 'draft') throw new HubError('conflict', `campaign ${c.name} is ${c.status}; its targets are fixed`)
  const selection: Selection = SelectionSchema.parse(c.selection)
  return deps.db.transaction(async (client) => {
    // The campaign row is locked: a launch waits for the selection it is about to send.
    await client.query(`SELECT 1 FROM "campaign" WHERE "id" = $1 FOR UPDATE`, [c.id])
    const funnel = await runFunnel(client, tenantId, { selection, maxTargets: c.maxTargets, mailDate: iso(c.mailDate), controlShare: c.controlShare, seed: c.id, campaignId: c.id }, now)
    await client.query(`DELETE FROM "campaign_target" WHERE "campaign_id" = $1`, [c.id])
    const all = [...funnel.treated.map((t) => ({ ...t, group: 'treated' })), ...funnel.control.map((t) => ({ ...t, group: 'control' }))]
    await client.query(
      `INSERT INTO "campaign_target" ("campaign_id", "golden_id", "group", "rank", "score") SELECT $1, u.g, u.grp, u.rank, u.score FROM unnest($2::uuid[], $3::text[], $4::int[], $5::float8[]) AS u(g, grp, rank, score)`,
      [c.id, all.map((t) => t.goldenId), all.map((t) => t.group), all.map((t) => t.rank), all.map((t) => t.score)],
    )
    await client.query(`UPDATE "campaign" SET "funnel" = $2, "stock_check" = NULL, "checked_at" = NULL, "updated_at" = now() WHERE "id" = $1`, [c.id, JSON.stringify({ at: now.toISOString(), stages: funnel.stages })])
    return { stages: funnel.stages }
  })
}

/**
 * The stock check: the expected demand of the mailed targets per SKU against ATP across every ERP
 * on the promise date. The answer (feasible, or short by how much, the earliest feasible date, the
 * largest feasible target count) is kept with the campaign with the ATP it was computed from and
 * the as-of time of each source.
 */
export async function checkStock(deps: CampaignDeps, tenantId: string, id: string, now: Date, options: { timeZone?: string } = {}) {
  const c = await row(deps, tenantId, id)
  if (c.status !== 'draft') throw new HubError('conflict', `campaign ${c.name} is ${c.status}; its stock was checked before launch`)
  if (!c.funnel) throw new HubError('conflict', `campaign ${c.name} has no targets yet; run its selection first`)
  const today = dayIn(now, options.timeZone)
  const promise = iso(c.promiseDate)
  if (promise < today) throw new ValidationError('invalid stock check', [{ path: 'promiseDate', message: `the promise date ${promise} has passed (today is ${today})` }])
  const to = [addDays(promise, LOOK_PAST_PROMISE_DAYS), addDays(today, MAX_ATP_DAYS - 1)].sort()[0]
  const offers = offersOf(c)
  const skus = [...new Set(offers.map((o) => o.sku))]
  const treated = (await deps.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "campaign_target" WHERE "campaign_id" = $1 AND "group" = 'treated'`, [c.id])).rows[0].n
  const timelines = await availabilityTimelines(deps.db, tenantId, { skus, from: today, to, timeZone: options.timeZone }, now)
  const result: StockCheckResult = checkCampaignStock({ targets: treated, promiseDate: promise, offers, atp: Object.fromEntries(timelines.filter((t) => t.known).map((t) => [t.sku, t.total])) })
  const snapshot = {
    at: now.toISOString(),
    today,
    promiseDate: promise,
    targets: treated,
    ...result,
    // What the answer was computed from: each SKU's ATP by day and per source, and how fresh each source was.
    atp: timelines.map((t) => ({
      sku: t.sku,
      known: t.known,
      asOf: t.asOf,
      holds: t.holds,
      days: t.total.days.map((d) => ({ date: d.date, projected: d.projected, atp: d.atp })),
      sources: t.sources.map((s) => ({ connection: s.connection.name, location: s.location, basis: s.basis, atpAtPromise: s.timeline.days.find((d) => d.date === promise)?.atp ?? null })),
    })),
  }
  await deps.db.pool.query(`UPDATE "campaign" SET "stock_check" = $2, "checked_at" = $3 WHERE "id" = $1`, [c.id, JSON.stringify(snapshot), now])
  return snapshot
}

/**
 * Launches a draft: in one transaction the campaign becomes launched and every mailed target whose
 * customer lives in an ERP that takes opportunities gets its effect in the outbox, keyed by campaign
 * and customer — so however often a launch is asked for or a push is retried, each target reaches
 * the ERP once. A launch of a launched campaign changes nothing and says so.
 */
export async function launchCampaign(deps: CampaignDeps, tenantId: string, id: string, body: unknown, by: string, now: Date) {
  const input = parse(LaunchSchema, body ?? {}, 'launch')
  const c = await row(deps, tenantId, id)
  if (c.status === 'launched') return { launched: false, alreadyLaunchedAt: c.launchedAt?.toISOString() ?? null, campaign: await view(deps, c) }
  if (c.status !== 'draft') throw new HubError('conflict', `campaign ${c.name} is ${c.status}`)
  if (!c.funnel) throw new HubError('conflict', `campaign ${c.name} has no targets yet; run its selection first`)
  const check = c.stockCheck as (StockCheckResult & { at: string }) | null
  if (!check) throw new HubError('conflict', `campaign ${c.name} has no stock check; run it before the launch`)
  if (!check.feasible && !input.acceptShortfall) {
    throw new HubError('conflict', `the stock check of ${check.at} found a shortfall (${check.skus.filter((s) => s.shortBy !== '0').map((s) => `${s.sku} short by ${s.shortBy}`).join(', ')}); launch with acceptShortfall, shrink the campaign to ${check.maxFeasibleTargets} targets, or move the promise date to ${check.earliestFeasibleDate ?? 'a later day'}`)
  }

  // The ERPs that take opportunities, best source first (a connection's identity priority says which ERP is the master).
  const writers: Array<{ id: string; priority: number }> = []
  for (const conn of await listConnections(deps, tenantId)) {
    if (!conn.enabled) continue
    const open = await openConnection(deps, tenantId, conn.id).catch(() => null)
    if (open?.entities[TARGET_ENTITY]?.can.write) writers.push({ id: conn.id, priority: conn.identityPriority })
  }
  const offers = offersOf(c)
  const payloadBase = {
    description: `${c.name}: ${offers.map((o) => o.sku).join(', ')}`.slice(0, 1000),
    probability: Math.min(1, offers.reduce((n, o) => n + o.responseRate, 0)),
    startDate: iso(c.mailDate),
    lines: offers.map((o) => ({ sku: o.sku, quantity: Number(o.quantityPerResponse) })),
    comment: `erphub campaign ${c.id}${c.description ? `\n${c.description}` : ''}`,
  }

  const outcome = await deps.db.transaction(async (client) => {
    const locked = await client.query<{ status: string }>(`SELECT "status" FROM "campaign" WHERE "id" = $1 FOR UPDATE`, [c.id])
    if (locked.rows[0].status !== 'draft') return null // launched meanwhile by another call
    // Per mailed target, its source customer in the preferred writing ERP.
    const targets = await client.query<{ golden_id: string; connection_id: string | null; external_id: string | null }>(
      `SELECT t."golden_id", pick."connection_id", pick."external_id" FROM "campaign_target" t
LEFT JOIN LATERAL (
  SELECT c."connection_id", c."external_id" FROM "customer_identity" i JOIN "customer" c ON c."id" = i."customer_id"
  JOIN unnest($2::uuid[], $3::int[]) AS w(id, priority) ON w.id = c."connection_id"
  WHERE i."golden_id" = t."golden_id" ORDER BY w.priority DESC, c."connection_id", c."external_id" LIMIT 1) pick ON true
WHERE t."campaign_id" = $1 AND t."group" = 'treated'`,
      [c.id, writers.map((w) => w.id), writers.map((w) => w.priority)],
    )
    const sendable = targets.rows.filter((t) => t.connection_id !== null)
    await client.query(
      `INSERT INTO "outbox" ("tenant_id", "connection_id", "entity", "effect_key", "aggregate", "aggregate_id", "payload")
SELECT $1, u.conn, $2, 'campaign-' || $3 || '-' || u.golden, 'campaign', $3, jsonb_build_object('customer', u.ext) || $4::jsonb
FROM unnest($5::uuid[], $6::uuid[], $7::text[]) AS u(conn, golden, ext)
ON CONFLICT ("connection_id", "effect_key") DO NOTHING`,
      [tenantId, TARGET_ENTITY, c.id, JSON.stringify(payloadBase), sendable.map((t) => t.connection_id), sendable.map((t) => t.golden_id), sendable.map((t) => t.external_id)],
    )
    await client.query(`UPDATE "campaign" SET "status" = 'launched', "launched_at" = $2, "launched_by" = $3, "updated_at" = now() WHERE "id" = $1`, [c.id, now, by])
    return { mailed: targets.rows.length, toErp: sendable.length, connections: [...new Set(sendable.map((t) => t.connection_id!))] }
  })
  if (!outcome) return { launched: false, alreadyLaunchedAt: null, campaign: await getCampaign(deps, tenantId, c.id) }
  for (const conn of outcome.connections) await deps.kickPush(tenantId, conn).catch(() => undefined) // the sweep wakes it otherwise
  return {
    launched: true,
    targets: outcome.mailed,
    toErp: outcome.toErp,
    // Mailed customers none of whose source records sits in an ERP that takes opportunities: mailed, but not recorded in an ERP.
    notInErp: outcome.mailed - outcome.toErp,
    acceptedShortfall: !check.feasible,
    campaign: await getCampaign(deps, tenantId, c.id),
  }
}
