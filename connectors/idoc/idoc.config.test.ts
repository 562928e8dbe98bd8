import { ConfigError, findSecretPaths } from '../../src/connector-sdk'
import { idocConfigSchema } from './idoc.config'
import { idocConnector } from './idoc.connector'
import { contextWith, recordingLogger } from './idoc.test-kit'

describe('idoc config', () => {
  it('needs nothing: an empty config gets the defaults', () => {
    expect(idocConfigSchema.parse({})).toEqual({ batchSize: 500, maxIdocBytes: 32 * 1024 * 1024 })
  })

  it('reports a typo as an unknown key instead of ignoring it', () => {
    const parsed = idocConfigSchema.safeParse({ batchsize: 10 })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['batchsize'] })])
  })

  it.each([{ batchSize: 0 }, { batchSize: 10_001 }, { maxIdocBytes: 1024 }])('refuses %j', (config) => {
    expect(idocConfigSchema.safeParse(config).success).toBe(false)
  })

  it('holds no secret', () => {
    expect(findSecretPaths(idocConfigSchema, idocConfigSchema.parse({}))).toEqual([])
  })
})

describe('idoc connector', () => {
  it('takes documents for customers, products, sales and production orders, keyed by id', () => {
    expect(idocConnector.entities(idocConfigSchema.parse({}))).toEqual({
      customer: { key: 'id', can: { document: true } },
      'sales-order': { key: 'id', can: { document: true } },
      product: { key: 'id', can: { document: true } },
      'production-order': { key: 'id', can: { document: true } },
    })
  })

  it('passes check() with nothing to call, and refuses to read from an ERP', async () => {
    const session = await idocConnector.connect(idocConfigSchema.parse({}), contextWith(recordingLogger()))
    await expect(session.check()).resolves.toBeUndefined()
    expect(() => session.read('customer', null, new AbortController().signal)).toThrow(ConfigError)
    await session.close()
  })
})
