import type { SimulatorOptions } from '../../src/simulator'
import { client, startTestSimulator } from './simulator.test-kit'

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe.each<[string, NonNullable<SimulatorOptions['auth']>, Record<string, string>, Record<string, string>[]]>([
  ['bearer', { type: 'bearer', token: 's3cret' }, { Authorization: 'Bearer s3cret' }, [{ Authorization: 'Bearer wrong' }, { Authorization: 'Basic s3cret' }, { Authorization: 'Bearer s3cret-and-more' }]],
  ['basic', { type: 'basic', username: 'erp', password: 'pässword' }, { Authorization: basic('erp', 'pässword') }, [{ Authorization: basic('erp', 'nope') }, { Authorization: basic('other', 'pässword') }, { Authorization: 'Basic !!!' }]],
  ['api-key', { type: 'api-key', header: 'X-Api-Key', value: 'k-123' }, { 'x-api-key': 'k-123' }, [{ 'X-Api-Key': 'k-124' }, { Authorization: 'Bearer k-123' }]],
])('%s auth', (_name, auth, good, bad) => {
  test('the right credentials pass; missing or wrong ones get 401 unauthorized, health included', async () => {
    const sim = await startTestSimulator({ lines: 100, auth })
    try {
      for (const path of ['/api/v1/customers', '/api/v1/health']) {
        expect((await client(sim, good).get(path)).status).toBe(200)
        const missing = await client(sim).get(path)
        expect(missing.status).toBe(401)
        expect(missing.data.error.code).toBe('unauthorized')
        for (const headers of bad) {
          const wrong = await client(sim, headers).get(path)
          expect(wrong.status).toBe(401)
          expect(wrong.data.error.code).toBe('unauthorized')
          expect(wrong.data.data).toBeUndefined()
        }
      }
      // The admin routes are for the test harness on the same host and need no credentials.
      expect((await client(sim).get('/admin/stats')).status).toBe(200)
    } finally {
      await sim.close()
    }
  })
})

test('bearer and basic refusals carry the challenge for their scheme', async () => {
  const bearer = await startTestSimulator({ lines: 100, auth: { type: 'bearer', token: 't' } })
  const basicSim = await startTestSimulator({ lines: 100, auth: { type: 'basic', username: 'u', password: 'p' } })
  try {
    expect((await client(bearer).get('/api/v1/stock')).headers['www-authenticate']).toMatch(/^Bearer /)
    expect((await client(basicSim).get('/api/v1/stock')).headers['www-authenticate']).toMatch(/^Basic /)
  } finally {
    await Promise.all([bearer.close(), basicSim.close()])
  }
})

test('without auth options (or with "none") the API is open', async () => {
  const sim = await startTestSimulator({ lines: 100, auth: 'none' })
  try {
    expect((await client(sim).get('/api/v1/products')).status).toBe(200)
    expect(sim.authType).toBe('none')
  } finally {
    await sim.close()
  }
})
