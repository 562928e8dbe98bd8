import { useState } from 'preact/hooks'
import { api, can } from '../../api'
import { href, navigate } from '../../router'
import { useSession } from '../../session'
import { useAsync } from '../../ui/async'
import { Badge, Button, Card, Empty, ErrorBox, Facts, Field, Loading, PageHeader, Select, Table } from '../../ui/components'
import { Input } from './input'
import { fmtAgo, fmtDateTime, fmtDay, fmtNumber } from '../../ui/format'
import type { RouteContext } from '../area'
import { AtpChart } from './atp-chart'
import { addDays, localDay } from './campaign-form'
import type { OneSku, Refreshed } from './types'

const RANGES = ['30', '60', '90', '180', '365']

function RefreshOutcome(props: { refreshed: Refreshed[] }) {
  if (props.refreshed.length === 0) return <p class="muted">No ERP can re-read stock by SKU: the figures are those of the last sync.</p>
  return (
    <Table
      testId="refreshed"
      rowKey={(r) => `${r.connection.id}/${r.entity}`}
      rows={props.refreshed}
      columns={[
        { key: 'connection', label: 'ERP', render: (r) => r.connection.name },
        { key: 'entity', label: 'What', render: (r) => (r.entity === '*' ? 'all' : r.entity) },
        {
          key: 'outcome',
          label: 'Outcome',
          render: (r) =>
            r.error ? (
              <span>
                <Badge value="failed" /> {r.error} (the last sync's figures answer)
              </span>
            ) : r.skipped ? (
              <span class="muted">{r.skipped}</span>
            ) : (
              <span>
                <Badge value="ok" /> {fmtNumber(r.read ?? 0)} read{r.deleted ? `, ${fmtNumber(r.deleted)} dropped` : ''}
              </span>
            ),
        },
      ]}
    />
  )
}

function SkuForm(props: { sku: string; onSku: (sku: string) => void }) {
  const [text, setText] = useState(props.sku)
  return (
    <form
      class="toolbar"
      onSubmit={(e) => {
        e.preventDefault()
        if (text.trim()) props.onSku(text.trim())
      }}
    >
      <Field label="SKU">
        <Input name="sku" value={text} onValue={setText} placeholder="DRL-1" />
      </Field>
      <Button type="submit" kind="primary" disabled={!text.trim()}>
        Show
      </Button>
    </form>
  )
}

/** ATP of one SKU over time across every ERP, with each source's figures and how fresh they are; `?sku=&days=&refresh=1` in the link. */
export function AvailabilityPage(props: { ctx: RouteContext }) {
  const session = useSession()
  const q = props.ctx.query
  const sku = q.get('sku')?.trim() ?? ''
  const days = RANGES.includes(q.get('days') ?? '') ? q.get('days')! : '60'
  const refresh = q.get('refresh') === '1'
  const go = (patch: Record<string, string | undefined>) => navigate(href('/availability', { sku, days: days === '60' ? undefined : days, refresh: refresh ? '1' : undefined, ...patch }))
  const data = useAsync(
    () => (sku ? api.get<OneSku>('/v1/availability', { sku, to: addDays(localDay(), Number(days) - 1), refresh: refresh ? 'true' : undefined }) : Promise.resolve(null)),
    [sku, days, refresh],
  )
  const a = data.data
  const t = a?.timeline
  const first = t?.total.days[0]
  return (
    <div>
      <PageHeader title={sku ? `Availability: ${sku}` : 'Availability'} subtitle="Available to promise (ATP) per day across every ERP and warehouse: what can still be promised after the orders, reservations and campaigns already counting on it." />
      <div class="toolbar">
        <SkuForm key={sku} sku={sku} onSku={(s) => go({ sku: s })} />
        <Field label="Days ahead">
          <Select name="days" value={days} onValue={(v) => go({ days: v === '60' ? undefined : v })} options={RANGES.map((r) => ({ value: r, label: `${r} days` }))} />
        </Field>
        <label style={{ display: 'flex', gap: '6px', alignItems: 'center', paddingBottom: '6px' }} title="Re-read this SKU's stock from every ERP that can, before answering (within each ERP's request budget)">
          <input type="checkbox" name="refresh" checked={refresh} onChange={(e) => go({ refresh: (e.currentTarget as HTMLInputElement).checked ? '1' : undefined })} />
          Refresh from ERP
        </label>
        {sku && (
          <Button busy={data.loading} onClick={data.reload}>
            Reload
          </Button>
        )}
      </div>
      <ErrorBox error={data.error} title="The availability could not be read" />
      {!sku ? (
        <Empty>Enter a SKU to see its availability over time. Campaign stock checks link here for each offered SKU.</Empty>
      ) : !a ? (
        data.loading && <Loading label={refresh ? 'Re-reading the stock from the ERPs…' : 'Loading…'} />
      ) : !a.known ? (
        <Card>
          <Empty>No ERP reports stock or production of {sku}. Check the SKU, or sync the stock of the ERPs that hold it.</Empty>
          {a.refreshed && <RefreshOutcome refreshed={a.refreshed} />}
        </Card>
      ) : (
        <>
          <Card title="Now">
            <Facts
              items={[
                ['On hand', fmtNumber(a.totals.onHand)],
                ['Reserved', fmtNumber(a.totals.reserved)],
                ['Available now', fmtNumber(a.totals.available)],
                ['ATP today (after campaign holds)', <strong data-testid="atp-today">{first ? fmtNumber(first.atp) : '—'}</strong>],
                ['Oldest figure', fmtAgo(Object.values(t!.asOf).sort()[0])],
              ]}
            />
          </Card>
          <Card title="ATP over time" testId="atp-card">
            <AtpChart sku={sku} days={t!.total.days} />
            <p class="muted">
              {fmtDay(t!.total.from)} to {fmtDay(t!.total.to)}; ATP looks ahead to {fmtDay(t!.total.horizon)}, so no receipt is promised to an earlier demand.
            </p>
          </Card>
          {a.refreshed && (
            <Card title="Refresh from the ERPs">
              <RefreshOutcome refreshed={a.refreshed} />
            </Card>
          )}
          <Card title="Per source">
            <Table
              testId="atp-sources"
              rowKey={(s) => `${s.connection.id}/${s.location ?? ''}`}
              rows={t!.sources}
              columns={[
                { key: 'connection', label: 'ERP', render: (s) => s.connection.name },
                { key: 'location', label: 'Location', render: (s) => s.location ?? '—' },
                { key: 'basis', label: 'From', render: (s) => (s.basis === 'movements' ? 'planned stock moves' : 'positions, reservations, production') },
                { key: 'atpNow', label: 'ATP today (before campaign holds)', align: 'right', render: (s) => fmtNumber(s.timeline.days[0]?.atp) },
                { key: 'atpEnd', label: `ATP on ${fmtDay(t!.total.to)}`, align: 'right', render: (s) => fmtNumber(s.timeline.days[s.timeline.days.length - 1]?.atp) },
                { key: 'asOf', label: 'As of', render: (s) => <span title={fmtDateTime(s.asOf)} style={{ whiteSpace: 'nowrap' }}>{fmtAgo(s.asOf)}</span> },
              ]}
            />
          </Card>
          <div class="grid grid-2">
            <Card title="Stock per location">
              <Table
                rowKey={(l) => `${l.connection.id}/${l.location}`}
                rows={a.locations}
                empty="No ERP reports a stock position."
                columns={[
                  { key: 'connection', label: 'ERP', render: (l) => l.connection.name },
                  { key: 'location', label: 'Location' },
                  { key: 'onHand', label: 'On hand', align: 'right', render: (l) => fmtNumber(l.onHand) },
                  { key: 'reserved', label: 'Reserved', align: 'right', render: (l) => fmtNumber(l.reserved) },
                  { key: 'available', label: 'Available', align: 'right', render: (l) => `${fmtNumber(l.available)}${l.uom ? ` ${l.uom}` : ''}` },
                  { key: 'asOf', label: 'As of', render: (l) => <span title={fmtDateTime(l.asOf)} style={{ whiteSpace: 'nowrap' }}>{fmtAgo(l.asOf)}</span> },
                ]}
              />
            </Card>
            <Card title="Coming in and held">
              <h3>Open production</h3>
              <Table
                rowKey={(p) => p.date ?? 'undated'}
                rows={a.production}
                empty="No open production."
                columns={[
                  { key: 'date', label: 'Planned end', render: (p) => (p.date ? fmtDay(p.date) : 'no date') },
                  { key: 'quantity', label: 'Quantity', align: 'right', render: (p) => fmtNumber(p.quantity) },
                  { key: 'orders', label: 'Orders', align: 'right' },
                ]}
              />
              <h3>Held by launched campaigns</h3>
              <Table
                rowKey={(h) => `${h.campaign.id}/${h.date}`}
                rows={t!.holds}
                empty="No launched campaign holds this SKU."
                columns={[
                  { key: 'campaign', label: 'Campaign', render: (h) => (can(session, 'campaigns:read') ? <a href={`#/campaigns/${h.campaign.id}`}>{h.campaign.name}</a> : h.campaign.name) },
                  { key: 'date', label: 'From', render: (h) => fmtDay(h.date) },
                  { key: 'quantity', label: 'Quantity', align: 'right', render: (h) => fmtNumber(h.quantity) },
                ]}
              />
            </Card>
          </div>
        </>
      )}
    </div>
  )
}
