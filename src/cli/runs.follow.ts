import type { Database } from '../store/database'
import type { CliOutput } from './cli.context'
import { isFinished, plainProgressLine, ttyProgressLines, type RunSnapshot } from './run-progress.render'

type RunRow = NonNullable<Awaited<ReturnType<Database['prisma']['syncRun']['findFirst']>>>

export function runSnapshot(r: RunRow): RunSnapshot {
  return {
    id: r.id,
    entity: r.entity,
    status: r.status,
    attempts: r.attempts,
    pages: r.pages,
    read: r.readCount,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    quarantined: r.quarantined,
    error: (r.error as RunSnapshot['error']) ?? null,
    durationMs: r.durationMs,
  }
}

export interface FollowOptions {
  intervalMs?: number
  signal?: AbortSignal
  /** Said once when every run is still queued after this long: usually no worker is running. */
  idleHintMs?: number
  onIdle?: () => void
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * Follows runs until each has finished (or `signal` aborts), reading them every `intervalMs`: on a
 * TTY one block of lines redrawn in place, elsewhere a plain line whenever a run's counts or status
 * change. Returns the runs as last read.
 */
export async function followRuns(db: Database, runIds: string[], out: CliOutput, options: FollowOptions = {}): Promise<RunSnapshot[]> {
  const intervalMs = options.intervalMs ?? 500
  const started = Date.now()
  const printed = new Map<string, string>()
  let drawn = 0
  let hinted = false
  for (let tick = 0; ; tick++) {
    const rows = await db.prisma.syncRun.findMany({ where: { id: { in: runIds } } })
    const runs = runIds.map((id) => rows.find((r) => r.id === id)).filter((r): r is RunRow => r !== undefined).map(runSnapshot)
    if (out.isTTY) {
      const lines = ttyProgressLines(runs, tick)
      out.write(`${drawn ? `\x1b[${drawn}A` : ''}${lines.map((l) => `\x1b[2K${l}\n`).join('')}`)
      drawn = lines.length
    } else {
      for (const r of runs) {
        const line = plainProgressLine(r)
        if (printed.get(r.id) !== line) out.write(`${line}\n`)
        printed.set(r.id, line)
      }
    }
    if (runs.every(isFinished) || options.signal?.aborted) return runs
    if (!hinted && options.idleHintMs !== undefined && Date.now() - started > options.idleHintMs && runs.every((r) => r.status === 'queued')) {
      hinted = true
      options.onIdle?.()
    }
    await sleep(intervalMs, options.signal)
  }
}
