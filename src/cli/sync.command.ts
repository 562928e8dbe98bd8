import type { Command } from 'commander'
import { requestSync } from '../sync/request-sync'
import { entitiesArg } from './cli-args.parse'
import { connectionRowOf, fail, stdout, withHub, type CliRuntime } from './cli.context'
import { summaryLines } from './run-progress.render'
import { followRuns } from './runs.follow'

/** How long every run may sit in the queue before the CLI says a worker is probably not running. */
const IDLE_HINT_MS = 10_000

/**
 * `erphub sync <connection>`: "sync now", as POST /v1/connections/:id/sync — one queued run per
 * entity, taken by a worker. With --follow the runs are watched to the end; exit 1 if one failed.
 */
export function registerSync(program: Command, rt: CliRuntime): void {
  program
    .command('sync <connection>')
    .description('queue a sync of a connection (name or id), every entity it reads or the --entity ones; --follow watches the runs to the end')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--entity <entity>', 'only this entity (repeatable)', entitiesArg)
    .option('--follow', 'show each run\'s progress until every run has finished; exit 1 if one failed')
    .option('--interval <ms>', 'how often --follow reads the runs', (v: string) => Math.max(100, Number(v) || 500), 500)
    .action(async (name: string, o: { tenant: string; entity?: string[]; follow?: boolean; interval: number }) => {
      await withHub(rt, o.tenant, async (hub, tenantId) => {
        const row = await connectionRowOf(hub.db, tenantId, name)
        const runs = await requestSync({ ...hub.connections, queue: hub.syncQueue }, tenantId, row.id, o.entity)
        for (const r of runs) console.log(`queued ${row.name} ${r.entity}: run ${r.id}`)
        if (!o.follow) return console.log(`follow them with: erphub runs --tenant ${o.tenant} --connection ${row.name}`)
        // Ctrl-C stops the watching, not the runs: they belong to the workers.
        const stop = new AbortController()
        const onSigint = () => stop.abort()
        process.once('SIGINT', onSigint)
        try {
          const done = await followRuns(
            hub.db,
            runs.map((r) => r.id),
            stdout,
            { intervalMs: o.interval, signal: stop.signal, idleHintMs: IDLE_HINT_MS, onIdle: () => console.error('the runs are still queued: is a worker running (`erphub worker` or `erphub all`) on this database and Redis?') },
          )
          if (stop.signal.aborted) {
            console.log(`stopped following; the runs go on (erphub runs --tenant ${o.tenant} --connection ${row.name})`)
            process.exitCode = 130
            return
          }
          for (const r of done) for (const line of summaryLines(r)) console.log(line)
          const failed = done.filter((r) => r.status === 'failed')
          const quarantined = done.reduce((n, r) => n + r.quarantined, 0)
          if (quarantined) console.log(`${quarantined} records quarantined: erphub quarantine list --tenant ${o.tenant} --connection ${row.id}`)
          console.log(failed.length ? `${failed.length} of ${done.length} runs failed` : `all ${done.length} runs finished without failure`)
          if (failed.length) fail()
        } finally {
          process.removeListener('SIGINT', onSigint)
        }
      })
    })
}
