import nock from 'nock'
import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient } from '../../src/connector-sdk'
import type { ODataConfigInput } from './odata-v4.config'
import { readODataError } from './odata-v4.error-body'
import { BC_HOST, BC_ROOT_PATH, CLIENT_SECRET, collection, connectOData, fixtures, oauth, readAll, realBytes, rejection, tokenEndpoint, useNock } from './odata-v4.test-kit'

useNock()

const CUSTOMERS = `${BC_ROOT_PATH}/customers`
const entities = { customer: { entitySet: 'customers', pageSize: 2 } }
const detailsOf = (err: Error) => (err as { details?: unknown }).details

// Business Central's answer to a bad $filter (shape from its docs; the correlation id is made up).
const bcBadFilter = { error: { code: 'BadRequest', message: "Could not find a property named 'foo' on type 'Microsoft.NAV.customer'.  CorrelationId:  5d3e5b0a-93b8-4cfa-b8e8-3a8a1d5b2e11." } }

describe('odata-v4 turns OData error bodies into typed errors', () => {
  it('the Olingo error body (cut to 300 characters by the SDK) gives code, message and target; a 501 is Transient', async () => {
    nock(BC_HOST).get(CUSTOMERS).reply(501, realBytes(fixtures.olingoError))
    const { session } = await connectOData({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(Transient)
    expect(err.message).toBe(`GET ${BC_HOST}${CUSTOMERS} answered 501: OData error 501: Unsupported functionality`)
    expect(detailsOf(err)).toEqual({ status: 501, method: 'GET', path: `${BC_HOST}${CUSTOMERS}`, odata: { code: '501', message: 'Unsupported functionality', target: 'query' } })
  })

  it('reads every part of the Olingo error body when it is whole, but never the innererror', () => {
    const body = realBytes(fixtures.olingoError).toString('utf8')
    expect(readODataError(body)).toEqual({
      code: '501',
      message: 'Unsupported functionality',
      target: 'query',
      details: [{ code: '301', target: '$search', message: '$search query option not supported' }],
    })
  })

  it('a 400 for a bad query is a ConfigError with the OData code and message up front', async () => {
    nock(BC_HOST).get(CUSTOMERS).query(true).reply(400, bcBadFilter)
    const { session } = await connectOData({ entities: { customer: { entitySet: 'customers', filter: "foo eq 'x'" } } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain("OData error BadRequest: Could not find a property named 'foo'")
    expect(detailsOf(err)).toMatchObject({ status: 400, odata: { code: 'BadRequest' } })
  })

  it('429 with Retry-After is RateLimited after that long', async () => {
    nock(BC_HOST).get(CUSTOMERS).reply(429, { error: { code: 'Application_TooManyRequests', message: 'Too many requests reached.' } }, { 'Retry-After': '3' })
    const { session } = await connectOData({ entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(RateLimited)
    expect((err as RateLimited).retryAfterMs).toBe(3000)
    expect(err.message).toContain('Application_TooManyRequests')
  })

  it.each([500, 502, 503, 504])('%i is Transient', async (status) => {
    nock(BC_HOST).get(CUSTOMERS).reply(status, 'upstream trouble')
    const { session } = await connectOData({ entities })
    expect(await rejection(readAll(session, 'customer'))).toBeInstanceOf(Transient)
  })

  it('403 is an AuthError (permissions), not retried with a new token', async () => {
    tokenEndpoint('tok-1')
    nock(BC_HOST).get(CUSTOMERS).reply(403, { error: { code: 'Authorization_InsufficientPermissions', message: 'You do not have the following permissions on TableData Customer: Read' } })
    const { session, exchanges } = await connectOData({ auth: oauth, entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(AuthError)
    expect(exchanges).toHaveLength(2)
  })

  it('a 404 for a missing entity set is a ConfigError', async () => {
    nock(BC_HOST).get(`${BC_ROOT_PATH}/custmers`).query({ $top: '1' }).reply(404, { error: { code: 'BadRequest_NotFound', message: "The request URI is not valid. Since the segment 'custmers' refers to a collection, this must be the last segment in the request URI or it must be followed by an function or action that can be bound to it otherwise all intermediate segments must refer to a single resource." } })
    const { session } = await connectOData({ entities: { customer: { entitySet: 'custmers' } } })
    const err = await rejection(session.check())
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('BadRequest_NotFound')
  })

  it('a timeout is Transient', async () => {
    nock(BC_HOST).get(CUSTOMERS).delay(500).reply(200, collection([]))
    const { session } = await connectOData({ timeoutMs: 100, entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(Transient)
    expect(err.message).toMatch(/timed out/)
  })

  it('an HTML page instead of JSON is a MalformedResponse', async () => {
    nock(BC_HOST).get(CUSTOMERS).reply(200, '<html><body>Service Unavailable</body></html>', { 'Content-Type': 'text/html' })
    const { session } = await connectOData({ entities })
    expect(await rejection(readAll(session, 'customer'))).toBeInstanceOf(MalformedResponse)
  })

  it('an entity that is not configured is a ConfigError naming the readable ones', async () => {
    const { session } = await connectOData({ entities })
    const err = await rejection(readAll(session, 'production-order'))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('it can read: customer')
  })
})

describe('odata-v4 stops when its signal is aborted', () => {
  it('between pages: throws the reason and requests nothing more', async () => {
    nock(BC_HOST).get(CUSTOMERS).reply(200, collection([{ id: 'c-1' }], { '@odata.nextLink': `${BC_HOST}${CUSTOMERS}?$skiptoken=1` }))
    const { session, exchanges } = await connectOData({ entities })
    const controller = new AbortController()
    const reason = new Error('shutting down')
    const err = await rejection(
      (async () => {
        for await (const _page of session.read('customer', null, controller.signal)) controller.abort(reason)
      })(),
    )
    expect(err).toBe(reason)
    expect(exchanges).toHaveLength(1)
  })

  it('before the first page: throws the reason without a request', async () => {
    const { session, exchanges } = await connectOData({ entities })
    const controller = new AbortController()
    controller.abort(new Error('cancelled'))
    expect((await rejection(readAll(session, 'customer', null, controller.signal))).message).toBe('cancelled')
    expect(exchanges).toHaveLength(0)
  })
})

describe('odata-v4 never lets a secret out', () => {
  const cases: Array<[string, ODataConfigInput['auth'], string[], () => void]> = [
    ['bearer', { type: 'bearer', token: 'tok-SECRET-1' }, ['tok-SECRET-1'], () => undefined],
    ['basic', { type: 'basic', username: 'hub', password: 'pw-SECRET-2' }, ['pw-SECRET-2', Buffer.from('hub:pw-SECRET-2').toString('base64')], () => undefined],
    ['oauth', oauth, [CLIENT_SECRET, 'access-SECRET-3'], () => void tokenEndpoint(['access-SECRET-3', 'access-SECRET-3', 'access-SECRET-3'])],
  ]

  it.each(cases)('%s: not in errors whose bodies echo the credentials, nor in the logs', async (_type, auth, forms, arrange) => {
    arrange()
    const echo = `invalid credentials: ${forms.join(' ')} / ${encodeURIComponent(forms[0])}`
    nock(BC_HOST)
      .get(CUSTOMERS).query(true).reply(400, { error: { code: 'Echo', message: echo } })
      .get(CUSTOMERS).query(true).reply(500, echo)
      .get(CUSTOMERS).query(true).reply(200, `not json ${echo}`)
    const { session, logs } = await connectOData({ auth, entities })
    const errors = [await rejection(readAll(session, 'customer')), await rejection(readAll(session, 'customer')), await rejection(session.check())]
    expect(errors.map((e) => e.constructor)).toEqual([ConfigError, Transient, MalformedResponse])
    const visible = JSON.stringify(errors.map((e) => ({ message: e.message, stack: e.stack, json: e, details: detailsOf(e), cause: String((e as { cause?: unknown }).cause ?? '') })))
    expect(visible).toContain('[redacted]')
    for (const form of forms) expect(visible).not.toContain(form)
    for (const form of forms) expect(JSON.stringify(logs)).not.toContain(form)
  })
})
