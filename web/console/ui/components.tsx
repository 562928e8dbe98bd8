import type { ComponentChildren, JSX } from 'preact'
import { useState } from 'preact/hooks'
import { ApiError } from '../api'

/** The building blocks every page uses, so the console looks and behaves the same everywhere. */

export function PageHeader(props: { title: string; subtitle?: ComponentChildren; actions?: ComponentChildren; back?: { href: string; label: string } }) {
  return (
    <header class="page-header">
      {props.back && (
        <a class="back" href={props.back.href}>
          ← {props.back.label}
        </a>
      )}
      <div class="page-title">
        <h1>{props.title}</h1>
        {props.actions && <div class="actions">{props.actions}</div>}
      </div>
      {props.subtitle && <p class="subtitle">{props.subtitle}</p>}
    </header>
  )
}

export function Card(props: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; class?: string; testId?: string }) {
  return (
    <section class={`card ${props.class ?? ''}`} data-testid={props.testId}>
      {(props.title || props.actions) && (
        <div class="card-head">
          {props.title && <h2>{props.title}</h2>}
          {props.actions && <div class="actions">{props.actions}</div>}
        </div>
      )}
      {props.children}
    </section>
  )
}

/** An error as the hub said it: message, code, and each field issue with its path. */
export function ErrorBox(props: { error: unknown; title?: string }) {
  const { error } = props
  if (!error) return null
  const apiError = error instanceof ApiError ? error : undefined
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div class="error-box" role="alert">
      <strong>{props.title ?? (apiError?.status === 403 ? 'Not allowed' : 'Something went wrong')}</strong>
      <p>{message}</p>
      {apiError && apiError.issues.length > 0 && (
        <ul class="issues">
          {apiError.issues.map((issue) => (
            <li key={issue.path + issue.message}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The issue of one field, from an error's issues (paths as the hub writes them: `config.baseUrl`). */
export function issueFor(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined
  return error.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))?.message
}

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" aria-busy="true">
      {props.label ?? 'Loading…'}
    </p>
  )
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>
}

export interface Column<T> {
  key: string
  label: ComponentChildren
  render?: (row: T) => ComponentChildren
  align?: 'left' | 'right'
  width?: string
}

export function Table<T>(props: { columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string; onRowClick?: (row: T) => void; rowHref?: (row: T) => string; empty?: ComponentChildren; testId?: string }) {
  if (props.rows.length === 0) return <Empty>{props.empty ?? 'Nothing here yet.'}</Empty>
  return (
    <div class="table-wrap">
      <table class="table" data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.key} style={{ textAlign: c.align ?? 'left', width: c.width }}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => {
            const link = props.rowHref?.(row)
            const click = link ? () => (location.hash = link) : props.onRowClick ? () => props.onRowClick!(row) : undefined
            return (
              <tr key={props.rowKey(row)} class={click ? 'clickable' : undefined} onClick={click}>
                {props.columns.map((c, i) => (
                  <td key={c.key} style={{ textAlign: c.align ?? 'left' }}>
                    {i === 0 && link ? <a href={link}>{c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? '—')}</a> : c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? '—')}
                  </td>
                ))}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** Pages of a `{ data, total, limit, offset }` list. */
export function Pager(props: { total: number; limit: number; offset: number; onOffset: (offset: number) => void }) {
  const { total, limit, offset } = props
  if (total <= limit && offset === 0) return total > 0 ? <p class="pager muted">{total} in all</p> : null
  return (
    <div class="pager">
      <button class="btn" disabled={offset === 0} onClick={() => props.onOffset(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <span class="muted">
        {Math.min(total, offset + 1)}–{Math.min(total, offset + limit)} of {total}
      </span>
      <button class="btn" disabled={offset + limit >= total} onClick={() => props.onOffset(offset + limit)}>
        Next →
      </button>
    </div>
  )
}

const TONES: Record<string, string> = {
  succeeded: 'ok', ok: 'ok', done: 'ok', active: 'ok', launched: 'ok', healthy: 'ok', 'on-track': 'ok', resolved: 'ok', closed: 'ok', pushed: 'ok', lands: 'ok', green: 'ok',
  running: 'info', queued: 'info', pending: 'info', received: 'info', draft: 'info', open: 'info', 'in-progress': 'info', 'no-data': 'muted',
  warning: 'warn', 'at-risk': 'warn', partial: 'warn', degraded: 'warn', review: 'warn', amber: 'warn', 'half-open': 'warn', short: 'warn',
  failed: 'bad', error: 'bad', dead: 'bad', rejected: 'bad', 'off-track': 'bad', critical: 'bad', red: 'bad', quarantined: 'bad', fails: 'bad',
}

export function Badge(props: { value: string | null | undefined; tone?: 'ok' | 'info' | 'warn' | 'bad' | 'muted' }) {
  const value = props.value ?? '—'
  const tone = props.tone ?? TONES[value.toLowerCase()] ?? 'muted'
  return <span class={`badge badge-${tone}`}>{value}</span>
}

export function Button(props: { children: ComponentChildren; onClick?: () => void; busy?: boolean; disabled?: boolean; kind?: 'primary' | 'danger' | 'plain'; type?: 'button' | 'submit'; title?: string; testId?: string }) {
  return (
    <button
      type={props.type ?? 'button'}
      class={`btn ${props.kind === 'primary' ? 'btn-primary' : props.kind === 'danger' ? 'btn-danger' : ''}`}
      disabled={props.disabled || props.busy}
      aria-busy={props.busy ? 'true' : undefined}
      title={props.title}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      {props.busy ? '…' : null}
      {props.children}
    </button>
  )
}

/**
 * A labelled form control with its hint and the hub's issue for it. The hint and the issue sit
 * outside the <label>, so the control's accessible name is the label alone.
 */
export function Field(props: { label: ComponentChildren; hint?: ComponentChildren; issue?: string; children: ComponentChildren; required?: boolean }) {
  return (
    <div class={`field ${props.issue ? 'has-issue' : ''}`}>
      <label class="field-control">
        <span class="field-label">
          {props.label}
          {props.required && <span class="required" aria-hidden="true"> *</span>}
        </span>
        {props.children}
      </label>
      {props.hint && !props.issue && <span class="field-hint">{props.hint}</span>}
      {props.issue && <span class="field-issue">{props.issue}</span>}
    </div>
  )
}

export function TextInput(props: Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value'> & { value: string; onValue: (value: string) => void }) {
  const { onValue, ...rest } = props
  return <input {...rest} value={props.value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />
}

export function Select(props: { value: string; onValue: (value: string) => void; options: Array<{ value: string; label: string }>; name?: string; id?: string; testId?: string }) {
  return (
    <select name={props.name} id={props.id} data-testid={props.testId} value={props.value} onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}>
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  )
}

export function Tabs(props: { tabs: Array<{ id: string; label: ComponentChildren }>; active: string; onChange: (id: string) => void }) {
  return (
    <nav class="tabs" role="tablist">
      {props.tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={t.id === props.active} class={t.id === props.active ? 'tab active' : 'tab'} onClick={() => props.onChange(t.id)}>
          {t.label}
        </button>
      ))}
    </nav>
  )
}

/** Label/value pairs. */
export function Facts(props: { items: Array<[ComponentChildren, ComponentChildren]> }) {
  return (
    <dl class="facts">
      {props.items.map(([k, v], i) => (
        <div key={i}>
          <dt>{k}</dt>
          <dd>{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  )
}

/** JSON as it is, folded by default (a record as the ERP sent it, a run's error). */
export function JsonView(props: { value: unknown; open?: boolean; summary?: string }) {
  const [open, setOpen] = useState(!!props.open)
  return (
    <details class="json" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{props.summary ?? 'JSON'}</summary>
      {open && <pre>{JSON.stringify(props.value, null, 2)}</pre>}
    </details>
  )
}

/** A message that an action went through (with a link to what it made, say). */
export function Notice(props: { children: ComponentChildren; tone?: 'ok' | 'info' | 'warn' }) {
  return (
    <div class={`notice notice-${props.tone ?? 'ok'}`} role="status">
      {props.children}
    </div>
  )
}
