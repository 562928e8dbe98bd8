import { openConfig, SECRET_MASK } from '../connections/connection-config.codec'
import { ConnectionCreateSchema } from '../connections/connection.schema'
import type { ConnectionDeps } from '../connections/connection.service'
import { WebhookConfigSchema, webhookSealId } from '../connections/webhook.config'
import type { Connector } from '../connector-sdk/connector.contract'
import { findSecretPaths } from '../connector-sdk/secret'
import type { FieldIssue } from '../errors/hub-error'
import { formatPath, zodIssues } from '../errors/zod-issues'
import type { ConnectionDocument, FileIssue } from './connection-files.load'
import { preflightIssues } from './connection-preflight.check'
import { diffStates, flattenLeaves, type FieldChange } from './connection.diff'

type Json = Parameters<typeof openConfig>[0]
type Row = NonNullable<Awaited<ReturnType<ConnectionDeps['db']['prisma']['connection']['findFirst']>>>

/** Everything of a connection that a file sets, after the API's defaults: what is compared. */
interface ConnectionState {
  config: unknown
  schedule: unknown
  mappings: unknown
  watch: unknown
  webhook: unknown
  limits: unknown
  identityPriority: number
  defaultCountry: string | null
  enabled: boolean
}

export type PlanEntry =
  | { action: 'create'; name: string; kind: string; doc: ConnectionDocument; changes: FieldChange[]; body: Record<string, unknown> }
  | { action: 'update'; name: string; kind: string; doc: ConnectionDocument; changes: FieldChange[]; body: Record<string, unknown>; id: string }
  | { action: 'unchanged'; name: string; kind: string; doc: ConnectionDocument; id: string }
  | { action: 'delete'; name: string; kind: string; id: string }

export interface ConnectionPlan {
  entries: PlanEntry[]
  /** Stored connections the files do not name, kept because --prune was not given. */
  kept: Array<{ name: string; kind: string }>
  issues: FileIssue[]
}

/** What the identity priority is when a file does not say (the column's default). */
const DEFAULT_IDENTITY_PRIORITY = 0

/** Paths of sealed values in a stored config, with `prefix` before them. */
function sealedPaths(stored: unknown, prefix: string): string[] {
  return [...flattenLeaves(stored, prefix).keys()].filter((p) => p.endsWith('.$secret')).map((p) => p.slice(0, -'.$secret'.length))
}

function storedState(deps: ConnectionDeps, row: Row): ConnectionState {
  return {
    config: openConfig(row.config as Json, deps.secretKey, row.id),
    schedule: row.schedule,
    mappings: row.mappings,
    watch: row.watch ?? null,
    webhook: row.webhook === null ? null : openConfig(row.webhook as Json, deps.secretKey, webhookSealId(row.id)),
    limits: row.limits ?? null,
    identityPriority: row.identityPriority,
    defaultCountry: row.defaultCountry,
    enabled: row.enabled,
  }
}

/**
 * The whole connection a file describes, as an update body: a field the file leaves out goes back to
 * its default (the files are the truth, not a patch on what an API call changed since).
 */
function fullBody(body: Record<string, unknown>): Record<string, unknown> {
  return {
    name: body.name,
    config: body.config,
    schedule: body.schedule ?? {},
    mappings: body.mappings ?? {},
    watch: body.watch ?? null,
    webhook: body.webhook ?? null,
    limits: body.limits ?? null,
    identityPriority: body.identityPriority ?? DEFAULT_IDENTITY_PRIORITY,
    defaultCountry: body.defaultCountry ?? null,
    enabled: body.enabled ?? true,
  }
}

/** Strings equal to the API's mask: in a file they would be taken for "keep the stored secret", which a file cannot mean. */
function maskIssues(value: unknown, path: Array<string | number> = []): FieldIssue[] {
  if (value === SECRET_MASK) return [{ path: formatPath(path), message: `"${SECRET_MASK}" is the API's mask, not a value: give the secret as \${env:NAME}` }]
  if (Array.isArray(value)) return value.flatMap((v, i) => maskIssues(v, [...path, i]))
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => maskIssues(v, [...path, k]))
  return []
}

interface Checked {
  doc: ConnectionDocument
  name: string
  kind: string
  state: ConnectionState
  masked: Set<string>
}

/** Parses one document the way the API would, and checks it against the hub; the issues keep their paths. */
async function checkDocument(deps: ConnectionDeps, doc: ConnectionDocument): Promise<{ checked?: Checked; issues: FieldIssue[] }> {
  const issues: FieldIssue[] = maskIssues(doc.body)
  // Each part is checked even when another fails, so one run names every issue of the document.
  const input = ConnectionCreateSchema.safeParse(doc.body)
  if (!input.success) issues.push(...zodIssues(input.error))
  const kind = doc.body.kind
  const connector: Connector<any> | undefined = typeof kind === 'string' ? deps.registry.get(kind) : undefined
  if (typeof kind === 'string' && !connector) issues.push({ path: 'kind', message: `unknown connector kind "${kind}" (installed: ${[...deps.registry.keys()].join(', ')})` })
  const config = connector?.configSchema.safeParse(doc.body.config)
  if (config && !config.success) issues.push(...zodIssues(config.error, ['config']))
  const webhook = doc.body.webhook === undefined || doc.body.webhook === null ? null : WebhookConfigSchema.safeParse(doc.body.webhook)
  if (webhook && !webhook.success) issues.push(...zodIssues(webhook.error, ['webhook']))
  if (!input.success || !connector || !config?.success || (webhook && !webhook.success)) return { issues }
  const data = input.data
  const state: ConnectionState = {
    config: config.data,
    schedule: data.schedule ?? {},
    mappings: data.mappings ?? {},
    watch: data.watch ?? null,
    webhook: webhook?.data ?? null,
    limits: data.limits ?? null,
    identityPriority: data.identityPriority ?? DEFAULT_IDENTITY_PRIORITY,
    defaultCountry: data.defaultCountry ?? null,
    enabled: data.enabled ?? true,
  }
  issues.push(...(await preflightIssues(deps, connector, config.data, { kind: data.kind, mappings: data.mappings ?? {}, schedule: data.schedule ?? {}, watch: data.watch ?? null })))
  const masked = new Set<string>([
    ...doc.fromEnv,
    ...findSecretPaths(connector.configSchema, config.data).map((p) => formatPath(['config', ...p])),
    ...(webhook?.success ? findSecretPaths(WebhookConfigSchema, webhook.data).map((p) => formatPath(['webhook', ...p])) : []),
  ])
  return { checked: { doc, name: data.name, kind: data.kind, state, masked }, issues }
}

/**
 * Desired (the files) against stored (the tenant's connections, matched by name): create, update,
 * unchanged, and with `prune` delete. Secrets are compared in clear — the stored ones opened with
 * the hub's key — and the defaults the API applies are applied to the files first, so a second
 * apply of the same files finds nothing to do. Nothing is written here.
 */
export async function buildConnectionPlan(deps: ConnectionDeps, tenantId: string, documents: ConnectionDocument[], options: { prune: boolean }): Promise<ConnectionPlan> {
  const rows = await deps.db.prisma.connection.findMany({ where: { tenantId }, orderBy: { name: 'asc' } })
  const byName = new Map(rows.map((r) => [r.name, r]))
  const issues: FileIssue[] = []
  const entries: PlanEntry[] = []
  const seen = new Map<string, ConnectionDocument>()
  for (const doc of documents) {
    const { checked, issues: found } = await checkDocument(deps, doc)
    const at = (i: FieldIssue): FileIssue => ({ file: doc.file, index: doc.index, line: doc.lineOf(i.path), path: i.path, message: i.message })
    issues.push(...found.filter((i) => !doc.unresolved.has(i.path)).map(at).sort((x, y) => (x.line ?? 0) - (y.line ?? 0)))
    if (!checked) continue
    const first = seen.get(checked.name)
    if (first) {
      issues.push(at({ path: 'name', message: `connection "${checked.name}" is also described in ${first.file} (document ${first.index})` }))
      continue
    }
    seen.set(checked.name, doc)
    const row = byName.get(checked.name)
    if (!row) {
      const changes = diffStates({}, doc.body, checked.masked).filter((c) => c.path !== 'name' && c.path !== 'kind')
      entries.push({ action: 'create', name: checked.name, kind: checked.kind, doc, changes, body: doc.body })
      continue
    }
    if (row.kind !== checked.kind) {
      issues.push(at({ path: 'kind', message: `connection "${row.name}" is a ${row.kind} connection; its kind cannot change (delete it first, or give the new one another name)` }))
      continue
    }
    const stored = storedState(deps, row)
    const masked = new Set([...checked.masked, ...sealedPaths(row.config, 'config'), ...sealedPaths(row.webhook, 'webhook')])
    const changes = diffStates(stored, checked.state, masked)
    if (changes.length) entries.push({ action: 'update', name: row.name, kind: row.kind, doc, changes, body: fullBody(doc.body), id: row.id })
    else entries.push({ action: 'unchanged', name: row.name, kind: row.kind, doc, id: row.id })
  }
  const strays = rows.filter((r) => !seen.has(r.name))
  if (options.prune) for (const r of strays) entries.push({ action: 'delete', name: r.name, kind: r.kind, id: r.id })
  return { entries, kept: options.prune ? [] : strays.map((r) => ({ name: r.name, kind: r.kind })), issues }
}
