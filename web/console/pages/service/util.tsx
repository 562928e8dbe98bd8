import type { ComponentChildren, JSX } from 'preact'
import { href } from '../../router'
import { fmtNumber } from '../../ui/format'

/**
 * Small helpers shared by the service pages: the hash query as the one place a view's filters live,
 * safe rendering of the knowledge base's highlighted snippets, and a few formats.
 */

export type QueryValues = Record<string, string | number | undefined | null>

/**
 * Writes a view's query into the address without a new history entry (a search typed letter by
 * letter is one step back, not twenty), and tells the router, which listens for hash changes.
 */
export function replaceQuery(path: string, query: QueryValues): void {
  const next = href(path, query)
  if (location.hash === next) return
  history.replaceState(history.state, '', next)
  dispatchEvent(new HashChangeEvent('hashchange'))
}

/** The query of the current view with some values changed (a filter), as an href. */
export function withParams(path: string, current: URLSearchParams, changes: QueryValues): string {
  const query: QueryValues = Object.fromEntries(current.entries())
  return href(path, { ...query, ...changes })
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e])
}

/**
 * The hub's search snippet (HTML-escaped text with its hits in <mark>…</mark>) as text and <mark>
 * nodes: the markup is split, never handed to the browser as HTML, and any other tag stays text.
 */
export function Highlighted(props: { snippet: string }): JSX.Element {
  const parts: ComponentChildren[] = []
  let marked = false
  props.snippet.split(/(<mark>|<\/mark>)/).forEach((piece, i) => {
    if (piece === '<mark>') marked = true
    else if (piece === '</mark>') marked = false
    else if (piece) parts.push(marked ? <mark key={i}>{decodeEntities(piece)}</mark> : decodeEntities(piece))
  })
  return <span class="snippet">{parts}</span>
}

/** The first 8 characters of an id, the whole one on hover. */
export function ShortId(props: { id: string | null | undefined }) {
  if (!props.id) return <span class="muted">—</span>
  return (
    <code title={props.id} class="mono">
      {props.id.slice(0, 8)}
    </code>
  )
}

export function fmtMoney(amount: string | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—'
  return currency ? `${fmtNumber(amount)} ${currency}` : fmtNumber(amount)
}

/** A value as `<input type="datetime-local">` shows it, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A `datetime-local` value as the ISO instant (with offset) the hub takes; '' stays null. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : d.toISOString()
}

/** Looks the shared style sheet has no class for (candidates for console.css), as style objects. */
export const styles = {
  th: { textAlign: 'left' },
  /** Fields side by side, tops aligned (their hints and issues differ in height). */
  formRow: { alignItems: 'flex-start' },
  thRight: { textAlign: 'right' },
  rowHead: { textAlign: 'left', verticalAlign: 'top', textTransform: 'none', fontSize: '13px', letterSpacing: 'normal', whiteSpace: 'nowrap' },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: '12.5px' },
  small: { fontSize: '12.5px' },
  alt: { fontSize: '12.5px', color: '#5b6474', marginTop: '2px' },
  preWrap: { whiteSpace: 'pre-wrap', margin: 0 },
  linesRow: { background: '#f8f9fb' },
  inlineList: { display: 'flex', gap: '6px', flexWrap: 'wrap', alignItems: 'center' },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  listItem: { padding: '8px 0', borderBottom: '1px solid #eef0f3' },
  searchInput: { width: '100%', fontSize: '15px', padding: '8px 10px' },
  wide: { flex: 2, minWidth: '260px' },
  confirm: { background: '#fdf2dc', borderRadius: '6px', padding: '8px 10px', marginTop: '6px' },
} satisfies Record<string, JSX.CSSProperties>

/** A text input bound to a string (the shared TextInput takes no input-only attributes such as maxLength). */
export function Input(props: { name?: string; value: string; onValue: (value: string) => void; maxLength?: number; placeholder?: string; type?: 'text' | 'search' }) {
  return <input type={props.type ?? 'text'} name={props.name} value={props.value} maxLength={props.maxLength} placeholder={props.placeholder} autocomplete="off" onInput={(e) => props.onValue((e.currentTarget as HTMLInputElement).value)} />
}
