import { timingSafeEqual } from 'node:crypto'
import type { JsonObject } from '../connector-sdk/connector.contract'
import { at, eventsOf } from './webhook-body.parse'
import type { WebhookConfig } from '../connections/webhook.config'

/** What one event asks of the hub. */
export type WebhookWork =
  | { kind: 'record'; entity: string; record: JsonObject }
  | { kind: 'fetch'; entity: string }
  | { kind: 'ignored'; reason: string }

type Headers = Record<string, string | string[] | undefined>

function headerValue(headers: Headers, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

function locate(loc: { header: string } | { path: string }, headers: Headers, event: unknown): unknown {
  return 'header' in loc ? headerValue(headers, loc.header) : at(event, loc.path)
}

const regexCache = new Map<string, RegExp>()
function asRegex(key: string): RegExp | null {
  if (!(key.length > 2 && key.startsWith('/') && key.endsWith('/'))) return null
  let re = regexCache.get(key)
  if (!re) regexCache.set(key, (re = new RegExp(key.slice(1, -1))))
  return re
}

/** The hub entity an event is about, or why none is. */
export function entityOf(config: WebhookConfig, headers: Headers, event: unknown): { entity: string } | { reason: string } {
  const rule = config.events.entity
  if (typeof rule === 'string') return { entity: rule }
  const raw = locate(rule.from, headers, event)
  if (typeof raw !== 'string' || raw === '') return { reason: `no entity name at ${'header' in rule.from ? `header ${rule.from.header}` : rule.from.path}` }
  if (rule.map[raw]) return { entity: rule.map[raw] }
  for (const [key, entity] of Object.entries(rule.map)) if (asRegex(key)?.test(raw)) return { entity }
  return { reason: `"${raw}" is not one of the mapped entity names` }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Business Central: every notification must carry the clientState the subscription was made with. */
export function clientStateMismatch(config: WebhookConfig, body: unknown): string | null {
  if (config.signature.scheme !== 'business-central') return null
  const events = eventsOf(config, body)
  if (events.length === 0) return 'the notification holds no events'
  for (const [i, e] of events.entries()) {
    const state = (e as { clientState?: unknown })?.clientState
    if (typeof state !== 'string' || !sameText(state, config.signature.clientState)) return `notification ${i} does not carry the subscription's clientState`
  }
  return null
}

/** The work each event of a (checked) body asks for, in order. */
export function decodeEvents(config: WebhookConfig, headers: Headers, body: unknown): WebhookWork[] {
  return eventsOf(config, body).map((event): WebhookWork => {
    const ignore = config.events.ignore
    if (ignore) {
      const v = at(event, ignore.path)
      if (typeof v === 'string' && ignore.values.includes(v)) return { kind: 'ignored', reason: `${ignore.path} is ${v}` }
    }
    const found = entityOf(config, headers, event)
    if ('reason' in found) return { kind: 'ignored', reason: found.reason }
    if (config.events.record === undefined) return { kind: 'fetch', entity: found.entity }
    const record = at(event, config.events.record)
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return { kind: 'ignored', reason: `no record object at ${config.events.record}` }
    return { kind: 'record', entity: found.entity, record: record as JsonObject }
  })
}
