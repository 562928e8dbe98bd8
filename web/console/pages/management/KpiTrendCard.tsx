import { api } from '../../api'
import { href, navigate } from '../../router'
import { useAsync } from '../../ui/async'
import { Card, Empty, ErrorBox, Loading, Select, Table } from '../../ui/components'
import { fmtDay, fmtNumber } from '../../ui/format'
import { fmtKpi } from './kpi-format'
import { StatusBadge } from './KpiStatus'
import { KpiTrendChart } from './KpiTrendChart'
import { GRAIN_NAMES, periodSpan, trendGrain } from './period'
import type { Grain, PeriodView, ScorecardKpi, Trend, TrendPoint } from './scorecard.types'

const GRAINS: Grain[] = ['month', 'quarter', 'year']
const COUNTS = ['4', '5', '6', '8', '12', '24', '36']

/**
 * A KPI over the periods up to the one shown, each judged against today's target, as a chart and a
 * table of the values with the reason a period has none. Grain and length live in the link.
 */
export function KpiTrendCard(props: { kpi: ScorecardKpi; period: PeriodView; path: string; query: URLSearchParams }) {
  const { kpi, period } = props
  const grain = (GRAINS as string[]).includes(props.query.get('grain') ?? '') ? (props.query.get('grain') as Grain) : trendGrain(period)
  const periods = COUNTS.includes(props.query.get('periods') ?? '') ? Number(props.query.get('periods')) : grain === 'year' ? 5 : grain === 'quarter' ? 8 : 12
  const trend = useAsync(() => api.get<Trend>('/v1/scorecard/trend', { kpi: kpi.id, grain, periods, until: period.to }), [kpi.id, grain, periods, period.to, kpi.target])
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(props.query)
    next.set(key, value)
    navigate(href(props.path, Object.fromEntries(next)))
  }
  const missing = trend.data?.points.filter((p) => p.value === null) ?? []
  const running = trend.data?.points.find((p) => p.partial)
  return (
    <Card
      title={`Trend: the last ${periods} ${GRAIN_NAMES[grain].toLowerCase()} up to ${fmtDay(period.to)}`}
      actions={
        <>
          <label class="field" style={{ marginBottom: 0 }}>
            <span class="field-label">Trend by</span>
            <Select name="grain" value={grain} onValue={(v) => set('grain', v)} options={GRAINS.map((g) => ({ value: g, label: GRAIN_NAMES[g] }))} />
          </label>
          <label class="field" style={{ marginBottom: 0 }}>
            <span class="field-label">Periods</span>
            <Select name="periods" value={String(periods)} onValue={(v) => set('periods', v)} options={COUNTS.map((c) => ({ value: c, label: c }))} />
          </label>
        </>
      }
      testId="kpi-trend"
    >
      <ErrorBox error={trend.error} title="The trend could not be loaded" />
      {!trend.data && trend.loading && <Loading label="Computing the trend…" />}
      {trend.data &&
        (trend.data.points.every((p) => p.value === null) ? (
          <Empty>
            No value in any of these {trend.data.points.length} {GRAIN_NAMES[grain].toLowerCase()}
            {sameReason(trend.data.points) ? `: ${sameReason(trend.data.points)}.` : '; choose a grain or more periods, or see the values by period below.'}
          </Empty>
        ) : (
          <>
            <KpiTrendChart trend={trend.data} height={280} title={`${kpi.name} by ${grain}, against the target`} />
            <p class="muted" style={{ fontSize: '12.5px', margin: '4px 0 10px' }}>
              Each point is a {grain} (plotted at its first day), judged against today's target (the dashed line).
              {running && ` ${running.period.label} is still running: its value is so far.`}
              {missing.length > 0 && ` ${missing.length} of ${trend.data.points.length} ${GRAIN_NAMES[grain].toLowerCase()} have no value; the values by ${grain} say why.`}
            </p>
          </>
        ))}
      {trend.data && !sameReason(trend.data.points) && (
        <details>
          <summary class="muted" style={{ cursor: 'pointer', fontSize: '13px' }}>
            The values by {grain}
          </summary>
          <TrendTable points={trend.data.points} kpi={kpi} />
        </details>
      )}
    </Card>
  )
}

/** The one reason every period shares when none has a value (a KPI the hub cannot measure). */
function sameReason(points: TrendPoint[]): string | undefined {
  const reasons = new Set(points.map((p) => (p.value === null ? p.reason ?? '' : null)))
  const [only] = reasons
  return reasons.size === 1 && only ? only : undefined
}

function TrendTable(props: { points: TrendPoint[]; kpi: ScorecardKpi }) {
  const { unit } = props.kpi
  return (
    <Table<TrendPoint>
      testId="trend-table"
      rowKey={(p) => p.period.label}
      rows={[...props.points].reverse()}
      columns={[
        { key: 'period', label: 'Period', render: (p) => (
          <span title={periodSpan(p.period, fmtDay)} style={{ whiteSpace: 'nowrap' }}>
            {p.period.label}
          </span>
        ), },
        { key: 'value', label: 'Value', align: 'right', render: (p) => fmtKpi(p.value, unit) },
        { key: 'status', label: 'Status', render: (p) => <StatusBadge status={p.status} /> },
        { key: 'numerator', label: 'Numerator', align: 'right', render: (p) => fmtNumber(p.numerator) },
        { key: 'denominator', label: 'Denominator', align: 'right', render: (p) => fmtNumber(p.denominator) },
        { key: 'note', label: 'Note', render: (p) => (p.reason ? `No data: ${p.reason}` : p.partial ? 'still running' : '') },
      ]}
    />
  )
}
