import pino from 'pino'
import { loadConfig, type HubConfig } from '../config/config'
import type { ConnectionDeps, ConnectorRegistry } from '../connections/connection.service'
import { HubError, NotFoundError } from '../errors/hub-error'
import { createLogger } from '../observability/logger'
import { createHub, type Hub } from '../runtime/hub.container'
import { openDatabase, type Database } from '../store/database'
import { createMappingCatalog } from '../store/mapping.catalog'

/**
 * What the composition root hands every command: the connector registry (only src/main.ts and
 * src/runtime load it) and the environment (read once there, so `${env:…}` references and tests see
 * the same variables the hub's config does).
 */
export interface CliRuntime {
  registry: ConnectorRegistry
  env: NodeJS.ProcessEnv
}

/** Where a command writes: stdout for its answer, stderr for problems; `isTTY` decides live redraws. */
export interface CliOutput {
  isTTY: boolean
  write(text: string): void
}

export const stdout: CliOutput = {
  get isTTY() {
    return process.stdout.isTTY === true
  },
  write: (text) => void process.stdout.write(text),
}

/** A failed outcome the command already explained (issues printed, a run failed): exit 1, nothing more to say. */
export function fail(): void {
  process.exitCode = 1
}

export async function tenantIdOf(db: Database, slug: string): Promise<string> {
  const tenant = await db.prisma.tenant.findUnique({ where: { slug } })
  if (!tenant) throw new HubError('not_found', `tenant ${slug} does not exist (\`erphub keys create --tenant ${slug}\` creates it)`)
  return tenant.id
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A connection named on the command line: by its name in the tenant, or by its id. */
export async function connectionRowOf(db: Database, tenantId: string, nameOrId: string) {
  const byName = await db.prisma.connection.findFirst({ where: { tenantId, name: nameOrId } })
  if (byName) return byName
  const byId = UUID.test(nameOrId) ? await db.prisma.connection.findFirst({ where: { tenantId, id: nameOrId } }) : null
  if (!byId) throw new NotFoundError('connection', nameOrId)
  return byId
}

export interface DatabaseContext {
  config: HubConfig
  db: Database
  /** Connection use cases without a queue: a schedule change made here would not reach Redis, so these contexts never write connections. */
  connections: ConnectionDeps
  tenantId: string
}

/**
 * PostgreSQL only — no Redis — for commands that read (lists, views, plans) or write nothing the
 * queue has to know about, so they work while Redis is down.
 */
export async function withDatabase<T>(rt: CliRuntime, tenantSlug: string, fn: (ctx: DatabaseContext) => Promise<T>): Promise<T> {
  const config = loadConfig(rt.env)
  const db = openDatabase({ url: config.databaseUrl, max: 4, applicationName: 'erphub-cli' })
  try {
    const tenantId = await tenantIdOf(db, tenantSlug)
    const connections: ConnectionDeps = {
      db,
      registry: rt.registry,
      mappings: createMappingCatalog(config.mappingsDir),
      secretKey: config.secretKey,
      scheduler: {
        apply: async () => {
          throw new HubError('internal', 'a read-only CLI context cannot change schedules')
        },
        remove: async () => {
          throw new HubError('internal', 'a read-only CLI context cannot change schedules')
        },
      },
      defaultEverySeconds: config.defaultSyncEverySeconds,
    }
    return await fn({ config, db, connections, tenantId })
  } finally {
    await db.close()
  }
}

/**
 * The whole hub (PostgreSQL, Redis, the queue, rate budgets) for commands that queue work or change
 * connections, whose schedules live in the queue. Logs go to stderr: stdout is the command's answer.
 */
export async function withHub<T>(rt: CliRuntime, tenantSlug: string, fn: (hub: Hub, tenantId: string) => Promise<T>): Promise<T> {
  const config = loadConfig(rt.env)
  const hub = createHub(config, { registry: rt.registry, logger: createLogger({ level: config.logLevel, destination: pino.destination({ fd: 2, sync: true }) }) })
  try {
    return await fn(hub, await tenantIdOf(hub.db, tenantSlug))
  } finally {
    await hub.close()
  }
}
