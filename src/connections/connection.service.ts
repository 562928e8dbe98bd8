import { randomUUID } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import { access } from 'node:fs/promises'
import { isHubEntity, hubEntities } from '../canonical/canonical.registry'
import type { Connector, EntityCapabilities } from '../connector-sdk/connector.contract'
import { HubError, NotFoundError, ValidationError, type FieldIssue } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'
import type { Database } from '../store/database'
import { Prisma } from '../store/generated/prisma/client'
import type { MappingCatalog } from '../store/mapping.catalog'
import { maskConfig, openConfig, sealConfig, unmaskConfig } from './connection-config.codec'
import { WebhookConfigSchema, webhookSealId } from './webhook.config'
import { ConnectionCreateSchema, ConnectionUpdateSchema, WatchSchema, type ConnectionView, type Limits, type Schedule, type Watch } from './connection.schema'

export type ConnectorRegistry = ReadonlyMap<string, Connector<any>>

/** Keeps the queue's job schedulers in line with a connection (implemented in src/jobs). */
export interface SyncScheduler {
  apply(plan: SchedulePlan): Promise<void>
  remove(connectionId: string): Promise<void>
}

export interface SchedulePlan {
  tenantId: string
  connectionId: string
  /** Interval per entity in ms; entities absent are not scheduled. */
  everyMs: Record<string, number>
  /** How often the connection's watched folder is looked at, when it has one. */
  watchEveryMs?: number
  /** How often its gap check runs, when its schedule asks for one. */
  gapCheckEveryMs?: number
}

export interface ConnectionDeps {
  db: Database
  registry: ConnectorRegistry
  mappings: MappingCatalog
  secretKey: Buffer
  scheduler: SyncScheduler
  defaultEverySeconds: number
}

type Row = NonNullable<Awaited<ReturnType<Database['prisma']['connection']['findFirst']>>>
type Json = Parameters<typeof maskConfig>[0]

/** Entity names in the hub's canonical order (JSONB does not keep key order). */
export function inHubOrder(names: string[]): string[] {
  const rank = (n: string) => (hubEntities as string[]).indexOf(n) >>> 0
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/** A connection opened for work: the connector, its parsed plaintext config and what it serves. */
export interface OpenConnection {
  row: Row
  connector: Connector<any>
  config: unknown
  entities: Record<string, EntityCapabilities>
  mappingName(entity: string): string
}

/** A watched folder: only document connectors watch, and the hub must be able to read and write the folder. */
export async function validateWatch(connector: Connector<any>, watch: Watch | null | undefined): Promise<FieldIssue[]> {
  if (!watch) return []
  if (!connector.parseDocument) return [{ path: 'watch', message: `the ${connector.kind} connector reads from its ERP; only document connectors watch folders` }]
  try {
    await access(watch.dir, fsConstants.R_OK | fsConstants.W_OK)
    return []
  } catch {
    return [{ path: 'watch.dir', message: `${watch.dir} does not exist or the hub cannot read and write it` }]
  }
}

/**
 * What a connection asks of the hub itself, its config already valid: the entities it reads are the
 * hub's and have mapping files that produce them, and its mappings and schedule name only what it serves.
 */
export function connectionIssues(deps: Pick<ConnectionDeps, 'mappings'>, kind: string, connector: Connector<any>, config: unknown, mappings: Partial<Record<string, string>>, schedule: Schedule): FieldIssue[] {
  const issues: FieldIssue[] = []
  const entities = connector.entities(config)
  for (const [entity, caps] of Object.entries(entities)) {
    // Entities a connector only writes (Tryton's opportunities) are its own; what it reads must be the hub's.
    const takesIn = caps.can.read || caps.can.document
    if (!takesIn) continue
    if (!isHubEntity(entity)) {
      issues.push({ path: `config.entities.${entity}`, message: `"${entity}" is not a hub entity (known: ${hubEntities.join(', ')})` })
      continue
    }
    // Document layouts are mapped per variant when a document arrives; reads need their mapping now.
    if (!caps.can.read) continue
    try {
      const mapping = deps.mappings.get(deps.mappings.nameFor(kind, entity, mappings as Record<string, string>))
      if (mapping.entity !== entity) issues.push({ path: `mappings.${entity}`, message: `mapping ${mapping.name} produces ${mapping.target}, not ${entity}` })
    } catch (err) {
      issues.push({ path: `mappings.${entity}`, message: (err as Error).message })
    }
  }
  // Document connectors map each layout separately: `<variant>-<entity>` keys are theirs.
  const served = (key: string) => key in entities || Object.entries(entities).some(([e, caps]) => caps.can.document && key.endsWith(`-${e}`))
  for (const entity of Object.keys(mappings)) if (!served(entity)) issues.push({ path: `mappings.${entity}`, message: `the connection does not serve ${entity}` })
  for (const entity of Object.keys(schedule.entities ?? {})) if (!(entity in entities)) issues.push({ path: `schedule.entities.${entity}`, message: `the connection does not serve ${entity}` })
  return issues
}

function validate(deps: ConnectionDeps, kind: string, rawConfig: unknown, mappings: Partial<Record<string, string>>, schedule: Schedule): { connector: Connector<any>; config: unknown } {
  const connector = deps.registry.get(kind)
  if (!connector) throw new ValidationError('invalid connection', [{ path: 'kind', message: `unknown connector kind "${kind}" (installed: ${[...deps.registry.keys()].join(', ')})` }])
  const parsed = connector.configSchema.safeParse(rawConfig)
  if (!parsed.success) throw new ValidationError('invalid connector config', zodIssues(parsed.error, ['config']))
  const issues = connectionIssues(deps, kind, connector, parsed.data, mappings, schedule)
  if (issues.length) throw new ValidationError('invalid connection', issues)
  return { connector, config: parsed.data }
}

/** The webhook section as stored (secrets sealed), or null; `current` is the stored one an update starts from. */
function sealWebhook(deps: ConnectionDeps, connectionId: string, input: unknown, current: Json | null): Json | null {
  if (input === null || input === undefined) return null
  let raw = input as Json
  if (current) {
    const unmasked = unmaskConfig(raw, openConfig(current, deps.secretKey, webhookSealId(connectionId)))
    if (unmasked.issues.length) throw new ValidationError('invalid webhook settings', unmasked.issues.map((i) => ({ ...i, path: `webhook.${i.path}` })))
    raw = unmasked.config
  }
  const parsed = WebhookConfigSchema.safeParse(raw)
  if (!parsed.success) throw new ValidationError('invalid webhook settings', zodIssues(parsed.error, ['webhook']))
  return sealConfig(WebhookConfigSchema, parsed.data, deps.secretKey, webhookSealId(connectionId))
}

function toView(row: Row, entities: string[]): ConnectionView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    config: maskConfig(row.config as Json),
    schedule: row.schedule as Schedule,
    mappings: row.mappings as Record<string, string>,
    watch: (row.watch as Watch | null) ?? null,
    webhook: row.webhook === null ? null : maskConfig(row.webhook as Json),
    webhookPath: row.webhook === null ? null : `/v1/webhooks/${row.id}`,
    limits: (row.limits as Limits | null) ?? null,
    identityPriority: row.identityPriority,
    defaultCountry: row.defaultCountry,
    enabled: row.enabled,
    entities: inHubOrder(entities),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function planSchedule(deps: Pick<ConnectionDeps, 'defaultEverySeconds'>, open: OpenConnection): SchedulePlan {
  const schedule = open.row.schedule as Schedule
  const everyMs: Record<string, number> = {}
  if (open.row.enabled) {
    for (const [entity, caps] of Object.entries(open.entities)) {
      if (!caps.can.read) continue
      const own = schedule.entities?.[entity]
      if (own === null) continue
      everyMs[entity] = 1000 * (own ?? schedule.everySeconds ?? deps.defaultEverySeconds)
    }
  }
  const watch = WatchSchema.nullable().safeParse(open.row.watch ?? null)
  const watchEveryMs = open.row.enabled && watch.success && watch.data ? watch.data.everySeconds * 1000 : undefined
  const gapCheckEveryMs = open.row.enabled && schedule.gapCheck ? schedule.gapCheck.everyMinutes * 60_000 : undefined
  return { tenantId: open.row.tenantId, connectionId: open.row.id, everyMs, ...(watchEveryMs ? { watchEveryMs } : {}), ...(gapCheckEveryMs ? { gapCheckEveryMs } : {}) }
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === 'P2002' || /Unique constraint/i.test((err as Error)?.message ?? '')
}

async function findRow(deps: ConnectionDeps, tenantId: string, id: string): Promise<Row> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('connection', id)
  const row = await deps.db.prisma.connection.findFirst({ where: { id, tenantId } })
  if (!row) throw new NotFoundError('connection', id)
  return row
}

/** Opens a connection for work: decrypts and re-validates its config (a connector upgrade may reject it). */
export async function openConnection(deps: ConnectionDeps, tenantId: string, id: string): Promise<OpenConnection> {
  const row = await findRow(deps, tenantId, id)
  const connector = deps.registry.get(row.kind)
  if (!connector) throw new HubError('connector_config', `connection ${row.name} uses connector "${row.kind}", which is not installed`)
  const parsed = connector.configSchema.safeParse(openConfig(row.config as Json, deps.secretKey, row.id))
  if (!parsed.success) throw new HubError('connector_config', `the stored config of connection ${row.name} is no longer valid`, { details: { issues: zodIssues(parsed.error, ['config']) } })
  const overrides = row.mappings as Record<string, string>
  return { row, connector, config: parsed.data, entities: connector.entities(parsed.data), mappingName: (entity) => deps.mappings.nameFor(row.kind, entity, overrides) }
}

export async function createConnection(deps: ConnectionDeps, tenantId: string, body: unknown): Promise<ConnectionView> {
  const input = ConnectionCreateSchema.safeParse(body)
  if (!input.success) throw new ValidationError('invalid connection', zodIssues(input.error))
  const { name, kind, schedule = {}, mappings = {}, enabled = true, watch = null } = input.data
  const { connector, config } = validate(deps, kind, input.data.config, mappings, schedule)
  const watchIssues = await validateWatch(connector, watch)
  if (watchIssues.length) throw new ValidationError('invalid connection', watchIssues)
  const id = randomUUID()
  const webhook = sealWebhook(deps, id, input.data.webhook, null)
  let row: Row
  try {
    row = await deps.db.prisma.connection.create({
      data: { id, tenantId, name, kind, enabled, schedule: schedule as object, mappings: mappings as object, watch: watch ?? undefined, webhook: webhook ?? undefined, limits: input.data.limits ?? undefined, identityPriority: input.data.identityPriority, defaultCountry: input.data.defaultCountry ?? null, config: sealConfig(connector.configSchema, config, deps.secretKey, id) as object },
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new HubError('conflict', `a connection named "${name}" already exists`)
    throw err
  }
  const open = await openConnection(deps, tenantId, row.id)
  await deps.scheduler.apply(planSchedule(deps, open))
  return toView(row, Object.keys(open.entities))
}

export async function updateConnection(deps: ConnectionDeps, tenantId: string, id: string, body: unknown): Promise<ConnectionView> {
  const input = ConnectionUpdateSchema.safeParse(body)
  if (!input.success) throw new ValidationError('invalid connection', zodIssues(input.error))
  const row = await findRow(deps, tenantId, id)
  const currentPlain = openConfig(row.config as Json, deps.secretKey, row.id)
  let rawConfig: unknown = currentPlain
  if (input.data.config !== undefined) {
    const unmasked = unmaskConfig(input.data.config as Json, currentPlain)
    if (unmasked.issues.length) throw new ValidationError('invalid connector config', unmasked.issues.map((i) => ({ ...i, path: `config.${i.path}` })))
    rawConfig = unmasked.config
  }
  const schedule = input.data.schedule ?? (row.schedule as Schedule)
  const mappings = input.data.mappings ?? (row.mappings as Record<string, string>)
  const { connector, config } = validate(deps, row.kind, rawConfig, mappings, schedule)
  const watch = input.data.watch === undefined ? ((row.watch as Watch | null) ?? null) : input.data.watch
  const watchIssues = await validateWatch(connector, watch)
  if (watchIssues.length) throw new ValidationError('invalid connection', watchIssues)
  const webhook = input.data.webhook === undefined ? ((row.webhook as Json | null) ?? null) : sealWebhook(deps, row.id, input.data.webhook, (row.webhook as Json | null) ?? null)
  let updated: Row
  try {
    updated = await deps.db.prisma.connection.update({
      where: { id: row.id },
      data: {
        name: input.data.name ?? row.name,
        enabled: input.data.enabled ?? row.enabled,
        schedule: schedule as object,
        mappings: mappings as object,
        watch: watch ?? Prisma.DbNull,
        webhook: webhook ?? Prisma.DbNull,
        limits: input.data.limits === undefined ? (row.limits ?? Prisma.DbNull) : (input.data.limits ?? Prisma.DbNull),
        identityPriority: input.data.identityPriority ?? row.identityPriority,
        defaultCountry: input.data.defaultCountry === undefined ? row.defaultCountry : input.data.defaultCountry,
        config: sealConfig(connector.configSchema, config, deps.secretKey, row.id) as object,
      },
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new HubError('conflict', `a connection named "${input.data.name}" already exists`)
    throw err
  }
  const open = await openConnection(deps, tenantId, id)
  await deps.scheduler.apply(planSchedule(deps, open))
  return toView(updated, Object.keys(open.entities))
}

export async function getConnection(deps: ConnectionDeps, tenantId: string, id: string): Promise<ConnectionView> {
  const open = await openConnection(deps, tenantId, id)
  return toView(open.row, Object.keys(open.entities))
}

export async function listConnections(deps: ConnectionDeps, tenantId: string): Promise<ConnectionView[]> {
  const rows = await deps.db.prisma.connection.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } })
  return rows.map((row) => {
    const connector = deps.registry.get(row.kind)
    const parsed = connector?.configSchema.safeParse(openConfig(row.config as Json, deps.secretKey, row.id))
    return toView(row, parsed?.success ? Object.keys(connector!.entities(parsed.data)) : [])
  })
}

export async function deleteConnection(deps: ConnectionDeps, tenantId: string, id: string): Promise<void> {
  const row = await findRow(deps, tenantId, id)
  await deps.scheduler.remove(row.id)
  // A sync of this connection may be storing a page right now; the cascade then meets its row locks
  // and PostgreSQL may pick the delete as a deadlock victim. The sync's page fails after the delete
  // either way (its connection is gone), so the delete simply tries again.
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.db.pool.query('DELETE FROM "connection" WHERE "id" = $1 AND "tenant_id" = $2', [row.id, tenantId])
      return
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err
      await new Promise((r) => setTimeout(r, 50 * attempt))
    }
  }
}
