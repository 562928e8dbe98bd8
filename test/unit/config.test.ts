import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EnvSchema, loadConfig } from '../../src/config/config'

describe('configuration from the environment', () => {
  test('defaults work on a fresh machine, with the development secret key flagged', () => {
    const c = loadConfig({})
    expect(c.databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/erphub')
    expect(c.queuePrefix).toBe('{erphub}')
    expect(c.usingDevSecretKey).toBe(true)
    expect(c.secretKey).toHaveLength(32)
    expect(c.databasePoolMax).toBeGreaterThanOrEqual(3 * c.worker.concurrency + 1)
  })

  test('each bad variable is named', () => {
    expect(() => loadConfig({ QUEUE_PREFIX: 'erphub', PORT: 'eighty' })).toThrow(expect.objectContaining({ details: { issues: expect.arrayContaining([expect.objectContaining({ path: 'QUEUE_PREFIX' }), expect.objectContaining({ path: 'PORT' })]) } }))
    expect(() => loadConfig({ ERPHUB_SECRET_KEY: 'short' })).toThrow(expect.objectContaining({ details: { issues: [expect.objectContaining({ path: 'ERPHUB_SECRET_KEY' })] } }))
    expect(() => loadConfig({ WORKER_CONCURRENCY: '8', DATABASE_POOL_MAX: '10' })).toThrow(expect.objectContaining({ details: { issues: [expect.objectContaining({ path: 'DATABASE_POOL_MAX', message: expect.stringContaining('at least 25') })] } }))
  })

  test('production refuses to run without a secret key; a 32-byte key in hex or base64 is accepted', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(expect.objectContaining({ details: { issues: [expect.objectContaining({ path: 'ERPHUB_SECRET_KEY' })] } }))
    const hex = 'ab'.repeat(32)
    expect(loadConfig({ NODE_ENV: 'production', ERPHUB_SECRET_KEY: hex }).secretKey.toString('hex')).toBe(hex)
    const b64 = Buffer.alloc(32, 7).toString('base64')
    expect(loadConfig({ ERPHUB_SECRET_KEY: b64 }).usingDevSecretKey).toBe(false)
  })

  test("the README's configuration table names every variable the hub reads, and none it does not", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')
    const start = readme.indexOf('| variable | default | meaning |')
    const table = readme.slice(start, readme.indexOf('\n\n', start))
    // A row's first cell names one variable or a few that go together (`HOST`, `PORT`).
    const documented = table.split('\n').flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]))
    expect(documented.sort()).toEqual(Object.keys(EnvSchema.shape).sort())
  })
})
