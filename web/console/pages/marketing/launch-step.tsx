import { useState } from 'preact/hooks'
import { api } from '../../api'
import { useAction } from '../../ui/async'
import { Badge, Button, Card, ErrorBox, Facts, Notice } from '../../ui/components'
import { fmtDateTime, fmtDay, fmtNumber } from '../../ui/format'
import type { Campaign, LaunchAnswer } from './types'

/** Why the launch cannot happen now, or null. */
function blocker(c: Campaign, dirty: boolean, canWrite: boolean): string | null {
  if (!canWrite) return 'Your role may read campaigns but not launch them.'
  if (c.status !== 'draft') return `The campaign is ${c.status}.`
  if (dirty) return 'You have unsaved changes: save the draft, then run the stock check for it.'
  if (!c.funnel) return 'The campaign has no selection yet: run the selection.'
  if (c.targets.treated === 0) return 'The selection mails nobody: widen the audience first.'
  if (!c.stockCheck) return 'Run the stock check first (step 4): the launch needs to know the stock will be there.'
  return null
}

function PushState(props: { push: Record<string, number> }) {
  const entries = Object.entries(props.push)
  if (entries.length === 0) return <span class="muted">nothing to write (none of the mailed customers is in an ERP that takes opportunities)</span>
  return (
    <span>
      {entries.map(([status, n]) => (
        <span key={status} style={{ marginRight: '8px' }}>
          <Badge value={status} /> {fmtNumber(n)}
        </span>
      ))}
    </span>
  )
}

/** Step 5: the launch — what it writes to the ERPs, confirmed once; refused with the reason when the campaign is not ready. */
export function LaunchStep(props: { campaign: Campaign; dirty: boolean; canWrite: boolean; onLaunched: (c: Campaign) => void; onResults: () => void }) {
  const c = props.campaign
  const [accept, setAccept] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [outcome, setOutcome] = useState<LaunchAnswer | null>(null)
  const launch = useAction(async () => {
    const answer = await api.post<LaunchAnswer>(`/v1/campaigns/${c.id}/launch`, { acceptShortfall: accept })
    setOutcome(answer)
    setConfirming(false)
    props.onLaunched(answer.campaign)
  })
  const check = c.stockCheck
  const short = check && !check.feasible
  const reason = blocker(c, props.dirty, props.canWrite)

  if (c.status === 'launched') {
    return (
      <Card title="Launched">
        {outcome?.launched && (
          <Notice tone={outcome.notInErp ? 'warn' : 'ok'}>
            Launched: {fmtNumber(outcome.targets ?? 0)} mailed customers; {fmtNumber(outcome.toErp ?? 0)} go to their ERP as opportunities
            {outcome.notInErp ? `, ${fmtNumber(outcome.notInErp)} are in no ERP that takes opportunities (mailed, but not recorded in an ERP)` : ''}.
            {outcome.acceptedShortfall ? ' The stock shortfall was accepted.' : ''}
          </Notice>
        )}
        <Facts
          items={[
            ['Launched at', fmtDateTime(c.launchedAt)],
            ['Mailed', fmtNumber(c.targets.treated)],
            ['Control group (not mailed)', fmtNumber(c.targets.control)],
            ['Written to the ERPs', <PushState push={c.push} />],
          ]}
        />
        <div class="toolbar" style={{ marginTop: '12px' }}>
          <Button onClick={props.onResults}>See the results</Button>
        </div>
      </Card>
    )
  }

  const skus = c.offers.map((o) => `${o.sku} × ${o.quantityPerResponse}`).join(', ')
  return (
    <Card title="Launch">
      {reason ? (
        <Notice tone="warn">
          <span data-testid="launch-blocked">{reason}</span>
        </Notice>
      ) : short ? (
        <div>
          <Notice tone="warn">
            The stock check of {fmtDateTime(check.at)} found a shortfall ({check.skus.filter((s) => s.shortBy !== '0').map((s) => `${s.sku} short by ${s.shortBy}`).join(', ')}). The hub launches anyway only if you accept it: some responses could not be served on{' '}
            {fmtDay(check.promiseDate)}. Otherwise change the promise date or the cap (step 4).
          </Notice>
          <label style={{ display: 'flex', gap: '8px', alignItems: 'center', marginBottom: '10px' }}>
            <input type="checkbox" name="acceptShortfall" checked={accept} onChange={(e) => setAccept((e.currentTarget as HTMLInputElement).checked)} />
            Launch anyway and accept the shortfall
          </label>
        </div>
      ) : (
        <Notice tone="ok">The stock check found enough stock for every offer.</Notice>
      )}
      {!confirming ? (
        <Button kind="primary" disabled={!!reason || (!!short && !accept)} title={reason ?? (short && !accept ? 'Accept the shortfall first' : undefined)} onClick={() => setConfirming(true)}>
          Launch…
        </Button>
      ) : (
        <div class="card" role="dialog" aria-label="Confirm the launch">
          <h2>Launch {c.name}?</h2>
          <p>This writes to the ERPs, once:</p>
          <ul>
            <li>
              each of the <strong>{fmtNumber(c.targets.treated)}</strong> mailed customers becomes one opportunity ({skus}, from {fmtDay(c.mailDate)}) in the ERP their record comes from, if that ERP takes opportunities; asking again or a retry never writes a second one;
            </li>
            <li>the {fmtNumber(c.targets.control)} customers of the control group are not mailed and nothing is written for them;</li>
            <li>launched campaigns hold their expected demand on ATP from {fmtDay(c.promiseDate)}, and the campaign can no longer change.</li>
          </ul>
          <ErrorBox error={launch.error} title="The launch failed" />
          <div class="toolbar">
            <Button kind="danger" busy={launch.busy} onClick={() => launch.run()}>
              Confirm the launch
            </Button>
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </div>
      )}
    </Card>
  )
}
