import nock from 'nock'
import { AuthError, ConfigError, createHttpClient, errorResponseOf } from '../../src/connector-sdk'

const HOST = 'https://erp.http-client.test'

describe('the SDK HTTP client', () => {
  beforeAll(() => nock.disableNetConnect())
  afterEach(() => nock.cleanAll())
  afterAll(() => {
    nock.enableNetConnect()
    nock.restore()
  })

  test('sends URLSearchParams as a form, strings as text, objects as JSON', async () => {
    const seen: Array<[string | undefined, unknown]> = []
    nock(HOST)
      .post('/x')
      .times(3)
      .reply(200, function (_uri, body) {
        seen.push([this.req.headers['content-type'] as string | undefined, body])
        return {}
      })
    const http = createHttpClient()
    await http.request({ method: 'POST', url: `${HOST}/x`, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'a b' }) })
    await http.request({ method: 'POST', url: `${HOST}/x`, body: '<IDOC/>' })
    await http.request({ method: 'POST', url: `${HOST}/x`, body: { a: 1 } })
    expect(seen).toEqual([
      ['application/x-www-form-urlencoded', 'grant_type=client_credentials&scope=a+b'],
      ['text/plain; charset=utf-8', '<IDOC/>'],
      ['application/json', { a: 1 }],
    ])
  })

  test('an error keeps the ERP\'s answer for the connector, out of sight of JSON and logs', async () => {
    nock(HOST).get('/orders').reply(400, { error: { code: 'SY/530', message: { value: 'Field PurchaseOrderByCustomer too long' } } }, { 'Set-Cookie': 'SAP_SESSIONID=abc123; path=/' })
    const err = await createHttpClient().request({ url: `${HOST}/orders` }).catch((e) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect(JSON.parse(errorResponseOf(err)!.body).error.code).toBe('SY/530')
    expect(errorResponseOf(err)!.headers['set-cookie']).toContain('SAP_SESSIONID')
    expect(JSON.stringify(err)).not.toContain('SAP_SESSIONID')
    expect(Object.keys(err)).not.toContain('response')
  })

  test('401 and 403 are AuthErrors whatever the body', async () => {
    nock(HOST).get('/a').reply(401, 'nope').get('/b').reply(403, '<html>forbidden</html>')
    const http = createHttpClient()
    await expect(http.request({ url: `${HOST}/a` })).rejects.toBeInstanceOf(AuthError)
    await expect(http.request({ url: `${HOST}/b` })).rejects.toBeInstanceOf(AuthError)
  })
})
