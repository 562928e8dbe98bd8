import { useEffect, useState } from 'preact/hooks'
import { Button } from '../../ui/components'
import { periodOptions, type PeriodSel } from './period'

const RANGE = 'range'

/**
 * The periods the hub measures: a quarter, a month or a year from a list, or a range of days. A
 * period from a shared link that is not in the list (an older quarter) is offered as it is.
 */
export function PeriodPicker(props: { value: PeriodSel; onChange: (sel: PeriodSel) => void }) {
  const groups = periodOptions()
  const current = 'period' in props.value ? props.value.period : RANGE
  const [mode, setMode] = useState(current)
  const [from, setFrom] = useState('from' in props.value ? props.value.from : '')
  const [to, setTo] = useState('to' in props.value ? props.value.to : '')
  // Back and forward in the browser change the period without remounting the picker.
  useEffect(() => {
    setMode(current)
    if ('from' in props.value) {
      setFrom(props.value.from)
      setTo(props.value.to)
    }
  }, [current, 'from' in props.value ? props.value.from : '', 'to' in props.value ? props.value.to : ''])
  const listed = groups.some((g) => g.options.some((o) => o.value === current))

  const choose = (value: string) => {
    setMode(value)
    if (value !== RANGE) props.onChange({ period: value })
  }
  return (
    <div class="toolbar" style={{ marginBottom: 0 }}>
      <label class="field">
        <span class="field-label">Period</span>
        <select name="period" value={mode} onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value)}>
          {!listed && current !== RANGE && <option value={current}>{current}</option>}
          {groups.map((g) => (
            <optgroup key={g.group} label={g.group}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={RANGE}>Range of days…</option>
        </select>
      </label>
      {mode === RANGE && (
        <form
          class="toolbar"
          style={{ marginBottom: 0 }}
          onSubmit={(e) => {
            e.preventDefault()
            props.onChange({ from, to })
          }}
        >
          <label class="field">
            <span class="field-label">From</span>
            <input type="date" name="from" required value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">To (included)</span>
            <input type="date" name="to" required value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <Button type="submit" disabled={!from || !to}>
            Show
          </Button>
        </form>
      )}
    </div>
  )
}
