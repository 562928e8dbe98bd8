import { randomBytes } from 'node:crypto'
import { restConnector } from '../../connectors/rest/rest.connector'
import { maskConfig, openConfig, sealConfig, SECRET_MASK, unmaskConfig } from '../../src/connections/connection-config.codec'
import { open, seal } from '../../src/connections/secret-box'

const key = randomBytes(32)
const config = restConnector.configSchema.parse({
  baseUrl: 'https://erp.example.com',
  auth: { type: 'basic', username: 'hub', password: 'pa55-w0rd-secret' },
  entities: { customer: { path: '/api/customers' } },
})

describe('connection secrets at rest', () => {
  test('AES-256-GCM round-trips and refuses a ciphertext moved to another place or a wrong key', () => {
    const sealed = seal(key, 'pa55-w0rd-secret', 'conn-1:auth.password')
    expect(sealed).not.toContain('pa55')
    expect(open(key, sealed, 'conn-1:auth.password')).toBe('pa55-w0rd-secret')
    expect(() => open(key, sealed, 'conn-2:auth.password')).toThrow('cannot be decrypted')
    expect(() => open(randomBytes(32), sealed, 'conn-1:auth.password')).toThrow('cannot be decrypted')
    expect(seal(key, 'same', 'x')).not.toBe(seal(key, 'same', 'x')) // fresh IV every time
  })

  test('the stored config holds only sealed secrets; opening restores the plaintext; the API shows a mask', () => {
    const stored = sealConfig(restConnector.configSchema, config, key, 'conn-1')
    expect(JSON.stringify(stored)).not.toContain('pa55-w0rd-secret')
    expect((stored as { auth: { username: string; password: unknown } }).auth.username).toBe('hub')
    expect((stored as { auth: { password: { $secret: string } } }).auth.password.$secret).toMatch(/^v1\./)
    expect(openConfig(stored, key, 'conn-1')).toEqual(config)
    expect((maskConfig(stored) as { auth: unknown }).auth).toEqual({ type: 'basic', username: 'hub', password: SECRET_MASK })
  })

  test('an update that sends the mask keeps the stored secret; a mask with no secret behind it is an issue', () => {
    const shown = { ...config, auth: { type: 'basic', username: 'hub2', password: SECRET_MASK } }
    expect(unmaskConfig(shown, config as never)).toEqual({ config: { ...config, auth: { type: 'basic', username: 'hub2', password: 'pa55-w0rd-secret' } }, issues: [] })
    const switched = { ...config, auth: { type: 'bearer', token: SECRET_MASK } }
    expect(unmaskConfig(switched, config as never).issues).toEqual([{ path: 'auth.token', message: expect.stringContaining('no secret is stored here') }])
  })
})
