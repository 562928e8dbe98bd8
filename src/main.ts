import 'dotenv/config'
import { Command, InvalidArgumentError } from 'commander'
import { connectorRegistry } from '../connectors'
import { hubEntities } from './canonical/canonical.registry'
import { entityArg, intArg as int, uuidArg } from './cli/cli-args.parse'
import { registerCampaigns } from './cli/campaigns.command'
import type { CliRuntime } from './cli/cli.context'
import { registerConnections } from './cli/connections.command'
import { registerCustomers } from './cli/customers.command'
import { registerMappings } from './cli/mappings.command'
import { registerRuns } from './cli/runs.command'
import { registerSync } from './cli/sync.command'
import { loadConfig, type HubConfig } from './config/config'
import type { ConnectionDeps } from './connections/connection.service'
import { runDemo } from './demo/demo.run'
import { HubError } from './errors/hub-error'
import { formatMappingIssue, type MappingIssue } from './mapping'
import { createHub } from './runtime/hub.container'
import { startApi, startWorker, type Running } from './runtime/processes'
import { describeSimulator, startSimulator } from './simulator'
import { apiRoles, createApiKey, type ApiRole } from './store/api-key.repo'
import { openDatabase } from './store/database'
import { createMappingCatalog } from './store/mapping.catalog'
import { migrate } from './store/migrate'
import { ensureTenant } from './store/tenant.repo'
import { retryDeadLetter } from './sync/retry-dead-letter.sync'
import { REPLAY_DEFAULT_LIMIT, REPLAY_MAX_LIMIT, replayQuarantine, type ReplayDeps, type ReplayItem } from './sync/replay-quarantine.sync'

/**
 * The composition root: `erphub api | worker | all | migrate | simulate-erp | demo | keys`, and the
 * operator commands (`connections`, `sync`, `runs`, `quarantine`, `dead-letters`, `mappings`,
 * `customers`, `campaigns`; their logic is in src/cli/). See docs/cli.md.
 */

async function migrateIfConfigured(config: HubConfig): Promise<void> {
  if (!config.migrateOnStart) return
  const result = await migrate(config.databaseUrl)
  for (const name of result.applied) console.error(`applied migration ${name}`)
}

/** Runs until SIGINT/SIGTERM, then closes in reverse order so in-flight pages commit or roll back cleanly. */
async function serve(roles: Array<'api' | 'worker'>): Promise<void> {
  const config = loadConfig()
  await migrateIfConfigured(config)
  const hub = createHub(config)
  if (config.usingDevSecretKey) hub.logger.warn({}, 'ERPHUB_SECRET_KEY is not set: connection secrets are sealed with the development key')
  const running: Running[] = []
  if (roles.includes('api')) running.push(await startApi(hub))
  if (roles.includes('worker')) running.push(await startWorker(hub))
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    hub.logger.info({ signal }, 'shutting down')
    for (const r of running.reverse()) await r.close().catch((err) => hub.logger.error({ err: String(err) }, 'shutdown step failed'))
    await hub.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/**
 * The quarantine commands work on PostgreSQL and the mapping files only — no queue — so records can
 * be looked at and replayed while Redis is down. A replay never changes a schedule.
 */
async function withQuarantine<T>(tenantSlug: string, fn: (deps: ReplayDeps, tenantId: string) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const db = openDatabase({ url: config.databaseUrl, max: 4 })
  try {
    const tenant = await db.prisma.tenant.findUnique({ where: { slug: tenantSlug } })
    if (!tenant) throw new HubError('not_found', `tenant ${tenantSlug} does not exist`)
    const connections: ConnectionDeps = {
      db,
      registry: connectorRegistry,
      mappings: createMappingCatalog(config.mappingsDir),
      secretKey: config.secretKey,
      scheduler: { apply: async () => undefined, remove: async () => undefined },
      defaultEverySeconds: config.defaultSyncEverySeconds,
    }
    return await fn({ db, connections }, tenant.id)
  } finally {
    await db.close()
  }
}

/** One line per entry: what the replay does with it and why. */
function describeReplay(item: ReplayItem): string[] {
  const head = `${item.id}  ${item.entity}  ${item.externalId}  `
  if (item.outcome === 'still-fails') return [`${head}still fails with ${item.mapping.name} v${item.mapping.version}:`, ...(item.issues ?? []).map((i) => `    ${formatMappingIssue(i)}`)]
  if (item.outcome === 'changed') return [`${head}changed while replaying (the ERP sent it again): nothing written, replay again`]
  if (item.olderThanStored) return [`${head}lands, but the stored row is from a newer version of the record: row kept, entry closed`]
  const changed = item.diff?.changed.length ? `: ${item.diff.changed.join(', ')}` : ': no field changes'
  return [`${head}lands (${item.effect === 'insert' ? 'new row' : item.effect === 'update' ? 'update' : 'unchanged'})${changed}`]
}

export function buildCli(rt: CliRuntime = { registry: connectorRegistry, env: process.env }): Command {
  const program = new Command('erphub').description('ERP II hub: sync ERPs into one customer view').showHelpAfterError()
  program.command('api').description('serve the REST API').action(() => serve(['api']))
  program.command('worker').description('run sync jobs').action(() => serve(['worker']))
  program.command('all', { isDefault: true }).description('API and worker in one process (small installs)').action(() => serve(['api', 'worker']))
  program
    .command('migrate')
    .description('create the database if needed and apply pending migrations')
    .action(async () => {
      const config = loadConfig()
      const result = await migrate(config.databaseUrl, { log: (l) => console.log(l) })
      console.log(`${result.createdDatabase ? 'created the database; ' : ''}${result.applied.length} applied, ${result.alreadyApplied.length} already applied`)
    })
  program
    .command('simulate-erp')
    .description('serve a seeded ERP over HTTP (customers, products, orders, stock, production)')
    .option('--port <n>', 'port (0 = any free port)', int('port', 0, 65535), 4010)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--lines <n>', 'total order lines', int('lines', 100, 1_000_000), 10_000)
    .option('--seed <n>', 'random seed', int('seed', 0, 2 ** 31), 42)
    .option('--token <token>', 'require this bearer token')
    .option('--churn <n>', 'changes per second while running', int('churn', 0, 10_000), 0)
    .action(async (o: { port: number; host: string; lines: number; seed: number; token?: string; churn: number }) => {
      const sim = await startSimulator({ port: o.port, host: o.host, lines: o.lines, seed: o.seed, auth: o.token ? { type: 'bearer', token: o.token } : undefined })
      if (o.churn > 0) sim.churn(o.churn)
      console.log(describeSimulator(sim))
      const stop = () => void sim.close().then(() => process.exit(0))
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
  program
    .command('demo')
    .description('simulator → sync → counts, a customer and an availability answer; exits when done')
    .option('--lines <n>', 'order lines in the simulated ERP', int('lines', 100, 1_000_000), 20_000)
    .option('--seed <n>', 'random seed', int('seed', 0, 2 ** 31), 42)
    .action(async (o: { lines: number; seed: number }) => {
      await runDemo(loadConfig(), { lines: o.lines, seed: o.seed })
    })
  const keys = program.command('keys').description('API keys')
  keys
    .command('create')
    .description('create an API key (and its tenant if new); the key is printed once')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--role <role>', `one of ${apiRoles.join(', ')}`, 'admin')
    .option('--name <name>', 'a label for the key', 'cli')
    .action(async (o: { tenant: string; role: string; name: string }) => {
      if (!(apiRoles as readonly string[]).includes(o.role)) throw new InvalidArgumentError(`--role must be one of ${apiRoles.join(', ')}`)
      const config = loadConfig()
      await migrateIfConfigured(config)
      const db = openDatabase({ url: config.databaseUrl, max: 2 })
      try {
        const tenant = await ensureTenant(db, o.tenant)
        const created = await createApiKey(db, { tenantId: tenant.id, role: o.role as ApiRole, name: o.name })
        console.log(created.key)
        console.error(`created ${o.role} key ${created.prefix}… for tenant ${tenant.slug}; it is not shown again`)
      } finally {
        await db.close()
      }
    })
  const dead = program.command('dead-letters').description('work that ran out of retries: list it with its errors, retry it')
  dead
    .command('list')
    .description('dead letters with every attempt\'s error, latest first')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--status <status>', 'dead, retried or discarded', (value: string) => {
      if (!['dead', 'retried', 'discarded'].includes(value)) throw new InvalidArgumentError('--status must be dead, retried or discarded')
      return value
    }, 'dead')
    .action(async (o: { tenant: string; status: string }) => {
      const config = loadConfig()
      const db = openDatabase({ url: config.databaseUrl, max: 2 })
      try {
        const tenant = await db.prisma.tenant.findUnique({ where: { slug: o.tenant } })
        if (!tenant) throw new HubError('not_found', `tenant ${o.tenant} does not exist`)
        const rows = await db.prisma.deadLetter.findMany({ where: { tenantId: tenant.id, status: o.status }, orderBy: { failedAt: 'desc' }, take: 100 })
        for (const row of rows) {
          console.log(`${row.id}  ${row.queue}/${row.jobName}  ${row.attempts} attempts  failed ${row.failedAt.toISOString()}  ${JSON.stringify(row.data)}`)
          for (const e of row.errors as Array<{ attempt: number; message: string }>) console.log(`    attempt ${e.attempt}: ${e.message}`)
        }
        console.log(`${rows.length} ${o.status} letters`)
      } finally {
        await db.close()
      }
    })
  dead
    .command('retry <id>')
    .description('run the work again as new work (a new run, the document again, the effect back in the outbox)')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .action(async (id: string, o: { tenant: string }) => {
      const hub = createHub(loadConfig())
      try {
        const tenant = await hub.db.prisma.tenant.findUnique({ where: { slug: o.tenant } })
        if (!tenant) throw new HubError('not_found', `tenant ${o.tenant} does not exist`)
        const out = await retryDeadLetter({ ...hub.connections, queue: hub.syncQueue }, tenant.id, id, 'cli')
        console.log(`retried ${out.retried}${out.runId ? ` (run ${out.runId})` : ''}`)
      } finally {
        await hub.close()
      }
    })
  const quarantine = program.command('quarantine').description('records that failed mapping: list them, replay them after a mapping fix')
  quarantine
    .command('list')
    .description('quarantined records with their issues, latest first')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--connection <id>', 'only this connection', uuidArg('--connection'))
    .option('--entity <entity>', `one of ${hubEntities.join(', ')}`, entityArg)
    .option('--status <status>', 'open or resolved', (value: string) => {
      if (value !== 'open' && value !== 'resolved') throw new InvalidArgumentError('--status must be open or resolved')
      return value
    }, 'open')
    .option('--limit <n>', 'at most this many', int('limit', 1, 500), 50)
    .action(async (o: { tenant: string; connection?: string; entity?: string; status: string; limit: number }) => {
      await withQuarantine(o.tenant, async ({ db }, tenantId) => {
        const where = { tenantId, connectionId: o.connection, entity: o.entity, status: o.status }
        const [rows, total] = await Promise.all([
          db.prisma.quarantine.findMany({ where, orderBy: { lastSeenAt: 'desc' }, take: o.limit, include: { connection: { select: { name: true } } } }),
          db.prisma.quarantine.count({ where }),
        ])
        for (const row of rows) {
          console.log(`${row.id}  ${row.connection.name}  ${row.entity}  ${row.externalId}  ${row.mapping} v${row.mappingVersion}  seen ${row.occurrences}×, last ${row.lastSeenAt.toISOString()}`)
          for (const issue of row.issues as unknown as MappingIssue[]) console.log(`    ${formatMappingIssue(issue)}`)
        }
        console.log(`${rows.length} of ${total} ${o.status} entries`)
      })
    })
  quarantine
    .command('replay')
    .description('map open entries again with the current mappings; a dry run that writes nothing unless --apply')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--connection <id>', 'the open entries of this connection', uuidArg('--connection'))
    .option('--entity <entity>', `only this entity (${hubEntities.join(', ')})`, entityArg)
    .option('--id <id...>', 'these entries (instead of --connection / --entity)', (value: string, previous: string[] = []) => [...previous, uuidArg('--id')(value)])
    .option('--limit <n>', 'at most this many entries', int('limit', 1, REPLAY_MAX_LIMIT), REPLAY_DEFAULT_LIMIT)
    .option('--apply', 'store the records that now land, close their entries and audit the replay')
    .option('--json', 'print the whole result (with each diff) as JSON')
    .action(async (o: { tenant: string; connection?: string; entity?: string; id?: string[]; limit: number; apply?: boolean; json?: boolean }) => {
      await withQuarantine(o.tenant, async (deps, tenantId) => {
        const result = await replayQuarantine(deps, tenantId, { ids: o.id, connectionId: o.connection, entity: o.entity, limit: o.limit, dryRun: !o.apply, actor: 'cli' })
        if (o.json) return console.log(JSON.stringify(result, null, 2))
        for (const item of result.items) for (const line of describeReplay(item)) console.log(line)
        const t = result.totals
        console.log(`${t.entries} entries: ${t.lands} land (${t.inserted} new, ${t.updated} updated, ${t.unchanged} unchanged), ${t.stillFails} still fail${t.changed ? `, ${t.changed} changed meanwhile` : ''}`)
        if (result.more) console.log(`more open entries match; raise --limit or run again`)
        console.log(result.dryRun ? 'dry run: nothing was written; add --apply to store the records that land' : 'applied: landed entries are resolved, the replay is in the audit trail')
      })
    })
  registerConnections(program, rt)
  registerSync(program, rt)
  registerRuns(program, rt)
  registerMappings(program, rt)
  registerCustomers(program, rt)
  registerCampaigns(program, rt)
  return program
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err) => {
      if (err instanceof HubError) {
        console.error(`erphub: ${err.message}`)
        const issues = (err.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues
        for (const i of issues ?? []) console.error(`  ${i.path}: ${i.message}`)
      } else console.error(err)
      process.exit(1)
    })
}
