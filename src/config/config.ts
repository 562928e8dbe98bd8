import { join } from 'node:path'
import { z } from 'zod'
import { ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'

/** The development key: only ever used outside production, and the hub says so when it uses it. */
const DEV_SECRET_KEY = Buffer.from('erphub-development-key-not-secret!!').subarray(0, 32).toString('base64')

/**
 * What the configuration reference says of a variable beyond its schema: the description, a default
 * that loadConfig computes (the schema's own `.default()` is shown otherwise), and when a variable the
 * schema lets be absent is required all the same (loadConfig checks it). Kept as zod metadata
 * (`.meta()`); scripts/config-reference.ts renders README.md's table from it.
 */
export interface EnvDoc {
  description: string
  computedDefault?: string
  requiredWhen?: string
}

function documented<T extends z.ZodType>(schema: T, doc: EnvDoc): T {
  return schema.meta({ ...doc })
}

/**
 * Every variable the hub reads. README.md's configuration reference is generated from this schema
 * (`npm run docs:config`), and test/unit/config.test.ts fails when the two differ.
 */
export const EnvSchema = z.object({
  NODE_ENV: documented(z.enum(['development', 'test', 'production']).default('development'), {
    description: '`production` refuses to start without `ERPHUB_SECRET_KEY`; the hub uses it for nothing else',
  }),
  DATABASE_URL: documented(z.string().url().default('postgresql://postgres@127.0.0.1:5432/erphub'), {
    description: 'PostgreSQL connection URL; TLS and other connection parameters go in its query (`?sslmode=verify-full&sslrootcert=/path/ca.pem`). `migrate` creates the database when it is missing',
  }),
  DATABASE_POOL_MAX: documented(z.coerce.number().int().min(2).max(500).optional(), {
    description: 'the most PostgreSQL connections one process opens (Prisma and the bulk page writes share one pool); at least `3 × WORKER_CONCURRENCY + 1`, since a running sync holds one connection for its lock and up to two for overlapping page transactions',
    computedDefault: '`3 × WORKER_CONCURRENCY + 5`',
  }),
  REDIS_URL: documented(z.string().url().default('redis://127.0.0.1:6379'), {
    description: '`redis://[user:password@]host:port[/db]`, or `rediss://…` for TLS: one Redis server, or a primary behind one address. With `REDIS_CLUSTER=true` it gives the cluster\'s user, password and TLS (no `/db`: a cluster has database 0 only), and its host:port is the seed node unless `REDIS_CLUSTER_NODES` names them. Sentinel is not supported (docs/operations.md)',
  }),
  REDIS_CLUSTER: documented(z.enum(['true', 'false']).default('false'), {
    description: '`true` when Redis is a Redis Cluster (cluster mode enabled, e.g. ElastiCache or Memorystore cluster mode): the hub then discovers the nodes from the seeds and follows slot moves and failovers. Every key of the hub is in the one slot of `QUEUE_PREFIX`, so a cluster adds failover, not throughput (docs/operations.md)',
  }),
  REDIS_CLUSTER_NODES: documented(z.string().optional(), {
    description: 'seed nodes of the Redis Cluster, `host:port` separated by commas (`10.0.0.1:6379,10.0.0.2:6379`; IPv6 in brackets); read only with `REDIS_CLUSTER=true`, whose user, password and TLS still come from `REDIS_URL`',
    computedDefault: '`REDIS_URL`\'s host:port',
  }),
  QUEUE_PREFIX: documented(z.string().regex(/^\{[^{}]+\}$/, 'must be a Redis hash tag such as {erphub}').default('{erphub}'), {
    description: 'prefix of every Redis key the hub writes (the job queue, rate budgets, circuit breakers): the same for every process of one hub, different for hubs sharing a Redis. It must be a Redis hash tag, so every key lands in one Redis Cluster slot',
  }),
  ERPHUB_SECRET_KEY: documented(z.string().optional(), {
    description: '32 bytes (64 hex digits or base64) sealing connection and webhook secrets with AES-256-GCM. There is no key rotation: stored secrets open only with the key that sealed them',
    computedDefault: 'a fixed development key (logged as such)',
    requiredWhen: '`NODE_ENV=production`',
  }),
  HOST: documented(z.string().default('127.0.0.1'), { description: 'address the API listens on' }),
  PORT: documented(z.coerce.number().int().min(0).max(65535).default(8080), { description: 'port the API listens on' }),
  WORKER_CONCURRENCY: documented(z.coerce.number().int().min(1).max(256).default(4), {
    description: 'jobs one worker process runs at once: syncs, documents, webhook batches, pushes, identity resolutions and analytics share the one queue',
  }),
  SYNC_ATTEMPTS: documented(z.coerce.number().int().min(1).max(50).default(6), {
    description: 'tries, the first included, of a queued job (a sync, a document, a webhook batch, a push, an identity resolution) before it fails for good and is kept as a dead letter',
  }),
  SYNC_BACKOFF_MS: documented(z.coerce.number().int().min(10).default(2000), {
    description: 'the first backoff step between tries, doubling each time, half of it random, capped at 5 min (an ERP\'s `Retry-After` is obeyed instead); also the first step of an outbox effect\'s backoff (capped at 10 min)',
  }),
  JOB_LOCK_MS: documented(z.coerce.number().int().min(500).default(30_000), {
    description: 'how long a worker\'s hold on a running job lasts without renewal (BullMQ `lockDuration`): a killed worker\'s job is taken over by another worker once it has expired',
  }),
  JOB_STALLED_CHECK_MS: documented(z.coerce.number().int().min(500).default(30_000), {
    description: 'how often each worker looks for jobs whose hold expired and queues them again (BullMQ `stalledInterval`); a job that stalls more than 3 times fails',
  }),
  DEFAULT_SYNC_EVERY_SECONDS: documented(z.coerce.number().int().min(5).default(900), { description: 'sync interval of a connection whose schedule does not say' }),
  ANALYTICS_EVERY_MINUTES: documented(z.coerce.number().int().min(1).max(10_080).default(360), {
    description: 'how often RFM scores, segments and association rules are recomputed for every tenant',
  }),
  METRICS_TOKEN: documented(z.string().min(16).optional(), {
    description: 'when set, `GET /metrics` wants `Authorization: Bearer <token>`; unset, it answers anyone who reaches the API',
  }),
  OPERATOR_TENANT: documented(z.string().min(1).optional(), {
    description: "slug of the tenant whose admin keys may open the queue dashboard (`/admin/queues`), which shows every tenant's jobs; unset, admin keys may open it only while the hub has a single tenant",
  }),
  MAPPINGS_DIR: documented(z.string().optional(), {
    description: 'folder of the mapping files (`<connector>/<entity>.yaml`)',
    computedDefault: '`mappings/` of the installation',
  }),
  DOCUMENTS_DIR: documented(z.string().optional(), {
    description: 'where received documents (uploads, watched folders) are kept, before and after they are ingested: every `api` and `worker` process must see the same folder, and it belongs in the backups',
    computedDefault: '`var/documents/` of the installation',
  }),
  DOCUMENT_MAX_BYTES: documented(z.coerce.number().int().min(1024).default(2 * 1024 ** 3), {
    description: 'the largest document accepted (the default is 2 GiB); a larger upload is answered 413',
  }),
  ERP_RATE_PER_SECOND: documented(z.coerce.number().positive().max(100_000).default(10), {
    description: 'requests per second each ERP connection may receive, a budget shared through Redis by every job and process (a connection\'s `limits.ratePerSecond` overrides it)',
  }),
  ERP_BURST: documented(z.coerce.number().int().min(1).max(1_000_000).default(20), {
    description: 'requests an ERP connection may receive at once after a quiet spell (a connection\'s `limits.burst` overrides it)',
  }),
  ERP_BREAKER_FAILURES: documented(z.coerce.number().int().min(1).max(1000).default(5), {
    description: 'consecutive failed calls to an ERP (timeouts, 5xx, connection errors), from any process, that open its connection\'s circuit',
  }),
  ERP_BREAKER_OPEN_MS: documented(z.coerce.number().int().min(100).max(3_600_000).default(30_000), {
    description: 'how long an open circuit waits before it lets one probe call through; each failed probe doubles it, up to 8 times this',
  }),
  LOG_LEVEL: documented(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), {
    description: 'JSON logs (pino) on standard output; secret-looking keys are redacted; every line written for a request, a webhook or a job carries its `correlationId` (a request\'s `X-Request-Id`, or a new one answered back in that header), which the jobs it queues carry on; at `debug` every ERP call is a line (`erp call`: method, host and path, status, time — never headers, query or body)',
  }),
  MIGRATE_ON_START: documented(z.enum(['true', 'false']).default('true'), {
    description: '`api`, `worker` and `all` apply pending migrations before they start (under an advisory lock, so processes starting together apply each once); `false` when the hub\'s database role may not create tables: `erphub migrate` is then run by one that may',
  }),
})

export interface HubConfig {
  env: 'development' | 'test' | 'production'
  databaseUrl: string
  databasePoolMax: number
  redisUrl: string
  /** Set when Redis is a Redis Cluster: the nodes it is discovered from (REDIS_URL still gives user, password and TLS). */
  redisCluster: { nodes: Array<{ host: string; port: number }> } | null
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
  /** The tenant (slug) whose admins operate the hub-wide queue dashboard. */
  operatorTenant?: string
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

/** `host:port`, the host a name, an IPv4 address or an IPv6 address in brackets. */
function parseNode(entry: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]/@]+):(\d{1,5})$/.exec(entry)
  const port = Number(m?.[2])
  if (!m || port < 1 || port > 65535) return undefined
  return { host: m[1].replace(/^\[|\]$/g, ''), port }
}

/**
 * The Redis Cluster settings, checked: the seed nodes (REDIS_CLUSTER_NODES, or REDIS_URL's host:port)
 * and a REDIS_URL a cluster can use. QUEUE_PREFIX needs no check here: the schema only takes a hash
 * tag, which is what keeps every key of the hub in one cluster slot (createRedis checks it again).
 */
function clusterOf(e: z.infer<typeof EnvSchema>): HubConfig['redisCluster'] {
  const nodesSet = e.REDIS_CLUSTER_NODES !== undefined
  if (e.REDIS_CLUSTER !== 'true') {
    if (nodesSet) throw new ValidationError('invalid environment', [{ path: 'REDIS_CLUSTER_NODES', message: 'is read only with REDIS_CLUSTER=true: set that too, or remove REDIS_CLUSTER_NODES' }])
    return null
  }
  const url = new URL(e.REDIS_URL)
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ValidationError('invalid environment', [{ path: 'REDIS_URL', message: `must be redis://… or rediss://… with REDIS_CLUSTER=true, not ${url.protocol}//…` }])
  }
  if (!/^\/?0?$/.test(url.pathname)) {
    throw new ValidationError('invalid environment', [{ path: 'REDIS_URL', message: `names database ${url.pathname.slice(1)}, but a Redis Cluster has database 0 only: remove "${url.pathname}" from it` }])
  }
  if (!nodesSet) {
    const seed = parseNode(`${url.hostname}:${url.port || '6379'}`)
    if (!seed) throw new ValidationError('invalid environment', [{ path: 'REDIS_URL', message: 'has no host:port to use as the seed node of the Redis Cluster: set REDIS_CLUSTER_NODES' }])
    return { nodes: [seed] }
  }
  const entries = e.REDIS_CLUSTER_NODES!.split(',').map((s) => s.trim())
  const nodes: Array<{ host: string; port: number }> = []
  for (const entry of entries) {
    const node = parseNode(entry)
    if (!node) {
      throw new ValidationError('invalid environment', [{ path: 'REDIS_CLUSTER_NODES', message: `must be host:port separated by commas (10.0.0.1:6379,10.0.0.2:6379); ${entry ? `"${entry}" is not one` : 'an entry is empty'}` }])
    }
    nodes.push(node)
  }
  return { nodes }
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
  const redisCluster = clusterOf(e)
  return {
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax,
    redisUrl: e.REDIS_URL,
    redisCluster,
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
    operatorTenant: e.OPERATOR_TENANT,
    mappingsDir: e.MAPPINGS_DIR ?? join(__dirname, '..', '..', 'mappings'),
    documentsDir: e.DOCUMENTS_DIR ?? join(__dirname, '..', '..', 'var', 'documents'),
    documentMaxBytes: e.DOCUMENT_MAX_BYTES,
    erp: { ratePerSecond: e.ERP_RATE_PER_SECOND, burst: e.ERP_BURST, breakerFailures: e.ERP_BREAKER_FAILURES, breakerOpenMs: e.ERP_BREAKER_OPEN_MS },
    logLevel: e.LOG_LEVEL,
    migrateOnStart: e.MIGRATE_ON_START === 'true',
    ...overrides,
  }
}
