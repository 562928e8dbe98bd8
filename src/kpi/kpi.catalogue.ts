import { customerKpis } from './customer.kpis'
import { financialKpis } from './financial.kpis'
import type { KpiDefinition, PerspectiveId } from './kpi.types'
import { learningKpis } from './learning.kpis'
import { processKpis } from './process.kpis'

/**
 * The balanced scorecard as data: four perspectives, each with its KPIs in the order they are shown.
 * Adding a KPI is adding an entry to a perspective's file; nothing else switches on KPI ids.
 */
export const PERSPECTIVES: ReadonlyArray<{ id: PerspectiveId; name: string; kpis: readonly KpiDefinition[] }> = [
  { id: 'financial', name: 'Financial', kpis: financialKpis },
  { id: 'customer', name: 'Customer', kpis: customerKpis },
  { id: 'internal-process', name: 'Internal process', kpis: processKpis },
  { id: 'learning-growth', name: 'Learning and growth', kpis: learningKpis },
]

export const KPIS: readonly KpiDefinition[] = PERSPECTIVES.flatMap((p) => p.kpis)

const byId = new Map(KPIS.map((k) => [k.id, k]))

export function findKpi(id: string): KpiDefinition | undefined {
  return byId.get(id)
}
