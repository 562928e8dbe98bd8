/**
 * URLs the connector builds (entity sets with system query options, entity keys) and the ones the
 * server hands it (next and delta links), checked before the credentials go with them.
 */

/** `serviceRoot/entitySet?$a=…&$b=…`, values percent-encoded (spaces as %20: `+` is not a space to every OData server). */
export function entitySetUrl(serviceRoot: string, entitySet: string, query: ReadonlyArray<readonly [string, string]> = []): string {
  const base = `${serviceRoot}/${entitySet}`
  if (query.length === 0) return base
  return `${base}?${query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`
}

/** For logs and messages: origin and path, never the query (skip and delta tokens, filters). */
export function pathOf(url: string): string {
  if (!URL.canParse(url)) return url.split('?')[0]
  const u = new URL(url)
  return `${u.origin}${u.pathname}`
}

/**
 * A link from a response as an absolute URL. OData JSON §4.6: a relative URL is relative to the
 * context URL of its object (`@odata.context`) when there is one, else to the request URL.
 */
export function resolveLink(raw: string, requestUrl: string, contextUrl: string | undefined): string | undefined {
  // An absolute link is kept as sent (re-serialising would re-encode it, e.g. ' as %27).
  if (URL.canParse(raw)) return raw
  const base = contextUrl !== undefined && URL.canParse(contextUrl, requestUrl) ? new URL(contextUrl, requestUrl).toString() : requestUrl
  return URL.canParse(raw, base) ? new URL(raw, base).toString() : undefined
}

/**
 * Why `link` may not be followed with the service's credentials, or undefined when it may. The host
 * must be the service root's. The scheme may differ (TripPin names its pages under `https://` in an
 * `http://` context) but never downgrade from https to http, where the token would travel in clear;
 * a port must match unless the scheme's default changes with an upgrade.
 */
export function linkRefusal(link: string, serviceRoot: string): string | undefined {
  if (!URL.canParse(link)) return 'is not a URL'
  const target = new URL(link)
  const root = new URL(serviceRoot)
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return `uses ${target.protocol}, not http(s)`
  if (target.hostname.toLowerCase() !== root.hostname.toLowerCase()) return `points to ${target.hostname}, not ${root.hostname}; the credentials would go with it`
  if (root.protocol === 'https:' && target.protocol === 'http:') return 'downgrades https to http; the credentials would travel unencrypted'
  if (target.protocol === root.protocol ? target.port !== root.port : target.port !== '' && target.port !== root.port) {
    return `points to port ${target.port || '(default)'}, not the service root's`
  }
  if (target.username !== '' || target.password !== '') return 'carries credentials of its own'
  return undefined
}

export type KeyType = 'guid' | 'string' | 'int'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const INT = /^-?\d+$/

/** A key as it goes between the parentheses of `entitySet(<key>)`, or why it cannot. */
export function keyLiteral(type: KeyType, value: unknown): { ok: true; literal: string } | { ok: false; reason: string } {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value
  if (typeof text !== 'string' || text === '') return { ok: false, reason: 'has no key value' }
  if (type === 'guid') return GUID.test(text) ? { ok: true, literal: text } : { ok: false, reason: `${JSON.stringify(text.slice(0, 60))} is not a GUID` }
  if (type === 'int') return INT.test(text) ? { ok: true, literal: text } : { ok: false, reason: `${JSON.stringify(text.slice(0, 60))} is not an integer` }
  return { ok: true, literal: encodeURIComponent(stringLiteral(text)) }
}

/** An OData string literal: single quotes, an embedded quote doubled. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

// `Customers('ALFKI')`, `Orders(10643)`, `Customers(PersonID=1)`, `…/customers(6cb4e290-…)`; the whole text must fit.
const ENTITY_ID = /^(?:.*\/)?[A-Za-z_][A-Za-z0-9_.]*\((.+)\)$/
const QUOTED = /^'((?:[^']|'')*)'$/
const NAMED = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/

/**
 * The value of the `key` property named by an entity id, or undefined when the id is not a
 * well-formed `EntitySet(key)` (then nothing is guessed: the record keeps the id as the server sent it).
 */
export function keyFromEntityId(entityId: string, key: string): string | number | undefined {
  const match = ENTITY_ID.exec(entityId)
  if (!match) return undefined
  const parts = splitKeyParts(match[1])
  if (parts === undefined) return undefined
  if (parts.length === 1 && !NAMED.test(parts[0])) return keyValue(parts[0])
  for (const part of parts) {
    const named = NAMED.exec(part)
    if (named && named[1] === key) return keyValue(named[2])
  }
  return undefined
}

/** Splits `a=1,b='x,y'` at the commas outside quotes; undefined when a quote is left open. */
function splitKeyParts(text: string): string[] | undefined {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (const ch of text) {
    if (ch === "'") quoted = !quoted
    if (ch === ',' && !quoted) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  if (quoted) return undefined
  parts.push(current)
  return parts
}

function keyValue(literal: string): string | number | undefined {
  const quoted = QUOTED.exec(literal)
  if (quoted) return quoted[1].replace(/''/g, "'")
  if (INT.test(literal)) return Number.isSafeInteger(Number(literal)) ? Number(literal) : literal
  if (GUID.test(literal)) return literal
  return undefined
}
