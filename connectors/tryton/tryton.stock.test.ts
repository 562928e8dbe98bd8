import nock from 'nock'
import { ConfigError, type Cursor, type JsonObject } from '../../src/connector-sdk'
import { connectTryton, FakeTryton, idsOf, readAll, rejection, seededTables } from './tryton.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

const stockable = seededTables['product.product'].filter((p) => p.type === 'goods')
const stored = (cursor: Cursor | null) => JSON.parse(JSON.stringify(cursor)) as Cursor

describe('reading stock (inventory-position)', () => {
  it('gives one record per product at each warehouse, keyed "<warehouse>:<product code>", with on hand, reserved and forecast', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { session } = await connectTryton({ pageSize: 6 })
    const pages = await readAll(session, 'inventory-position')
    expect(pages).toHaveLength(Math.ceil(stockable.length / 6))
    expect(pages.at(-1)!.next).toBeNull()
    expect(idsOf(pages)).toEqual(stockable.map((p) => `WH:${p.code}`))

    const byId = new Map(pages.flatMap((p) => p.records).map((r) => [r.id, r]))
    // Seeded: a processing sale's shipment has 4 SAW-B assigned (reserved, not yet picked).
    expect(byId.get('WH:SAW-B')).toEqual({
      id: 'WH:SAW-B',
      warehouse: { id: 5, code: 'WH', name: 'Stuttgart Warehouse' },
      location: { id: 3, code: 'STO' },
      product: { id: 4, code: 'SAW-B', name: 'Circular Saw Basic 165mm' },
      uom: { symbol: 'u', id: 1 },
      quantity: 58,
      forecast_quantity: 53,
      reserved_quantity: 4,
      forecast_until: null,
    } satisfies JsonObject)
    expect(byId.get('WH:DRL-X')).toMatchObject({ quantity: 1, forecast_quantity: 31, reserved_quantity: 0 })

    const stock = fake.calls.find((c) => c.method === 'model.product.product.search_read')!
    expect(stock.params.at(-1)).toEqual({ company: 1, language: 'en', locations: [3] })
    const assigned = fake.calls.find((c) => c.method === 'model.product.product.read')!
    expect(assigned.params.at(-1)).toEqual({ company: 1, language: 'en', locations: [3], stock_assign: true })
  })

  it('resumes at the product after the last stored page', async () => {
    new FakeTryton().intercept()
    const first = await readAll((await connectTryton({ pageSize: 6 })).session, 'inventory-position', null, 1)
    const lastProduct = first[0].records.at(-1)!.product as JsonObject
    expect(first[0].next).toEqual({ v: 1, stock: { warehouse: 5, after: lastProduct.id } })
    const rest = await readAll((await connectTryton({ pageSize: 6 })).session, 'inventory-position', stored(first[0].next))
    expect([...idsOf(first), ...idsOf(rest)]).toEqual(stockable.map((p) => `WH:${p.code}`))
  })

  it('sends the forecast horizon as stock_date_end', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { session } = await connectTryton({ forecastDays: 8 })
    const pages = await readAll(session, 'inventory-position')
    const stock = fake.calls.find((c) => c.method === 'model.product.product.search_read')!
    // The test clock says 2026-11-27T20:00Z.
    expect(stock.params.at(-1)).toMatchObject({ stock_date_end: { __class__: 'date', year: 2026, month: 12, day: 5 } })
    expect(pages[0].records[0].forecast_until).toBe('2026-12-05')
  })

  it('a configured warehouse code Tryton does not have is a ConfigError naming it', async () => {
    new FakeTryton().intercept()
    const { session } = await connectTryton({ warehouses: ['WH', 'HAM'] })
    const err = await rejection(readAll(session, 'inventory-position'))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('"HAM"')
  })
})
