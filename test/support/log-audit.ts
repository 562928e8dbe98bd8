import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KnownSecret } from './known-secrets'

/**
 * The log audit of a test run: every logger of every process the run starts also writes each line
 * to `<ERPHUB_LOG_AUDIT_DIR>/<pid>.ndjson` (src/observability/logger.ts); at the end of the run the
 * global teardown reads every line of every file and looks for secrets: the fixed ones the tests use
 * (known-secrets.ts) and the shapes a secret has whatever its value (an API key of the hub, a bearer
 * or basic credential, a credential field with a value that is not redacted, credentials in a URL,
 * a private key). A finding names the file, the line and the kind of secret, never the secret.
 */

export type SecretKind = 'known-secret' | 'api-key' | 'bearer-token' | 'basic-credentials' | 'credential-field' | 'url-credentials' | 'query-credential' | 'private-key'

export interface LineFinding {
  kind: SecretKind
  /** Which known secret, or which field, header or parameter held it. */
  what: string
  /** The secret, shortened so the finding can be recognised without repeating it. */
  masked: string
}

export interface Finding extends LineFinding {
  file: string
  line: number
}

export interface AuditSummary {
  dir: string
  files: number
  lines: number
  findings: Finding[]
  /** How many findings of each kind. */
  byKind: Partial<Record<SecretKind, number>>
}

/** `erp-token-RIGHT-4c1d` → `er…(20 chars)`: enough to tell findings apart, not enough to use. */
export function mask(secret: string): string {
  return `${secret.slice(0, secret.length > 12 ? 4 : 2)}…(${secret.length} chars)`
}

/** What a logger or the API writes in place of a secret. */
function isRedacted(value: string): boolean {
  return /^(\[redacted\]|\*+|•+|\[masked\]|)$/i.test(value.trim()) || /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/.test(value)
}

/** A word of prose ("Bearer authentication") rather than a token: lower-case letters only. */
const isWord = (candidate: string) => /^[a-z]+$/.test(candidate)

// The hub's API keys: `ehk_` and 32 random bytes in base64url (src/store/api-key.repo.ts). The 10-character
// prefix the hub shows to tell keys apart (`ehk_AbCdEf`) is too short to match.
const API_KEY = /\behk_[A-Za-z0-9_-]{32,}/g
const BEARER = /\bBearer\s+([A-Za-z0-9._~+/-]+=*)/gi
const BASIC = /\bBasic\s+([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/g
// `"password":"…"` in a JSON line, or `\"password\":\"…\"` in JSON inside a JSON string (a message, an error body).
const FIELD = /\\*"([A-Za-z][\w-]*)\\*"\s*:\s*\\*"([^"\\]*)/g
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@"'\\?#]*):([^\s/@"'\\?#]+)@/gi
const QUERY = /[?&](access_token|refresh_token|id_token|token|api_key|apikey|api-key|password|passwd|client_secret|secret)=([^&\s"'#\\]+)/gi
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g

/** Field names whose value is a credential (compared lower-case, without `-` and `_`). */
const CREDENTIAL_FIELDS = new Set([
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'secretkey',
  'sharedsecret',
  'webhooksecret',
  'signingsecret',
  'hmacsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'bearertoken',
  'apikey',
  'xapikey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'privatekey',
  'clientstate',
])

/** Every secret in one log line (an empty list for a clean line). */
export function scanLine(text: string, secrets: readonly KnownSecret[]): LineFinding[] {
  const out: LineFinding[] = []
  for (const secret of secrets) {
    // As written, and as it looks inside a JSON string or a URL.
    const spellings = new Set([secret.value, JSON.stringify(secret.value).slice(1, -1), encodeURIComponent(secret.value)])
    if ([...spellings].some((s) => text.includes(s))) out.push({ kind: 'known-secret', what: secret.name, masked: mask(secret.value) })
  }
  for (const m of text.matchAll(API_KEY)) out.push({ kind: 'api-key', what: 'erphub API key', masked: mask(m[0]) })
  for (const m of text.matchAll(BEARER)) {
    const token = m[1]
    if (token.length >= 8 && !isWord(token)) out.push({ kind: 'bearer-token', what: 'Bearer credential', masked: mask(token) })
  }
  for (const m of text.matchAll(BASIC)) {
    // A basic credential is base64 of `user:password`.
    if (!isWord(m[1]) && Buffer.from(m[1], 'base64').toString('utf8').includes(':')) out.push({ kind: 'basic-credentials', what: 'Basic credential', masked: mask(m[1]) })
  }
  for (const m of text.matchAll(FIELD)) {
    const field = m[1].toLowerCase().replace(/[-_]/g, '')
    if (CREDENTIAL_FIELDS.has(field) && !isRedacted(m[2])) out.push({ kind: 'credential-field', what: `"${m[1]}" field`, masked: mask(m[2]) })
  }
  for (const m of text.matchAll(URL_USERINFO)) {
    if (!isRedacted(decodeURIComponentSafe(m[2]))) out.push({ kind: 'url-credentials', what: 'password in a URL', masked: mask(m[2]) })
  }
  for (const m of text.matchAll(QUERY)) {
    if (!isRedacted(decodeURIComponentSafe(m[2]))) out.push({ kind: 'query-credential', what: `${m[1]} query parameter`, masked: mask(m[2]) })
  }
  for (const m of text.matchAll(PRIVATE_KEY)) out.push({ kind: 'private-key', what: m[0], masked: '-----BEGIN …' })
  return out
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Every line of every `.ndjson` file in `dir`, scanned. */
export function auditLogDir(dir: string, secrets: readonly KnownSecret[]): AuditSummary {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
  const findings: Finding[] = []
  let lines = 0
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8')
    text.split('\n').forEach((line, i) => {
      if (!line) return
      lines += 1
      for (const f of scanLine(line, secrets)) findings.push({ file, line: i + 1, ...f })
    })
  }
  const byKind: AuditSummary['byKind'] = {}
  for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1
  return { dir, files: files.length, lines, findings, byKind }
}

const AUDIT_ROOT = join(tmpdir(), 'erphub-log-audit')
const STALE_MS = 24 * 3600_000

/**
 * A fresh directory for this run's log files (older runs' directories, left behind by an aborted run
 * or kept for their findings, are removed after a day; a concurrent run's are left alone).
 */
export function freshAuditDir(): string {
  mkdirSync(AUDIT_ROOT, { recursive: true })
  for (const name of readdirSync(AUDIT_ROOT)) {
    const path = join(AUDIT_ROOT, name)
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true })
    } catch {
      // Removed meanwhile by another run.
    }
  }
  return mkdtempSync(join(AUDIT_ROOT, 'run-'))
}
