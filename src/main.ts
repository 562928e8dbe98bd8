import 'dotenv/config'
import { Command, InvalidArgumentError } from 'commander'
import { loadConfig, type HubConfig } from './config/config'
import { runDemo } from './demo/demo.run'
import { HubError } from './errors/hub-error'
import { createHub } from './runtime/hub.container'
import { startApi, startWorker, type Running } from './runtime/processes'
import { describeSimulator, startSimulator } from './simulator'
import { apiRoles, createApiKey, type ApiRole } from './store/api-key.repo'
import { openDatabase } from './store/database'
import { migrate } from './store/migrate'
import { ensureTenant } from './store/tenant.repo'

/** The composition root: `erphub api | worker | all | migrate | simulate-erp | demo | keys create`. */

function int(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`)
    return n
  }
}

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

export function buildCli(): Command {
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
