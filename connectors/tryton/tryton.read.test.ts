import nock from 'nock'
import { ConfigError, MalformedResponse, type Cursor, type JsonObject } from '../../src/connector-sdk'
import { connectTryton, FakeTryton, idsOf, readAll, rejection, seededTables, trytonDateTime } from './tryton.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

const partyIds = seededTables['party.party'].map((p) => p.id).sort()
const sorted = (ids: unknown[]) => [...ids].sort()
/** As the hub hands a cursor back: through JSON in PostgreSQL. */
const stored = (cursor: Cursor | null) => JSON.parse(JSON.stringify(cursor)) as Cursor
const LATER = '2026-11-27T20:00:00.000000Z'

async function fullRead(fake: FakeTryton, entity = 'customer', pageSize = 5) {
  fake.intercept()
  const { session } = await connectTryton({ pageSize })
  const pages = await readAll(session, entity)
  return { session, pages, cursor: stored(pages.at(-1)!.next) }
}

describe('reading a change-tracked entity (customers = party.party)', () => {
  it('reads every party exactly once over several pages, and ends on a cursor without a run', async () => {
    const fake = new FakeTryton()
    const { pages, cursor } = await fullRead(fake)
    expect(pages.length).toBeGreaterThanOrEqual(5)
    expect(idsOf(pages)).toHaveLength(partyIds.length)
    expect(sorted(idsOf(pages))).toEqual(partyIds)
    expect(cursor).toMatchObject({ v: 1, marks: expect.objectContaining({ 'party.party/created': expect.anything(), 'party.party/written': expect.anything() }) })
    expect(cursor).not.toHaveProperty('run')
    // Records leave decoded and merged.
    const weber = pages.flatMap((p) => p.records).find((r) => r.name === 'Lukas Weber') as JsonObject
    expect(weber.addresses).toEqual([expect.objectContaining({ city: 'Hamburg', country: expect.objectContaining({ code: 'DE' }) })])
  })

  it('walks each stream by keyset: (stamp, id) after the last row read, never by offset', async () => {
    const fake = new FakeTryton()
    await fullRead(fake)
    const reads = fake.calls.filter((c) => c.method === 'model.party.party.search_read')
    expect(reads[0].params.slice(0, 4)).toEqual([[['write_date', '=', null]], 0, 5, [['create_date', 'ASC'], ['id', 'ASC']]])
    const [domain, offset] = reads[1].params as [unknown[], number]
    expect(offset).toBe(0)
    expect(domain[1]).toEqual(['OR', ['create_date', '>', expect.objectContaining({ __class__: 'datetime' })], [['create_date', '=', expect.objectContaining({ __class__: 'datetime' })], ['id', '>', expect.any(Number)]]])
  })

  it('resumes from the cursor of any page after a crash: nothing lost, nothing doubled', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    for (const crashAfter of [1, 2, 4]) {
      const first = await connectTryton({ pageSize: 5 })
      const done = await readAll(first.session, 'customer', null, crashAfter)
      const second = await connectTryton({ pageSize: 5 })
      const rest = await readAll(second.session, 'customer', stored(done.at(-1)!.next))
      const ids = idsOf([...done, ...rest])
      expect(sorted(ids)).toEqual(partyIds)
      expect(new Set(ids).size).toBe(ids.length)
    }
  })

  it('an incremental run sends only what changed, and does not send again the rows it re-reads in the overlap', async () => {
    const fake = new FakeTryton()
    const { cursor } = await fullRead(fake)
    fake.write('party.party', 11, LATER, { phone: '040 / 555 99 00' })
    const { session } = await connectTryton({ pageSize: 5 })
    const pages = await readAll(session, 'customer', cursor)
    expect(idsOf(pages)).toEqual([11])
    expect(pages.flatMap((p) => p.records)[0].phone).toBe('040 / 555 99 00')
    // Nothing changed since: the next run sends nothing.
    const again = await readAll((await connectTryton({ pageSize: 5 })).session, 'customer', stored(pages.at(-1)!.next))
    expect(idsOf(again)).toEqual([])
  })

  it('reads a row stamped before the watermark by a transaction that committed late, within the overlap', async () => {
    const fake = new FakeTryton()
    const { cursor } = await fullRead(fake)
    const newest = (cursor as { marks: Record<string, { at: string }> }).marks['party.party/written'].at
    const late = new Date(Date.parse(newest) - 30_000).toISOString().replace('Z', '000Z')
    fake.write('party.party', 5, late)
    expect(idsOf(await readAll((await connectTryton({ pageSize: 5 })).session, 'customer', cursor))).toEqual([5])
    // Without an overlap that write is lost: the overlap is what catches it.
    expect(idsOf(await readAll((await connectTryton({ pageSize: 5, overlapMs: 0 })).session, 'customer', cursor))).toEqual([])
  })

  it('a contact mechanism changed on its own (the party untouched) brings its party in the next run', async () => {
    const fake = new FakeTryton()
    const { cursor } = await fullRead(fake)
    const mechanism = fake.tables['party.contact_mechanism'].find((m) => m.party === 13)!
    fake.write('party.contact_mechanism', Number(mechanism.id), LATER)
    expect(idsOf(await readAll((await connectTryton()).session, 'customer', cursor))).toEqual([13])
  })

  it('a party and its contact mechanism written in one transaction send the party once', async () => {
    const fake = new FakeTryton()
    const { cursor } = await fullRead(fake)
    const mechanism = fake.tables['party.contact_mechanism'].find((m) => m.party === 13)!
    fake.write('party.party', 13, LATER)
    fake.write('party.contact_mechanism', Number(mechanism.id), LATER)
    expect(idsOf(await readAll((await connectTryton()).session, 'customer', cursor))).toEqual([13])
  })

  it('a row written while the run walks the pages is met again further on, in its newer version', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    const { session } = await connectTryton({ pageSize: 5 })
    const iterator = session.read('customer', null, new AbortController().signal)[Symbol.asyncIterator]()
    const step1 = await iterator.next()
    if (step1.done) throw new Error('the read ended before its first page')
    const firstPage = step1.value.records
    const alreadyRead = Number(firstPage[0].id)
    const neverWritten = fake.tables['party.party'].filter((p) => p.write_date === null).map((p) => Number(p.id))
    const notYetRead = neverWritten.find((id) => !firstPage.some((r) => r.id === id))!
    fake.write('party.party', alreadyRead, LATER, { name: 'Renamed during the run' })
    fake.write('party.party', notYetRead, LATER)
    const records: JsonObject[] = [...firstPage]
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) records.push(...step.value.records)
    const ids = records.map((r) => r.id)
    expect(ids.filter((id) => id === alreadyRead)).toHaveLength(2)
    expect(records.filter((r) => r.id === alreadyRead).at(-1)!.name).toBe('Renamed during the run')
    expect(ids.filter((id) => id === notYetRead)).toHaveLength(1)
    expect(sorted([...new Set(ids)])).toEqual(partyIds)
  })
})

describe('reading sales with their lines', () => {
  it('a line changed on its own brings its sale, with the lines as records', async () => {
    const fake = new FakeTryton()
    const { pages, cursor } = await fullRead(fake, 'sales-order', 10)
    expect(idsOf(pages)).toHaveLength(seededTables['sale.sale'].length)
    const sale = pages.flatMap((p) => p.records).find((s) => s.number === 'SO-00001') as JsonObject
    expect(sale).toMatchObject({ state: 'done', total_amount: '1140.26', party: { id: 13, name: 'Van der Berg Bouw B.V.', code: expect.any(String) } })
    expect(sale.lines).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'line', product: { code: 'DRL-P', id: 2 }, quantity: 2, unit_price: '125.1000', amount: '250.20' })]))

    const line = fake.tables['sale.line'].find((l) => l.sale === 35)!
    fake.write('sale.line', Number(line.id), LATER)
    expect(idsOf(await readAll((await connectTryton({ pageSize: 10 })).session, 'sales-order', cursor))).toEqual([35])
  })
})

describe('what a read refuses', () => {
  it('a cursor of another shape is a ConfigError asking for a reset', async () => {
    new FakeTryton().intercept()
    const { session } = await connectTryton()
    const err = await rejection(readAll(session, 'customer', { since: '2026-01-01T00:00:00Z' }))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('reset the cursor')
  })

  it('an entity the connector does not read is a ConfigError', async () => {
    const { session } = await connectTryton()
    expect(() => session.read('invoice', null, new AbortController().signal)).toThrow(ConfigError)
  })

  it('a row without an integer id is a MalformedResponse, not a short page', async () => {
    const fake = new FakeTryton()
    fake.intercept()
    fake.failOnce(/party\.party\.search_read/, { result: [{ name: 'no id', create_date: trytonDateTime(LATER) }] })
    const { session } = await connectTryton()
    expect(await rejection(readAll(session, 'customer'))).toBeInstanceOf(MalformedResponse)
  })

  it('stops with the signal’s reason when aborted between pages', async () => {
    new FakeTryton().intercept()
    const { session } = await connectTryton({ pageSize: 5 })
    const controller = new AbortController()
    const reason = new Error('worker shutting down')
    const seen: number[] = []
    const err = await rejection(
      (async () => {
        for await (const page of session.read('customer', null, controller.signal)) {
          seen.push(page.records.length)
          controller.abort(reason)
        }
      })(),
    )
    expect(err).toBe(reason)
    expect(seen).toHaveLength(1)
  })
})
