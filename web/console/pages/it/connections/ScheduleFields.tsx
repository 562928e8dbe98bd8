import { useState } from 'preact/hooks'
import { useContext } from 'preact/hooks'
import { Leaf, SchemaField, FormContext } from '../schema/SchemaForm'
import { fieldId, isObj, type JsonSchema, type Obj, type Value } from '../schema/schema'

/**
 * A connection's schedule: one interval for every entity, exceptions per entity (another interval,
 * or "only on demand"), and a periodic gap check. The interval and the gap check come from the
 * schema; the exceptions get their own control, since "null means on demand" is not something a
 * generic form can say.
 */
export function ScheduleFields(props: { schema: JsonSchema; value: Value; onChange: (v: Value) => void; entities: string[] }) {
  const ctx = useContext(FormContext)!
  const schedule = isObj(props.value) ? props.value : {}
  const own = isObj(schedule.entities) ? (schedule.entities as Record<string, number | null>) : {}
  const properties = props.schema.properties ?? {}
  const set = (key: string, v: Value) => {
    const next: Obj = { ...schedule }
    if (v === undefined) delete next[key]
    else next[key] = v
    props.onChange(next)
  }
  const setOwn = (next: Record<string, number | null>) => set('entities', Object.keys(next).length ? next : undefined)
  const free = props.entities.filter((e) => !(e in own))
  const [adding, setAdding] = useState('')
  const addId = fieldId(ctx.idPrefix, ['schedule', 'entities', '$new'])
  return (
    <>
      <div class="form-row" style={{ alignItems: 'flex-start' }}>
        {properties.everySeconds && (
          <SchemaField schema={{ ...properties.everySeconds, description: 'How often every entity is read; empty: the hub’s default (DEFAULT_SYNC_EVERY_SECONDS).' }} value={schedule.everySeconds} onChange={(v) => set('everySeconds', v)} path={['schedule', 'everySeconds']} label="Sync every (seconds)" />
        )}
      </div>
      <fieldset data-path="schedule.entities">
        <legend>Per entity</legend>
        {Object.keys(own).length === 0 && <p class="muted" style={{ margin: '0 0 8px' }}>Every entity follows the interval above.</p>}
        {Object.entries(own).map(([entity, every]) => {
          const id = fieldId(ctx.idPrefix, ['schedule', 'entities', entity])
          const issue = ctx.issues.find((i) => i.path === `schedule.entities.${entity}`)?.message
          return (
            <div class="form-row" style={{ alignItems: 'flex-end' }} key={entity}>
              <Leaf id={`${id}-mode`} label={`${entity}: when`} issue={issue}>
                <select id={`${id}-mode`} value={every === null ? 'demand' : 'every'} onChange={(e) => setOwn({ ...own, [entity]: (e.currentTarget as HTMLSelectElement).value === 'demand' ? null : (schedule.everySeconds as number | undefined) ?? 900 })}>
                  <option value="every">on its own interval</option>
                  <option value="demand">only on demand (Sync now)</option>
                </select>
              </Leaf>
              {every !== null && (
                <Leaf id={id} label={`${entity}: every (seconds)`}>
                  <input id={id} type="number" min={5} max={604800} step={1} value={String(every)} onInput={(e) => setOwn({ ...own, [entity]: Number((e.currentTarget as HTMLInputElement).value) || 5 })} />
                </Leaf>
              )}
              <div class="field" style={{ flex: '0 0 auto' }}>
                <button
                  type="button"
                  class="btn"
                  aria-label={`Remove the ${entity} exception`}
                  onClick={() => {
                    const next = { ...own }
                    delete next[entity]
                    setOwn(next)
                  }}
                >
                  Remove
                </button>
              </div>
            </div>
          )
        })}
        {free.length > 0 && (
          <div class="form-row" style={{ alignItems: 'flex-end' }}>
            <Leaf id={addId} label="Entity with its own schedule">
              <select id={addId} value={adding || free[0]} onChange={(e) => setAdding((e.currentTarget as HTMLSelectElement).value)}>
                {free.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
              </select>
            </Leaf>
            <div class="field" style={{ flex: '0 0 auto' }}>
              <button
                type="button"
                class="btn"
                onClick={() => {
                  setOwn({ ...own, [adding || free[0]]: null })
                  setAdding('')
                }}
              >
                Add exception
              </button>
            </div>
          </div>
        )}
      </fieldset>
      {properties.gapCheck && (
        <SchemaField
          schema={{ ...properties.gapCheck, description: 'ERP and hub counts compared per time bucket; buckets that differ are read again. Needs entities the connector can count.' }}
          value={schedule.gapCheck}
          onChange={(v) => set('gapCheck', v)}
          path={['schedule', 'gapCheck']}
          label="Gap check"
        />
      )}
    </>
  )
}
