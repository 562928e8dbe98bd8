import { api } from '../../api'
import { href } from '../../router'
import { useAction, useAsync } from '../../ui/async'
import { Badge, Button, Card, Empty, ErrorBox, Facts, Notice, Select, Table } from '../../ui/components'
import { fmtAgo, fmtDateTime, fmtDay, fmtNumber } from '../../ui/format'
import { AtpChart } from './atp-chart'
import { addDays, localDay } from './campaign-form'
import { controlSize } from './rules'
import type { Campaign, ManySkus, SkuCheck, StockCheck } from './types'

/** The most customers to select so that no more than `mailed` are mailed once the control group is held out. */
export function capForMailed(mailed: number, share: number, selectedNow: number): number {
  let n = mailed
  while (n < selectedNow && n + 1 - controlSize(n + 1, share) <= mailed) n++
  return n
}

/**
 * Days to chart: from today to a fortnight past the later of the promise date and the day the SKU
 * fits, a month at least, and within the year the availability API answers for.
 */
function chartRange(check: StockCheck, sku: SkuCheck): { to: string } {
  const last = [check.promiseDate, sku.earliestFeasibleDate ?? check.promiseDate].sort()[1]
  const to = [addDays(last, 14), addDays(localDay(), 30)].sort()[1]
  return { to: [to, addDays(localDay(), 363)].sort()[0] }
}

function SkuChart(props: { check: StockCheck; sku: SkuCheck }) {
  const { check, sku } = props
  const range = chartRange(check, sku)
  // ATP as the availability API has it now, per day; the shortfall as the stock check found it.
  const atp = useAsync(() => api.get<ManySkus>('/v1/availability', { skus: sku.sku, to: range.to }), [sku.sku, range.to])
  const timeline = atp.data?.data[0]
  const short = sku.shortBy !== '0'
  const days = timeline?.total.days ?? []
  const lastDay = days[days.length - 1]?.date ?? range.to
  const liveAtPromise = days.find((d) => d.date === check.promiseDate)?.atp
  return (
    <div>
      <ErrorBox error={atp.error} title="The availability could not be read" />
      {atp.loading && !timeline && <p class="loading">Reading ATP…</p>}
      {timeline && (
        <>
          <AtpChart
            sku={sku.sku}
            days={days}
            need={{ quantity: Number(sku.demand), label: `needed ${sku.demand} from ${fmtDay(check.promiseDate)}` }}
            shortfall={short ? { from: check.promiseDate, to: sku.earliestFeasibleDate ? addDays(sku.earliestFeasibleDate, -1) : lastDay, label: `short by ${sku.shortBy}` } : undefined}
          />
          <p class="muted">
            ATP per day from {fmtDay(atp.data!.from)} to {fmtDay(atp.data!.to)} across every ERP (read now), less what launched campaigns hold.{' '}
            <a href={href('/availability', { sku: sku.sku })}>Availability of {sku.sku}</a>
          </p>
          {liveAtPromise !== undefined && liveAtPromise !== sku.atpAtPromise && (
            <Notice tone="warn">
              The stock has changed since the check: ATP on {fmtDay(check.promiseDate)} is now {liveAtPromise}, the check saw {sku.atpAtPromise}. Run the stock check again.
            </Notice>
          )}
        </>
      )}
    </div>
  )
}

/** Step 4: the stock check — per SKU whether the expected demand fits ATP on the promise date, and ATP over time as a chart. */
export function StockCheckStep(props: { campaign: Campaign; dirty: boolean; canWrite: boolean; sku: string | null; onSku: (sku: string) => void; onChanged: (c?: Campaign) => void }) {
  const c = props.campaign
  const check = c.stockCheck
  const run = useAction(async () => {
    await api.post<StockCheck>(`/v1/campaigns/${c.id}/stock-check`, {})
    props.onChanged()
  })
  const patch = useAction(async (body: object) => props.onChanged(await api.patch<Campaign>(`/v1/campaigns/${c.id}`, body)))
  const draft = c.status === 'draft'
  const picked = check?.skus.find((s) => s.sku === props.sku) ?? check?.skus.find((s) => s.shortBy !== '0') ?? check?.skus[0]
  const short = check?.skus.filter((s) => s.shortBy !== '0') ?? []
  const selected = c.targets.treated + c.targets.control
  const cap = check && !check.feasible && check.maxFeasibleTargets > 0 ? capForMailed(check.maxFeasibleTargets, c.controlShare, selected) : null
  return (
    <div>
      <Card
        title="Stock check"
        actions={
          draft &&
          props.canWrite && (
            <Button kind="primary" busy={run.busy} disabled={props.dirty} title={props.dirty ? 'Save the draft first: the check reads the saved campaign' : undefined} onClick={() => run.run()}>
              {check ? 'Run the stock check again' : 'Run the stock check'}
            </Button>
          )
        }
      >
        <p class="muted">
          The expected demand of the {fmtNumber(c.targets.treated)} mailed customers per SKU against what can be promised (ATP) on the promise date, {fmtDay(c.promiseDate)}, across every ERP.
        </p>
        {props.dirty && draft && <Notice tone="warn">You have unsaved changes. Save the draft first: the stock check reads the saved campaign.</Notice>}
        <ErrorBox error={run.error} title="The stock check failed" />
        {!check ? (
          <Empty>{draft ? 'No stock check yet for this selection. Run it before the launch.' : 'This campaign was launched without a stored stock check.'}</Empty>
        ) : (
          <div data-testid="stock-check" data-feasible={String(check.feasible)}>
            {check.feasible ? (
              <Notice tone="ok">
                Enough stock: every offer fits on {fmtDay(check.promiseDate)} for all {fmtNumber(check.targets)} mailed customers.
              </Notice>
            ) : (
              <Notice tone="warn">
                <strong>Short of stock:</strong> {short.map((s) => `${s.sku} short by ${s.shortBy}`).join(', ')} on {fmtDay(check.promiseDate)}.{' '}
                {check.earliestFeasibleDate ? `Every offer fits from ${fmtDay(check.earliestFeasibleDate)}.` : 'Not every offer fits within the next 180 days.'} At most {fmtNumber(check.maxFeasibleTargets)} mailed customers fit on the promise date.
              </Notice>
            )}
            <Facts
              items={[
                ['Checked', <span title={fmtDateTime(check.at)}>{fmtAgo(check.at)}</span>],
                ['Mailed customers', fmtNumber(check.targets)],
                ['Promise date', fmtDay(check.promiseDate)],
                ['Earliest date all can ship', <span data-testid="earliest-date">{fmtDay(check.earliestFeasibleDate)}</span>],
                ['Most customers that fit', <span data-testid="max-feasible">{fmtNumber(check.maxFeasibleTargets)}</span>],
              ]}
            />
            {draft && props.canWrite && !check.feasible && (
              <div class="toolbar" style={{ marginTop: '12px' }}>
                {check.earliestFeasibleDate && (
                  <Button busy={patch.busy} onClick={() => patch.run({ promiseDate: check.earliestFeasibleDate })}>
                    Promise from {fmtDay(check.earliestFeasibleDate)} instead
                  </Button>
                )}
                {cap !== null && (
                  <Button busy={patch.busy} onClick={() => patch.run({ maxTargets: cap })}>
                    Cap at {fmtNumber(cap)} selected ({fmtNumber(cap - controlSize(cap, c.controlShare))} mailed)
                  </Button>
                )}
                <span class="muted">Either change reselects and voids this check: run it again after.</span>
              </div>
            )}
            <ErrorBox error={patch.error} />
          </div>
        )}
      </Card>
      {check && (
        <Card title="Per SKU">
          <Table
            testId="stock-check-skus"
            rowKey={(s) => s.sku}
            rows={check.skus}
            columns={[
              { key: 'sku', label: 'SKU', render: (s) => <a href={href('/availability', { sku: s.sku })}>{s.sku}</a> },
              { key: 'demand', label: 'Expected demand', align: 'right' },
              { key: 'atpAtPromise', label: 'ATP on promise date', align: 'right' },
              { key: 'shortBy', label: 'Short by', align: 'right', render: (s) => (s.shortBy === '0' ? <Badge value="enough" tone="ok" /> : <span data-testid="short-by">{s.shortBy}</span>) },
              { key: 'earliest', label: 'Earliest ship date', render: (s) => (s.earliestFeasibleDate ? fmtDay(s.earliestFeasibleDate) : 'not within 180 days') },
              { key: 'known', label: 'Stock known', render: (s) => (s.known ? 'yes' : <Badge value="no ERP knows it" tone="bad" />) },
            ]}
          />
        </Card>
      )}
      {check && picked && (
        <Card
          title={`ATP over time: ${picked.sku}`}
          actions={check.skus.length > 1 && <Select name="chartSku" value={picked.sku} onValue={props.onSku} options={check.skus.map((s) => ({ value: s.sku, label: `${s.sku}${s.shortBy !== '0' ? ` (short by ${s.shortBy})` : ''}` }))} />}
          testId="atp-card"
        >
          <SkuChart key={picked.sku} check={check} sku={picked} />
          <SourcesTable check={check} sku={picked.sku} />
        </Card>
      )}
    </div>
  )
}

function SourcesTable(props: { check: StockCheck; sku: string }) {
  const atp = props.check.atp.find((a) => a.sku === props.sku)
  if (!atp) return null
  return (
    <>
      <h3>Sources at the check</h3>
      <Table
        rowKey={(s) => `${s.connection}/${s.location ?? ''}`}
        rows={atp.sources}
        empty="No ERP reports this SKU: it counts as 0."
        columns={[
          { key: 'connection', label: 'ERP' },
          { key: 'location', label: 'Location', render: (s) => s.location ?? '—' },
          { key: 'basis', label: 'From', render: (s) => (s.basis === 'movements' ? 'planned stock moves' : 'positions, reservations, production') },
          { key: 'atp', label: 'ATP on promise date', align: 'right', render: (s) => s.atpAtPromise ?? '—' },
          { key: 'asOf', label: 'As of', render: (s) => fmtDateTime(atp.asOf[s.connection]) },
        ]}
      />
      {atp.holds.length > 0 && (
        <p class="muted">
          Held by launched campaigns: {atp.holds.map((h) => `${h.quantity} on ${fmtDay(h.date)} (${h.campaign.name})`).join('; ')}.
        </p>
      )}
    </>
  )
}
