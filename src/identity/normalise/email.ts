/**
 * Email addresses as comparison keys. ERPs store them as typed: other case, stray spaces, a
 * `mailto:`, a display name around them, full-width characters from Asian keyboards.
 */

export interface NormalisedEmail {
  /** The comparison key: `local@domain` after folding; `''` when there was nothing. */
  value: string
  local: string
  domain: string
  /** One `@`, a non-empty local part, a dotted domain with non-empty labels, no spaces. */
  valid: boolean
  /** A shared or role mailbox (`info@`, `sales@` …): many unrelated customers can share it. */
  role: boolean
}

/**
 * Local parts of role and shared mailboxes (English and German, the hub's first markets). Matching
 * gives them little weight: one `info@` of a holding's domain is not evidence that two companies
 * are one. A local part counts as a role when it is in this list, or when its first segment before
 * `.`, `-`, `_` or `+` is (`sales.de@`, `info-berlin@`, `info+shop@`).
 */
export const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set([
  'info', 'sales', 'office', 'kontakt', 'contact', 'admin', 'service', 'buchhaltung', 'einkauf',
  'order', 'orders', 'mail', 'post', 'hello', 'support', 'accounts', 'billing',
  'verkauf', 'vertrieb', 'rechnung', 'rechnungen', 'invoice', 'invoices', 'accounting', 'finance',
  'purchasing', 'procurement', 'enquiries', 'inquiries', 'team', 'zentrale', 'empfang', 'reception',
  'marketing', 'hr', 'jobs', 'noreply', 'no-reply', 'webmaster', 'postmaster', 'bestellung',
  'bestellungen', 'kundenservice', 'customerservice', 'mailbox', 'general', 'kanzlei', 'praxis',
])

/** Domains whose provider ignores dots and `+tags` in the local part (and googlemail = gmail). */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com'])

const EMPTY: NormalisedEmail = Object.freeze({ value: '', local: '', domain: '', valid: false, role: false }) as NormalisedEmail

function isRole(local: string): boolean {
  if (ROLE_LOCAL_PARTS.has(local)) return true
  for (let i = 1; i < local.length; i++) {
    const c = local.charCodeAt(i)
    if (c === 0x2e || c === 0x2d || c === 0x5f || c === 0x2b) return ROLE_LOCAL_PARTS.has(local.slice(0, i))
  }
  return false
}

function validDomain(domain: string): boolean {
  if (domain.length < 3 || domain.length > 253) return false
  let labelStart = 0
  let dots = 0
  let lastLabel = 0
  for (let i = 0; i <= domain.length; i++) {
    const c = i === domain.length ? 0x2e : domain.charCodeAt(i)
    if (c === 0x2e) {
      if (i === labelStart) return false // empty label: `a..b`, `.com`, `com.`
      const first = domain.charCodeAt(labelStart)
      const last = domain.charCodeAt(i - 1)
      if (first === 0x2d || last === 0x2d) return false // a label neither starts nor ends with `-`
      if (i < domain.length) dots++
      lastLabel = i - labelStart
      labelStart = i + 1
    } else if (c <= 0x20 || c === 0x40 || c === 0x2c || c === 0x3b || c === 0x3c || c === 0x3e || c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d || c === 0x22) {
      return false
    }
  }
  return dots >= 1 && lastLabel >= 2 // a TLD of two characters at least
}

function validLocal(local: string): boolean {
  if (local.length === 0 || local.length > 64) return false
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i)
    if (c <= 0x20 || c === 0x2c || c === 0x3b || c === 0x3c || c === 0x3e || c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d || c === 0x22 || c === 0x5c) return false
  }
  return true
}

/**
 * The comparison form of an email: NFKC (full-width `ｉｎｆｏ＠…` becomes ASCII), trimmed, lower case
 * (the local part is case-sensitive by RFC 5321, but no mail system in practice treats it so), a
 * leading `mailto:` and a display name (`Max <max@x.de>`) removed. For gmail.com and googlemail.com
 * only, dots are removed and a `+tag` is cut from the local part, and the domain becomes gmail.com,
 * because Google delivers all those spellings to one mailbox; other providers differ (dots matter
 * at most of them), so they are left as written. An invalid address keeps its cleaned text in
 * `value` for display, but matching should treat it as missing.
 */
export function normaliseEmail(raw: string | null | undefined): NormalisedEmail {
  if (raw === null || raw === undefined) return EMPTY
  let s = raw.normalize('NFKC').trim().toLowerCase()
  if (s === '') return EMPTY
  const lt = s.lastIndexOf('<')
  if (lt >= 0 && s.endsWith('>')) s = s.slice(lt + 1, -1).trim()
  if (s.startsWith('mailto:')) s = s.slice(7).trim()
  const at = s.indexOf('@')
  if (at < 0 || s.indexOf('@', at + 1) >= 0) return { value: s, local: at < 0 ? s : s.slice(0, at), domain: at < 0 ? '' : s.slice(at + 1), valid: false, role: false }
  let local = s.slice(0, at)
  let domain = s.slice(at + 1)
  if (domain.endsWith('.')) domain = domain.slice(0, -1) // a trailing root dot names the same domain
  const valid = validLocal(local) && validDomain(domain)
  if (valid && GMAIL_DOMAINS.has(domain)) {
    const plus = local.indexOf('+')
    if (plus > 0) local = local.slice(0, plus)
    if (local.includes('.')) local = local.replaceAll('.', '')
    domain = 'gmail.com'
  }
  return { value: `${local}@${domain}`, local, domain, valid, role: valid && isRole(local) }
}
