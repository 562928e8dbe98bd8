import { ENTITY_NAMES, type Simulator } from '../../src/simulator'
import { FIXED_NOW, startTestSimulator, toCents } from './simulator.test-kit'

function allRecordsJson(sim: Simulator): string {
  return JSON.stringify(ENTITY_NAMES.map((entity) => sim.records(entity)))
}

describe('simulator dataset', () => {
  test('the same options give byte-identical data; another seed gives other data', async () => {
    const [a, b, c] = await Promise.all([
      startTestSimulator({ seed: 7, lines: 3000 }),
      startTestSimulator({ seed: 7, lines: 3000 }),
      startTestSimulator({ seed: 8, lines: 3000 }),
    ])
    try {
      const jsonA = allRecordsJson(a)
      expect(allRecordsJson(b)).toBe(jsonA)
      const jsonC = allRecordsJson(c)
      expect(jsonC).not.toBe(jsonA)
      // Not just a reshuffle: the customers themselves differ.
      const namesA = new Set(a.records('customers').map((r) => r.name))
      const shared = c.records('customers').filter((r) => namesA.has(r.name)).length
      expect(shared).toBeLessThan(c.records('customers').length / 2)
    } finally {
      await Promise.all([a.close(), b.close(), c.close()])
    }
  })

  test.each([100, 101, 999, 4321, 25_000])('%i lines: exactly that many order lines, and counts derived from it', async (lines) => {
    const sim = await startTestSimulator({ lines, seed: lines })
    try {
      const orders = sim.records('sales-orders')
      expect(orders.reduce((sum, o) => sum + o.lines.length, 0)).toBe(lines)
      expect(sim.lineCount()).toBe(lines)
      for (const order of orders) {
        expect(order.lines.length).toBeGreaterThanOrEqual(1)
        expect(order.lines.length).toBeLessThanOrEqual(9)
      }
      const counts = sim.counts()
      expect(counts['sales-orders']).toBe(orders.length)
      expect(Math.abs(counts['sales-orders'] - lines / 5)).toBeLessThanOrEqual(1)
      expect(counts.customers).toBeGreaterThanOrEqual(10)
      expect(counts.products).toBeGreaterThanOrEqual(20)
      expect(counts.products).toBeLessThanOrEqual(5000)
      expect(counts.stock).toBeLessThan(counts.products * 3)
      expect(counts.stock).toBeGreaterThan(counts.products * 3 * 0.8)
      for (const entity of ENTITY_NAMES) expect(sim.records(entity)).toHaveLength(counts[entity])
    } finally {
      await sim.close()
    }
  })

  test('explicit counts override the derived ones, and impossible ones are refused naming the count', async () => {
    const sim = await startTestSimulator({ lines: 100, counts: { 'sales-orders': 12, customers: 3, products: 9, stock: 0, 'production-orders': 0 } })
    try {
      expect(sim.counts()).toEqual({ customers: 3, products: 9, 'sales-orders': 12, stock: 0, 'production-orders': 0 })
      expect(sim.lineCount()).toBe(100)
    } finally {
      await sim.close()
    }
    await expect(startTestSimulator({ lines: 100, counts: { 'sales-orders': 11 } })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ path: 'counts.sales-orders' })],
    })
    await expect(startTestSimulator({ lines: 50 })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'lines' })] })
  })

  describe('one dataset of 40,000 lines', () => {
    let sim: Simulator
    beforeAll(async () => {
      sim = await startTestSimulator({ lines: 40_000, seed: 3 })
    })
    afterAll(() => sim.close())

    // Loops collect offenders and assert once: readable failures, and fast over 8,000 orders.
    test('every order references an existing customer and existing products, in the customer currency', () => {
      const customers = new Map(sim.records('customers').map((c) => [c.id, c]))
      const products = new Map(sim.records('products').map((p) => [p.sku, p]))
      const offenders: string[] = []
      for (const order of sim.records('sales-orders')) {
        const customer = customers.get(order.customer_id)
        if (!customer || order.currency !== customer.currency) offenders.push(`${order.id}: customer ${order.customer_id}`)
        if (order.lines.some((l, i) => l.line_no !== i + 1)) offenders.push(`${order.id}: line numbers`)
        if (new Set(order.lines.map((l) => l.sku)).size !== order.lines.length) offenders.push(`${order.id}: repeated sku`)
        for (const line of order.lines) {
          const product = products.get(line.sku)
          if (!product || line.description !== product.name || line.uom !== product.uom) offenders.push(`${order.id}: line ${line.line_no} sku ${line.sku}`)
        }
      }
      expect(offenders).toEqual([])
    })

    test('every order total is exactly the sum of quantity × unit price, with two decimals', () => {
      const offenders: string[] = []
      for (const order of sim.records('sales-orders')) {
        const wellFormed = /^\d+\.\d{2}$/.test(order.total) && order.lines.every((l) => /^[1-9]\d*$/.test(l.quantity) && /^\d+\.\d{2}$/.test(l.unit_price))
        const sum = order.lines.reduce((cents, line) => cents + Number(line.quantity) * toCents(line.unit_price), 0)
        if (!wellFormed || toCents(order.total) !== sum) offenders.push(`${order.id}: total ${order.total}, lines sum to ${sum} cents`)
      }
      expect(offenders).toEqual([])
    })

    test('stock and production orders reference existing products and are internally consistent', () => {
      const skus = new Set(sim.records('products').map((p) => p.sku))
      const warehouses = new Map([['WH-BER', 'Berlin'], ['WH-RTM', 'Rotterdam'], ['WH-LYS', 'Lyon']])
      const stock = sim.records('stock')
      for (const s of stock) {
        expect(skus.has(s.sku)).toBe(true)
        expect(s.id).toBe(`${s.warehouse.code}:${s.sku}`)
        expect(warehouses.get(s.warehouse.code)).toBe(s.warehouse.name)
        expect(Number(s.reserved)).toBeLessThanOrEqual(Number(s.on_hand))
        expect(s.as_of <= s.updated_at).toBe(true)
      }
      expect(new Set(stock.map((s) => s.id)).size).toBe(stock.length)
      expect(stock.filter((s) => s.on_hand === '0').length).toBeGreaterThan(0)
      for (const mo of sim.records('production-orders')) {
        expect(skus.has(mo.sku)).toBe(true)
        expect(warehouses.has(mo.warehouse)).toBe(true)
        expect(Date.parse(mo.planned_end)).toBeGreaterThan(Date.parse(mo.planned_start))
        expect(mo.number).toBe(`MO-${mo.planned_start.slice(0, 4)}-${mo.id.slice(3)}`)
        // Spread over the coming weeks around `now`; only the past ones are done.
        expect(Math.abs(Date.parse(mo.planned_start) - FIXED_NOW.getTime())).toBeLessThan(60 * 86_400_000)
        if (mo.state === 'done') expect(Date.parse(mo.planned_end)).toBeLessThanOrEqual(FIXED_NOW.getTime())
        if (mo.state === 'planned') expect(Date.parse(mo.planned_start)).toBeGreaterThan(FIXED_NOW.getTime())
      }
    })

    test('each list is sorted by (updated_at, id) with distinct updated_at values, all before now', () => {
      for (const entity of ENTITY_NAMES) {
        const stamps = sim.records(entity).map((r) => r.updated_at)
        expect(stamps.filter((stamp) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(stamp))).toEqual([])
        expect(new Set(stamps).size).toBe(stamps.length)
        expect(stamps.filter((stamp, i) => i > 0 && !(stamps[i - 1] < stamp))).toEqual([])
        expect(stamps[stamps.length - 1] < FIXED_NOW.toISOString()).toBe(true)
        expect(stamps[0] > new Date(FIXED_NOW.getTime() - 366 * 86_400_000).toISOString()).toBe(true)
      }
    })

    test('customers look like European B2B customers of their country', () => {
      const customers = sim.records('customers')
      const phonePrefix: Record<string, string> = { DE: '+49 ', AT: '+43 ', CH: '+41 ', FR: '+33 ', NL: '+31 ', BE: '+32 ', GB: '+44 ', IT: '+39 ', ES: '+34 ', PL: '+48 ' }
      const vatPrefix: Record<string, RegExp> = { DE: /^DE\d{9}$/, AT: /^ATU\d{8}$/, CH: /^CHE-\d{3}\.\d{3}\.\d{3} MWST$/, FR: /^FR\d{11}$/, NL: /^NL\d{9}B\d{2}$/, BE: /^BE0\d{9}$/, GB: /^GB\d{9}$/, IT: /^IT\d{11}$/, ES: /^ES[A-Z]\d{8}$/, PL: /^PL\d{10}$/ }
      const currency: Record<string, string> = { CH: 'CHF', GB: 'GBP', PL: 'PLN' }
      expect(new Set(customers.map((c) => c.address.country)).size).toBeGreaterThanOrEqual(8)
      expect(new Set(customers.map((c) => c.name)).size).toBe(customers.length)
      for (const c of customers) {
        const country = c.address.country
        expect(c.id).toMatch(/^CUST-\d{6}$/)
        expect(c.currency).toBe(currency[country] ?? 'EUR')
        expect(c.name).toMatch(/ (GmbH|GmbH & Co\. KG|AG|KG|e\.K\.|OG|e\.U\.|SAS|SARL|SA|EURL|B\.V\.|N\.V\.|V\.O\.F\.|BV|NV|CommV|Ltd|Limited|LLP|PLC|S\.r\.l\.|S\.p\.A\.|S\.n\.c\.|S\.a\.s\.|S\.L\.|S\.A\.|S\.L\.U\.|Sp\. z o\.o\.|sp\.k\.|s\.c\.)$/)
        if (c.phone !== null) expect(c.phone.startsWith(phonePrefix[country])).toBe(true)
        if (c.vat_id !== null) expect(c.vat_id).toMatch(vatPrefix[country])
        if (c.email !== null) expect(c.email).toMatch(/^[a-z]+@[a-z0-9-]+\.[a-z.]+$/)
        expect(c.address.street.length).toBeGreaterThan(3)
        expect(c.address.postal_code).toMatch(/\d/)
        expect(c.created_at <= c.updated_at).toBe(true)
      }
      // German spelling in domains: Müller writes mueller.
      const muellers = customers.filter((c) => c.name.startsWith('Müller ') && c.email !== null && c.address.country === 'DE')
      expect(muellers.length).toBeGreaterThan(0)
      for (const c of muellers) expect(c.email!.split('@')[1]).toMatch(/^mueller-/)
      expect(customers.some((c) => /[äöüéèàíóñł]/i.test(c.name))).toBe(true)
      for (const field of ['email', 'phone', 'vat_id'] as const) {
        const share = customers.filter((c) => c[field] === null).length / customers.length
        expect(share).toBeGreaterThan(0.03)
        expect(share).toBeLessThan(0.12)
      }
    })

    test('products are industrial goods with unique names and two-decimal EUR prices', () => {
      const products = sim.records('products')
      expect(new Set(products.map((p) => p.name)).size).toBe(products.length)
      for (const p of products) {
        expect(p.id).toMatch(/^PRD-\d{5}$/)
        expect(p.sku).toBe(`SKU-${p.id.slice(4)}`)
        expect(p.list_price).toMatch(/^\d+\.\d{2}$/)
        expect(toCents(p.list_price)).toBeGreaterThan(0)
        expect(p.currency).toBe('EUR')
        expect(['PCE', 'M', 'KG', 'L', 'BOX', 'PR', 'SET']).toContain(p.uom)
      }
      expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(10)
    })

    test('old orders are mostly closed and recent ones open', () => {
      const orders = sim.records('sales-orders')
      const daysOld = (o: { order_date: string }) => (FIXED_NOW.getTime() - Date.parse(o.order_date)) / 86_400_000
      const old = orders.filter((o) => daysOld(o) > 60)
      const recent = orders.filter((o) => daysOld(o) < 3)
      expect(old.length).toBeGreaterThan(100)
      expect(recent.length).toBeGreaterThan(10)
      expect(old.filter((o) => ['done', 'invoiced', 'cancelled'].includes(o.status)).length / old.length).toBeGreaterThan(0.9)
      expect(recent.filter((o) => ['done', 'invoiced'].includes(o.status))).toEqual([])
      const today = FIXED_NOW.toISOString().slice(0, 10)
      const offenders = orders.filter(
        (o) => !/^SO-\d{7}$/.test(o.id) || o.number !== `SO-${o.order_date.slice(0, 4)}-${o.id.slice(4)}` || o.order_date > today || o.updated_at.slice(0, 10) < o.order_date,
      )
      expect(offenders).toEqual([])
    })
  })
})
