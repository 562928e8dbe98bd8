import nock from 'nock'
import { BASE_URL, connectRest, ids, readAll } from './rest.test-kit'

const entities = { customer: { path: '/api/v1/customers', paging: { type: 'none' as const } } }

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

describe('rest auth', () => {
  it('sends a bearer token', async () => {
    const scope = nock(BASE_URL, { reqheaders: { authorization: 'Bearer tok-abc' } })
      .get('/api/v1/customers')
      .reply(200, { data: [{ id: 1 }] })
    const { session } = await connectRest({ auth: { type: 'bearer', token: 'tok-abc' }, entities })
    expect(ids(await readAll(session, 'customer'))).toEqual([1])
    expect(scope.isDone()).toBe(true)
  })

  it('sends basic credentials as base64 of user:password', async () => {
    const expected = `Basic ${Buffer.from('erp-user:pa ss:wörd').toString('base64')}`
    const scope = nock(BASE_URL, { reqheaders: { authorization: expected } })
      .get('/api/v1/customers')
      .reply(200, { data: [{ id: 1 }] })
    const { session } = await connectRest({ auth: { type: 'basic', username: 'erp-user', password: 'pa ss:wörd' }, entities })
    await readAll(session, 'customer')
    expect(scope.isDone()).toBe(true)
  })

  it('sends an api key in the default X-API-Key header', async () => {
    const scope = nock(BASE_URL, { reqheaders: { 'x-api-key': 'key-123' }, badheaders: ['authorization'] })
      .get('/api/v1/customers')
      .reply(200, { data: [] })
    const { session } = await connectRest({ auth: { type: 'api-key', value: 'key-123' }, entities })
    await readAll(session, 'customer')
    expect(scope.isDone()).toBe(true)
  })

  it('sends an api key in a configured header', async () => {
    const scope = nock(BASE_URL, { reqheaders: { 'x-shopify-access-token': 'shpat_x' }, badheaders: ['x-api-key'] })
      .get('/api/v1/customers')
      .reply(200, { data: [] })
    const { session } = await connectRest({ auth: { type: 'api-key', header: 'X-Shopify-Access-Token', value: 'shpat_x' }, entities })
    await readAll(session, 'customer')
    expect(scope.isDone()).toBe(true)
  })

  it('sends no credentials with auth none, but does send the config headers', async () => {
    const scope = nock(BASE_URL, { reqheaders: { 'x-tenant': 'acme' }, badheaders: ['authorization', 'x-api-key'] })
      .get('/api/v1/customers')
      .reply(200, { data: [] })
    const { session } = await connectRest({ headers: { 'X-Tenant': 'acme' }, entities })
    await readAll(session, 'customer')
    expect(scope.isDone()).toBe(true)
  })
})

describe('rest check()', () => {
  it('reads one record of the first entity with its auth', async () => {
    const scope = nock(BASE_URL, { reqheaders: { authorization: 'Bearer tok-abc' } })
      .get('/api/v1/customers')
      .query({ limit: '1' })
      .reply(200, { data: [{ id: 1 }], next_cursor: 'c2' })
    const { session } = await connectRest({ auth: { type: 'bearer', token: 'tok-abc' }, entities: { customer: { path: '/api/v1/customers' } } })
    await session.check()
    expect(scope.isDone()).toBe(true)
  })

  it('asks page and offset paging for a page of one', async () => {
    const scope = nock(BASE_URL)
      .get('/api/v1/customers')
      .query({ page: '1', per_page: '1', active: 'true' })
      .reply(200, { items: [] })
    const { session } = await connectRest({
      entities: { customer: { path: '/api/v1/customers', recordsPath: 'items', query: { active: 'true' }, paging: { type: 'page' } } },
    })
    await session.check()
    expect(scope.isDone()).toBe(true)
  })

  it('uses checkPath when configured, without paging params', async () => {
    const scope = nock(BASE_URL).get('/api/v1/me').reply(200, { user: 'hub' })
    const { session } = await connectRest({ checkPath: '/api/v1/me', entities })
    await session.check()
    expect(scope.isDone()).toBe(true)
  })
})
