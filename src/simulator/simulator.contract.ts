import type { PatchObject, RecordPatch } from './change/record.patch'
import type { InjectedFailure, TruncationMode } from './http/fault.queue'
import type { RequestLogEntry, RequestTotals } from './http/request.log'
import type { SimulatorAuth } from './simulator.options'
import type { EntityCounts, EntityName, EntityRecordMap, SimRecord } from './simulator.types'

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
}

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
}
