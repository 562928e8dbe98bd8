import { formatDuration } from './cli-table.format'

/** A sync run as the CLI follows it (read from PostgreSQL, where the worker counts each stored page). */
export interface RunSnapshot {
  id: string
  entity: string
  status: string
  attempts: number
  pages: number
  read: number
  inserted: number
  updated: number
  unchanged: number
  quarantined: number
  error: { code?: string; message?: string } | null
  durationMs: number | null
}

export const FINISHED_STATUSES = ['succeeded', 'failed', 'superseded', 'skipped']
export const isFinished = (r: Pick<RunSnapshot, 'status'>) => FINISHED_STATUSES.includes(r.status)

const BAR_WIDTH = 20
const BLOCK = 5

export function runCounts(r: RunSnapshot): string {
  return `pages ${r.pages}, read ${r.read}, inserted ${r.inserted}, updated ${r.updated}, quarantined ${r.quarantined}`
}

/** One line per change, for logs and pipes. */
export function plainProgressLine(r: RunSnapshot): string {
  return `${r.entity} ${r.status}${r.attempts > 1 ? ` (attempt ${r.attempts})` : ''}: ${runCounts(r)}`
}

/**
 * An ERP does not say how many records a sync will read, so a running run's bar is a block moving
 * back and forth (it is alive, its counts grow); queued is empty, finished is full.
 */
function activityBar(r: RunSnapshot, tick: number): string {
  if (isFinished(r)) return (r.status === 'failed' ? '▒' : '█').repeat(BAR_WIDTH)
  if (r.status === 'queued') return '░'.repeat(BAR_WIDTH)
  const span = BAR_WIDTH - BLOCK
  const step = tick % (2 * span)
  const at = step <= span ? step : 2 * span - step
  return '░'.repeat(at) + '█'.repeat(BLOCK) + '░'.repeat(span - at)
}

/** The TTY view: one bar of how many runs finished, then a line per run with its counts. */
export function ttyProgressLines(runs: RunSnapshot[], tick: number): string[] {
  const done = runs.filter(isFinished).length
  const filled = runs.length ? Math.round((done / runs.length) * BAR_WIDTH) : BAR_WIDTH
  const head = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done}/${runs.length} runs finished`
  return [head, ...runs.map((r) => `  ${r.entity.padEnd(19)} ${activityBar(r, tick)} ${r.status.padEnd(10)} ${runCounts(r)}`)]
}

/** What a finished run did, and why it failed. */
export function summaryLines(r: RunSnapshot): string[] {
  const head = `${r.entity} ${r.status}${r.durationMs !== null ? ` in ${formatDuration(r.durationMs)}` : ''}${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}: ${runCounts(r)}, unchanged ${r.unchanged}`
  return r.error && r.status !== 'succeeded' ? [head, `    ${r.error.code ? `[${r.error.code}] ` : ''}${r.error.message ?? JSON.stringify(r.error)}`] : [head]
}
