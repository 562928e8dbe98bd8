import { LineChart } from '../../ui/chart'
import { chartValue, fmtKpi } from './kpi-format'
import type { Trend } from './scorecard.types'

/**
 * A KPI's trend as a line against its target (the threshold line). Periods without a value are left
 * out of the line; the caller says which and why.
 */
export function KpiTrendChart(props: { trend: Trend; height?: number; testId?: string; title: string; compact?: boolean }) {
  const { trend } = props
  const unit = trend.kpi.unit
  const points = trend.points.filter((p) => p.value !== null).map((p) => ({ x: p.period.from, y: chartValue(p.value!, unit) }))
  if (points.length === 0) return <p class="empty">No value in any of these periods.</p>
  return (
    <LineChart
      title={props.title}
      testId={props.testId}
      height={props.height}
      compact={props.compact}
      xKind="day"
      series={[{ name: unit === 'ratio' ? `${trend.kpi.name} (%)` : trend.kpi.name, points }]}
      threshold={{ y: chartValue(trend.kpi.target, unit), label: `Target ${fmtKpi(trend.kpi.target, unit)}` }}
    />
  )
}
