import { useState } from 'preact/hooks'
import { api } from '../../api'
import { useAction } from '../../ui/async'
import { Button, ErrorBox, Field, issueFor } from '../../ui/components'
import { fmtNumber } from '../../ui/format'
import { fmtKpi, fmtTarget, inputToNumber, inputToTarget, inputUnit, targetToInput } from './kpi-format'
import type { CatalogueKpi } from './scorecard.types'

/**
 * The tenant's own target for a KPI (and its parameters, if it has any), or back to the catalogue's
 * target. The hub checks the values; its issue shows at the field it names.
 */
export function TargetForm(props: { kpi: CatalogueKpi; onSaved: (message: string) => void }) {
  const { kpi } = props
  const unit = inputUnit(kpi.unit)
  const [text, setText] = useState(targetToInput(kpi.target, kpi.unit))
  const save = useAction(async () => {
    const target = inputToTarget(text, kpi.unit)
    const res = await api.put<{ target: number }>(`/v1/scorecard/targets/${encodeURIComponent(kpi.id)}`, target === undefined ? {} : { target })
    setText(targetToInput(res.target, kpi.unit))
    props.onSaved(`The target of ${kpi.name} is now ${fmtTarget(res.target, kpi.unit, kpi.direction)}.`)
  })
  const reset = useAction(async () => {
    const res = await api.del<{ target: number }>(`/v1/scorecard/targets/${encodeURIComponent(kpi.id)}`)
    setText(targetToInput(res.target, kpi.unit))
    save.clear()
    props.onSaved(`The target of ${kpi.name} is back to the catalogue's ${fmtTarget(res.target, kpi.unit, kpi.direction)}.`)
  })
  const issue = issueFor(save.error, 'target')
  return (
    <div>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save.run()
        }}
      >
        <div class="form-row">
          <Field
            label={`Target${unit ? ` (${unit})` : ''}`}
            issue={issue}
            hint={`${kpi.direction === 'higher' ? 'The KPI meets it at this value or above' : 'The KPI meets it at this value or below'}. The catalogue's: ${fmtKpi(kpi.defaultTarget, kpi.unit)}.`}
          >
            <input name="target" inputMode="decimal" autocomplete="off" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
          </Field>
        </div>
        {/* An error without a field issue (not allowed, the hub unreachable) shows in full. */}
        {!issue && <ErrorBox error={save.error} title="The target was not set" />}
        <ErrorBox error={reset.error} title="The target was not reset" />
        <div class="actions">
          <Button type="submit" kind="primary" busy={save.busy}>
            Set target
          </Button>
          <Button onClick={() => void reset.run()} busy={reset.busy} disabled={kpi.targetIsDefault} title={kpi.targetIsDefault ? 'The target is the catalogue’s already' : undefined}>
            Reset to the catalogue's ({fmtKpi(kpi.defaultTarget, kpi.unit)})
          </Button>
        </div>
      </form>
      {kpi.parameterDefinitions && Object.keys(kpi.parameterDefinitions).length > 0 && <ParameterForm kpi={kpi} onSaved={props.onSaved} />}
    </div>
  )
}

function ParameterForm(props: { kpi: CatalogueKpi; onSaved: (message: string) => void }) {
  const { kpi } = props
  const defs = Object.entries(kpi.parameterDefinitions ?? {})
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(defs.map(([name, d]) => [name, String(kpi.parameters?.[name] ?? d.default)])))
  const save = useAction(async () => {
    const body = Object.fromEntries(defs.map(([name]) => [name, inputToNumber(values[name] ?? '')]).filter(([, v]) => v !== undefined))
    const res = await api.put<{ parameters: Record<string, number> }>(`/v1/scorecard/parameters/${encodeURIComponent(kpi.id)}`, body)
    setValues(Object.fromEntries(Object.entries(res.parameters).map(([k, v]) => [k, String(v)])))
    props.onSaved(`The parameters of ${kpi.name} are now ${Object.entries(res.parameters).map(([k, v]) => `${k} = ${fmtNumber(v)}`).join(', ')}.`)
  })
  const unnamed = save.error && !defs.some(([name]) => issueFor(save.error, name))
  return (
    <form
      style={{ marginTop: '16px', borderTop: '1px solid var(--line)', paddingTop: '12px' }}
      onSubmit={(e) => {
        e.preventDefault()
        void save.run()
      }}
    >
      <h3 style={{ marginTop: 0 }}>Parameters</h3>
      <div class="form-row">
        {defs.map(([name, d]) => (
          <Field key={name} label={name} issue={issueFor(save.error, name)} hint={`${d.description}; default ${fmtNumber(d.default)}${d.min !== undefined ? `, at least ${fmtNumber(d.min)}` : ''}.`}>
            <input name={name} inputMode="decimal" autocomplete="off" value={values[name] ?? ''} onInput={(e) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value })} />
          </Field>
        ))}
      </div>
      {unnamed && <ErrorBox error={save.error} title="The parameters were not set" />}
      <Button type="submit" busy={save.busy}>
        Save parameters
      </Button>
    </form>
  )
}
