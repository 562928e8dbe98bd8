import nock from 'nock'
import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient } from '../../src/connector-sdk'
import type { RestConfigInput } from './rest.config'
import { BASE_URL, connectRest, customers, readAll, rejection } from './rest.test-kit'

const PATH = '/api/v1/customers'
const entities = { customer: { path: PATH, pageSize: 2 } }

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

describe('rest classifies failures by what the hub must do', () => {
  it.each([401, 403])('%i is an AuthError', async (status) => {
    nock(BASE_URL).get(PATH).query(true).reply(status, { error: 'denied' })
    const { session } = await connectRest({ entities })
    expect(await rejection(readAll(session, 'customer'))).toBeInstanceOf(AuthError)
  })

  it('429 with Retry-After in seconds is RateLimited after that long', async () => {
    nock(BASE_URL).get(PATH).query(true).reply(429, { error: 'slow down' }, { 'Retry-After': '7' })
    const { session } = await connectRest({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(RateLimited)
    expect((err as RateLimited).retryAfterMs).toBe(7000)
  })

  it('429 with Retry-After as an HTTP date is RateLimited until that date', async () => {
    const at = new Date(Date.now() + 120_000)
    nock(BASE_URL).get(PATH).query(true).reply(429, '', { 'Retry-After': at.toUTCString() })
    const { session } = await connectRest({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(RateLimited)
    // An HTTP date has whole seconds, and some time passes before it is read.
    const expected = at.getTime() - Date.now()
    expect((err as RateLimited).retryAfterMs).toBeGreaterThan(expected - 2000)
    expect((err as RateLimited).retryAfterMs).toBeLessThanOrEqual(expected + 1000)
  })

  it.each([500, 502, 503])('%i is Transient', async (status) => {
    nock(BASE_URL).get(PATH).query(true).reply(status, 'upstream trouble')
    const { session } = await connectRest({ entities })
    expect(await rejection(readAll(session, 'customer'))).toBeInstanceOf(Transient)
  })

  it('a response slower than timeoutMs is Transient', async () => {
    nock(BASE_URL).get(PATH).query(true).delay(600).reply(200, { data: [] })
    const { session } = await connectRest({ timeoutMs: 100, entities })
    const started = Date.now()
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(Transient)
    expect(err.message).toMatch(/timed out/)
    expect(Date.now() - started).toBeLessThan(600)
  })

  it('a body that is not JSON is a MalformedResponse', async () => {
    nock(BASE_URL).get(PATH).query(true).reply(200, '<html>maintenance</html>', { 'Content-Type': 'text/html' })
    const { session } = await connectRest({ entities })
    expect(await rejection(readAll(session, 'customer'))).toBeInstanceOf(MalformedResponse)
  })

  it('records missing at recordsPath are a MalformedResponse naming the path, not an empty page', async () => {
    nock(BASE_URL).get(PATH).query(true).reply(200, { items: customers(2) })
    const { session } = await connectRest({ entities: { customer: { ...entities.customer, recordsPath: 'result.items' } } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toContain('`result.items`')
  })

  it('a record that is not a JSON object is a MalformedResponse naming its index', async () => {
    nock(BASE_URL).get(PATH).query(true).reply(200, { data: [{ id: 1 }, 2] })
    const { session } = await connectRest({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toMatch(/record 1 .* not a JSON object/)
  })

  it('check() reports a wrong recordsPath as a MalformedResponse', async () => {
    nock(BASE_URL).get(PATH).query({ limit: '1' }).reply(200, { rows: [] })
    const { session } = await connectRest({ entities })
    expect(await rejection(session.check())).toBeInstanceOf(MalformedResponse)
  })

  it('an entity that is not configured is a ConfigError naming the configured ones', async () => {
    const { session } = await connectRest({ entities })
    const err = await rejection(readAll(session, 'supplier'))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('customer')
  })
})

describe('rest stops when its signal is aborted', () => {
  it('between pages: throws the reason and requests nothing more', async () => {
    nock(BASE_URL).get(PATH).query({ limit: '2' }).reply(200, { data: customers(2), next_cursor: 'c2' })
    const { session, exchanges } = await connectRest({ entities })
    const controller = new AbortController()
    const reason = new Error('shutting down')
    const seen: unknown[] = []
    const err = await rejection(
      (async () => {
        for await (const page of session.read('customer', null, controller.signal)) {
          seen.push(...page.records.map((r) => r.id))
          controller.abort(reason)
        }
      })(),
    )
    expect(err).toBe(reason)
    expect(seen).toEqual([1, 2])
    expect(exchanges).toHaveLength(1)
  })

  it('before the first page: throws the reason without a request', async () => {
    const { session, exchanges } = await connectRest({ entities })
    const controller = new AbortController()
    const reason = new Error('cancelled')
    controller.abort(reason)
    expect(await rejection(readAll(session, 'customer', null, controller.signal))).toBe(reason)
    expect(exchanges).toHaveLength(0)
  })

  it('during a slow request: throws the reason', async () => {
    nock(BASE_URL).get(PATH).query(true).delay(600).reply(200, { data: [] })
    const { session } = await connectRest({ entities })
    const controller = new AbortController()
    const reason = new Error('cancelled mid-request')
    setTimeout(() => controller.abort(reason), 50)
    expect(await rejection(readAll(session, 'customer', null, controller.signal))).toBe(reason)
  })
})

describe('rest never lets a secret out', () => {
  const secrets: Array<[string, RestConfigInput['auth'], string[]]> = [
    ['bearer', { type: 'bearer', token: 'tok-SECRET-1' }, ['tok-SECRET-1']],
    ['basic', { type: 'basic', username: 'hub', password: 'pw-SECRET-2' }, ['pw-SECRET-2', Buffer.from('hub:pw-SECRET-2').toString('base64')]],
    ['api-key', { type: 'api-key', header: 'X-Shopify-Access-Token', value: 'shpat-SECRET-3' }, ['shpat-SECRET-3']],
  ]

  it.each(secrets)('%s: not in errors whose body echoes the credential', async (_type, auth, forms) => {
    const echo = `invalid credentials: ${forms.join(' ')} / ${encodeURIComponent(forms[0])}`
    nock(BASE_URL)
      .get(PATH).query(true).reply(401, { error: echo })
      .get(PATH).query(true).reply(500, echo)
      .get(PATH).query(true).reply(200, `not json ${echo}`)
    const { session, logs } = await connectRest({ auth, entities })
    const errors = [await rejection(readAll(session, 'customer')), await rejection(readAll(session, 'customer')), await rejection(session.check())]
    expect(errors.map((e) => e.constructor)).toEqual([AuthError, Transient, MalformedResponse])
    const visible = JSON.stringify(errors.map((e) => ({ message: e.message, stack: e.stack, json: e, cause: String((e as { cause?: unknown }).cause ?? '') })))
    expect(visible).toContain('[redacted]')
    for (const form of forms) expect(visible).not.toContain(form)
    for (const form of forms) expect(JSON.stringify(logs)).not.toContain(form)
  })

  it.each(secrets)('%s: not in anything logged during a read', async (_type, auth, forms) => {
    nock(BASE_URL)
      .get(PATH).query({ limit: '2' }).reply(200, { data: customers(2), next_cursor: 'c2' })
      .get(PATH).query({ limit: '2', cursor: 'c2' }).reply(200, { data: customers(1, 3) })
    const { session, logs } = await connectRest({ auth, entities })
    await readAll(session, 'customer')
    expect(logs.length).toBeGreaterThan(0)
    for (const form of forms) expect(JSON.stringify(logs)).not.toContain(form)
  })
})
