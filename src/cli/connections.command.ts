import { createInterface } from 'node:readline/promises'
import type { Command } from 'commander'
import { checkConnection } from '../connections/connection.check'
import { deleteConnection, listConnections, openConnection, planSchedule, type ConnectionDeps } from '../connections/connection.service'
import type { ConnectionView } from '../connections/connection.schema'
import { HubError } from '../errors/hub-error'
import { connectionHttp } from '../sync/pull-entity.sync'
import { intArg } from './cli-args.parse'
import { formatInterval, formatTable } from './cli-table.format'
import { connectionRowOf, fail, withDatabase, withHub, type CliRuntime } from './cli.context'
import { applyConnections, type ApplyOptions } from './connections-apply.command'

/** When each entity syncs, as the queue's schedulers are planned: `every 15 min`, or per entity. */
async function describeSchedule(deps: ConnectionDeps, tenantId: string, view: ConnectionView): Promise<string> {
  if (!view.enabled) return 'disabled'
  const opened = await openConnection(deps, tenantId, view.id).catch((err: Error) => err)
  if (opened instanceof Error) return `(cannot be opened: ${opened.message})`
  const plan = planSchedule(deps, opened)
  const readable = view.entities.filter((e) => opened.entities[e]?.can.read)
  const every = (e: string) => (plan.everyMs[e] === undefined ? 'on demand' : formatInterval(plan.everyMs[e] / 1000))
  const distinct = new Set(readable.map(every))
  const parts = distinct.size === 1 && readable.length > 1 ? [distinct.has('on demand') ? 'on demand' : `every ${[...distinct][0]}`] : readable.map((e) => `${e} ${every(e)}`)
  if (plan.watchEveryMs) parts.push(`watch every ${formatInterval(plan.watchEveryMs / 1000)}`)
  if (plan.gapCheckEveryMs) parts.push(`gap check every ${formatInterval(plan.gapCheckEveryMs / 1000)}`)
  return parts.join(', ') || '-'
}

async function confirmDelete(name: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new HubError('validation_failed', `deleting connection ${name} removes everything synced from it; add --yes to delete without being asked`)
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await rl.question(`Deleting connection ${name} removes everything synced from it. Type its name to delete it: `)
    return answer.trim() === name
  } finally {
    rl.close()
  }
}

export function registerConnections(program: Command, rt: CliRuntime): void {
  const connections = program.command('connections').description('ERP connections: apply them from YAML files, list, check and delete them')
  connections
    .command('apply')
    .description('make the tenant\'s connections what the YAML files say (create, update, leave alone; --prune deletes the others)')
    .requiredOption('-f, --file <file|dir>', 'a YAML file (one connection per --- document) or a folder of *.yaml / *.yml files')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--prune', 'delete the tenant\'s connections that no file names (and everything synced from them)')
    .action((o: ApplyOptions) => applyConnections(rt, o))
  connections
    .command('list')
    .description('the tenant\'s connections: kind, enabled, entities, schedule')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .action(async (o: { tenant: string }) => {
      await withDatabase(rt, o.tenant, async ({ connections: deps, tenantId }) => {
        const views = await listConnections(deps, tenantId)
        const rows: string[][] = []
        for (const v of views) rows.push([v.name, v.kind, v.enabled ? 'yes' : 'no', v.entities.join(', ') || '-', await describeSchedule(deps, tenantId, v)])
        for (const line of formatTable(['NAME', 'KIND', 'ENABLED', 'ENTITIES', 'SCHEDULE'], rows)) console.log(line)
        console.log(`${views.length} connection${views.length === 1 ? '' : 's'}`)
      })
    })
  connections
    .command('check <connection>')
    .description('a cheap authenticated call to the ERP (name or id); exit 1 when the ERP refuses or cannot be reached')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--timeout <seconds>', 'give up after this long', intArg('--timeout', 1, 300), 15)
    .action(async (name: string, o: { tenant: string; timeout: number }) => {
      await withHub(rt, o.tenant, async (hub, tenantId) => {
        const row = await connectionRowOf(hub.db, tenantId, name)
        const deps = { ...hub.connections, logger: hub.logger, clock: hub.clock, http: (r: { id: string; limits: unknown }) => connectionHttp(hub.sync, r, 'interactive') }
        const result = await checkConnection(deps, tenantId, row.id, o.timeout * 1000)
        if (result.ok) return console.log(`ok: ${row.name} answered in ${result.latencyMs} ms`)
        console.log(`failed: ${row.name} after ${result.latencyMs} ms: ${result.error?.message} [${result.error?.code}${result.error?.retryable ? ', may pass on a retry' : ''}]`)
        fail()
      })
    })
  connections
    .command('delete <connection>')
    .description('delete a connection (name or id) and everything synced from it')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--yes', 'do not ask')
    .action(async (name: string, o: { tenant: string; yes?: boolean }) => {
      await withHub(rt, o.tenant, async (hub, tenantId) => {
        const row = await connectionRowOf(hub.db, tenantId, name)
        if (!o.yes && !(await confirmDelete(row.name))) {
          console.log('not deleted')
          return fail()
        }
        await deleteConnection(hub.connections, tenantId, row.id)
        console.log(`deleted connection ${row.name} (${row.kind})`)
      })
    })
}
