import { Card, Facts, Field, issueFor } from '../../ui/components'
import { Input } from './input'
import { fmtDateTime, fmtNumber } from '../../ui/format'
import { FunnelTable } from './funnel'
import { controlSize } from './rules'
import type { Campaign } from './types'

/** Step 3: the random control group — its share, the split it makes of the selection, and the seed that draws it. */
export function ControlStep(props: { percent: string; onPercent: (v: string) => void; selected: number | null; saved: Campaign | undefined; dirty: boolean; error: unknown; readOnly: boolean }) {
  const share = Number(props.percent) / 100
  const valid = props.percent.trim() !== '' && Number.isFinite(share) && share >= 0 && share <= 0.9
  const control = props.selected !== null && valid ? controlSize(props.selected, share) : null
  const saved = props.saved
  return (
    <div class="grid grid-2">
      <Card title="Control group">
        <p class="muted">
          A share of the selected customers is held out at random and not mailed. Comparing how often they order with the mailed customers tells what the campaign itself brought (the uplift).
        </p>
        <Field label="Control group share (%)" hint="From 0 to 90. 10 % is usual; a larger group measures the uplift more surely but mails fewer." issue={issueFor(props.error, 'controlShare')}>
          <Input name="controlPercent" type="number" min="0" max="90" step="any" value={props.percent} onValue={props.onPercent} disabled={props.readOnly} />
        </Field>
        <Facts
          items={[
            ['Selected (after the cap)', props.selected === null ? '…' : fmtNumber(props.selected)],
            ['Held out (control)', control === null ? '—' : <span data-testid="planned-control">{fmtNumber(control)}</span>],
            ['Mailed', control === null || props.selected === null ? '—' : <span data-testid="planned-mailed">{fmtNumber(props.selected - control)}</span>],
            ['Seed', saved ? <code title="The campaign's id seeds the draw">{saved.id}</code> : 'the campaign id, given when the draft is saved'],
          ]}
        />
        <p class="muted">
          The draw is seeded with the campaign's id: running the selection again draws the same customers, and another campaign draws its own group. The count is the share of the selected, rounded half up.
        </p>
      </Card>
      {saved?.funnel && (
        <Card title="Saved selection">
          <p class="muted">
            As selected at {fmtDateTime(saved.funnel.at)}: <strong data-testid="saved-mailed">{fmtNumber(saved.targets.treated)}</strong> mailed, <strong data-testid="saved-control">{fmtNumber(saved.targets.control)}</strong> in the control group.
            {props.dirty && ' Your unsaved changes are not in these counts.'}
          </p>
          <FunnelTable stages={saved.funnel.stages} testId="saved-funnel" />
        </Card>
      )}
    </div>
  )
}
