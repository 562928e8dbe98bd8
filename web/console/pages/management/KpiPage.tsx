import { useState } from 'preact/hooks'
import { api, can } from '../../api'
import { href, navigate } from '../../router'
import { useAsync } from '../../ui/async'
import { Card, ErrorBox, Facts, Loading, Notice, PageHeader } from '../../ui/components'
import { fmtDay, fmtNumber } from '../../ui/format'
import type { RouteContext } from '../area'
import { DrillDownRows } from './DrillDownRows'
import { directionText, fmtKpi, fmtTarget, UNIT_NAMES } from './kpi-format'
import { StatusBadge, STATUS_RULE } from './KpiStatus'
import { KpiTrendCard } from './KpiTrendCard'
import { PeriodPicker } from './PeriodPicker'
import { periodFromQuery, periodKey, periodQuery, periodSpan, type PeriodSel } from './period'
import type { CatalogueKpi, PeriodView, Scorecard, ScorecardKpi } from './scorecard.types'
import * as s from './styles'
import { TargetForm } from './TargetForm'

interface KpiData {
  period: PeriodView
  perspective: string
  kpi: ScorecardKpi
  catalogue: CatalogueKpi
}

/** One KPI: its value for the period, trend, definition, the rows behind it, and its target. */
export function KpiPage(props: RouteContext) {
  const id = props.params.id
  const sel = periodFromQuery(props.query)
  const path = `/scorecard/kpis/${encodeURIComponent(id)}`
  const [saved, setSaved] = useState<string | undefined>(undefined)
  const [version, setVersion] = useState(0)
  // The hub computes a KPI's value within the scorecard; the catalogue adds default target and parameters.
  const data = useAsync(async (): Promise<KpiData | null> => {
    const [card, catalogue] = await Promise.all([api.get<Scorecard>('/v1/scorecard', periodQuery(sel)), api.get<{ data: CatalogueKpi[] }>('/v1/scorecard/kpis')])
    const perspective = card.perspectives.find((p) => p.kpis.some((k) => k.id === id))
    const kpi = perspective?.kpis.find((k) => k.id === id)
    const entry = catalogue.data.find((k) => k.id === id)
    return perspective && kpi && entry ? { period: card.period, perspective: perspective.name, kpi, catalogue: entry } : null
  }, [id, periodKey(sel), version])
  const back = { href: href('/scorecard', periodQuery(sel)), label: 'Scorecard' }
  const choose = (next: PeriodSel) => navigate(href(path, { ...Object.fromEntries(props.query), period: undefined, from: undefined, to: undefined, offset: undefined, ...periodQuery(next) }))

  if (data.data === null)
    return (
      <div>
        <PageHeader title="No such KPI" back={back} />
        <ErrorBox title="No such KPI" error={new Error(`The hub's KPI catalogue has no KPI "${id}". The scorecard lists every KPI there is.`)} />
      </div>
    )
  const d = data.data
  return (
    <div>
      <PageHeader
        title={d?.kpi.name ?? id}
        back={back}
        subtitle={d && `${d.perspective} perspective · ${directionText(d.kpi.direction)} · ${d.kpi.scope === 'snapshot' ? 'a snapshot of the master data now' : 'measured over the period'}`}
        actions={<PeriodPicker value={sel} onChange={choose} />}
      />
      <ErrorBox error={data.error} title="The KPI could not be computed for this period" />
      {!d && data.loading && <Loading label="Computing the KPI…" />}
      {saved && <Notice>{saved}</Notice>}
      {d && (
        <>
          <ValueCard data={d} />
          {d.kpi.scope === 'period' ? (
            <KpiTrendCard kpi={d.kpi} period={d.period} path={path} query={props.query} />
          ) : (
            <Notice tone="info">{d.kpi.name} is a snapshot of the master data as it is now: the hub does not keep its past values, so it has no trend, and the period does not change it.</Notice>
          )}
          <div class="grid grid-2" style={{ marginBottom: '16px' }}>
            <Card title="Definition" testId="kpi-definition">
              <p style={{ marginTop: 0 }}>{d.catalogue.definition}</p>
              <Facts
                items={[
                  ['Unit', UNIT_NAMES[d.catalogue.unit]],
                  ['Direction', directionText(d.catalogue.direction)],
                  ['Measured', d.catalogue.scope === 'snapshot' ? 'now (a snapshot)' : 'over the period'],
                  ["Catalogue's target", fmtTarget(d.catalogue.defaultTarget, d.catalogue.unit, d.catalogue.direction)],
                  ...Object.entries(d.catalogue.parameters ?? {}).map(([name, value]): [string, string] => [`Parameter ${name}`, fmtNumber(value)]),
                ]}
              />
            </Card>
            <Card title="Target" testId="kpi-target-card">
              {can(props.session, 'scorecard:write') ? (
                <TargetForm
                  key={d.catalogue.id}
                  kpi={d.catalogue}
                  onSaved={(message) => {
                    setSaved(message)
                    setVersion((v) => v + 1)
                  }}
                />
              ) : (
                <p class="muted" style={{ marginTop: 0 }}>
                  The target is {fmtTarget(d.catalogue.target, d.catalogue.unit, d.catalogue.direction)}
                  {d.catalogue.targetIsDefault ? ", the catalogue's" : ', set for your company'}. Admins and managers set targets.
                </p>
              )}
            </Card>
          </div>
          <DrillDownRows kpi={d.kpi} sel={sel} session={props.session} path={path} query={props.query} />
        </>
      )}
    </div>
  )
}

function ValueCard(props: { data: KpiData }) {
  const { kpi, period } = props.data
  return (
    <Card testId="kpi-value-card">
      <div style={{ display: 'flex', gap: '24px', alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <div style={{ minWidth: '220px' }}>
          <div class="muted" style={s.small}>
            {kpi.scope === 'snapshot' ? 'Now' : `${period.label} (${periodSpan(period, fmtDay)})`}
          </div>
          <div style={s.kpiBigValue} data-testid="kpi-value" data-value={kpi.value === null ? '' : String(kpi.value)}>
            {fmtKpi(kpi.value, kpi.unit)}
          </div>
          <div style={{ ...s.row, alignItems: 'center', marginTop: '4px' }}>
            <StatusBadge status={kpi.status} />
            <span data-testid="kpi-target">
              Target {fmtTarget(kpi.target, kpi.unit, kpi.direction)}
              {kpi.targetIsDefault ? '' : ' (set by you)'}
            </span>
          </div>
        </div>
        <div style={{ flex: 1, minWidth: '260px' }}>
          {kpi.value === null && kpi.reason && (
            <p class="notice notice-warn" data-testid="kpi-reason" style={{ marginTop: 0 }}>
              No data: {kpi.reason}.
            </p>
          )}
          <Facts
            items={[
              ['Numerator', fmtNumber(kpi.numerator)],
              ['Denominator', fmtNumber(kpi.denominator)],
              ...(period.previous && kpi.scope === 'period' ? [['Compared with', `${period.previous.label} (${periodSpan(period.previous, fmtDay)})`] as [string, string]] : []),
            ]}
          />
          <p class="muted" style={{ ...s.small, marginBottom: 0 }}>
            {STATUS_RULE}
          </p>
        </div>
      </div>
    </Card>
  )
}
