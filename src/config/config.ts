import { join } from 'node:path'
import { z } from 'zod'
import { ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'

/** The development key: only ever used outside production, and the hub says so when it uses it. */
const DEV_SECRET_KEY = Buffer.from('erphub-development-key-not-secret!!').subarray(0, 32).toString('base64')

/** Every variable the hub reads; the README's configuration table lists each (test/unit/config.test.ts checks it). */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/erphub'),
  /** Default: enough for every worker slot (a lock connection and two page transactions each) plus the API. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(500).optional(),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Hash-tagged so every key of the hub's queues lands in one Redis Cluster slot. */
  QUEUE_PREFIX: z.string().regex(/^\{[^{}]+\}$/, 'must be a Redis hash tag such as {erphub}').default('{erphub}'),
  ERPHUB_SECRET_KEY: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  SYNC_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  SYNC_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  /** How long a worker's hold on a job lasts without renewal; a killed worker's job is retried after it. */
  JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  JOB_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(30_000),
  DEFAULT_SYNC_EVERY_SECONDS: z.coerce.number().int().min(5).default(900),
  /** How often the CRM analytics run for every tenant (RFM and segments, association rules). */
  ANALYTICS_EVERY_MINUTES: z.coerce.number().int().min(1).max(10_080).default(360),
  /** When set, GET /metrics wants `Authorization: Bearer <token>` (Prometheus' bearer_token). */
  METRICS_TOKEN: z.string().min(16).optional(),
  MAPPINGS_DIR: z.string().optional(),
  /** Where received documents (uploads, watched folders) are kept until and after they are ingested. */
  DOCUMENTS_DIR: z.string().optional(),
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 ** 3),
  /** Requests per second (and burst) each ERP connection may receive, shared by every job; per-connection `limits` override it. */
  ERP_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(10),
  ERP_BURST: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Consecutive failed ERP calls that open a connection's circuit, and how long it stays open before a probe. */
  ERP_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  ERP_BREAKER_OPEN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
})

export interface HubConfig {
  env: 'development' | 'test' | 'production'
  databaseUrl: string
  databasePoolMax: number
  redisUrl: string
  queuePrefix: string
  /** 32 bytes for AES-256-GCM. */
  secretKey: Buffer
  usingDevSecretKey: boolean
  host: string
  port: number
  worker: { concurrency: number; attempts: number; backoffMs: number; lockMs: number; stalledCheckMs: number }
  defaultSyncEverySeconds: number
  analyticsEveryMs: number
  metricsToken?: string
  mappingsDir: string
  documentsDir: string
  documentMaxBytes: number
  erp: { ratePerSecond: number; burst: number; breakerFailures: number; breakerOpenMs: number }
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL']
  migrateOnStart: boolean
}

function decodeKey(raw: string): Buffer | undefined {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  return key.length === 32 ? key : undefined
}

/** The only reader of process.env. Fails with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HubConfig> = {}): HubConfig {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) throw new ValidationError('invalid environment', zodIssues(parsed.error))
  const e = parsed.data
  let secretKey: Buffer
  let usingDevSecretKey = false
  if (e.ERPHUB_SECRET_KEY) {
    const key = decodeKey(e.ERPHUB_SECRET_KEY)
    if (!key) throw new ValidationError('invalid environment', [{ path: 'ERPHUB_SECRET_KEY', message: 'must be 32 bytes, as 64 hex digits or base64' }])
    secretKey = key
  } else if (e.NODE_ENV === 'production') {
    throw new ValidationError('invalid environment', [{ path: 'ERPHUB_SECRET_KEY', message: 'is required in production (32 bytes, hex or base64)' }])
  } else {
    secretKey = Buffer.from(DEV_SECRET_KEY, 'base64')
    usingDevSecretKey = true
  }
  // Each running sync holds one connection for its lock and up to two for overlapping pages; fewer
  // than that per worker slot could leave every connection holding a lock and none free to write.
  const minPool = 3 * e.WORKER_CONCURRENCY + 1
  const databasePoolMax = e.DATABASE_POOL_MAX ?? minPool + 4
  if (databasePoolMax < minPool) {
    throw new ValidationError('invalid environment', [{ path: 'DATABASE_POOL_MAX', message: `must be at least ${minPool} (3 × WORKER_CONCURRENCY + 1) so every sync slot can write` }])
  }
  return {
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    secretKey,
    usingDevSecretKey,
    host: e.HOST,
    port: e.PORT,
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      attempts: e.SYNC_ATTEMPTS,
      backoffMs: e.SYNC_BACKOFF_MS,
      lockMs: e.JOB_LOCK_MS,
      stalledCheckMs: e.JOB_STALLED_CHECK_MS,
    },
    defaultSyncEverySeconds: e.DEFAULT_SYNC_EVERY_SECONDS,
    analyticsEveryMs: e.ANALYTICS_EVERY_MINUTES * 60_000,
    metricsToken: e.METRICS_TOKEN,
    mappingsDir: e.MAPPINGS_DIR ?? join(__dirname, '..', '..', 'mappings'),
    documentsDir: e.DOCUMENTS_DIR ?? join(__dirname, '..', '..', 'var', 'documents'),
    documentMaxBytes: e.DOCUMENT_MAX_BYTES,
    erp: { ratePerSecond: e.ERP_RATE_PER_SECOND, burst: e.ERP_BURST, breakerFailures: e.ERP_BREAKER_FAILURES, breakerOpenMs: e.ERP_BREAKER_OPEN_MS },
    logLevel: e.LOG_LEVEL,
    migrateOnStart: e.MIGRATE_ON_START === 'true',
    ...overrides,
  }
}
