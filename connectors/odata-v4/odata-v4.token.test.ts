import nock from 'nock'
import { AuthError, MalformedResponse, RateLimited, Transient } from '../../src/connector-sdk'
import { odataConfig, oauth, BC_HOST, BC_ROOT_PATH, CLIENT_ID, CLIENT_SECRET, collection, connectOData, readAll, rejection, TOKEN_HOST, TOKEN_PATH, tokenEndpoint, useNock } from './odata-v4.test-kit'
import { tokenRequest } from './odata-v4.token'

useNock()

const CUSTOMERS = `${BC_ROOT_PATH}/customers`
const entities = { customer: { entitySet: 'customers' } }
const tokenCalls = (exchanges: Array<{ path: string }>) => exchanges.filter((e) => e.path === `${TOKEN_HOST}${TOKEN_PATH}`).length

/** Serves `count` customer pages of one record to requests carrying `token`. */
function data(token: string, count = 1): nock.Scope {
  return nock(BC_HOST, { reqheaders: { authorization: `Bearer ${token}` } }).get(CUSTOMERS).query(true).times(count).reply(200, collection([{ id: 'c-1' }]))
}

describe('odata-v4 OAuth 2.0 client credentials', () => {
  it('builds the RFC 6749 token request: a form with grant_type, client id and secret, and scope', () => {
    const req = tokenRequest(odataConfig({ auth: oauth }).auth as typeof oauth, 5000)
    expect(req).toMatchObject({ method: 'POST', url: `${TOKEN_HOST}${TOKEN_PATH}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, timeoutMs: 5000 })
    expect(Object.fromEntries(req.body as URLSearchParams)).toEqual({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'https://api.businesscentral.dynamics.com/.default' })
  })

  it('the token endpoint receives the form-encoded credentials on the wire', async () => {
    let received: unknown
    nock(TOKEN_HOST)
      .post(TOKEN_PATH)
      .reply(200, (_uri, body) => {
        received = body
        return { token_type: 'Bearer', expires_in: 3599, access_token: 'tok-1' }
      })
    data('tok-1')
    const { session } = await connectOData({ auth: oauth, entities })
    await readAll(session, 'customer')
    expect(received).toEqual(new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: oauth.scope }).toString())
  })

  it('fetches the token once and sends it on every data call of the session', async () => {
    const tokens = tokenEndpoint('tok-1')
    const scope = data('tok-1', 3)
    const { session, exchanges } = await connectOData({ auth: oauth, entities })
    await session.check()
    await readAll(session, 'customer')
    await readAll(session, 'customer')
    expect(tokenCalls(exchanges)).toBe(1)
    expect(tokens.isDone() && scope.isDone()).toBe(true)
  })

  it('shares one token request between concurrent calls', async () => {
    tokenEndpoint('tok-1')
    data('tok-1', 2)
    const { session, exchanges } = await connectOData({ auth: oauth, entities })
    await Promise.all([session.check(), session.check()])
    expect(tokenCalls(exchanges)).toBe(1)
  })

  it('refreshes the token a minute before it expires', async () => {
    tokenEndpoint(['tok-1', 'tok-2'], 3600)
    data('tok-1', 2)
    data('tok-2')
    const { session, exchanges, clock } = await connectOData({ auth: oauth, entities })
    await session.check()
    clock.advance(3_540_000 - 1)
    await session.check()
    expect(tokenCalls(exchanges)).toBe(1)
    clock.advance(1)
    await session.check()
    expect(tokenCalls(exchanges)).toBe(2)
  })

  it('refreshes a short-lived token at half its lifetime', async () => {
    tokenEndpoint(['tok-1', 'tok-2'], 60)
    data('tok-1')
    data('tok-2')
    const { session, exchanges, clock } = await connectOData({ auth: oauth, entities })
    await session.check()
    clock.advance(30_000)
    await session.check()
    expect(tokenCalls(exchanges)).toBe(2)
  })

  it('answers a 401 on a data call with one new token and one retry', async () => {
    tokenEndpoint(['tok-revoked', 'tok-2'])
    nock(BC_HOST, { reqheaders: { authorization: 'Bearer tok-revoked' } }).get(CUSTOMERS).query(true).reply(401, { error: { code: 'Authentication_InvalidCredentials', message: 'The credentials provided are incorrect' } })
    const scope = data('tok-2')
    const { session, exchanges } = await connectOData({ auth: oauth, entities })
    await readAll(session, 'customer')
    expect(tokenCalls(exchanges)).toBe(2)
    expect(scope.isDone()).toBe(true)
  })

  it('a second 401 is an AuthError carrying the OData error, after exactly one retry', async () => {
    tokenEndpoint(['tok-1', 'tok-2'])
    nock(BC_HOST).get(CUSTOMERS).query(true).times(2).reply(401, { error: { code: 'Authentication_InvalidCredentials', message: 'The credentials provided are incorrect' } })
    const { session, exchanges } = await connectOData({ auth: oauth, entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).toContain('Authentication_InvalidCredentials: The credentials provided are incorrect')
    expect(exchanges.filter((e) => e.path.endsWith('/customers'))).toHaveLength(2)
  })

  it('a refused token request is an AuthError naming the OAuth error, and no data call is made', async () => {
    nock(TOKEN_HOST)
      .post(TOKEN_PATH)
      .reply(401, { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the value, not the id. Got: ${CLIENT_SECRET}` })
    const { session, exchanges, logs } = await connectOData({ auth: oauth, entities })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).toMatch(/refused the client credentials: invalid_client \(AADSTS7000215: Invalid client secret provided/)
    expect(exchanges).toHaveLength(1)
    // The provider echoed the secret: it is blotted out everywhere.
    const visible = JSON.stringify({ message: err.message, stack: err.stack, err, cause: String((err as { cause?: unknown }).cause), logs })
    expect(visible).not.toContain(CLIENT_SECRET)
    expect(visible).toContain('[redacted]')
  })

  it('a 400 from the token endpoint (invalid_scope) is an AuthError too, never retried as a config problem', async () => {
    nock(TOKEN_HOST).post(TOKEN_PATH).reply(400, { error: 'invalid_scope', error_description: 'AADSTS70011: The provided value for scope is not valid.' })
    const { session } = await connectOData({ auth: oauth, entities })
    const err = await rejection(session.check())
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).toContain('invalid_scope')
  })

  it.each([
    ['throttled (429)', 429, { 'Retry-After': '5' }, RateLimited],
    ['down (503)', 503, {}, Transient],
  ] as const)('an identity provider that is %s stays retryable', async (_what, status, headers, type) => {
    nock(TOKEN_HOST).post(TOKEN_PATH).reply(status, 'try later', headers)
    const { session } = await connectOData({ auth: oauth, entities })
    expect(await rejection(session.check())).toBeInstanceOf(type)
  })

  it('a token answer without an access token is a MalformedResponse', async () => {
    nock(TOKEN_HOST).post(TOKEN_PATH).reply(200, { token_type: 'Bearer', expires_in: 3599 })
    const { session } = await connectOData({ auth: oauth, entities })
    expect(await rejection(session.check())).toBeInstanceOf(MalformedResponse)
  })

  it('a token of another type than bearer is an AuthError, and the token itself is not shown', async () => {
    nock(TOKEN_HOST).post(TOKEN_PATH).reply(200, { token_type: 'mac', expires_in: '3599', access_token: 'tok-mac-secret' })
    const { session } = await connectOData({ auth: oauth, entities })
    const err = await rejection(session.check())
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).not.toContain('tok-mac-secret')
  })
})

describe('odata-v4 static credentials', () => {
  it('bearer: sends the token as configured', async () => {
    const scope = data('static-tok')
    const { session } = await connectOData({ auth: { type: 'bearer', token: 'static-tok' }, entities })
    await session.check()
    expect(scope.isDone()).toBe(true)
  })

  it('bearer: a 401 is an AuthError at once (there is no new token to try)', async () => {
    nock(BC_HOST).get(CUSTOMERS).query(true).reply(401, '')
    const { session, exchanges } = await connectOData({ auth: { type: 'bearer', token: 'static-tok' }, entities })
    expect(await rejection(session.check())).toBeInstanceOf(AuthError)
    expect(exchanges).toHaveLength(1)
  })

  it('basic: sends base64 of user:password', async () => {
    const scope = nock(BC_HOST, { reqheaders: { authorization: `Basic ${Buffer.from('ADMIN:web-service-key').toString('base64')}` } }).get(CUSTOMERS).query(true).reply(200, collection([]))
    const { session } = await connectOData({ auth: { type: 'basic', username: 'ADMIN', password: 'web-service-key' }, entities })
    await session.check()
    expect(scope.isDone()).toBe(true)
  })

  it('none: sends no Authorization header', async () => {
    const scope = nock(BC_HOST, { badheaders: ['authorization'] }).get(CUSTOMERS).query(true).reply(200, collection([]))
    const { session } = await connectOData({ entities })
    await session.check()
    expect(scope.isDone()).toBe(true)
  })
})
