import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { currentConfigReference, END_MARKER, README_PATH, renderConfigReference, START_MARKER, withConfigReference } from '../../scripts/config-reference'
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

  test('defaults computed by loadConfig are the ones the reference names', () => {
    const root = join(__dirname, '..', '..')
    expect(loadConfig({ WORKER_CONCURRENCY: '8' }).databasePoolMax).toBe(3 * 8 + 5)
    expect(loadConfig({}).mappingsDir).toBe(join(root, 'mappings'))
    expect(loadConfig({}).documentsDir).toBe(join(root, 'var', 'documents'))
  })
})

describe('the configuration reference in README.md', () => {
  const readme = () => readFileSync(README_PATH, 'utf8')

  test('is exactly what the config schema renders (run `npm run docs:config` after changing the schema)', () => {
    const inReadme = currentConfigReference(readme())
    const rendered = renderConfigReference()
    if (inReadme !== rendered) {
      const [a, b] = [inReadme.split('\n'), rendered.split('\n')]
      const line = Array.from({ length: Math.max(a.length, b.length) }, (_, i) => i).find((i) => a[i] !== b[i]) ?? 0
      throw new Error(`README.md's configuration reference differs from src/config/config.ts: run \`npm run docs:config\`.\nFirst difference:\n  README.md: ${a[line] ?? '(ends)'}\n  rendered:  ${b[line] ?? '(ends)'}`)
    }
  })

  test('has one row per variable the hub reads, in the schema\'s order', () => {
    const names = [...currentConfigReference(readme()).matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1])
    expect(names).toEqual(Object.keys(EnvSchema.shape))
  })

  test('renders types, defaults and "required when" from the schema, and refuses a variable without a description', () => {
    const block = renderConfigReference(
      z.object({
        MODE: z.enum(['a', 'b']).default('a').meta({ description: 'the mode' }),
        SIZE: z.coerce.number().int().min(1).max(9).optional().meta({ description: 'the size', computedDefault: '`2 × MODE`' }),
        RATE: z.coerce.number().positive().default(1.5).meta({ description: 'the rate' }),
        TAG: z.string().regex(/^\{x\}$/).meta({ description: 'pipes | escaped' }),
        KEY: z.string().min(16).optional().meta({ description: 'the key', requiredWhen: '`MODE=b`' }),
      }),
    )
    expect(block.split('\n').filter((l) => l.startsWith('| `'))).toEqual([
      '| `MODE` | one of `a`, `b` | `a` | — | the mode |',
      '| `SIZE` | integer, 1 to 9 | `2 × MODE` | — | the size |',
      '| `RATE` | number > 0 | `1.5` | — | the rate |',
      '| `TAG` | string matching `^\\{x\\}$` | — | always | pipes \\| escaped |',
      '| `KEY` | string, at least 16 characters | — | `MODE=b` | the key |',
    ])
    expect(() => renderConfigReference(z.object({ UNSAID: z.string().default('x') }))).toThrow(/UNSAID has no description/)
    expect(() => renderConfigReference(z.object({ ODD: z.string().email().meta({ description: 'an address' }) }))).toThrow(/ODD: the reference cannot describe/)
  })

  test('rewriting README.md changes only the block between the markers', () => {
    const text = `before\n${START_MARKER}\nstale\n${END_MARKER}\nafter\n`
    expect(withConfigReference(text, `${START_MARKER}\nfresh\n${END_MARKER}`)).toBe(`before\n${START_MARKER}\nfresh\n${END_MARKER}\nafter\n`)
    expect(() => withConfigReference('no markers here')).toThrow(/exactly one/)
  })

  test('.env.example names only variables the hub reads, each set to its default', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8')
    const entries = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({ name: m[1], value: m[2].trim(), commented: m[0].startsWith('#') }))
    expect(entries.length).toBeGreaterThan(0)
    const defaults = EnvSchema.parse({}) as Record<string, unknown>
    for (const e of entries) {
      expect(Object.keys(EnvSchema.shape)).toContain(e.name)
      if (!e.commented) expect(`${e.name}=${e.value}`).toBe(`${e.name}=${String(defaults[e.name])}`)
    }
  })
})
