import { api } from '../../api'
import { href } from '../../router'
import { useAsync } from '../../ui/async'
import { fmtKpi, fmtTarget } from './kpi-format'
import { StatusBadge } from './KpiStatus'
import { KpiTrendChart } from './KpiTrendChart'
import { GRAIN_NAMES, periodQuery, trendGrain, type PeriodSel } from './period'
import type { PeriodView, ScorecardKpi, Trend } from './scorecard.types'
import * as s from './styles'

/** One KPI at a glance: value, target, status (or why there is none) and its recent trend. */
export function KpiTile(props: { kpi: ScorecardKpi; period: PeriodView; sel: PeriodSel }) {
  const { kpi } = props
  const titleId = `kpi-${kpi.id}-name`
  const link = href(`/scorecard/kpis/${encodeURIComponent(kpi.id)}`, periodQuery(props.sel))
  return (
    <article class="card" style={s.kpiTile} aria-labelledby={titleId} data-testid={`kpi-tile-${kpi.id}`}>
      <div style={s.row}>
        <h3 id={titleId} style={s.kpiName}>
          <a href={link}>{kpi.name}</a>
        </h3>
        <StatusBadge status={kpi.status} />
      </div>
      <div style={s.kpiValue} data-testid="kpi-value" data-value={kpi.value === null ? '' : String(kpi.value)}>
        {fmtKpi(kpi.value, kpi.unit)}
      </div>
      <div class="muted" style={s.small} data-testid="kpi-target">
        Target {fmtTarget(kpi.target, kpi.unit, kpi.direction)}
        {!kpi.targetIsDefault && ' (set by you)'}
      </div>
      {kpi.value === null && kpi.reason && (
        <p class="muted" style={{ ...s.small, margin: 0 }} data-testid="kpi-reason">
          No data: {kpi.reason}.
        </p>
      )}
      {kpi.scope === 'snapshot' ? (
        <p class="muted" style={{ ...s.small, margin: 'auto 0 0' }}>
          A snapshot of the master data as it is now; its past values are not kept, so there is no trend.
        </p>
      ) : (
        <Sparkline kpi={kpi} period={props.period} />
      )}
    </article>
  )
}

function Sparkline(props: { kpi: ScorecardKpi; period: PeriodView }) {
  const grain = trendGrain(props.period)
  const periods = grain === 'year' ? 5 : 6
  // The trend is judged against today's target: reload it when the target changes.
  const trend = useAsync(() => api.get<Trend>('/v1/scorecard/trend', { kpi: props.kpi.id, grain, periods, until: props.period.to }), [props.kpi.id, grain, props.period.to, props.kpi.target])
  const caption = `Last ${periods} ${GRAIN_NAMES[grain].toLowerCase()}`
  if (trend.error) return <p class="muted" style={s.small}>The trend could not be loaded ({trend.error instanceof Error ? trend.error.message : String(trend.error)}).</p>
  if (!trend.data) return <p class="muted" style={{ ...s.small, margin: 'auto 0 0' }} aria-busy="true">Loading the trend…</p>
  const points = trend.data.points
  if (points.every((p) => p.value === null))
    return (
      <p class="muted" style={{ ...s.small, margin: 'auto 0 0' }}>
        No value in the last {periods} {GRAIN_NAMES[grain].toLowerCase()} either, so there is no trend to draw.
      </p>
    )
  const previous = points.length > 1 ? points[points.length - 2] : undefined
  return (
    <div style={{ marginTop: 'auto' }}>
      <KpiTrendChart trend={trend.data} height={190} compact testId="kpi-sparkline" title={`${props.kpi.name}: ${caption.toLowerCase()}`} />
      <div class="muted" style={s.small}>
        {caption}
        {previous && ` · ${previous.period.label}: ${fmtKpi(previous.value, props.kpi.unit)}`}
      </div>
    </div>
  )
}
