import type { ComponentChildren, JSX } from 'preact'
import { useEffect } from 'preact/hooks'
import { api } from '../../api'
import { href, navigate } from '../../router'
import { Badge } from '../../ui/components'
import { fmtDuration } from '../../ui/format'
import type { OpenApiDoc } from './schema/schema'
import type { Connection, Run } from './types'
import { FINISHED } from './types'

/** Shared by the IT pages: links, filters kept in the hash query, polling, the API document. */

let openApi: Promise<OpenApiDoc> | undefined

/** /openapi.json, read once per page load: the connector config schemas the connection form is made from. */
export function loadOpenApi(): Promise<OpenApiDoc> {
  openApi ??= api.get<OpenApiDoc>('/openapi.json').catch((err: unknown) => {
    openApi = undefined
    throw err
  })
  return openApi
}

export const links = {
  connections: () => href('/connections'),
  connection: (id: string) => href(`/connections/${id}`),
  editConnection: (id: string) => href(`/connections/${id}/edit`),
  runs: (q: { connectionId?: string; entity?: string; status?: string } = {}) => href('/runs', q),
  run: (id: string) => href(`/runs/${id}`),
  quarantine: (q: { connectionId?: string; entity?: string; status?: string; runId?: string } = {}) => href('/quarantine', q),
  entry: (id: string) => href(`/quarantine/${id}`),
  webhooks: (q: { connectionId?: string } = {}) => href('/webhooks', q),
}

/** The connection list, for names and filters. */
export function fetchConnections(): Promise<Connection[]> {
  return api.get<{ data: Connection[] }>('/v1/connections').then((r) => r.data)
}

export function ConnectionLink(props: { id: string | null; connections?: Connection[]; name?: string | null }) {
  if (!props.id) return <span class="muted">—</span>
  const name = props.name ?? props.connections?.find((c) => c.id === props.id)?.name
  return <a href={links.connection(props.id)}>{name ?? `${props.id.slice(0, 8)}…`}</a>
}

/** A new hash query from the current one with `patch` applied (empty values removed, paging reset unless given). */
export function updateQuery(path: string, current: URLSearchParams, patch: Record<string, string | number | undefined>): void {
  const next: Record<string, string> = {}
  current.forEach((v, k) => (next[k] = v))
  if (!('offset' in patch)) delete next.offset
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') delete next[k]
    else next[k] = String(v)
  }
  navigate(href(path, next))
}

/** Calls `tick` every `ms` while `active`. */
export function usePolling(active: boolean, ms: number, tick: () => void): void {
  useEffect(() => {
    if (!active) return
    const timer = setInterval(tick, ms)
    return () => clearInterval(timer)
  }, [active, ms])
}

export function isFinished(run: Pick<Run, 'status'>): boolean {
  return FINISHED.includes(run.status)
}

export function RunStatus(props: { run: Pick<Run, 'status' | 'attempts'> }) {
  const { status, attempts } = props.run
  return (
    <span>
      <Badge value={status} tone={status === 'retrying' ? 'warn' : status === 'superseded' || status === 'skipped' ? 'muted' : undefined} />
      {attempts > 1 && <span class="muted"> · attempt {attempts}</span>}
    </span>
  )
}

export function runDuration(run: Run): string {
  if (run.durationMs !== null) return fmtDuration(run.durationMs)
  if (run.startedAt && !isFinished(run)) return `${fmtDuration(Date.now() - new Date(run.startedAt).getTime())} so far`
  return '—'
}

/** A run's error as the hub stored it: its message and code when it has them. */
export function errorMessage(error: unknown): string | undefined {
  if (error === null || error === undefined) return undefined
  if (typeof error === 'string') return error
  if (typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown }
    if (typeof e.message === 'string') return typeof e.code === 'string' ? `${e.message} (${e.code})` : e.message
  }
  return JSON.stringify(error)
}

/** "every 15 min", "on demand", with per-entity exceptions. */
export function scheduleSummary(c: Pick<Connection, 'schedule' | 'entities'>): string {
  const every = (s: number) => (s % 3600 === 0 ? `every ${s / 3600} h` : s % 60 === 0 ? `every ${s / 60} min` : `every ${s} s`)
  const base = c.schedule.everySeconds ? every(c.schedule.everySeconds) : 'hub default interval'
  const own = Object.entries(c.schedule.entities ?? {})
  if (own.length === 0) return base
  const onDemand = own.filter(([, v]) => v === null).map(([e]) => e)
  const timed = own.filter(([, v]) => v !== null)
  if (onDemand.length === c.entities.length && c.entities.length > 0) return 'on demand only'
  const parts = [base]
  if (timed.length) parts.push(timed.map(([e, v]) => `${e} ${every(v as number)}`).join(', '))
  if (onDemand.length) parts.push(`${onDemand.join(', ')} on demand`)
  return parts.join('; ')
}

/** A labelled filter control (label bound by id, so its accessible name is the label alone). */
export function Filter(props: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      {props.children}
    </div>
  )
}

export function FilterSelect(props: { id: string; label: string; value: string; options: Array<{ value: string; label: string }>; onValue: (v: string) => void }) {
  return (
    <Filter id={props.id} label={props.label}>
      <select id={props.id} value={props.value} onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Filter>
  )
}

/** Big numbers in a row (a run's counts). */
export function Stats(props: { items: Array<{ label: string; value: ComponentChildren; testId?: string }> }) {
  return (
    <div class="grid grid-3" style={statsGrid}>
      {props.items.map((s) => (
        <div class="card" key={s.label} style={statCard} data-testid={s.testId}>
          <div class="muted" style={{ fontSize: '12px' }}>
            {s.label}
          </div>
          <div style={statValue}>{s.value}</div>
        </div>
      ))}
    </div>
  )
}

const statsGrid: JSX.CSSProperties = { gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))', gap: '10px', marginBottom: '16px' }
const statCard: JSX.CSSProperties = { marginBottom: 0, padding: '10px 12px' }
const statValue: JSX.CSSProperties = { fontSize: '22px', fontWeight: 650, lineHeight: 1.2 }

/** Entity names the connections serve, for filters. */
export function entitiesOf(connections: Connection[] | undefined): string[] {
  const all = new Set<string>()
  for (const c of connections ?? []) for (const e of c.entities) all.add(e)
  return [...all]
}
