import { ENTITY_NAMES, type Simulator, type SimSalesOrder } from '../../src/simulator'
import { client, startTestSimulator, toCents, walkList, type ListBody } from './simulator.test-kit'

function newest(sim: Simulator, entity: (typeof ENTITY_NAMES)[number]): string {
  const records = sim.records(entity)
  return records[records.length - 1].updated_at
}

describe('simulator changes', () => {
  let sim: Simulator
  beforeEach(async () => {
    sim = await startTestSimulator({ lines: 2000, seed: 5 })
  })
  afterEach(() => sim.close())

  test.each(ENTITY_NAMES)('mutate(%s) changes existing records and moves them after every other record', (entity) => {
    const before = sim.records(entity)
    const latest = newest(sim, entity)
    const ids = sim.mutate(entity, 5)
    expect(ids).toHaveLength(5)
    expect(new Set(ids).size).toBe(5)
    const after = sim.records(entity)
    expect(after).toHaveLength(before.length)
    // The changed records are now the last five, in change order, all newer than anything before.
    expect(after.slice(-5).map((r) => r.id)).toEqual(ids)
    for (const record of after.slice(-5)) expect(record.updated_at > latest).toBe(true)
    const stamps = after.map((r) => r.updated_at)
    expect(new Set(stamps).size).toBe(stamps.length)
    // The records held before the change are untouched values.
    const old = new Map(before.map((r) => [r.id, r]))
    for (const id of ids) expect(old.get(id)!.updated_at <= latest).toBe(true)
  })

  test('mutated records change the way an ERP changes them', () => {
    const flow = ['draft', 'quotation', 'confirmed', 'processing', 'shipped', 'invoiced', 'done']
    const ordersBefore = new Map(sim.records('sales-orders').map((o) => [o.id, o]))
    for (const id of sim.mutate('sales-orders', 40)) {
      const was = ordersBefore.get(id)!
      const now = sim.record('sales-orders', id)!
      const progressed = flow.indexOf(now.status) === flow.indexOf(was.status) + 1
      const cancelled = now.status === 'cancelled' && ['draft', 'quotation'].includes(was.status)
      const requantified = now.status === was.status && now.total !== was.total
      const touched = now.status === was.status && ['done', 'cancelled'].includes(was.status)
      expect(progressed || cancelled || requantified || touched).toBe(true)
      expect(toCents(now.total)).toBe(now.lines.reduce((sum, l) => sum + Number(l.quantity) * toCents(l.unit_price), 0))
    }
    for (const id of sim.mutate('stock', 30)) {
      const stock = sim.record('stock', id)!
      expect(Number(stock.reserved)).toBeLessThanOrEqual(Number(stock.on_hand))
      expect(stock.as_of).toBe(stock.updated_at)
    }
    for (const id of sim.mutate('production-orders', 20)) {
      const mo = sim.record('production-orders', id)!
      expect(Date.parse(mo.planned_end)).toBeGreaterThan(Date.parse(mo.planned_start))
    }
    const customersBefore = new Map(sim.records('customers').map((c) => [c.id, c]))
    for (const id of sim.mutate('customers', 20)) {
      const was = customersBefore.get(id)!
      const now = sim.record('customers', id)!
      expect(now.name).toBe(was.name)
      const changed = (['phone', 'email', 'vat_id', 'address'] as const).filter((f) => JSON.stringify(now[f]) !== JSON.stringify(was[f]))
      expect(changed.length).toBeGreaterThan(0)
    }
  })

  test('patch changes one line by index, bumps updated_at, keeps the old value intact and is served', async () => {
    const order = sim.records('sales-orders').find((o) => o.lines.length >= 3)!
    const latest = newest(sim, 'sales-orders')
    const patched = sim.patch('sales-orders', order.id, { lines: { 2: { quantity: 'lots' } } })
    expect(patched.lines[2].quantity).toBe('lots')
    expect(patched.lines[2].sku).toBe(order.lines[2].sku)
    expect(patched.lines.filter((_, i) => i !== 2)).toEqual(order.lines.filter((_, i) => i !== 2))
    expect(patched.total).toBe(order.total)
    expect(patched.updated_at > latest).toBe(true)
    expect(order.lines[2].quantity).not.toBe('lots')
    expect(sim.lineCount()).toBe(2000)

    const page = await client(sim).get<ListBody<SimSalesOrder>>('/api/v1/sales-orders', { params: { updated_since: patched.updated_at } })
    expect(page.data.data).toHaveLength(1)
    expect(page.data.data[0].lines[2].quantity).toBe('lots')
  })

  test('patch merges nested objects, removes keys given undefined, and accepts a function', () => {
    const customer = sim.records('customers')[0]
    const merged = sim.patch('customers', customer.id, { address: { city: 'Atlantis' }, email: undefined, phone: null })
    expect(merged.address).toEqual({ ...customer.address, city: 'Atlantis' })
    expect('email' in merged).toBe(false)
    expect(merged.phone).toBeNull()

    const byFunction = sim.patch('customers', customer.id, (c) => {
      c.name = ''
    })
    expect(byFunction.name).toBe('')
    expect(byFunction.address.city).toBe('Atlantis')
    expect(byFunction.updated_at > merged.updated_at).toBe(true)
    expect(sim.records('customers').filter((c) => c.id === customer.id)).toHaveLength(1)
  })

  test('mutate and add refuse counts that are not whole numbers; close may be called twice', async () => {
    expect(() => sim.mutate('customers', 1.5)).toThrow(RangeError)
    expect(() => sim.add('customers', -1)).toThrow(RangeError)
    expect(sim.mutate('customers', 0)).toEqual([])
    const other = await startTestSimulator({ lines: 100 })
    await other.close()
    await expect(other.close()).resolves.toBeUndefined()
  })

  test('patch refuses unknown ids and id changes', () => {
    expect(() => sim.patch('customers', 'CUST-999999', { name: 'x' })).toThrow(expect.objectContaining({ code: 'not_found' }))
    const id = sim.records('customers')[0].id
    expect(() => sim.patch('customers', id, { id: 'CUST-000000' })).toThrow(expect.objectContaining({ code: 'validation_failed' }))
    expect(() => sim.patch('sales-orders', sim.records('sales-orders')[0].id, { lines: { 99: { quantity: '1' } } })).toThrow(/array/)
  })

  test('add creates newest records with valid references and keeps the line count', () => {
    const before = sim.counts()
    const latest = newest(sim, 'sales-orders')
    const ids = sim.add('sales-orders', 10)
    expect(ids).toHaveLength(10)
    expect(sim.counts()['sales-orders']).toBe(before['sales-orders'] + 10)
    const customers = new Set(sim.records('customers').map((c) => c.id))
    const skus = new Set(sim.records('products').map((p) => p.sku))
    let newLines = 0
    for (const id of ids) {
      const order = sim.record('sales-orders', id)!
      expect(order.updated_at > latest).toBe(true)
      expect(customers.has(order.customer_id)).toBe(true)
      for (const line of order.lines) expect(skus.has(line.sku)).toBe(true)
      expect(toCents(order.total)).toBe(order.lines.reduce((sum, l) => sum + Number(l.quantity) * toCents(l.unit_price), 0))
      expect(['draft', 'quotation', 'confirmed']).toContain(order.status)
      newLines += order.lines.length
    }
    expect(sim.lineCount()).toBe(2000 + newLines)
    expect(sim.records('sales-orders').reduce((sum, o) => sum + o.lines.length, 0)).toBe(sim.lineCount())

    const [customerId] = sim.add('customers', 1)
    expect(customerId).toBe(`CUST-${String(before.customers + 1).padStart(6, '0')}`)
    const [productId] = sim.add('products', 1)
    const product = sim.record('products', productId)!
    expect(sim.records('products').filter((p) => p.name === product.name)).toHaveLength(1)
    const [moId] = sim.add('production-orders', 1)
    const mo = sim.record('production-orders', moId)!
    expect(sim.record('products', `PRD-${mo.sku.slice(4)}`)).toBeDefined()
    expect(mo.state).toBe('planned')
    expect(Date.parse(mo.planned_start)).toBeGreaterThan(Date.parse(mo.updated_at))
  })

  test('add(stock) fills only unstocked product × warehouse pairs and stops when none are left', async () => {
    const full = await startTestSimulator({ lines: 200, counts: { products: 10, stock: 28 } })
    try {
      const ids = full.add('stock', 5)
      expect(ids).toHaveLength(2)
      expect(full.counts().stock).toBe(30)
      expect(new Set(full.records('stock').map((s) => s.id)).size).toBe(30)
    } finally {
      await full.close()
    }
  })

  test('the clock never repeats, even for a burst of changes within one millisecond', () => {
    const ids = sim.mutate('stock', sim.counts().stock)
    const stamps = ids.map((id) => sim.record('stock', id)!.updated_at)
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] > stamps[i - 1]).toBe(true)
  })

  test('a simulator generated around a future now still stamps changes after all its data', async () => {
    const future = await startTestSimulator({ lines: 200, now: new Date('2031-01-01T00:00:00Z') })
    try {
      const latest = newest(future, 'customers')
      const [id] = future.mutate('customers', 1)
      expect(future.record('customers', id)!.updated_at > latest).toBe(true)
      expect(future.record('customers', id)!.updated_at.startsWith('2031-01-01')).toBe(true)
    } finally {
      await future.close()
    }
  })

  test('keyset paging loses nothing while records change between pages; changed records come again at the end', async () => {
    const originalIds = sim.records('sales-orders').map((o) => o.id)
    const seenBeforeChange = new Set<string>()
    const changedAfterSeen = new Set<string>()
    const { ids } = await walkList(client(sim), '/api/v1/sales-orders', 'cursor', 50, {}, (page, index) => {
      for (const r of page.data) seenBeforeChange.add(r.id)
      if (index > 5) return
      // Change some records already served and some not yet served.
      const served = page.data[3].id
      sim.patch('sales-orders', served, { status: 'cancelled' })
      changedAfterSeen.add(served)
      for (const id of sim.mutate('sales-orders', 3)) if (seenBeforeChange.has(id)) changedAfterSeen.add(id)
    })
    const seen = new Set(ids)
    expect(originalIds.filter((id) => !seen.has(id))).toEqual([])
    for (const id of changedAfterSeen) expect(ids.filter((x) => x === id).length).toBeGreaterThanOrEqual(2)
    // Nothing is served twice unless it changed after being served.
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i)
    for (const id of twice) expect(changedAfterSeen.has(id)).toBe(true)
  })
})
