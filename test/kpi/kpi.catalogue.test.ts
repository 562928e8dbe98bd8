import { KPIS, PERSPECTIVES, findKpi } from '../../src/kpi/kpi.catalogue'
import type { KpiContext } from '../../src/kpi/kpi.types'
import { parsePeriodLabel, type Period } from '../../src/kpi/period'

describe('the KPI catalogue', () => {
  test('four perspectives in the balanced-scorecard order, each KPI in the perspective it says', () => {
    expect(PERSPECTIVES.map((p) => p.id)).toEqual(['financial', 'customer', 'internal-process', 'learning-growth'])
    for (const p of PERSPECTIVES) for (const k of p.kpis) expect(k.perspective).toBe(p.id)
    expect(PERSPECTIVES.map((p) => p.kpis.map((k) => k.id))).toEqual([
      ['revenue-growth', 'campaign-roi', 'cross-up-sell-share'],
      ['retention-rate', 'repeat-purchase-rate', 'complaint-rate'],
      ['on-time-delivery', 'order-cycle-time', 'case-resolution-time', 'promise-accuracy'],
      ['kb-link-rate', 'kb-article-reuse', 'duplicate-rate', 'lineage-coverage'],
    ])
  })

  test('ids are unique kebab-case (a slash is reserved for parameters), and every KPI says what it measures', () => {
    expect(new Set(KPIS.map((k) => k.id)).size).toBe(KPIS.length)
    for (const k of KPIS) {
      expect(k.id).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(findKpi(k.id)).toBe(k)
      expect(k.definition.length).toBeGreaterThan(40)
      expect(Number.isFinite(k.target)).toBe(true)
      for (const p of Object.values(k.parameters ?? {})) expect(Number.isFinite(p.default)).toBe(true)
    }
    expect(findKpi('nope')).toBeUndefined()
  })

  test('the KPIs the data cannot measure name what is missing, without touching the database and without rows', async () => {
    const ctx = { db: undefined as never, tenantId: 't', period: parsePeriodLabel('2026-Q3') as Period, params: {} } satisfies KpiContext
    for (const id of ['on-time-delivery', 'order-cycle-time', 'promise-accuracy']) {
      const kpi = findKpi(id)!
      expect(kpi.rows(ctx)).toBeNull()
      const m = await kpi.compute(ctx)
      expect(m).toMatchObject({ value: null, numerator: null, denominator: null })
      expect(m.reason).toMatch(/delivery (\(or shipment\) )?date|delivered/)
      expect(m.reason).toContain('SalesOrder')
    }
  })
})
