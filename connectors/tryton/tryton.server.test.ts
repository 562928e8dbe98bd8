import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AuthError, createHttpClient, type Cursor, type JsonObject, type Page, type Session } from '../../src/connector-sdk'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { describeWithTryton } from '../../test/support/tryton.env'
import { createTrytonClient, type TrytonClient } from './tryton.client'
import { trytonConfigSchema, type TrytonConfig } from './tryton.config'
import { trytonConnector } from './tryton.connector'
import { readRows } from './tryton.rows'
import { recordingLogger } from './tryton.test-kit'

/**
 * The connector against a real Tryton 6.0 (TRYTON_URL; skipped without it, required in CI). Other
 * test files may change the same server at the same time, and these tests run again on it: every
 * expectation is asked of Tryton's own API at test time, never a count written down here.
 */
describeWithTryton('the tryton connector on a real Tryton', (server) => {
  const logs: string[] = []
  const ctx = { http: createHttpClient(), logger: recordingLogger(logs), clock: { now: () => new Date() } }
  const config = (overrides: Partial<TrytonConfig> = {}): TrytonConfig =>
    trytonConfigSchema.parse({ url: server.url, database: server.database, login: server.login, password: server.password, pageSize: 5, ...overrides })
  const signal = () => new AbortController().signal
  const sessions: Session[] = []
  let api: TrytonClient

  async function connect(overrides: Partial<TrytonConfig> = {}): Promise<Session> {
    const session = await trytonConnector.connect(config(overrides), ctx)
    sessions.push(session)
    return session
  }
  async function readAll(session: Session, entity: string, cursor: Cursor | null = null): Promise<Page[]> {
    const pages: Page[] = []
    for await (const page of session.read(entity, cursor, signal())) pages.push(page)
    return pages
  }
  const records = (pages: Page[]) => pages.flatMap((p) => p.records)
  const stored = (cursor: Cursor | null) => JSON.parse(JSON.stringify(cursor)) as Cursor
  /** Tryton's own answer, through a client of its own. */
  async function ask(model: string, domain: unknown[], fields: string[], context: JsonObject = {}) {
    const method = `model.${model}.search_read`
    return readRows(await api.call(method, [domain as never, 0, null, [['id', 'ASC']], fields], { context }), method)
  }

  beforeAll(() => {
    api = createTrytonClient(config(), ctx)
  })
  afterAll(async () => {
    for (const s of sessions) await s.close()
    await api.close()
  })

  test('logs in (check) with the integration user; an unknown login is an AuthError', async () => {
    await expect((await connect()).check()).resolves.toBeUndefined()
    // A login of its own: failed attempts count per login, and the real one must not get throttled.
    const stranger = await connect({ login: `erphub-test-${randomBytes(4).toString('hex')}`, password: 'not-the-password' })
    await expect(stranger.check()).rejects.toBeInstanceOf(AuthError)
  })

  test.each([
    ['customer', 'party.party'],
    ['product', 'product.product'],
    ['sales-order', 'sale.sale'],
    ['production-order', 'production'],
  ])('%s: pages to the end, every record of %s exactly once', async (entity, model) => {
    const expected = (await ask(model, [], ['id'])).map((r) => r.id)
    const pages = await readAll(await connect(), entity)
    const ids = records(pages).map((r) => r.id as number)
    expect(pages.length).toBeGreaterThan(1)
    expect(new Set(ids).size).toBe(ids.length)
    // Records created by a concurrent test may come in addition, never fewer.
    expect(ids).toEqual(expect.arrayContaining(expected))
  })

  test('every record of every entity maps cleanly with mappings/tryton', async () => {
    const catalog = createMappingCatalog(join(__dirname, '..', '..', 'mappings'))
    const session = await connect({ pageSize: 100 })
    for (const entity of ['customer', 'product', 'sales-order', 'inventory-position', 'production-order']) {
      const mapping = catalog.get(`tryton/${entity}`)
      const failures = records(await readAll(session, entity)).flatMap((r) => {
        const result = mapping.map(r)
        return result.ok ? [] : [{ entity, id: r.id, issues: result.issues }]
      })
      expect(failures).toEqual([])
    }
  })

  test('stock: on hand, reserved and forecast per product equal what Tryton reports for the storage zone', async () => {
    const [warehouse] = await ask('stock.location', [['type', '=', 'warehouse']], ['code', 'storage_location'])
    const storage = warehouse.storage_location as number
    const positions = records(await readAll(await connect(), 'inventory-position'))
    const products = await ask('product.product', [['type', 'in', ['goods', 'assets']]], ['code'])
    expect(positions.map((p) => p.id).sort()).toEqual(products.map((p) => `${warehouse.code}:${p.code}`).sort())
    // Asked the other way round: the location's quantities for one product (context `product`).
    const atStorage = async (product: number, context: JsonObject = {}) =>
      readRows(await api.call('model.stock.location.read', [[storage], ['quantity', 'forecast_quantity']], { context: { product, ...context } }), 'read')[0]
    for (const product of products) {
      const plain = await atStorage(product.id)
      const assigned = await atStorage(product.id, { stock_assign: true })
      expect([product.code, positions.find((p) => p.id === `${warehouse.code}:${product.code}`)]).toEqual([
        product.code,
        expect.objectContaining({ quantity: plain.quantity, forecast_quantity: plain.forecast_quantity, reserved_quantity: (plain.quantity as number) - (assigned.quantity as number) }),
      ])
    }
  })

  test('an incremental run brings a party whose phone changed and a sale whose line changed on its own', async () => {
    const [party] = await ask('party.party', [['name', '=', 'Lukas Weber']], ['contact_mechanisms.type', 'contact_mechanisms.value'])
    const phone = (party.contact_mechanisms as JsonObject[]).find((m) => m.type === 'phone')!
    const [draft] = await ask('sale.sale', [['state', '=', 'draft'], ['lines.type', '=', 'line']], ['lines.type', 'lines.quantity'])
    const line = (draft.lines as JsonObject[]).find((l) => l.type === 'line')!

    const session = await connect()
    const customersBefore = stored((await readAll(session, 'customer')).at(-1)!.next)
    const salesBefore = stored((await readAll(session, 'sales-order')).at(-1)!.next)

    const newPhone = `040 / 555 ${randomBytes(2).readUInt16BE() % 10000}`
    // The phone is edited through its party, as the Tryton client does; the line on its own.
    await api.call('model.party.party.write', [[party.id], { contact_mechanisms: [['write', [phone.id], { value: newPhone }]] }])
    const quantity = (line.quantity as number) === 1 ? 2 : 1
    await api.call('model.sale.line.write', [[line.id], { quantity }])

    const changedCustomers = records(await readAll(session, 'customer', customersBefore))
    expect(changedCustomers.filter((c) => c.id === party.id)).toEqual([expect.objectContaining({ phone: newPhone })])
    const changedSales = records(await readAll(session, 'sales-order', salesBefore))
    const sale = changedSales.filter((s) => s.id === draft.id)
    expect(sale).toHaveLength(1)
    expect((sale[0].lines as JsonObject[]).find((l) => l.id === line.id)).toMatchObject({ quantity })
  })

  test('writing an opportunity and a complaint twice under one idempotency key leaves one of each in Tryton', async () => {
    const session = await connect()
    const [party] = await ask('party.party', [['name', '=', 'Van der Berg Bouw B.V.']], ['id'])
    const [sale] = await ask('sale.sale', [['party', '=', party.id]], ['id'])
    const key = `server-test-${Date.now()}-${randomBytes(3).toString('hex')}`
    const opportunity = { customer: String(party.id), description: `Hub test lead ${key}`, amount: '1250.00', lines: [{ sku: 'SAW-P', quantity: 5 }] }
    const complaint = { customer: String(party.id), sale: String(sale.id), description: `Hub test complaint ${key}` }

    const first = await session.write!('opportunity', [opportunity], { idempotencyKey: key, signal: signal() })
    const again = await session.write!('opportunity', [opportunity], { idempotencyKey: key, signal: signal() })
    expect(first).toEqual([{ status: 'created', externalId: expect.any(String) }])
    expect(again).toEqual([{ status: 'unchanged', externalId: (first[0] as { externalId: string }).externalId }])
    const found = await ask('sale.opportunity', [['reference', '=', `erphub:${key}`]], ['description', 'amount', 'party', 'state'])
    expect(found).toEqual([expect.objectContaining({ id: Number((first[0] as { externalId: string }).externalId), description: opportunity.description, amount: '1250.00', party: party.id, state: 'lead' })])

    const c1 = await session.write!('complaint', [complaint], { idempotencyKey: key, signal: signal() })
    const c2 = await session.write!('complaint', [complaint], { idempotencyKey: key, signal: signal() })
    expect([c1[0].status, c2[0].status]).toEqual(['created', 'unchanged'])
    const complaints = await ask('sale.complaint', [['reference', '=', `erphub:${key}`]], ['customer', 'origin', 'state'])
    expect(complaints).toEqual([expect.objectContaining({ customer: party.id, origin: `sale.sale,${sale.id}`, state: 'draft' })])
  })

  test('no password or session key in any log line', () => {
    expect(logs.join('\n')).not.toContain(server.password)
  })
})
