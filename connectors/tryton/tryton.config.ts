import { secret, z } from '../../src/connector-sdk'

/**
 * Configuration of a `tryton` connection. Every object is strict, so a typo'd key is an issue with
 * its path rather than a silently ignored setting. Defaults follow Tryton 6.0's own defaults where
 * one exists (login throttle window, session language).
 */

const serverUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''), {
    message: 'must not carry credentials: use `login` and `password`, which is kept secret',
  })
  .refine((value) => !URL.canParse(value) || (new URL(value).search === '' && new URL(value).hash === ''), 'must not carry a query string or fragment')

/** Entities the connector can push to; a connection may allow fewer (least privilege on the ERP side). */
export const trytonWriteEntities = ['opportunity', 'complaint', 'complaint-status'] as const

export const trytonConfigSchema = z.strictObject({
  /** The server root (`http://host:8000/`); the database name is appended to it for every call. */
  url: serverUrl,
  // Tryton puts the name in the URL path: anything outside this set would need escaping and is not a name `trytond-admin` creates.
  database: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'must be a Tryton database name such as tryton_erp'),
  login: z.string().min(1).max(512),
  password: secret(),
  /** Sent at login and in every call's context: Tryton translates names and messages to it. */
  language: z.string().regex(/^[a-z]{2,3}([_-][A-Za-z]{2,4})?$/, 'must be a language code such as en or de_DE').default('en'),
  pageSize: z.int().min(1).max(1000).default(100),
  /**
   * How far back each incremental run re-reads: Tryton stamps a row with the start time of the
   * writing transaction, so a transaction that commits after a read can carry an older stamp.
   * Must exceed the longest write transaction on the server.
   */
  overlapMs: z.int().min(0).max(86_400_000).default(60_000),
  /** Warehouse location codes to report stock for (e.g. ["WH"]); all warehouses when absent. */
  warehouses: z.array(z.string().min(1)).min(1).optional(),
  /** Forecast horizon in days (Tryton's `stock_date_end` = today + n); without it every planned move counts. */
  forecastDays: z.int().min(0).max(3650).optional(),
  timeoutMs: z.int().min(100).max(300_000).default(30_000),
  /** Login checks a bcrypt hash and, after failures, Tryton sleeps up to 2^n−1 s before answering. */
  loginTimeoutMs: z.int().min(100).max(300_000).default(60_000),
  /**
   * The wait after a 429 at login. Tryton's login throttle (more than 5 failures within
   * `[session] timeout`, 300 s by default) sends no Retry-After, and lifts only when old attempts
   * leave that window.
   */
  loginRetryAfterMs: z.int().min(0).max(3_600_000).default(300_000),
  /** Which write entities this connection may push; `[]` makes it read-only. */
  writes: z
    .array(z.enum(trytonWriteEntities))
    .refine((list) => new Set(list).size === list.length, 'lists an entity twice')
    .default([...trytonWriteEntities]),
})

export type TrytonConfig = z.infer<typeof trytonConfigSchema>
/** What a caller may write: defaults filled in by parsing. */
export type TrytonConfigInput = z.input<typeof trytonConfigSchema>
