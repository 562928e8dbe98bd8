import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Signature } from '../connections/webhook.config'

export type Verdict = { ok: true } | { ok: false; reason: string }

type Headers = Record<string, string | string[] | undefined>

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** Compares in constant time, so the response time does not tell an attacker how much of a guess was right. */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

function decode(text: string, encoding: 'hex' | 'base64'): Buffer | null {
  const t = text.trim()
  if (encoding === 'hex') return /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : null
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t, 'base64') : null
}

/**
 * Checks a webhook's signature over its raw bytes (never over re-serialised JSON: the ERP signed
 * bytes). `nowMs` is passed in so tests can check the tolerance window exactly.
 * Business Central has no signature: its `clientState` is checked per notification (see event decoding).
 */
export function verifySignature(sig: Signature, headers: Headers, rawBody: Buffer, nowMs: number): Verdict {
  if (sig.scheme === 'business-central') return { ok: true }
  const value = header(headers, sig.header)
  if (!value) return { ok: false, reason: `the ${sig.header} header is missing` }
  if (sig.scheme === 'hmac-sha256') {
    if (!value.startsWith(sig.prefix)) return { ok: false, reason: `the ${sig.header} header does not start with "${sig.prefix}"` }
    const given = decode(value.slice(sig.prefix.length), sig.encoding)
    if (!given) return { ok: false, reason: `the ${sig.header} header is not ${sig.encoding}` }
    const expected = createHmac('sha256', sig.secret).update(rawBody).digest()
    return sameBytes(given, expected) ? { ok: true } : { ok: false, reason: 'the signature does not match the body' }
  }
  const parts = new Map<string, string[]>()
  for (const item of value.split(',')) {
    const at = item.indexOf('=')
    if (at <= 0) continue
    const k = item.slice(0, at).trim()
    parts.set(k, [...(parts.get(k) ?? []), item.slice(at + 1).trim()])
  }
  const t = parts.get('t')?.[0]
  const candidates = parts.get('v1') ?? []
  if (!t || !/^\d{1,12}$/.test(t) || candidates.length === 0) return { ok: false, reason: `the ${sig.header} header must read t=<unix seconds>,v1=<hex>` }
  const skew = Math.abs(nowMs / 1000 - Number(t))
  if (skew > sig.toleranceSeconds) return { ok: false, reason: `the signature's timestamp is ${Math.round(skew)} s away from now (tolerance ${sig.toleranceSeconds} s): a replay or a wrong clock` }
  const expected = createHmac('sha256', sig.secret).update(`${t}.`).update(rawBody).digest()
  // Several v1 values are allowed while the ERP rotates its secret.
  const match = candidates.some((c) => {
    const given = decode(c, 'hex')
    return given !== null && sameBytes(given, expected)
  })
  return match ? { ok: true } : { ok: false, reason: 'the signature does not match the body' }
}
