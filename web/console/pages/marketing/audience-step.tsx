import type { ComponentChildren } from 'preact'
import { Badge, Card, Field, Select, issueFor } from '../../ui/components'
import { Input } from './input'
import { fmtNumber } from '../../ui/format'
import { describeCondition, RANKING_LABELS, selectionOf, type AudienceForm } from './rules'
import { RANKINGS, type Ranking, type Segment } from './types'

interface Props {
  audience: AudienceForm
  onAudience: (a: AudienceForm) => void
  maxTargets: string
  onMaxTargets: (v: string) => void
  segments: Segment[] | undefined
  /** The funnel beside the form: live counts while editing, the stored funnel once launched. */
  funnelPanel: ComponentChildren
  /** The last save's error and the live funnel's: their issues are shown at their fields. */
  errors: unknown[]
  readOnly: boolean
}

/** Ticks segments by name (conditions refer to segments by name). */
function SegmentPicker(props: { label: string; name: string; segments: Segment[] | undefined; picked: string[]; onPicked: (names: string[]) => void; issue?: string; hint: ComponentChildren }) {
  const { segments, picked } = props
  const known = new Set((segments ?? []).map((s) => s.name))
  const missing = picked.filter((p) => !known.has(p))
  const toggle = (name: string, on: boolean) => props.onPicked(on ? [...picked, name] : picked.filter((p) => p !== name))
  return (
    <fieldset class={props.issue ? 'has-issue' : undefined}>
      <legend>{props.label}</legend>
      {segments === undefined ? (
        <p class="loading">Loading segments…</p>
      ) : segments.length === 0 && missing.length === 0 ? (
        <p class="empty">
          No segments yet: <a href="#/segments">compute the RFM segments or make a rule segment</a>.
        </p>
      ) : (
        <div style={{ maxHeight: '190px', overflowY: 'auto' }}>
          {[...[...segments].sort((x, y) => (x.kind === y.kind ? 0 : x.kind === 'rule' ? -1 : 1)).map((s) => ({ name: s.name, kind: s.kind, members: s.members as number | null })), ...missing.map((name) => ({ name, kind: 'unknown', members: null }))].map((s) => (
            <label key={s.name} style={{ display: 'flex', gap: '8px', alignItems: 'center', padding: '2px 0' }}>
              <input type="checkbox" name={props.name} value={s.name} checked={picked.includes(s.name)} onChange={(e) => toggle(s.name, (e.currentTarget as HTMLInputElement).checked)} />
              <span style={{ flex: '1' }}>{s.name}</span>
              <Badge value={s.kind === 'rfm' ? 'RFM' : s.kind} tone={s.kind === 'unknown' ? 'bad' : s.kind === 'rfm' ? 'info' : 'muted'} />
              <span class="muted">{s.members === null ? 'not found' : `${fmtNumber(s.members)} members`}</span>
            </label>
          ))}
        </div>
      )}
      <span class={props.issue ? 'field-issue' : 'field-hint'}>{props.issue ?? props.hint}</span>
    </fieldset>
  )
}

function KeptConditions(props: { title: string; conditions: unknown[]; onRemove: (i: number) => void; readOnly: boolean }) {
  if (props.conditions.length === 0) return null
  return (
    <div class="notice notice-info">
      <strong>{props.title}</strong> (made outside this form, kept as they are):
      <ul>
        {props.conditions.map((c, i) => (
          <li key={i}>
            {describeCondition(c as never)}{' '}
            {!props.readOnly && (
              <button type="button" class="link" onClick={() => props.onRemove(i)}>
                remove
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** Step 1: who is mailed — segments, eligibility, behaviour, exclusions, ranking and the cap — with the funnel's counts live beside it. */
export function AudienceStep(props: Props) {
  const a = props.audience
  const set = <K extends keyof AudienceForm>(key: K, value: AudienceForm[K]) => props.onAudience({ ...a, [key]: value })
  const { paths } = selectionOf(a)
  const issue = (path: string) => props.errors.map((e) => issueFor(e, path)).find(Boolean)
  const at = (path: string | undefined) => (path ? issue(path) : undefined)
  return (
    <div class="grid grid-2">
      <Card title="Who is mailed">
        <fieldset disabled={props.readOnly} style={{ border: '0', padding: '0', margin: '0' }}>
          <SegmentPicker
            label="In any of these segments"
            name="segments"
            segments={props.segments}
            picked={a.segments}
            onPicked={(v) => set('segments', v)}
            issue={at(paths.segments)}
            hint="None ticked: every active customer may be mailed."
          />
          <fieldset>
            <legend>Eligibility</legend>
            <div class="form-row">
              <Field label="Countries" hint="Comma-separated, such as DE, AT. Empty: any country." issue={at(paths.countries)}>
                <Input name="countries" value={a.countries} onValue={(v) => set('countries', v)} placeholder="DE, AT" />
              </Field>
            </div>
            <label style={{ display: 'flex', gap: '8px', alignItems: 'center', marginBottom: '10px' }}>
              <input type="checkbox" name="postalAddress" checked={a.postalAddress} onChange={(e) => set('postalAddress', (e.currentTarget as HTMLInputElement).checked)} />
              Only customers with a postal address (street and postal code known)
            </label>
          </fieldset>
          <fieldset>
            <legend>Behaviour: ordered…</legend>
            <div class="form-row">
              <Field label="Categories" hint="Comma-separated product categories." issue={at(paths.behaviour)}>
                <Input name="categories" value={a.categories} onValue={(v) => set('categories', v)} placeholder="Tools" />
              </Field>
              <Field label="SKUs" hint="Comma-separated.">
                <Input name="behaviourSkus" value={a.skus} onValue={(v) => set('skus', v)} />
              </Field>
            </div>
            <div class="form-row">
              <Field label="Within the last (days)" issue={issue(`${paths.behaviour}.orders.withinDays`)}>
                <Input name="withinDays" type="number" min="1" value={a.withinDays} onValue={(v) => set('withinDays', v)} placeholder="any time" />
              </Field>
              <Field label="At least (orders)" issue={issue(`${paths.behaviour}.orders.minCount`)}>
                <Input name="minCount" type="number" min="0" value={a.minCount} onValue={(v) => set('minCount', v)} placeholder="1" />
              </Field>
            </div>
          </fieldset>
          <SegmentPicker
            label="Exclude members of"
            name="excludeSegments"
            segments={props.segments}
            picked={a.excludeSegments}
            onPicked={(v) => set('excludeSegments', v)}
            issue={issue('selection.exclude.segments')}
            hint="Ticked segments are left out, whatever else they match."
          />
          <fieldset>
            <legend>Contact pressure and the cap</legend>
            <div class="form-row">
              <Field label="Not mailed by another campaign within (days)" hint="Before this mail date. Empty: no limit." issue={issue('selection.exclude.mailedWithinDays')}>
                <Input name="mailedWithinDays" type="number" min="1" max="365" value={a.mailedWithinDays} onValue={(v) => set('mailedWithinDays', v)} />
              </Field>
            </div>
            <div class="form-row">
              <Field label="Rank by" issue={issue('selection.ranking')}>
                <Select name="ranking" value={a.ranking} onValue={(v) => set('ranking', v as Ranking)} options={RANKINGS.map((r) => ({ value: r, label: RANKING_LABELS[r] }))} />
              </Field>
              <Field label="Cap (most customers selected)" hint="Before the control group is drawn. Empty: no cap." issue={issue('maxTargets')}>
                <Input name="maxTargets" type="number" min="1" value={props.maxTargets} onValue={props.onMaxTargets} />
              </Field>
            </div>
          </fieldset>
          <KeptConditions title="Other eligibility conditions" conditions={a.otherEligibility} readOnly={props.readOnly} onRemove={(i) => set('otherEligibility', a.otherEligibility.filter((_, j) => j !== i))} />
          <KeptConditions title="Other behaviour conditions" conditions={a.otherBehaviour} readOnly={props.readOnly} onRemove={(i) => set('otherBehaviour', a.otherBehaviour.filter((_, j) => j !== i))} />
        </fieldset>
      </Card>
      {props.funnelPanel}
    </div>
  )
}
