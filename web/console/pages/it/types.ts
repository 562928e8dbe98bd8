/** The hub's answers the IT pages read (src/api: connections, runs, quarantine, webhook-events routers). */

export interface Connection {
  id: string
  name: string
  kind: string
  /** Secrets shown as ********. */
  config: Record<string, unknown>
  schedule: { everySeconds?: number; entities?: Record<string, number | null>; gapCheck?: { everyMinutes: number; bucketMinutes?: number; days?: number } }
  mappings: Record<string, string>
  watch: { dir: string; pattern?: string; everySeconds?: number } | null
  webhook: Record<string, unknown> | null
  webhookPath: string | null
  limits: { ratePerSecond?: number; burst?: number } | null
  identityPriority: number
  defaultCountry: string | null
  enabled: boolean
  entities: string[]
  createdAt: string
  updatedAt: string
}

export type RunStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'superseded' | 'skipped'
export const RUN_STATUSES: RunStatus[] = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'superseded', 'skipped']
export const FINISHED: RunStatus[] = ['succeeded', 'failed', 'superseded', 'skipped']

export interface Run {
  id: string
  connectionId: string
  entity: string
  trigger: string
  status: RunStatus
  attempts: number
  counts: { pages: number; read: number; inserted: number; updated: number; unchanged: number; quarantined: number }
  error: unknown
  requestedAt: string
  startedAt: string | null
  finishedAt: string | null
  durationMs: number | null
}

export interface CheckResult {
  ok: boolean
  latencyMs: number
  error?: { code: string; message: string; retryable: boolean }
}

export interface MappingIssue {
  path: string
  field?: string
  code?: string
  message: string
  value?: unknown
}

export interface QuarantineEntry {
  id: string
  connectionId: string
  entity: string
  externalId: string
  syncRunId: string | null
  mapping: string
  mappingVersion: number
  issues: MappingIssue[]
  payload: unknown
  status: 'open' | 'resolved'
  occurrences: number
  firstSeenAt: string
  lastSeenAt: string
  resolvedAt: string | null
}

export interface ReplayItem {
  id: string
  connectionId: string
  entity: string
  externalId: string
  mapping: { name: string; version: number }
  outcome: 'lands' | 'still-fails' | 'changed'
  issues?: MappingIssue[]
  diff?: { before: Record<string, unknown> | null; after: Record<string, unknown>; changed: string[] }
  effect?: 'insert' | 'update' | 'none'
  olderThanStored?: true
}

export interface ReplayResult {
  dryRun: boolean
  items: ReplayItem[]
  totals: { entries: number; lands: number; stillFails: number; changed: number; inserted: number; updated: number; unchanged: number }
  more: boolean
}

export interface WebhookEvent {
  id: string
  connectionId: string
  connectionName: string
  dedupKey: string
  contentType: string | null
  headers: Record<string, string>
  status: 'received' | 'done' | 'failed'
  attempts: number
  deliveries: number
  outcome: unknown
  error: unknown
  bytes: number
  receivedAt: string
  processedAt: string | null
}

export interface RefusedCall {
  id: string
  connectionId: string | null
  connectionName: string | null
  status: number | null
  reason: string
  bytes: number | null
  contentType: string | null
  remoteAddress: string | null
  headerNames: string[]
  at: string
}

export interface CursorPosition {
  id: string
  value: unknown
  version: number
  syncRunId: string | null
  recordedAt: string
}

export interface GapCheckResult {
  entity: string
  bucketMs: number
  buckets: Array<{ from: string | null; to: string; erp: number; hub: number; differs: boolean }>
  differing: number
  undatedInHub: number
}
