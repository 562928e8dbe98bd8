import { SECRET_MASK } from '../connections/connection-config.codec'

/** One difference between what is stored and what the files say, at one leaf. */
export interface FieldChange {
  op: '+' | '-' | '~'
  path: string
  before?: unknown
  after?: unknown
  /** A secret (or a value taken from the environment): shown as the mask, never in clear. */
  masked: boolean
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const isEmptyish = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)

/**
 * Leaves by path (`config.entities.customer.pageSize`); an empty object or list is a leaf of its own,
 * so `{}` → `{ a: 1 }` is seen. Key order does not matter (PostgreSQL's JSONB does not keep it).
 */
export function flattenLeaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value === undefined) return out
  if (Array.isArray(value)) {
    if (!value.length) out.set(path, [])
    value.forEach((v, i) => flattenLeaves(v, `${path}[${i}]`, out))
    return out
  }
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined)
    if (!keys.length && path) out.set(path, {})
    for (const k of keys) flattenLeaves(value[k], path ? `${path}.${k}` : k, out)
    return out
  }
  out.set(path, value)
  return out
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)

/** Whether a leaf must not be printed: it is, or lies under, one of the masked paths. */
export function isMasked(path: string, masked: ReadonlySet<string>): boolean {
  for (const m of masked) if (under(path, m)) return true
  return false
}

/**
 * The leaf-by-leaf difference of two states. A null or empty container replaced by a filled one
 * (`webhook: null` → a webhook) shows as the new leaves only: the placeholder going away says nothing.
 */
export function diffStates(before: unknown, after: unknown, masked: ReadonlySet<string>): FieldChange[] {
  const a = flattenLeaves(before)
  const b = flattenLeaves(after)
  const changes: FieldChange[] = []
  const hasBelow = (side: Map<string, unknown>, path: string) => [...side.keys()].some((k) => k !== path && under(k, path))
  for (const [path, value] of a) {
    if (b.has(path)) {
      if (JSON.stringify(b.get(path)) !== JSON.stringify(value)) changes.push({ op: '~', path, before: value, after: b.get(path), masked: isMasked(path, masked) })
    } else if (!(isEmptyish(value) && hasBelow(b, path))) changes.push({ op: '-', path, before: value, masked: isMasked(path, masked) })
  }
  for (const [path, value] of b) {
    if (!a.has(path) && !(isEmptyish(value) && hasBelow(a, path))) changes.push({ op: '+', path, after: value, masked: isMasked(path, masked) })
  }
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value)
}

/** `~ config.baseUrl: "http://a" → "http://b"`; a masked leaf says only that it changed. */
export function formatChange(c: FieldChange): string {
  if (c.op === '~') return c.masked ? `~ ${c.path}: ${SECRET_MASK} (changed)` : `~ ${c.path}: ${show(c.before)} → ${show(c.after)}`
  if (c.op === '+') return `+ ${c.path}: ${c.masked ? SECRET_MASK : show(c.after)}`
  return `- ${c.path}: ${c.masked ? SECRET_MASK : show(c.before)}`
}
