import { InvalidArgumentError, type Command } from 'commander'
import { entityArg, intArg } from './cli-args.parse'
import { formatDuration, formatTable } from './cli-table.format'
import { connectionRowOf, withDatabase, type CliRuntime } from './cli.context'
import { FINISHED_STATUSES } from './run-progress.render'
import { runSnapshot } from './runs.follow'

const STATUSES = ['queued', 'running', 'retrying', ...FINISHED_STATUSES]

/** `erphub runs`: recent sync runs, newest first, with their counts and, for failed ones, the error. */
export function registerRuns(program: Command, rt: CliRuntime): void {
  program
    .command('runs')
    .description('recent sync runs, newest first: status, duration, pages and records, the error of a failed one')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--connection <connection>', 'only this connection (name or id)')
    .option('--entity <entity>', 'only this entity', entityArg)
    .option('--status <status>', `one of ${STATUSES.join(', ')}`, (value: string) => {
      if (!STATUSES.includes(value)) throw new InvalidArgumentError(`--status must be one of ${STATUSES.join(', ')}`)
      return value
    })
    .option('--limit <n>', 'at most this many', intArg('--limit', 1, 1000), 20)
    .action(async (o: { tenant: string; connection?: string; entity?: string; status?: string; limit: number }) => {
      await withDatabase(rt, o.tenant, async ({ db, tenantId }) => {
        const connectionId = o.connection ? (await connectionRowOf(db, tenantId, o.connection)).id : undefined
        const where = { tenantId, connectionId, entity: o.entity, status: o.status }
        const [rows, total] = await Promise.all([
          db.prisma.syncRun.findMany({ where, orderBy: { requestedAt: 'desc' }, take: o.limit, include: { connection: { select: { name: true } } } }),
          db.prisma.syncRun.count({ where }),
        ])
        const table = formatTable(
          ['RUN', 'CONNECTION', 'ENTITY', 'TRIGGER', 'STATUS', 'REQUESTED', 'DURATION', 'PAGES', 'READ', 'INSERTED', 'UPDATED', 'QUARANTINED'],
          rows.map((r) => [r.id, r.connection.name, r.entity, r.trigger, r.status, r.requestedAt.toISOString().slice(0, 19).replace('T', ' '), formatDuration(r.durationMs), String(r.pages), String(r.readCount), String(r.inserted), String(r.updated), String(r.quarantined)]),
        )
        console.log(table[0])
        rows.forEach((r, i) => {
          console.log(table[i + 1])
          const error = runSnapshot(r).error
          if (error && r.status !== 'succeeded') console.log(`    ${error.code ? `[${error.code}] ` : ''}${error.message ?? JSON.stringify(error)}`)
        })
        console.log(`${rows.length} of ${total} runs`)
      })
    })
}
