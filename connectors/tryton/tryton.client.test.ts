import nock from 'nock'
import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient } from '../../src/connector-sdk'
import { createTrytonClient } from './tryton.client'
import { answers, FakeTryton, LOGIN, PASSWORD, rejection, SERVER, testContext, trytonConfig } from './tryton.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

const capturedKey = (answers.login.result as [number, string])[1]

function client(overrides = {}) {
  const { ctx, logs } = testContext()
  return { client: createTrytonClient(trytonConfig(overrides), ctx), logs }
}

describe('the Tryton session', () => {
  it('logs in with exactly {id, method, params}, then sends the Session header and the context (company from preferences) last', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { client: c } = client()
    await c.call('model.party.party.search_read', [[], 0, 1, null, ['name']])

    const [login, prefs, read] = fake.calls
    expect(Object.keys(login.body).sort()).toEqual(['id', 'method', 'params'])
    expect(login.params).toEqual([LOGIN, { password: PASSWORD }, 'en'])
    expect(login.authorization).toBeUndefined()
    // PROTOCOL.md: Authorization: Session base64("hub:2:<key>")
    const header = `Session ${Buffer.from(`hub:2:${capturedKey}`).toString('base64')}`
    expect(prefs).toMatchObject({ method: 'model.res.user.get_preferences', params: [true, {}], authorization: header })
    expect(read).toMatchObject({ method: 'model.party.party.search_read', authorization: header })
    expect(read.params).toEqual([[], 0, 1, null, ['name'], { company: 1, language: 'en' }])
  })

  it('logs in once for many calls, also when they start together', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { client: c } = client()
    await Promise.all([1, 2, 3].map(() => c.call('model.sale.sale.search', [[], 0, 1, null])))
    await c.call('model.sale.sale.search', [[], 0, 1, null])
    expect(fake.methods().filter((m) => m === 'common.db.login')).toHaveLength(1)
  })

  it('logs in again once when the session expired (401), and repeats the call', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { client: c, logs } = client()
    await c.call('model.sale.sale.search', [[], 0, 1, null])
    fake.expireSessions()
    await expect(c.call('model.sale.sale.search', [[], 0, 1, null])).resolves.toEqual([1])
    expect(fake.methods()).toEqual([
      'common.db.login',
      'model.res.user.get_preferences',
      'model.sale.sale.search',
      'model.sale.sale.search', // 401
      'common.db.login',
      'model.res.user.get_preferences',
      'model.sale.sale.search',
    ])
    expect(logs.some((l) => l.includes('session expired'))).toBe(true)
  })

  it('gives up with an AuthError when the call is refused again right after a fresh login', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { client: c } = client()
    await c.call('model.sale.sale.search', [[], 0, 1, null])
    fake.expireSessions()
    fake.failOnce(/search$/, { status: 401 })
    fake.failOnce(/search$/, { status: 401 })
    const err = await rejection(c.call('model.sale.sale.search', [[], 0, 1, null]))
    expect(err).toBeInstanceOf(AuthError)
    expect(fake.methods().filter((m) => m === 'common.db.login')).toHaveLength(2)
  })

  it('a refused login (401) is an AuthError naming the login, never the password', async () => {
    new FakeTryton({ password: 'another-password' }).intercept()
    const { client: c, logs } = client()
    const err = await rejection(c.call('model.sale.sale.search', [[], 0, 1, null]))
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).toContain('"hub"')
    expect(`${err.message}\n${err.stack}\n${logs.join('\n')}`).not.toContain(PASSWORD)
  })

  it('a 403 at login is an AuthError; a 404 (no such database) is a ConfigError', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/login/, { status: 403, body: '<p>403 Forbidden</p>' })
    expect(await rejection(client().client.context())).toBeInstanceOf(AuthError)
    fake.failOnce(/login/, { status: 404, body: '<p>404 Not Found</p>' })
    const missing = await rejection(client().client.context())
    expect(missing).toBeInstanceOf(ConfigError)
    expect(missing.message).toContain('no database "tryton_erp"')
  })

  it("a 429 at login (Tryton's throttle, no Retry-After) waits out the throttle window", async () => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/login/, { status: 429 })
    const err = await rejection(client({ loginRetryAfterMs: 120_000 }).client.context())
    expect(err).toBeInstanceOf(RateLimited)
    expect((err as RateLimited).retryAfterMs).toBe(120_000)
  })

  it('a 429 on a call keeps the Retry-After it came with', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/search_read/, { status: 429, headers: { 'Retry-After': '7' } })
    const err = await rejection(client().client.call('model.sale.sale.search_read', [[], 0, 1, null, []]))
    expect(err).toBeInstanceOf(RateLimited)
    expect((err as RateLimited).retryAfterMs).toBe(7000)
  })

  it('LoginException (a login asking for another parameter) is an AuthError', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/login/, { fault: answers.loginException.error! })
    const err = await rejection(client().client.context())
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).toContain('Password for hub')
  })

  it('a user without a current company is a ConfigError saying so', async () => {
    nock(SERVER)
      .post('/tryton_erp/')
      .reply(200, (_u, body) => ({ id: (body as { id: number }).id, result: [2, capturedKey] }))
      .post('/tryton_erp/')
      .reply(200, (_u, body) => ({ id: (body as { id: number }).id, result: { company: null, language: 'en' } }))
    const err = await rejection(client().client.context())
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('no current company')
  })

  it('logs out on close', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { client: c } = client()
    await c.context()
    await c.close()
    expect(fake.methods().at(-1)).toBe('common.db.logout')
  })
})

describe('Tryton faults (HTTP 200 with {"error": [kind, details]}) become typed errors', () => {
  it.each([
    ['accessError', AuthError, 'You are not allowed to access "Account Move".'],
    ['requiredField', ConfigError, 'A value is required for field "Party" in "Contact Mechanism".'],
    ['concurrency', Transient, 'Records were modified in the meanwhile'],
    ['stockWarning', ConfigError, 'The forcast quantity (-7.0u)'],
    ['unknownModel', ConfigError, "'sale.order'"],
    ['unknownField', ConfigError, "'no_such_field'"],
  ] as const)('%s', async (name, type, text) => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/search_read/, { fault: answers[name].error! })
    const err = await rejection(client().client.call('model.sale.sale.search_read', [[], 0, 1, null, []]))
    expect(err).toBeInstanceOf(type)
    expect(err.message).toContain(text)
  })

  it('an unexpected server exception (any other kind) is Transient', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/search_read/, { fault: ['could not serialize access due to concurrent update', ''] })
    expect(await rejection(client().client.call('model.sale.sale.search_read', [[], 0, 1, null, []]))).toBeInstanceOf(Transient)
  })
})

describe('answers that are not JSON-RPC', () => {
  it.each([
    ['an HTML page with HTTP 200', '<html><body>Bad Gateway</body></html>'],
    ['JSON without a result or an error', JSON.stringify({ id: 3 })],
    ['an answer to another request id', JSON.stringify({ id: 999, result: [] })],
  ])('%s is a MalformedResponse', async (_what, body) => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/search_read/, { status: 200, body, headers: { 'Content-Type': 'application/json' } })
    expect(await rejection(client().client.call('model.sale.sale.search_read', [[], 0, 1, null, []]))).toBeInstanceOf(MalformedResponse)
  })
})
