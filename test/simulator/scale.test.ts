import { client, startTestSimulator, walkList } from './simulator.test-kit'

/**
 * Benchmark-sized data: correctness at the largest size the benchmarks use. Speed is not asserted
 * here (machines are noisy); generating a million lines took 3–4 s when measured.
 */
describe('simulator at scale', () => {
  test('1,000,000 order lines generate with every line accounted for', async () => {
    const sim = await startTestSimulator({ lines: 1_000_000, seed: 1 })
    try {
      expect(sim.lineCount()).toBe(1_000_000)
      const orders = sim.records('sales-orders')
      let lines = 0
      for (const order of orders) lines += order.lines.length
      expect(lines).toBe(1_000_000)
      expect(sim.counts()).toEqual({ customers: 50_000, products: 2000, 'sales-orders': 200_000, stock: 5400, 'production-orders': 1000 })
      // A page deep into the data holds exactly the records after its watermark.
      const http = client(sim)
      const deep = orders[199_000].updated_at
      const res = await http.get('/api/v1/sales-orders', { params: { updated_since: deep, limit: 1000 } })
      expect(res.data.meta.total).toBe(1000)
      expect(res.data.next_cursor).toBeNull()
    } finally {
      await sim.close()
    }
  }, 60_000)

  test('100,000 lines of orders are served completely through keyset paging', async () => {
    const sim = await startTestSimulator({ lines: 100_000, seed: 2 })
    try {
      const { ids } = await walkList(client(sim), '/api/v1/sales-orders', 'cursor', 500)
      expect(ids).toHaveLength(20_000)
      expect(new Set(ids).size).toBe(20_000)
    } finally {
      await sim.close()
    }
  }, 60_000)
})
