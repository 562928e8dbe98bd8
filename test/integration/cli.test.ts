import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { openDatabase } from '../../src/store/database'
import { findActiveApiKey } from '../../src/store/api-key.repo'
import { createTestDatabase } from '../support/test-database'

const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..')

describe('the erphub CLI', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  const erphub = (args: string[]) =>
    run(join(ROOT, 'bin', 'erphub'), args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' } }).catch((err) => err as { stdout: string; stderr: string; code: number })

  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('lists its commands', async () => {
    const { stdout } = await erphub(['--help'])
    for (const command of ['api', 'worker', 'all', 'migrate', 'simulate-erp', 'demo', 'keys']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'))
  })

  test('migrate on an up-to-date database applies nothing and says so', async () => {
    const { stdout } = await erphub(['migrate'])
    expect(stdout).toMatch(/0 applied, \d+ already applied/)
  })

  test('keys create makes the tenant and prints a key that authenticates with its role, once', async () => {
    const { stdout, stderr } = await erphub(['keys', 'create', '--tenant', 'acme', '--role', 'marketer'])
    const key = stdout.trim()
    expect(key).toMatch(/^ehk_/)
    expect(stderr).toContain('it is not shown again')
    const db = openDatabase({ url: database.url, max: 2 })
    try {
      const row = await findActiveApiKey(db, key)
      expect(row?.role).toBe('marketer')
      expect((await db.prisma.tenant.findUnique({ where: { id: row!.tenantId } }))?.slug).toBe('acme')
      expect(row?.keyHash).not.toContain(key)
    } finally {
      await db.close()
    }
  })

  test('a bad argument is refused with the reason and a non-zero exit', async () => {
    const res = (await erphub(['keys', 'create', '--tenant', 'acme', '--role', 'owner'])) as { code?: number; stderr: string }
    expect(res.code).toBe(1)
    expect(res.stderr).toContain('--role must be one of admin, marketer, service, manager, webhook')
  })
})
