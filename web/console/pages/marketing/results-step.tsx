import { api } from '../../api'
import { href } from '../../router'
import { useAsync } from '../../ui/async'
import { Badge, Button, Card, Empty, ErrorBox, Facts, Loading, Table } from '../../ui/components'
import { fmtDateTime, fmtDay, fmtNumber, fmtPercent } from '../../ui/format'
import type { Campaign, Results } from './types'

/** Mailed against control response rates as two bars, each with its count. */
function RateBars(props: { rows: Array<{ label: string; rate: number | null; note: string; fill: string }> }) {
  const max = Math.max(0.0001, ...props.rows.map((r) => r.rate ?? 0))
  const W = 520
  const barX = 130
  const barW = W - barX - 150
  return (
    <svg viewBox={`0 0 ${W} ${props.rows.length * 34 + 6}`} role="img" aria-label="Response rate, mailed against control" data-testid="rate-bars" style={{ width: '100%', maxWidth: '640px', display: 'block' }}>
      {props.rows.map((r, i) => (
        <g key={r.label}>
          <text x={0} y={i * 34 + 22} font-size="13" fill="#1d2330">
            {r.label}
          </text>
          <rect x={barX} y={i * 34 + 8} width={barW} height={20} fill="#eef0f3" rx={3} />
          <rect x={barX} y={i * 34 + 8} width={Math.max(1, (barW * (r.rate ?? 0)) / max)} height={20} fill={r.fill} rx={3} />
          <text x={barX + barW + 8} y={i * 34 + 22} font-size="12" fill="#5b6475">
            {fmtPercent(r.rate)} {r.note}
          </text>
        </g>
      ))}
    </svg>
  )
}

/** The 95 % interval of the difference in response rates (normal approximation, unpooled), in points. */
function interval(r: Results): string | null {
  const a = r.groups.treated
  const b = r.groups.control
  if (!a.size || !b.size) return null
  const p1 = a.responders / a.size
  const p2 = b.responders / b.size
  const se = Math.sqrt((p1 * (1 - p1)) / a.size + (p2 * (1 - p2)) / b.size)
  const pts = (x: number) => `${x >= 0 ? '+' : '−'}${fmtNumber(Math.abs(x * 100))}`
  return `${pts(p1 - p2 - 1.96 * se)} to ${pts(p1 - p2 + 1.96 * se)} points`
}

/** Step 6: what the launched campaign brought — responses within the window, mailed against control, the uplift and whether it is significant. */
export function ResultsStep(props: { campaign: Campaign }) {
  const c = props.campaign
  const results = useAsync(() => (c.status === 'launched' ? api.get<Results>(`/v1/campaigns/${c.id}/results`) : Promise.resolve(null)), [c.id, c.status])
  if (c.status !== 'launched') return <Card title="Results"><Empty>Results show once the campaign is launched: orders of mailed and control customers from the mail date on count as responses.</Empty></Card>
  const r = results.data
  return (
    <div>
      <ErrorBox error={results.error} />
      {!r ? (
        results.loading && <Loading label="Reading the responses…" />
      ) : (
        <>
          <Card title="Responses" actions={<Button onClick={results.reload} busy={results.loading}>Refresh</Button>} testId="results">
            <p class="muted">
              Orders placed by targeted customers from {fmtDay(r.window.from)} to {fmtDateTime(r.window.to)}: the {r.campaign.responseWindowDays}-day response window is{' '}
              {r.window.complete ? <Badge value="complete" tone="ok" /> : <Badge value="still open" tone="info" />}.
            </p>
            <RateBars
              rows={[
                { label: 'Mailed', rate: r.treated.rate, note: `(${fmtNumber(r.groups.treated.responders)} of ${fmtNumber(r.groups.treated.size)})`, fill: '#2456c8' },
                { label: 'Control', rate: r.control.rate, note: `(${fmtNumber(r.groups.control.responders)} of ${fmtNumber(r.groups.control.size)})`, fill: '#8a5a00' },
              ]}
            />
            <Table
              testId="results-groups"
              rowKey={(g) => g.name}
              rows={[
                { name: 'Mailed', ...r.groups.treated, rate: r.treated.rate, perTarget: r.treated.revenuePerTarget },
                { name: 'Control', ...r.groups.control, rate: r.control.rate, perTarget: r.control.revenuePerTarget },
              ]}
              columns={[
                { key: 'name', label: 'Group' },
                { key: 'size', label: 'Customers', align: 'right', render: (g) => fmtNumber(g.size) },
                { key: 'responders', label: 'Responded', align: 'right', render: (g) => fmtNumber(g.responders) },
                { key: 'rate', label: 'Response rate', align: 'right', render: (g) => fmtPercent(g.rate) },
                { key: 'orders', label: 'Orders', align: 'right', render: (g) => fmtNumber(g.orders) },
                { key: 'revenue', label: 'Revenue', align: 'right', render: (g) => fmtNumber(g.revenue) },
                { key: 'perTarget', label: 'Revenue per customer', align: 'right', render: (g) => fmtNumber(g.perTarget) },
              ]}
            />
          </Card>
          <Card title="Uplift" testId="uplift">
            {!r.uplift || !r.significance ? (
              <Empty>No uplift yet: {r.groups.control.size === 0 ? 'the campaign has no control group to compare with' : 'a group is empty'}.</Empty>
            ) : (
              <Facts
                items={[
                  ['Uplift (response rate)', <strong>{`${r.uplift.rate >= 0 ? '+' : ''}${fmtNumber(r.uplift.rate * 100)} points`}</strong>],
                  ['95 % interval', interval(r) ?? '—'],
                  ['Relative to control', r.uplift.relative === null ? '— (control rate 0)' : fmtPercent(r.uplift.relative)],
                  ['Extra responders', fmtNumber(r.uplift.incrementalResponders)],
                  ['Extra revenue', fmtNumber(r.uplift.incrementalRevenue)],
                  ['p-value (two-proportion z-test)', `${r.significance.pValue < 0.0001 ? '< 0.0001' : fmtNumber(Number(r.significance.pValue.toPrecision(3)))} (z = ${fmtNumber(r.significance.z)})`],
                  [
                    'Confidence',
                    r.significance.significantAt95 ? (
                      <Badge value="significant at 95 %" tone="ok" />
                    ) : (
                      <span>
                        <Badge value="not significant" tone="warn" /> the difference could be chance
                      </span>
                    ),
                  ],
                ]}
              />
            )}
          </Card>
          <Card title="Per offer">
            <Table
              rowKey={(o) => o.sku}
              rows={r.offers}
              columns={[
                { key: 'sku', label: 'SKU', render: (o) => <a href={href('/availability', { sku: o.sku })}>{o.sku}</a> },
                { key: 'expected', label: 'Expected response', align: 'right', render: (o) => fmtPercent(o.expectedResponseRate) },
                { key: 'buyers', label: 'Mailed who bought it', align: 'right', render: (o) => fmtNumber(o.buyers) },
                { key: 'rate', label: 'Actual response', align: 'right', render: (o) => fmtPercent(o.responseRate) },
                { key: 'quantity', label: 'Units sold', align: 'right', render: (o) => fmtNumber(o.quantity) },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  )
}
