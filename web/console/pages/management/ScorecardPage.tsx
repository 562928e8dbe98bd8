import { api } from '../../api'
import { href, navigate } from '../../router'
import { useAsync } from '../../ui/async'
import { Badge, Empty, ErrorBox, Loading, Notice, PageHeader } from '../../ui/components'
import { fmtDay } from '../../ui/format'
import type { RouteContext } from '../area'
import { KpiTile } from './KpiTile'
import { STATUS_RULE, statusLabel } from './KpiStatus'
import { PeriodPicker } from './PeriodPicker'
import { periodFromQuery, periodKey, periodQuery, periodSpan, type PeriodSel } from './period'
import type { KpiStatus, Scorecard } from './scorecard.types'
import * as s from './styles'

const TONES = { 'on-track': 'ok', 'at-risk': 'warn', 'off-track': 'bad', 'no-data': 'muted' } as const
const ORDER: KpiStatus[] = ['off-track', 'at-risk', 'on-track', 'no-data']

/** The balanced scorecard of a period: four perspectives, each a row of KPI tiles. */
export function ScorecardPage(props: RouteContext) {
  const sel = periodFromQuery(props.query)
  const card = useAsync(() => api.get<Scorecard>('/v1/scorecard', periodQuery(sel)), [periodKey(sel)])
  const choose = (next: PeriodSel) => navigate(href('/scorecard', periodQuery(next)))
  const data = card.data
  const kpis = data?.perspectives.flatMap((p) => p.kpis) ?? []
  const counts = ORDER.map((status) => [status, kpis.filter((k) => k.status === status).length] as const).filter(([, n]) => n > 0)

  return (
    <div>
      <PageHeader
        title="Balanced scorecard"
        subtitle={
          data ? (
            <>
              {data.period.label}: {periodSpan(data.period, fmtDay)}
              {data.period.previous && `, compared with ${data.period.previous.label} where a KPI looks back`}. Click a KPI for its trend, definition and the rows behind it.
            </>
          ) : (
            'KPIs in four perspectives against their targets.'
          )
        }
        actions={<PeriodPicker value={sel} onChange={choose} />}
      />
      <ErrorBox error={card.error} title="The scorecard could not be computed for this period" />
      {!data && card.loading && <Loading label="Computing the scorecard…" />}
      {data && (
        <>
          <p class="actions" aria-label="KPIs by status" data-testid="status-summary">
            {counts.map(([status, n]) => (
              <Badge key={status} value={`${n} ${statusLabel(status).toLowerCase()}`} tone={TONES[status]} />
            ))}
            <span class="muted" style={s.small}>
              {STATUS_RULE}
            </span>
          </p>
          {kpis.length > 0 && kpis.every((k) => k.status === 'no-data') && (
            <Notice tone="warn">
              No KPI has a value for {data.period.label}: the hub holds no golden customers' orders or service cases in it. Choose an earlier period, or ask IT to connect and sync the ERPs. Each tile says what it is missing.
            </Notice>
          )}
          {data.perspectives.map((p) => (
            <section key={p.id} aria-labelledby={`perspective-${p.id}`} data-testid={`perspective-${p.id}`}>
              <div style={s.perspectiveHead}>
                <h2 id={`perspective-${p.id}`}>{p.name}</h2>
                <span class="muted" style={s.small}>
                  {p.kpis.length} KPIs
                </span>
              </div>
              {p.kpis.length === 0 ? (
                <Empty>This perspective has no KPIs in the hub's catalogue.</Empty>
              ) : (
                <div style={s.kpiGrid}>
                  {p.kpis.map((k) => (
                    <KpiTile key={k.id} kpi={k} period={data.period} sel={sel} />
                  ))}
                </div>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  )
}
