import { ConfigError, findSecretPaths } from '../../src/connector-sdk'
import { ublConfigSchema } from './ubl.config'
import { ublConnector } from './ubl.connector'
import { contextWith, recordingLogger } from './ubl.test-kit'

describe('ubl config', () => {
  it('needs nothing: an empty config gets the defaults, order responses skipped', () => {
    expect(ublConfigSchema.parse({})).toEqual({ batchSize: 500, maxElementBytes: 16 * 1024 * 1024, maxOrderLines: 100_000, orderResponses: 'skip' })
  })

  it('reports a typo as an unknown key instead of ignoring it', () => {
    const parsed = ublConfigSchema.safeParse({ orderResponse: 'upsert' })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['orderResponse'] })])
  })

  it.each([{ batchSize: 0 }, { maxOrderLines: 0 }, { maxElementBytes: 100 }, { orderResponses: 'merge' }])('refuses %j', (config) => {
    expect(ublConfigSchema.safeParse(config).success).toBe(false)
  })

  it('holds no secret', () => {
    expect(findSecretPaths(ublConfigSchema, ublConfigSchema.parse({}))).toEqual([])
  })

  it('passes check() with nothing to call, and refuses to read from an ERP', async () => {
    const session = await ublConnector.connect(ublConfigSchema.parse({}), contextWith(recordingLogger()))
    await expect(session.check()).resolves.toBeUndefined()
    expect(() => session.read('sales-order', null, new AbortController().signal)).toThrow(ConfigError)
    await session.close()
  })
})
