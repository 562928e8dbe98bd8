import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { getPath } from '../connector-sdk/json-path'
import type { WebhookConfig } from '../connections/webhook.config'

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string }

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: false, parseTagValue: false })

/**
 * The body, parsed only to be checked at the door: malformed bodies are refused (400, with the
 * parser's reason) instead of failing later where nobody sees them. XML may not carry a document
 * type declaration: that is where entity-expansion bombs ("billion laughs") and external entities
 * (file or network reads) live, and no ERP webhook needs one.
 */
export function parseBody(format: WebhookConfig['format'], raw: Buffer): Parsed {
  const text = raw.toString('utf8').replace(/^\uFEFF/, '')
  if (format === 'json') {
    try {
      return { ok: true, value: JSON.parse(text) }
    } catch (err) {
      return { ok: false, reason: `the body is not JSON: ${(err as Error).message}` }
    }
  }
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) return { ok: false, reason: 'XML with a document type declaration (<!DOCTYPE / <!ENTITY) is refused: it can expand entities or read external ones' }
  const valid = XMLValidator.validate(text)
  if (valid !== true) return { ok: false, reason: `the body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` }
  return { ok: true, value: xml.parse(text) }
}

/** `$` or `''` is the value itself; otherwise a dotted path. */
export function at(value: unknown, path: string): unknown {
  return path === '$' ? value : getPath(value, path)
}

export function eventsOf(config: WebhookConfig, body: unknown): unknown[] {
  if (!config.events.list) return [body]
  const list = at(body, config.events.list)
  return Array.isArray(list) ? list : list === undefined || list === null ? [] : [list]
}
