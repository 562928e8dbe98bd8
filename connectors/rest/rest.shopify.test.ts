import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import { z } from '../../src/connector-sdk'
import { connectRest, ids, readAll } from './rest.test-kit'

// The real Shopify REST Admin customer (see fixtures/README.md); served as the list endpoint's pages.
const fixture = z
  .object({ customer: z.looseObject({ id: z.number(), updated_at: z.string() }) })
  .parse(JSON.parse(readFileSync(join(__dirname, 'fixtures', 'shopify-customers.json'), 'utf8')))
const bob = fixture.customer
// Page 2's record is the real one under another id: the fixture holds a single customer.
const second = { ...bob, id: bob.id + 1 }

const SHOP = 'https://acme-store.myshopify.com'
const PATH = '/admin/api/2024-01/customers.json'
const TOKEN = 'shpat_0123456789abcdef'
const link = (pageInfo: string, rel: string) => `<${SHOP}${PATH}?limit=1&page_info=${pageInfo}>; rel="${rel}"`

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

describe('rest next-link paging against a Shopify customers response', () => {
  it('follows the Link rel="next" header to the end, with the access token on every request', async () => {
    const scope = nock(SHOP, { reqheaders: { 'x-shopify-access-token': TOKEN } })
      .get(PATH)
      .query({ limit: '1', updated_at_min: '2016-01-01T00:00:00.000Z' })
      .reply(200, { customers: [bob] }, { Link: link('eyJkaXJlY3Rpb24iOiJuZXh0IiwibGFzdF9pZCI6MjA3MTE5NTUxfQ', 'next') })
      // Shopify refuses any param but limit/fields next to page_info: the link is followed as given.
      .get(PATH)
      .query({ limit: '1', page_info: 'eyJkaXJlY3Rpb24iOiJuZXh0IiwibGFzdF9pZCI6MjA3MTE5NTUxfQ' })
      .reply(200, { customers: [second] }, { Link: link('eyJkaXJlY3Rpb24iOiJwcmV2In0', 'previous') })

    const { session, exchanges } = await connectRest({
      baseUrl: SHOP,
      auth: { type: 'api-key', header: 'X-Shopify-Access-Token', value: TOKEN },
      entities: {
        customer: {
          path: PATH,
          recordsPath: 'customers',
          pageSize: 1,
          paging: { type: 'next-link', sizeParam: 'limit' },
          incremental: { param: 'updated_at_min', field: 'updated_at' },
        },
      },
    })
    const pages = await readAll(session, 'customer', { since: '2016-01-01T00:00:00.000Z' })

    expect(ids(pages)).toEqual([bob.id, bob.id + 1])
    expect(pages[0].records[0]).toEqual(bob)
    expect(exchanges).toHaveLength(2)
    expect(scope.isDone()).toBe(true)
    // Mid-run, the position is the absolute next URL; at the end, the newest updated_at (an offset time).
    expect(pages[0].next).toEqual({
      since: '2016-01-01T00:00:00.000Z',
      run: { since: '2016-01-01T00:00:00.000Z', high: new Date(bob.updated_at).toISOString(), token: `${SHOP}${PATH}?limit=1&page_info=eyJkaXJlY3Rpb24iOiJuZXh0IiwibGFzdF9pZCI6MjA3MTE5NTUxfQ` },
    })
    expect(pages[1].next).toEqual({ since: new Date(bob.updated_at).toISOString() })
  })
})
