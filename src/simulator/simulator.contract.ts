import type { PatchObject, RecordPatch } from './change/record.patch'
import type { InjectedFailure, TruncationMode } from './http/fault.queue'
import type { RequestLogEntry, RequestTotals } from './http/request.log'
import type { FaultSettings, ResolvedFaultSettings } from './http/standing.faults'
import type { SimulatorAuth } from './simulator.options'
import type { EntityCounts, EntityName, EntityRecordMap, SimRecord } from './simulator.types'
import type { WebhookSettings, WebhookStats } from './webhook/webhook.settings'

export interface RequestInfo {
  method: string
  path: string
  query: Record<string, string>
}

/** Runs before an API request is served; a returned promise holds the request until it settles. */
export type RequestHook = (request: RequestInfo) => void | Promise<void>

export interface SimulatorStats {
  url: string
  seed: number
  /** The simulator clock (see SimulatorClock). */
  now: string
  counts: EntityCounts
  lines: number
  requests: RequestTotals
  churnPerSecond: number
  /** The standing faults in force (see Simulator.faults). */
  faults: ResolvedFaultSettings
  webhooks: WebhookStats
}

/** Picks the log entries a rate measurement counts. */
export type RequestFilter = (entry: RequestLogEntry) => boolean

/** A running simulated ERP: its HTTP address and the controls tests and benchmarks use. */
export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:43121 (lists under /api/v1/…, controls under /admin/…). */
  readonly url: string
  readonly seed: number
  /** The `now` the data was generated around. */
  readonly now: Date
  readonly authType: SimulatorAuth['type']
  close(): Promise<void>

  counts(): EntityCounts
  lineCount(): number
  /** The current records in served order, (updated_at, id). A fresh array the caller owns; the records themselves must not be modified. */
  records<E extends EntityName>(entity: E): EntityRecordMap[E][]
  record<E extends EntityName>(entity: E, id: string): EntityRecordMap[E] | undefined

  /** Realistic changes to `count` random records; each gets a fresh, newest updated_at. Returns the ids. */
  mutate(entity: EntityName, count: number): string[]
  /** Changes one record as given (see RecordPatch) and bumps its updated_at; returns the new record. */
  patch<E extends EntityName>(entity: E, id: string, patch: RecordPatch<EntityRecordMap[E]>): EntityRecordMap[E]
  /** New records with valid references; returns their ids (stock: fewer once every pair is stocked). */
  add(entity: EntityName, count: number): string[]

  requests(): RequestLogEntry[]
  resetRequests(): void

  /** The next `count` API requests get this response instead (before auth is checked). */
  failNext(count: number, failure: InjectedFailure): void
  /** The next `count` API requests wait `ms` before being handled. */
  delayNext(count: number, ms: number): void
  /** The next `count` API responses are cut short (see TruncationMode); default 'malformed'. */
  truncateNext(count: number, mode?: TruncationMode): void
  /**
   * Standing random faults on API requests (never /admin), drawn per request from a seeded RNG:
   * errorRate → 500/502/503 with an ERP-style error body, rateLimitRate → 429 with Retry-After,
   * timeoutRate → no answer for timeoutMs, then the connection is dropped. Replaces the previous
   * settings (anything left out is 0, i.e. off) and restarts the RNG. Queued one-shots
   * (failNext, delayNext, truncateNext) take precedence: a request they pick draws nothing.
   * Throws a ValidationError for rates outside 0–1 or adding up to more than 1.
   */
  faults(settings: FaultSettings): void
  /**
   * The most logged API requests whose arrival times fall within any one window of `windowMs`
   * (sliding, not aligned to the clock): a client that kept to "N per second" gives ≤ N for 1000.
   * Counts requests already answered (see RequestLog); `filter` narrows which ones count.
   */
  maxRequestsInWindow(windowMs: number, filter?: RequestFilter): number

  /**
   * Like mutate, but the changes are stamped `lagMs` in the past: a long transaction that commits
   * after a reader's cursor passed its timestamp. `?updated_since=` then serves them only to a
   * reader whose since is ≤ their stamp (one re-reading with an overlap ≥ lagMs). Returns the ids.
   */
  commitLate(entity: EntityName, count: number, lagMs: number): string[]

  /**
   * Announces every change (mutate, patch, add, churn, commitLate) by signed webhook POST from now
   * on; null stops making events (those already made are still sent). One POST per event, body
   * `{"id":"evt_<seq>","type":"<entity>.<created|updated>","entity":"<entity>","occurredAt":"<updated_at>","data":<record as listed>}`
   * (entity as in the API path: customers, products, sales-orders, stock, production-orders),
   * headers Content-Type: application/json, X-Erp-Event-Id and the scheme's signature (see
   * webhook.sign.ts). Delivery rules: WebhookEmitter. Throws a ValidationError for bad settings.
   */
  webhooks(settings: WebhookSettings | null): void
  webhookStats(): WebhookStats
  /** Resolves once every event produced so far is delivered or given up; partial reorder groups are sent at once. */
  flushWebhooks(): Promise<void>

  /** Adds a hook; returns the function that removes it. */
  onRequest(hook: RequestHook): () => void
  /** Background mutations per second across entities; 0 stops them. */
  churn(perSecond: number): void

  stats(): SimulatorStats
}

/** The subset the HTTP admin routes drive (patch takes plain JSON there). */
export interface AdminControls {
  mutate(entity: EntityName, count: number): string[]
  add(entity: EntityName, count: number): string[]
  patch(entity: EntityName, id: string, patch: PatchObject): SimRecord
  stats(): SimulatorStats
  resetRequests(): void
  failNext(count: number, failure: InjectedFailure): void
  delayNext(count: number, ms: number): void
  truncateNext(count: number, mode?: TruncationMode): void
  churn(perSecond: number): void
  faults(settings: FaultSettings): void
  maxRequestsInWindow(windowMs: number, filter?: RequestFilter): number
  commitLate(entity: EntityName, count: number, lagMs: number): string[]
  webhooks(settings: WebhookSettings | null): void
  webhookStats(): WebhookStats
  flushWebhooks(): Promise<void>
}
