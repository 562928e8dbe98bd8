import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { openConnection } from '../../src/connections/connection.service'
import { webhookSealId } from '../../src/connections/webhook.config'
import { openConfig } from '../../src/connections/connection-config.codec'
import { startTestHub, type TestHub } from '../support/hub.harness'

const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..')

const TOKEN = 'tok-A-7f3e9c1d2b-never-printed'
const HOOK_SECRET = 'hook-B-5a8d0e44-never-printed'

const erpA = (o: { customerEvery?: number } = {}) => `# ERP A: its token and webhook secret come from the environment.
name: erp-a
kind: rest
config:
  baseUrl: http://127.0.0.1:9/api
  auth: { type: bearer, token: "\${env:ERP_A_TOKEN}" }
  entities:
    customer: { path: /customers }
    product: { path: /products, pageSize: 200 }
schedule:
  everySeconds: 900
  entities: { customer: ${o.customerEvery ?? 300}, product: null }
webhook:
  signature: { scheme: hmac-sha256, secret: "\${env:ERP_A_HOOK_SECRET}", header: X-Signature }
  events: { entity: customer, record: $ }
defaultCountry: de
identityPriority: 10
`

const erpB = (o: { baseUrl?: string } = {}) => `name: erp-b
kind: rest
config:
  baseUrl: ${o.baseUrl ?? 'http://127.0.0.1:9/b'}
  entities:
    product: { path: /items, recordsPath: items }
mappings: { product: rest/product }
limits: { ratePerSecond: 5, burst: 10 }
enabled: false
`

interface Result {
  code: number
  stdout: string
  stderr: string
}

/** `connections apply` against a tenant whose connection rows are read back after each step. */
describe('erphub connections apply', () => {
  let th: TestHub
  let slug: string
  let dir: string
  const outputs: string[] = []

  const erphub = async (args: string[], env: Record<string, string | undefined> = {}): Promise<Result> => {
    const base = { ...process.env, DATABASE_URL: th.config.databaseUrl, QUEUE_PREFIX: th.config.queuePrefix, LOG_LEVEL: 'silent', ERP_A_TOKEN: TOKEN, ERP_A_HOOK_SECRET: HOOK_SECRET }
    const res = await run(join(ROOT, 'bin', 'erphub'), args, { cwd: ROOT, env: { ...base, ...env } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    )
    outputs.push(res.stdout, res.stderr)
    return res
  }
  const apply = (target: string, ...more: string[]) => erphub(['connections', 'apply', '-f', target, '--tenant', slug, ...more])
  const rows = async () => Object.fromEntries((await th.hub.db.prisma.connection.findMany({ where: { tenantId: th.tenantId } })).map((r) => [r.name, r]))
  const stamps = async () => Object.fromEntries(Object.entries(await rows()).map(([name, r]) => [name, r.updatedAt.toISOString()]))
  const changeLines = (out: string) => out.split('\n').filter((l) => /^ {4}[~+-] /.test(l)).map((l) => l.trim())

  beforeAll(async () => {
    th = await startTestHub()
    slug = (await th.hub.db.prisma.tenant.findUniqueOrThrow({ where: { id: th.tenantId } })).slug
    dir = mkdtempSync(join(tmpdir(), 'erphub-apply-'))
    writeFileSync(join(dir, 'erp-a.yaml'), erpA())
    writeFileSync(join(dir, 'erp-b.yml'), erpB())
    writeFileSync(join(dir, 'notes.txt'), 'not a connection: only *.yaml and *.yml are read')
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await th?.close()
  })

  test('a folder of two connections creates both; the secret from ${env:…} is sealed, and shown only as the mask', async () => {
    const res = await apply(dir)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('+ erp-a (rest): create')
    expect(res.stdout).toContain('+ erp-b (rest): create')
    expect(res.stdout).toContain('    + config.auth.token: ********')
    expect(res.stdout).toContain('    + webhook.signature.secret: ********')
    expect(res.stdout).toContain('    + schedule.entities.customer: 300')
    expect(res.stdout).toMatch(/applied: 2 created, 0 updated, 0 unchanged, 0 deleted/)
    const stored = await rows()
    expect(Object.keys(stored).sort()).toEqual(['erp-a', 'erp-b'])
    // Sealed at rest, the plaintext only through the hub's key.
    expect(JSON.stringify(stored['erp-a'].config)).not.toContain(TOKEN)
    expect(JSON.stringify(stored['erp-a'].webhook)).not.toContain(HOOK_SECRET)
    expect(((await openConnection(th.hub.connections, th.tenantId, stored['erp-a'].id)).config as { auth: { token: string } }).auth.token).toBe(TOKEN)
    expect(openConfig(stored['erp-a'].webhook as never, th.hub.config.secretKey, webhookSealId(stored['erp-a'].id))).toMatchObject({ signature: { secret: HOOK_SECRET, header: 'x-signature' } })
    expect(stored['erp-a']).toMatchObject({ defaultCountry: 'DE', identityPriority: 10, enabled: true })
    expect(stored['erp-b']).toMatchObject({ limits: { ratePerSecond: 5, burst: 10 }, mappings: { product: 'rest/product' }, enabled: false, identityPriority: 0 })
  })

  test('applying the same files again changes nothing: every connection unchanged, rows untouched', async () => {
    const before = await stamps()
    const res = await apply(dir)
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('= erp-a (rest): unchanged')
    expect(res.stdout).toContain('= erp-b (rest): unchanged')
    expect(changeLines(res.stdout)).toEqual([])
    expect(res.stdout).toMatch(/plan: 0 to create, 0 to update, 2 unchanged, 0 to delete/)
    expect(await stamps()).toEqual(before)
  })

  test('one changed field is exactly the diff, and only its connection is updated', async () => {
    writeFileSync(join(dir, 'erp-a.yaml'), erpA({ customerEvery: 600 }))
    const before = await stamps()
    const res = await apply(dir)
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('~ erp-a (rest): update')
    expect(changeLines(res.stdout)).toEqual(['~ schedule.entities.customer: 300 → 600'])
    expect(res.stdout).toContain('= erp-b (rest): unchanged')
    const after = await stamps()
    expect(after['erp-b']).toBe(before['erp-b'])
    expect(after['erp-a']).not.toBe(before['erp-a'])
    expect((await rows())['erp-a'].schedule).toEqual({ everySeconds: 900, entities: { customer: 600, product: null } })
    // …and the secrets survived the update.
    expect(((await openConnection(th.hub.connections, th.tenantId, (await rows())['erp-a'].id)).config as { auth: { token: string } }).auth.token).toBe(TOKEN)
    expect((await apply(dir)).stdout).toMatch(/2 unchanged/)
  })

  test('a new secret in the environment is a masked change: compared in clear, never printed', async () => {
    const res = await erphub(['connections', 'apply', '-f', dir, '--tenant', slug], { ERP_A_TOKEN: `${TOKEN}-rotated` })
    expect(res.code).toBe(0)
    expect(changeLines(res.stdout)).toEqual(['~ config.auth.token: ******** (changed)'])
    expect(((await openConnection(th.hub.connections, th.tenantId, (await rows())['erp-a'].id)).config as { auth: { token: string } }).auth.token).toBe(`${TOKEN}-rotated`)
    expect((await apply(dir)).stdout).toContain('~ config.auth.token: ******** (changed)') // back to the original
  })

  test('--dry-run prints the plan and writes nothing', async () => {
    writeFileSync(join(dir, 'erp-b.yml'), erpB({ baseUrl: 'http://127.0.0.1:9/b2' }))
    const before = await rows()
    const res = await apply(dir, '--dry-run')
    expect(res.code).toBe(0)
    expect(changeLines(res.stdout)).toEqual(['~ config.baseUrl: "http://127.0.0.1:9/b" → "http://127.0.0.1:9/b2"'])
    expect(res.stdout).toContain('dry run: nothing was written')
    expect(await rows()).toEqual(before)
    // The files are the whole truth: a setting taken out of a file goes back to its default.
    writeFileSync(join(dir, 'erp-b.yml'), erpB().replace('limits: { ratePerSecond: 5, burst: 10 }\n', '').replace('enabled: false\n', ''))
    const dropped = await apply(dir, '--dry-run')
    expect(changeLines(dropped.stdout)).toEqual(['~ enabled: false → true', '- limits.burst: 10', '- limits.ratePerSecond: 5'])
    expect(await rows()).toEqual(before)
    writeFileSync(join(dir, 'erp-b.yml'), erpB())
  })

  test('a connection no file names is kept, and listed; --prune deletes it', async () => {
    const only = join(dir, 'only-a')
    require('node:fs').mkdirSync(only)
    writeFileSync(join(only, 'erp-a.yaml'), erpA({ customerEvery: 600 }))
    const kept = await apply(only)
    expect(kept.code).toBe(0)
    expect(kept.stdout).toContain('not in the files, kept (--prune deletes them): erp-b')
    expect(Object.keys(await rows()).sort()).toEqual(['erp-a', 'erp-b'])

    const dry = await apply(only, '--prune', '--dry-run')
    expect(dry.stdout).toContain('- erp-b (rest): delete (not in the files)')
    expect(Object.keys(await rows()).sort()).toEqual(['erp-a', 'erp-b'])

    const pruned = await apply(only, '--prune')
    expect(pruned.code).toBe(0)
    expect(pruned.stdout).toMatch(/applied: 0 created, 0 updated, 1 unchanged, 1 deleted/)
    expect(Object.keys(await rows())).toEqual(['erp-a'])
    unlinkSync(join(only, 'erp-a.yaml'))
  })

  test('a missing environment variable: exit 1 naming the file, the document and the key path; nothing written', async () => {
    const before = await rows()
    const res = await erphub(['connections', 'apply', '-f', dir, '--tenant', slug], { ERP_A_HOOK_SECRET: undefined })
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/erp-a\.yaml:14 \(document 1\) webhook\.signature\.secret: environment variable ERP_A_HOOK_SECRET is not set/)
    expect(res.stderr).toMatch(/erphub: 1 issue; nothing was written/)
    expect(await rows()).toEqual(before)
  })

  test('an invalid field in the second document of a file: exit 1 naming file, document and path; the valid ones are not written either', async () => {
    const file = join(dir, 'more.yaml')
    writeFileSync(file, `name: erp-c\nkind: rest\nconfig: { baseUrl: "http://127.0.0.1:9/c", entities: { customer: { path: /c } } }\n---\nname: erp-d\nkind: rest\nconfig:\n  baseUrl: http://127.0.0.1:9/d\n  entities:\n    customer: { path: /d, paging: { type: sideways } }\nschedule: { everySeconds: 1 }\n`)
    try {
      const res = await apply(dir)
      expect(res.code).toBe(1)
      const issues = res.stderr.split('\n').filter((l) => l.includes('more.yaml'))
      expect(issues).toEqual([
        expect.stringMatching(/^.*more\.yaml:10 \(document 2\) config\.entities\.customer\.paging\.type: /),
        expect.stringMatching(/^.*more\.yaml:11 \(document 2\) schedule\.everySeconds: /),
      ])
      expect(Object.keys(await rows())).toEqual(['erp-a'])
    } finally {
      unlinkSync(file)
    }
  })

  test('no secret is ever printed in clear', () => {
    const all = outputs.join('\n')
    expect(all).not.toContain(TOKEN)
    expect(all).not.toContain(HOOK_SECRET)
  })
})
