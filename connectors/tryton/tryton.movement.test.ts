import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import type { JsonObject } from '../../src/connector-sdk'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { connectTryton, FakeTryton, readAll, seededTables } from './tryton.test-kit'

/**
 * The stock-movement read on the moves and locations of the real seeded Tryton (fixtures/stock-moves.json):
 * which side of a warehouse's storage zone each move is on, and the mapping of every record.
 */
const moves: { tables: Record<string, JsonObject[]> } = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'stock-moves.json'), 'utf8'))
const catalog = createMappingCatalog(join(__dirname, '..', '..', 'mappings'))
const STORAGE = 3 // STO, the storage zone of warehouse WH (5)
// The locations as both captures answered them (the stock read asks `storage_location.code`, the move read `parent`).
const locations = moves.tables['stock.location'].map((l) => ({ ...seededTables['stock.location'].find((s) => s.id === l.id), ...l }))
const tables = { ...seededTables, ...moves.tables, 'stock.location': locations }

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

describe('tryton stock movements', () => {
  let records: JsonObject[]
  beforeAll(async () => {
    nock.cleanAll()
    new FakeTryton({ tables }).intercept()
    const { session } = await connectTryton({ pageSize: 7 })
    records = (await readAll(session, 'stock-movement')).flatMap((p) => p.records)
    await session.close()
  })

  test('every move into or out of the storage zone is one record on its side; moves elsewhere are left out', () => {
    const touching = moves.tables['stock.move'].filter((m) => (m.from_location === STORAGE) !== (m.to_location === STORAGE))
    expect(touching.length).toBeGreaterThan(20)
    expect(records.map((r) => r.id).sort()).toEqual(touching.map((m) => `${m.id}:${m.to_location === STORAGE ? 'in' : 'out'}`).sort())
    for (const r of records) expect(r).toMatchObject({ warehouse: { code: 'WH' } })
  })

  test('each side says where the goods come from or go to', () => {
    const side = (id: number) => records.find((r) => r.move === id)!
    const fromSupplier = moves.tables['stock.move'].find((m) => m.from_location === 6 && m.to_location === STORAGE)!
    const toProduction = moves.tables['stock.move'].find((m) => m.from_location === STORAGE && m.to_location === 9)!
    const toOutput = moves.tables['stock.move'].find((m) => m.from_location === STORAGE && m.to_location === 2)!
    expect(side(fromSupplier.id as number)).toMatchObject({ direction: 'in', counterpart: 'supplier' })
    expect(side(toProduction.id as number)).toMatchObject({ direction: 'out', counterpart: 'production' })
    expect(side(toOutput.id as number)).toMatchObject({ direction: 'out', counterpart: 'internal' })
  })

  test('mappings/tryton/stock-movement maps every record: quantity in the default unit, state, day', () => {
    const mapping = catalog.get('tryton/stock-movement')
    const failures: unknown[] = []
    const mapped = records.map((r) => {
      const result = mapping.map(r)
      if (!result.ok) failures.push({ id: r.id, issues: result.issues })
      return result.ok ? (result.value as Record<string, unknown>) : null
    })
    expect(failures).toEqual([])
    const states = new Set(mapped.map((m) => m!.status))
    expect([...states].every((s) => ['planned', 'reserved', 'done', 'cancelled', 'proposed'].includes(String(s)))).toBe(true)
    expect(states.has('planned') && states.has('reserved') && states.has('done')).toBe(true)
    const planned = moves.tables['stock.move'].find((m) => m.state === 'draft' && m.to_location === STORAGE)!
    const day = planned.planned_date as { year: number; month: number; day: number }
    expect(mapped.find((m) => m!.externalId === `${planned.id}:in`)).toMatchObject({
      direction: 'in',
      quantity: String(planned.internal_quantity),
      status: 'planned',
      location: 'WH',
      plannedDate: `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`,
    })
  })

  test('a re-read of a few SKUs brings their stock and their moves only, all states, without a cursor', async () => {
    nock.cleanAll()
    const fake = new FakeTryton({ tables })
    fake.intercept()
    const { session } = await connectTryton({ pageSize: 5 })
    const pages = async (entity: string) => {
      const out: JsonObject[] = []
      for await (const page of session.readSkus!(entity, ['CMP-MOT', 'NO-SUCH-SKU'], new AbortController().signal)) out.push(...page.records)
      return out
    }
    const stock = await pages('inventory-position')
    expect(stock.map((r) => r.id)).toEqual(['WH:CMP-MOT'])
    const moved = await pages('stock-movement')
    const product = (seededTables['product.product'].find((p) => p.code === 'CMP-MOT') as JsonObject).id
    const expected = moves.tables['stock.move'].filter((m) => m.product === product && (m.from_location === STORAGE) !== (m.to_location === STORAGE))
    expect(expected.length).toBeGreaterThan(3)
    expect(moved.map((r) => r.move).sort()).toEqual(expected.map((m) => m.id).sort())
    expect(new Set(moved.map((r) => (r.product as JsonObject).code))).toEqual(new Set(['CMP-MOT']))
    await expect(pages('customer')).rejects.toThrow(/re-reads inventory-position and stock-movement by SKU/)
    await session.close()
  })
})
