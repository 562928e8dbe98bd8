import type { ComponentChildren } from 'preact'
import { api, type Session } from '../../api'
import { href, navigate } from '../../router'
import { useAsync } from '../../ui/async'
import { Badge, Card, Empty, ErrorBox, Loading, Pager, Table, type Column } from '../../ui/components'
import { fmtDateTime, fmtDay, fmtNumber } from '../../ui/format'
import { consoleLink, type LinkKind } from './links'
import { periodQuery, type PeriodSel } from './period'
import type { KpiRows, ScorecardKpi } from './scorecard.types'

export const ROWS_PER_PAGE = 25

type Row = Record<string, unknown>

/** Keys the hub's rows use that read better with their own label or link. */
const LABELS: Record<string, string> = {
  goldenId: 'Golden customer',
  caseId: 'Case',
  articleId: 'Article',
  campaignId: 'Campaign',
  duplicateOf: 'Suspected duplicate of',
  reviews: 'Open reviews',
  sku: 'SKU',
  roi: 'ROI',
}
const LINKS: Record<string, LinkKind> = { goldenId: 'customer', caseId: 'case', articleId: 'article', campaignId: 'campaign', duplicateOf: 'customer' }

/** Free text may wrap; ids, dates, numbers and codes stay on one line (the table scrolls sideways). */
const WRAPS = new Set(['name', 'subject', 'title', 'antecedent', 'duplicateOf', 'reviews', 'uncovered', 'excluded', 'description'])

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
const DAY = /^\d{4}-\d{2}-\d{2}$/

function labelOf(key: string): string {
  if (LABELS[key]) return LABELS[key]
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function Id(props: { id: string; link?: string }) {
  const text = <span class="mono" title={props.id}>{props.id.slice(0, 8)}</span>
  return props.link ? <a href={props.link}>{text}</a> : text
}

function cell(session: Session, key: string, value: unknown): ComponentChildren {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return fmtNumber(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '—'
    return value.map((v, i) => (
      <span key={i}>
        {i > 0 && ', '}
        {cell(session, key, v)}
      </span>
    ))
  }
  if (typeof value === 'string') {
    if (UUID.test(value)) return <Id id={value} link={LINKS[key] ? consoleLink(session, LINKS[key], value) : undefined} />
    if (ISO_TIME.test(value)) return fmtDateTime(value)
    if (DAY.test(value)) return fmtDay(value)
    if (key === 'status') return <Badge value={value} />
    return value
  }
  return JSON.stringify(value)
}

/** The columns of whatever rows the KPI has, in the hub's order; numbers to the right. */
function columnsOf(session: Session, rows: Row[]): Column<Row>[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  return keys.map((key) => {
    const sample = rows.find((r) => r[key] !== null && r[key] !== undefined)?.[key]
    return {
      key,
      label: labelOf(key),
      align: typeof sample === 'number' ? 'right' : 'left',
      render: (row: Row) => {
        const value = row[key]
        // A golden customer's name leads to the customer, where this key may open customers.
        if (key === 'name' && typeof value === 'string' && typeof row.goldenId === 'string') {
          const link = consoleLink(session, 'customer', row.goldenId)
          if (link) return <a href={link}>{value}</a>
        }
        return WRAPS.has(key) ? cell(session, key, value) : <span style={{ whiteSpace: 'nowrap' }}>{cell(session, key, value)}</span>
      },
    }
  })
}

/**
 * The very rows a KPI's value is aggregated from, a page at a time (the offset is in the link). A
 * KPI the hub cannot measure has none, and the hub says why.
 */
export function DrillDownRows(props: { kpi: ScorecardKpi; sel: PeriodSel; session: Session; path: string; query: URLSearchParams }) {
  const offset = Math.max(0, Number(props.query.get('offset')) || 0)
  const rows = useAsync(() => api.get<KpiRows>(`/v1/scorecard/kpis/${encodeURIComponent(props.kpi.id)}/rows`, { ...periodQuery(props.sel), limit: ROWS_PER_PAGE, offset }), [
    props.kpi.id,
    JSON.stringify(periodQuery(props.sel)),
    offset,
    // Parameters change the rows (campaign ROI's cost per mail).
    JSON.stringify(props.kpi.parameters ?? {}),
  ])
  const page = rows.data
  const toOffset = (next: number) => {
    const q = new URLSearchParams(props.query)
    if (next > 0) q.set('offset', String(next))
    else q.delete('offset')
    navigate(href(props.path, Object.fromEntries(q)))
  }
  return (
    <Card
      title="The rows behind the value"
      actions={
        page && (
          <span class="muted" data-testid="drill-total" data-total={page.total}>
            {page.total} {page.total === 1 ? 'row' : 'rows'}
          </span>
        )
      }
      testId="kpi-rows"
    >
      <p class="muted" style={{ fontSize: '12.5px', marginTop: 0 }}>
        {props.kpi.scope === 'snapshot'
          ? 'The master data as it is now: the period does not change these rows.'
          : `What ${page?.period.label ?? 'the period'}'s value is computed from: the numerator and denominator are sums or counts over exactly these rows.`}
      </p>
      <ErrorBox error={rows.error} title="The rows could not be loaded" />
      {!page && rows.loading && <Loading label="Loading the rows…" />}
      {page &&
        (page.data.length === 0 ? (
          <Empty>{page.reason ? `No rows: the hub cannot measure this KPI from its data (${page.reason}).` : page.total > 0 ? 'No rows on this page; go back to the first page.' : `No rows in ${page.period.label}: nothing the KPI counts happened in it. Choose another period.`}</Empty>
        ) : (
          <>
            {/* Sized by the card, not by its widest row: a wide table scrolls inside the card. */}
            <div style={{ contain: 'inline-size' }}>
              <Table<Row> testId="drill-rows" rows={page.data} rowKey={(r) => String(page.data.indexOf(r))} columns={columnsOf(props.session, page.data)} />
            </div>
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={toOffset} />
          </>
        ))}
    </Card>
  )
}
