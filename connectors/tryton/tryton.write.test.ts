import { buttonPath } from './tryton.complaint-status.write'
import nock from 'nock'
import { AuthError, ConfigError, type JsonObject, type Session, type WriteOutcome } from '../../src/connector-sdk'
import { answers, connectTryton, FakeTryton, rejection, seededTables } from './tryton.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

const signal = () => new AbortController().signal
const write = (session: Session, entity: string, records: JsonObject[], idempotencyKey: string): Promise<WriteOutcome[]> => session.write!(entity, records, { idempotencyKey, signal: signal() })

function fake(): FakeTryton {
  const f = new FakeTryton({ tables: { ...seededTables, 'sale.opportunity': [], 'sale.complaint': [] } })
  f.intercept()
  return f
}

const creates = (f: FakeTryton) => f.calls.filter((c) => c.method.endsWith('.create'))

describe('writing opportunities', () => {
  const lead = { customer: '13', description: 'Spring campaign: saw upgrade', amount: '4800.00', probability: 0.35, startDate: '2026-11-27', lines: [{ sku: 'SAW-P', quantity: 20 }] }

  it('creates the opportunity with the idempotency key as its reference and Tryton-typed values', async () => {
    const f = fake()
    const { session } = await connectTryton()
    expect(await write(session, 'opportunity', [lead], 'campaign-7:target-13')).toEqual([{ status: 'created', externalId: '1' }])
    const [create] = creates(f)
    expect(create.method).toBe('model.sale.opportunity.create')
    expect(create.params).toEqual([
      [
        {
          party: 13,
          description: 'Spring campaign: saw upgrade',
          amount: { __class__: 'Decimal', decimal: '4800.00' },
          conversion_probability: 0.35,
          start_date: { __class__: 'date', year: 2026, month: 11, day: 27 },
          lines: [['create', [{ product: 5, quantity: 20, unit: 1 }]]],
          reference: 'erphub:campaign-7:target-13',
        },
      ],
      { company: 1, language: 'en' },
    ])
  })

  it('a retry with the same key finds the record by its reference and creates nothing', async () => {
    const f = fake()
    const { session } = await connectTryton()
    const first = await write(session, 'opportunity', [lead], 'k-1')
    const again = await write(session, 'opportunity', [lead], 'k-1')
    expect(again).toEqual([{ status: 'unchanged', externalId: (first[0] as { externalId: string }).externalId }])
    expect(creates(f)).toHaveLength(1)
    expect(f.tables['sale.opportunity']).toHaveLength(1)
  })

  it('a record created by a call whose answer was lost is found, not created again', async () => {
    const f = fake()
    const id = f.insert('sale.opportunity', '2026-11-27T20:00:00.000000Z', { party: 13, description: 'x', reference: 'erphub:lost-answer' })
    const { session } = await connectTryton()
    expect(await write(session, 'opportunity', [lead], 'lost-answer')).toEqual([{ status: 'unchanged', externalId: String(id) }])
    expect(creates(f)).toHaveLength(0)
  })

  it('gives one outcome per record: each of a batch has its own reference, a bad one is rejected with its path', async () => {
    const f = fake()
    const { session } = await connectTryton()
    const outcomes = await write(
      session,
      'opportunity',
      [lead, { customer: '13' }, { customer: '999', description: 'nobody' }, { ...lead, lines: [{ sku: 'NOPE-1', quantity: 1 }] }, { customer: 7, description: 'Fleet renewal' }],
      'batch-3',
    )
    expect(outcomes).toEqual([
      { status: 'created', externalId: expect.any(String) },
      { status: 'rejected', reason: expect.stringContaining('description'), path: 'description' },
      { status: 'rejected', reason: 'customer 999 does not exist in Tryton', path: 'customer' },
      { status: 'rejected', reason: 'no Tryton product has the code "NOPE-1"', path: 'lines.0.sku' },
      { status: 'created', externalId: expect.any(String) },
    ])
    expect(f.tables['sale.opportunity'].map((o) => o.reference)).toEqual(['erphub:batch-3/1', 'erphub:batch-3/5'])
  })

  it('a record Tryton refuses for its values is rejected with Tryton’s message, and the next one is still created', async () => {
    const f = fake()
    f.failOnce(/opportunity\.create/, { fault: answers.employeeRequired.error! })
    const { session } = await connectTryton()
    const outcomes = await write(session, 'opportunity', [lead, { ...lead, description: 'second' }], 'refused')
    expect(outcomes[0]).toEqual({ status: 'rejected', reason: expect.stringContaining('A value is required for field "Employee"') })
    expect(outcomes[1]).toMatchObject({ status: 'created' })
  })

  it('an access refusal is not one record’s fault: it is thrown as an AuthError', async () => {
    const f = fake()
    f.failOnce(/opportunity\.create/, { fault: answers.accessError.error! })
    const { session } = await connectTryton()
    expect(await rejection(write(session, 'opportunity', [lead], 'no-rights'))).toBeInstanceOf(AuthError)
  })

  it('refuses to write what the connection is not allowed to', async () => {
    const { session } = await connectTryton({ writes: ['complaint'] })
    expect(await rejection(write(session, 'opportunity', [lead], 'k'))).toBeInstanceOf(ConfigError)
  })
})

describe('writing complaints', () => {
  it('about a sale of the customer: origin set, the sales complaint type chosen', async () => {
    const f = fake()
    const { session } = await connectTryton()
    const outcomes = await write(session, 'complaint', [{ customer: '13', sale: '1', description: 'Two drills arrived damaged.' }], 'case-42')
    expect(outcomes).toEqual([{ status: 'created', externalId: '1' }])
    expect(creates(f)[0].params[0]).toEqual([{ customer: 13, type: 1, description: 'Two drills arrived damaged.', origin: 'sale.sale,1', reference: 'erphub:case-42' }])
    expect((await write(session, 'complaint', [{ customer: '13', sale: '1', description: 'Two drills arrived damaged.' }], 'case-42'))[0].status).toBe('unchanged')
  })

  it('rejects a sale of another customer, and a type that is not about sales for a sale', async () => {
    fake()
    const { session } = await connectTryton()
    const outcomes = await write(
      session,
      'complaint',
      [
        { customer: '7', sale: '1', description: 'not theirs' },
        { customer: '13', sale: '1', type: 'Sale Line', description: 'wrong type' },
        { customer: '13', type: 'Warranty', description: 'unknown type' },
      ],
      'case-43',
    )
    expect(outcomes).toEqual([
      { status: 'rejected', reason: 'sale 1 belongs to another customer than 7', path: 'sale' },
      { status: 'rejected', reason: 'complaint type "Sale Line" is not about sales (its origin is sale.line)', path: 'type' },
      { status: 'rejected', reason: 'Tryton has no complaint type named "Warranty"', path: 'type' },
    ])
  })
})

describe('complaint status: the shortest way through sale_complaint\'s workflow', () => {
  it.each([
    ['draft', 'waiting', ['wait']],
    ['draft', 'approved', ['wait', 'approve']],
    ['done', 'waiting', ['draft', 'wait']],
    ['cancelled', 'cancelled', []],
    ['done', 'approved', []],
    ['approved', 'cancelled', ['draft', 'cancel']],
  ])('from %s to %s presses %j', (from, to, path) => {
    expect(buttonPath(from, to)).toEqual(path)
  })
  it('has no way to a state the workflow does not have', () => {
    expect(buttonPath('draft', 'archived')).toBeNull()
  })
})
