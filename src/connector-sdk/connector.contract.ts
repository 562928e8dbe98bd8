import type { z } from 'zod'
import type { HttpClient } from './http.client'

/**
 * The contract every connector implements. A connector speaks one ERP protocol and knows nothing of
 * the database, the queue or the canonical model: the hub plans the work and keeps the state.
 */

export type JsonPrimitive = string | number | boolean | null
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/** The hub's entity names; a connector declares which of them it can read or write. */
export type EntityName = string

export interface EntityCapabilities {
  /** Path of the field that identifies a record in the ERP (used even when the record fails mapping). */
  key: string
  can: { read?: true; write?: true; webhook?: true; document?: true }
  /** True when `read` can resume from a cursor and return only what changed since it. */
  incremental?: boolean
}

/** Opaque to the hub: stored after each page, handed back unchanged to resume. */
export type Cursor = JsonValue

export interface Page {
  records: JsonObject[]
  /**
   * The cursor to store once this page is durable: reading again from it must not skip any record
   * after this page. `null` means the connector cannot resume (the next read starts from scratch).
   */
  next: Cursor | null
}

/**
 * A span of change times, as ISO-8601 UTC instants: `from` inclusive (null: no lower bound), `to`
 * exclusive, so adjacent ranges sharing a bound never count a record twice.
 */
export interface TimeRange {
  from: string | null
  to: string
}

/** One page of a window read (`Session.readWindow`): raw records as `read` yields them, without a cursor. */
export interface WindowPage {
  records: JsonObject[]
}

export type WriteOutcome =
  | { status: 'created' | 'updated' | 'unchanged'; externalId: string }
  | { status: 'rejected'; reason: string; path?: string }

export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

export interface Clock {
  now(): Date
}

/** What the hub hands a connector: every outside effect goes through here so tests can intercept it. */
export interface ConnectorContext {
  http: HttpClient
  logger: Logger
  clock: Clock
}

export interface Session {
  /** A cheap authenticated call; throws AuthError / ConfigError / Transient. */
  check(signal?: AbortSignal): Promise<void>
  /** Pages of raw ERP records, starting after `cursor` (null: from the beginning). */
  read(entity: EntityName, cursor: Cursor | null, signal: AbortSignal): AsyncIterable<Page>
  /** One outcome per record, in order. Retrying with the same idempotency key must not duplicate. */
  write?(entity: EntityName, records: JsonObject[], options: { idempotencyKey: string; signal: AbortSignal }): Promise<WriteOutcome[]>
  /**
   * Whether the ERP already holds the effect of a write with this idempotency key (one record
   * written alone), and its id. The hub asks before retrying a write whose answer it never got.
   */
  lookup?(entity: EntityName, idempotencyKey: string, signal: AbortSignal): Promise<{ externalId: string } | null>
  /**
   * How many records of an incremental entity the ERP holds whose change time (the field its
   * incremental reads filter on) is in [from, to): `from` null means "from the beginning". The hub
   * compares these counts per time bucket with its own to find what a cursor passed by (a late
   * commit, a lost page) without reading everything again. Throws ConfigError when this entity
   * cannot be counted (not incremental, or no count request configured).
   */
  count?(entity: EntityName, range: TimeRange, signal: AbortSignal): Promise<number>
  /**
   * Pages of the records whose change time is in [from, to), for re-reading one window that a
   * count showed to differ. No cursor: a window is small and read again whole if interrupted, and
   * the entity's stream position is not touched. Throws ConfigError when the entity cannot be read
   * by window. Record order does not matter; the hub keeps the newest version of each record.
   */
  readWindow?(entity: EntityName, range: TimeRange, signal: AbortSignal): AsyncIterable<WindowPage>
  /**
   * Pages of the records of an entity that concern these SKUs only (stock positions, planned stock
   * moves), read now, for an answer that cannot wait for the next sync (available-to-promise before a
   * campaign goes out). No cursor, the stream position is not touched. Throws ConfigError when the
   * entity cannot be read by SKU.
   */
  readSkus?(entity: EntityName, skus: string[], signal: AbortSignal): AsyncIterable<WindowPage>
  close(): Promise<void>
}

/** A document handed to the hub (upload or watched folder): the bytes, streamed, and what is known of them. */
export interface DocumentInput {
  filename?: string
  contentType?: string
  body: NodeJS.ReadableStream
}

/** Records of one entity found in a document, in the order they appear; a document may yield many. */
export interface DocumentBatch {
  entity: EntityName
  /**
   * Which kind of document the records came from when one connector reads several (UBL Order vs cXML
   * OrderRequest). The hub maps them with `mappings/<kind>/<variant>-<entity>.yaml` instead of
   * `mappings/<kind>/<entity>.yaml`, since each layout has its own field names.
   */
  variant?: string
  records: JsonObject[]
}

export interface Connector<Config = unknown> {
  /** Registry key, e.g. "rest", "tryton", "sap-odata". */
  kind: string
  version: string
  /** Validated before connect(); fields made with `secret()` are encrypted at rest and never echoed. */
  configSchema: z.ZodType<Config>
  /** The entities this configuration can serve. */
  entities(config: Config): Record<EntityName, EntityCapabilities>
  connect(config: Config, ctx: ConnectorContext): Promise<Session>
  /**
   * For connectors fed with documents instead of reading an ERP (IDoc, UBL, cXML, CSV): streams one
   * document into batches of records. Must run in bounded memory whatever the document's size; a
   * document that is not of the expected format throws InvalidDocument; a single bad record is
   * yielded as it is and left to mapping (quarantine).
   */
  parseDocument?(config: Config, doc: DocumentInput, ctx: ConnectorContext, signal: AbortSignal): AsyncIterable<DocumentBatch>
}
