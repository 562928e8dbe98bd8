import nock from 'nock'
import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient } from '../../src/connector-sdk'
import { parseSapErrorBody } from './sap-odata.errors'
import { BASE_URL, BASIC, connectSap, feed, PASSWORD, readAll, rejection, SERVICE_ROOT, visibleText } from './sap-odata.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

const ORDERS = `${SERVICE_ROOT}/API_SALES_ORDER_SRV/A_SalesOrder`
const entities = { 'sales-order': {} }

/** An SAP Gateway JSON error body, as /IWBEP/ writes it. */
function sapError(code: string, message: string): object {
  return {
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        application: { component_id: 'SD-SLS-API', service_namespace: '/SAP/', service_id: 'API_SALES_ORDER_SRV', service_version: '0001' },
        transactionid: '6A1B2C3D4E5F00112233445566778899',
        timestamp: '20240601120000.1234560',
        Error_Resolution: { SAP_Transaction: 'For backend administrators: use ADT feed reader "SAP Gateway Error Log" or run transaction /IWFND/ERROR_LOG', SAP_Note: 'See SAP Note 1797736 for error analysis' },
        errordetails: [{ code: 'CX_SADL_GW_GEN_BO_EXCEPT', message: message, propertyref: '', severity: 'error', target: '' }],
      },
    },
  }
}

const XML_ERROR =
  '<?xml version="1.0" encoding="utf-8"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code>/IWFND/MED/170</code>' +
  '<message xml:lang="en">No service found for namespace \'\', name \'API_SALES_ORDER_SRVX\', version \'0001\'</message>' +
  '<innererror><transactionid>6A1B2C3D4E5F</transactionid></innererror></error>'

describe('SAP error bodies', () => {
  it('reads code and message of the JSON form, even cut short by the SDK', () => {
    const body = JSON.stringify(sapError('CX_SADL_ENTITY_SRV/001', "Resource not found for segment 'A_SalesOrderType'"))
    expect(parseSapErrorBody(body)).toEqual({ code: 'CX_SADL_ENTITY_SRV/001', message: "Resource not found for segment 'A_SalesOrderType'" })
    expect(parseSapErrorBody(`${body.slice(0, 150)}…`)).toEqual({ code: 'CX_SADL_ENTITY_SRV/001', message: "Resource not found for segment 'A_SalesOrderType'" })
  })

  it('reads code and message of the XML form, entities decoded', () => {
    expect(parseSapErrorBody(XML_ERROR)).toEqual({ code: '/IWFND/MED/170', message: "No service found for namespace '', name 'API_SALES_ORDER_SRVX', version '0001'" })
    expect(parseSapErrorBody('<error><code>X</code><message>a &amp; b &lt;c&gt;</message></error>')).toEqual({ code: 'X', message: 'a & b <c>' })
  })

  it('reads the v4 form whose message is plain text', () => {
    expect(parseSapErrorBody('{"error":{"code":"501","message":"Unsupported functionality"}}')).toEqual({ code: '501', message: 'Unsupported functionality' })
  })

  it('leaves bodies that are not SAP errors alone', () => {
    expect(parseSapErrorBody('<html><body>Service Unavailable</body></html>')).toBeUndefined()
    expect(parseSapErrorBody('upstream trouble')).toBeUndefined()
  })
})

describe('sap-odata classifies failures by what the hub must do, with SAP’s code and message', () => {
  it('400 with an SAP body is a ConfigError naming SAP’s code and message', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(400, sapError('/IWBEP/CM_MGW_RT/022', "Property 'LastChangeDateTim' is invalid"))
    const { session } = await connectSap({ entities })
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toBe(`GET ${BASE_URL}${ORDERS} answered 400: SAP error /IWBEP/CM_MGW_RT/022: Property 'LastChangeDateTim' is invalid`)
    expect((err as ConfigError).details).toMatchObject({ status: 400, sapCode: '/IWBEP/CM_MGW_RT/022' })
  })

  it('404 with the XML body is a ConfigError naming the missing service', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(404, XML_ERROR, { 'Content-Type': 'application/xml' })
    const { session } = await connectSap({ entities })
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain("SAP error /IWFND/MED/170: No service found for namespace '', name 'API_SALES_ORDER_SRVX'")
  })

  it.each([401, 403])('%i is an AuthError, from check() and read()', async (status) => {
    nock(BASE_URL).get(/.*/).query(true).reply(status, sapError('/IWFND/CM_CONSUMER/101', 'No authorization to access Service')).persist()
    const { session } = await connectSap({ entities })
    expect(await rejection(session.check())).toBeInstanceOf(AuthError)
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).toContain('No authorization to access Service')
  })

  it('429 with Retry-After is RateLimited for that long, keeping SAP’s message', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(429, sapError('SPIKE_ARREST', 'Spike arrest violation'), { 'Retry-After': '7' })
    const { session } = await connectSap({ entities })
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(RateLimited)
    expect((err as RateLimited).retryAfterMs).toBe(7000)
    expect(err.message).toContain('Spike arrest violation')
  })

  it('503 with Retry-After is RateLimited; 500 and 503 without it are Transient', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(503, 'maintenance', { 'Retry-After': '30' })
    const { session } = await connectSap({ entities })
    const limited = await rejection(readAll(session, 'sales-order'))
    expect(limited).toBeInstanceOf(RateLimited)
    expect((limited as RateLimited).retryAfterMs).toBe(30_000)

    nock(BASE_URL).get(ORDERS).query(true).reply(500, sapError('/IWBEP/CM_MGW_RT/004', 'Runtime Error TSV_TNEW_PAGE_ALLOC_FAILED'))
    const failed = await rejection(readAll(session, 'sales-order'))
    expect(failed).toBeInstanceOf(Transient)
    expect(failed.message).toContain('SAP error /IWBEP/CM_MGW_RT/004: Runtime Error TSV_TNEW_PAGE_ALLOC_FAILED')

    nock(BASE_URL).get(ORDERS).query(true).reply(503, '<html>down</html>')
    expect(await rejection(readAll(session, 'sales-order'))).toBeInstanceOf(Transient)
  })

  it('a timeout is Transient', async () => {
    nock(BASE_URL).get(ORDERS).query(true).delay(500).reply(200, feed([]))
    const { session } = await connectSap({ timeoutMs: 100, entities })
    const err = await rejection(readAll(session, 'sales-order'))
    expect(err).toBeInstanceOf(Transient)
    expect(err.message).toMatch(/timed out/)
  })

  it('an HTML page with 200 (an SAP logon page) is a MalformedResponse', async () => {
    nock(BASE_URL).get(ORDERS).query(true).reply(200, '<html><head><title>Logon</title></head></html>', { 'Content-Type': 'text/html' })
    const { session } = await connectSap({ entities })
    expect(await rejection(readAll(session, 'sales-order'))).toBeInstanceOf(MalformedResponse)
  })

  it('an aborted read throws the signal’s reason, before any request', async () => {
    const { session, exchanges } = await connectSap({ entities })
    const controller = new AbortController()
    const reason = new Error('worker shutting down')
    controller.abort(reason)
    expect(await rejection(readAll(session, 'sales-order', null, controller.signal))).toBe(reason)
    expect(exchanges).toHaveLength(0)
  })

  it('an unknown entity is a ConfigError naming the configured ones', async () => {
    const { session } = await connectSap({ entities })
    let caught: unknown
    try {
      session.read('campaign', null, new AbortController().signal)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ConfigError)
    expect((caught as Error).message).toContain('sales-order')
  })

  it('never lets the password or API key out, even when the gateway echoes them', async () => {
    const apiKey = 'sandbox-api-key-7f3e'
    const echo = { error: { code: 'ECHO', message: { lang: 'en', value: `bad request: Authorization ${BASIC}; APIKey ${apiKey}; password ${PASSWORD}` } } }
    nock(BASE_URL).get(ORDERS).query(true).reply(400, echo).get(ORDERS).query(true).reply(500, JSON.stringify(echo.error.message.value))
    const { session, logs } = await connectSap({ apiKey: { value: apiKey }, entities })
    const errors = [await rejection(readAll(session, 'sales-order')), await rejection(readAll(session, 'sales-order'))]
    const seen = errors.map(visibleText).join('\n') + JSON.stringify(logs)
    expect(errors[0].message).toContain('[redacted]')
    for (const secret of [PASSWORD, apiKey, BASIC.slice('Basic '.length)]) expect(seen).not.toContain(secret)
  })
})

describe('sap-odata authentication', () => {
  it('sends basic credentials, the API key header and sap-client on every request', async () => {
    const scope = nock(BASE_URL, { reqheaders: { authorization: BASIC, apikey: 'sandbox-key', accept: 'application/json' } })
      .get(ORDERS)
      .query((q) => q['sap-client'] === '100' && q.$format === 'json')
      .reply(200, feed([]))
    const { session } = await connectSap({ apiKey: { value: 'sandbox-key' }, sapClient: '100', entities })
    await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
  })

  it('sends only the API key with auth none (SAP API Business Hub sandbox)', async () => {
    const scope = nock('https://sandbox.api.sap.com', { reqheaders: { apikey: 'sandbox-key' }, badheaders: ['authorization'] })
      .get('/s4hanacloud/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder')
      .query(true)
      .reply(200, feed([]))
    const { session } = await connectSap({ baseUrl: 'https://sandbox.api.sap.com/s4hanacloud', auth: { type: 'none' }, apiKey: { value: 'sandbox-key' }, entities })
    await readAll(session, 'sales-order')
    expect(scope.isDone()).toBe(true)
  })

  it('check() reads one key of the first entity', async () => {
    const scope = nock(BASE_URL, { reqheaders: { authorization: BASIC } })
      .get(ORDERS)
      .query({ $format: 'json', $select: 'SalesOrder', $top: '1' })
      .reply(200, feed([{ SalesOrder: '1' }]))
    const { session } = await connectSap({ entities })
    await expect(session.check()).resolves.toBeUndefined()
    expect(scope.isDone()).toBe(true)
  })
})
