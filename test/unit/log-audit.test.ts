import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { createLogger, LOG_AUDIT_ENV } from '../../src/observability/logger'
import { knownSecrets, type KnownSecret } from '../support/known-secrets'
import { auditLogDir, scanLine } from '../support/log-audit'

const ERP_TOKEN = 'erp-token-RIGHT-4c1d'
const API_KEY = `ehk_${'Zq3_x-9'.repeat(6)}A`
const secrets: KnownSecret[] = [{ name: 'the ERP token', value: ERP_TOKEN }]
const kinds = (line: string) => scanLine(line, secrets).map((f) => f.kind)

describe('the log audit scanner', () => {
  test.each([
    ['a known secret in a message', `{"level":"warn","msg":"ERP refused ${ERP_TOKEN}"}`, ['known-secret']],
    ['a known secret inside JSON inside a string', `{"msg":"body","body":"{\\"auth\\":\\"${ERP_TOKEN}\\"}"}`, ['known-secret']],
    ["a hub API key", `{"msg":"key ${API_KEY} used"}`, ['api-key']],
    ['a bearer token in a message', '{"msg":"sent Authorization: Bearer abc123XYZ.987"}', ['bearer-token']],
    ['an authorization field', '{"headers":{"authorization":"Bearer abc123XYZ987"}}', ['bearer-token', 'credential-field']],
    ['a basic credential', `{"msg":"Authorization: Basic ${Buffer.from('hub:pw-SECRET-2').toString('base64')}"}`, ['basic-credentials']],
    ['a password field with its value', '{"config":{"auth":{"password":"hunter2-x"}}}', ['credential-field']],
    ['a clientSecret field (a key the logger does not redact)', '{"oauth":{"clientSecret":"cs~abc"}}', ['credential-field']],
    ['a token field in JSON inside a string', '{"err":"400 {\\"token\\":\\"s3cr3t-value\\"}"}', ['credential-field']],
    ['credentials in a URL', '{"url":"https://hub:pw-123@erp.example/odata"}', ['url-credentials']],
    ['a token in a query string', '{"url":"https://erp.example/api?limit=5&access_token=abc123"}', ['query-credential']],
    ['a private key', '{"msg":"-----BEGIN RSA PRIVATE KEY-----\\nMIIE"}', ['private-key']],
  ])('finds %s', (_what, line, expected) => {
    expect(kinds(line).sort()).toEqual([...expected].sort())
  })

  test.each([
    ['redacted values', '{"token":"[redacted]","auth":{"type":"bearer","token":"[Redacted]"},"authorization":"[redacted]","password":"[redacted]"}'],
    ['the mask the API shows', '{"config":{"auth":{"type":"basic","username":"hub","password":"********"}}}'],
    ['an environment reference', '{"config":{"auth":{"token":"${env:ERP_A_TOKEN}"}}}'],
    ['the word token in a message', '{"level":"warn","msg":"the metrics token is missing or wrong"}'],
    ['how to send a key', '{"msg":"an API key is required (Authorization: Bearer <key> or X-API-Key)"}'],
    ['prose about bearer and basic authentication', '{"msg":"Bearer authentication failed; Basic authentication is off","type":"bearer"}'],
    ['a challenge', '{"headers":{"www-authenticate":"Bearer realm=\\"metrics\\""}}'],
    ['the key prefix the hub shows', '{"msg":"key created","prefix":"ehk_AbCdEf"}'],
    ['a database URL without a password', '{"url":"postgresql://postgres@127.0.0.1:5432/erphub_test"}'],
    ['an e-mail address in a query after a port', '{"url":"http://127.0.0.1:4010?email=a@b.example"}'],
    ['a token count and a boolean', '{"tokens":3,"token":true,"secret":null}'],
  ])('does not flag %s', (_what, line) => {
    expect(scanLine(line, knownSecrets)).toEqual([])
  })

  test('a finding names the known secret and masks it', () => {
    const [finding] = scanLine(`{"msg":"${ERP_TOKEN}"}`, secrets)
    expect(finding).toEqual({ kind: 'known-secret', what: 'the ERP token', masked: 'erp-…(20 chars)' })
  })

  test('a directory of log files: every line counted, findings at file:line, and the summary never holds a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-audit-test-'))
    try {
      writeFileSync(join(dir, '101.ndjson'), '{"msg":"one"}\n{"msg":"two","token":"[redacted]"}\n')
      writeFileSync(join(dir, '202.ndjson'), `{"msg":"three"}\n{"msg":"leak ${ERP_TOKEN} and ${API_KEY}"}\n{"msg":"four"}\n`)
      writeFileSync(join(dir, 'notes.txt'), `not a log: ${ERP_TOKEN}\n`)
      const summary = auditLogDir(dir, secrets)
      expect(summary).toMatchObject({ files: 2, lines: 5, byKind: { 'known-secret': 1, 'api-key': 1 } })
      expect(summary.findings.map((f) => `${f.file}:${f.line} ${f.kind}`)).toEqual(['202.ndjson:2 known-secret', '202.ndjson:2 api-key'])
      const text = JSON.stringify(summary)
      expect(text).not.toContain(ERP_TOKEN)
      expect(text).not.toContain(API_KEY)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('every logger writes to the audit', () => {
  let dir: string
  const before = process.env[LOG_AUDIT_ENV]
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'log-audit-logger-'))
    process.env[LOG_AUDIT_ENV] = dir
  })
  afterEach(() => {
    if (before === undefined) delete process.env[LOG_AUDIT_ENV]
    else process.env[LOG_AUDIT_ENV] = before
    rmSync(dir, { recursive: true, force: true })
  })
  const auditLines = () => readFileSync(join(dir, `${process.pid}.ndjson`), 'utf8').split('\n').filter(Boolean)

  test('a silent logger still writes every line, from trace up, redacted as usual', () => {
    const logger = createLogger({ level: 'silent' }) as ReturnType<typeof createLogger> & { trace(obj: object, msg?: string): void }
    logger.trace({ step: 1 }, 'traced')
    logger.child({ connectionId: 'c-1' }).debug({ config: { auth: { type: 'bearer', token: ERP_TOKEN } }, headers: { authorization: `Bearer ${ERP_TOKEN}` } }, 'calling the ERP')
    const lines = auditLines()
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['traced', 'calling the ERP'])
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'debug', connectionId: 'c-1', config: { auth: { token: '[redacted]' } }, headers: { authorization: '[redacted]' } })
    expect(auditLogDir(dir, secrets).findings).toEqual([])
  })

  test("the caller's destination keeps the caller's level; a secret the redaction cannot see is found", () => {
    const seen: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        seen.push(String(chunk))
        done()
      },
    })
    const logger = createLogger({ level: 'info', destination: sink })
    logger.debug({}, 'below the caller level')
    logger.warn({ status: 401 }, `the ERP refused Authorization: Bearer ${ERP_TOKEN}`)
    expect(seen.map((l) => JSON.parse(l).msg)).toEqual([`the ERP refused Authorization: Bearer ${ERP_TOKEN}`])
    expect(auditLines().map((l) => JSON.parse(l).msg)).toEqual(['below the caller level', `the ERP refused Authorization: Bearer ${ERP_TOKEN}`])
    const summary = auditLogDir(dir, secrets)
    expect(summary.findings.map((f) => `${f.line} ${f.kind}`).sort()).toEqual(['2 bearer-token', '2 known-secret'])
  })
})
