import { ConfigError } from '../../src/connector-sdk'
import { csvConfigSchema } from './csv.config'
import { csvConnector } from './csv.connector'
import { sampleConfig, testContext } from './csv.test-kit'

describe('csv connector', () => {
  it('is kind csv, version 1.0.0, and takes documents', () => {
    expect(csvConnector).toMatchObject({ kind: 'csv', version: '1.0.0' })
    expect(typeof csvConnector.parseDocument).toBe('function')
  })

  it('passes check() without reaching anything, and refuses read(): it is only fed documents', async () => {
    const session = await csvConnector.connect(csvConfigSchema.parse(sampleConfig), testContext())
    await expect(session.check()).resolves.toBeUndefined()
    expect(() => session.read('customer', null, new AbortController().signal)).toThrow(ConfigError)
    await session.close()
  })
})
