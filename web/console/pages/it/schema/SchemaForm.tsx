import { createContext, type ComponentChildren, type JSX } from 'preact'
import { useContext, useState } from 'preact/hooks'
import type { FieldIssue } from '../../../api'
import {
  SECRET_MASK,
  clone,
  constraintHint,
  deref,
  discriminatorOf,
  fieldId,
  humanize,
  initialValue,
  isObj,
  isSecret,
  kindOf,
  matchOption,
  optionLabel,
  optionsOf,
  pathText,
  withoutNull,
  type Json,
  type JsonSchema,
  type Kind,
  type Obj,
  type OpenApiDoc,
  type Value,
} from './schema'

/**
 * A form generated from a JSON Schema: objects as groups of fields, unions picked by their const
 * (`auth.type`), named entries (`entities`) added and removed by key, lists, secrets as password
 * fields. Every field carries the hub's issue for its path (`config.entities.customer.path`).
 */

export interface SchemaFormContext {
  doc: OpenApiDoc
  /** Prefix of DOM ids, so labels point at their inputs. */
  idPrefix: string
  issues: FieldIssue[]
  disabled?: boolean
}

export const FormContext = createContext<SchemaFormContext | null>(null)

function useForm(): SchemaFormContext {
  const ctx = useContext(FormContext)
  if (!ctx) throw new Error('SchemaField outside a FormContext')
  return ctx
}

type Path = Array<string | number>

export interface FieldProps {
  schema: JsonSchema
  value: Value
  onChange: (value: Value) => void
  path: Path
  label: string
  required?: boolean
  /** An object's fields without a group around them (the group is drawn by the caller). */
  flat?: boolean
  /** Fields of an object left out (a union's const, drawn as its picker). */
  omit?: string[]
}

const LEAVES: Kind[] = ['const', 'enum', 'string', 'integer', 'number', 'boolean']
// Fields next to each other wrap like words; each keeps its label on top of its input.
const rowStyle: JSX.CSSProperties = { alignItems: 'flex-start' }
const groupHeadStyle: JSX.CSSProperties = { display: 'flex', justifyContent: 'flex-end', marginTop: '-6px' }
const checkLabelStyle: JSX.CSSProperties = { display: 'inline-flex', alignItems: 'center', gap: '6px', fontWeight: 600 }
// A lone field does not stretch across the page; several share a row.
const leafStyle: JSX.CSSProperties = { maxWidth: '480px' }
// A button beside fields keeps its own width, level with the inputs.
const groupHintStyle: JSX.CSSProperties = { margin: '0 0 8px' }
const buttonCellStyle: JSX.CSSProperties = { flex: '0 0 auto', minWidth: 0 }

export function isLeaf(schema: JsonSchema, doc: OpenApiDoc): boolean {
  const { schema: s } = withoutNull(schema, doc)
  return LEAVES.includes(kindOf(s))
}

function issueAt(issues: FieldIssue[], path: Path): string | undefined {
  const p = pathText(path)
  const found = issues.filter((i) => i.path === p)
  return found.length ? found.map((i) => i.message).join('; ') : undefined
}

function hintOf(s: JsonSchema, extra: string[] = []): string | undefined {
  const parts = [s.description, ...extra, ...constraintHint(s)].filter(Boolean)
  return parts.length ? parts.join(' · ') : undefined
}

/** A labelled control with its hint and issue, the label pointing at the control. */
export function Leaf(props: { id: string; label: string; required?: boolean; hint?: string; issue?: string; children: ComponentChildren }) {
  return (
    <div class={`field ${props.issue ? 'has-issue' : ''}`} style={leafStyle}>
      {/* The label holds the name alone (its accessible name); the required mark sits beside it. */}
      <span class="field-label">
        <label for={props.id}>{props.label}</label>
        {props.required && (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </span>
      {props.children}
      {props.hint && !props.issue && (
        <span class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.issue && (
        <span class="field-issue" id={`${props.id}-issue`}>
          {props.issue}
        </span>
      )}
    </div>
  )
}

function described(id: string, hint: string | undefined, issue: string | undefined): string | undefined {
  return issue ? `${id}-issue` : hint ? `${id}-hint` : undefined
}

/** A group's own issue (`configure at least one entity`), under its legend. */
function GroupIssue(props: { path: Path }) {
  const { issues } = useForm()
  const issue = issueAt(issues, props.path)
  return issue ? <p class="field-issue">{issue}</p> : null
}

export function SchemaField(props: FieldProps) {
  const { doc } = useForm()
  const { schema: s } = withoutNull(props.schema, doc)
  const kind = kindOf(s)
  const p = { ...props, schema: s }
  switch (kind) {
    case 'const':
      return <ConstField {...p} />
    case 'enum':
      return <EnumField {...p} />
    case 'string':
      return isSecret(s) ? <SecretField {...p} /> : <TextField {...p} />
    case 'integer':
    case 'number':
      return <NumberField {...p} />
    case 'boolean':
      return <BooleanField {...p} />
    case 'object':
      return <ObjectField {...p} />
    case 'record':
      return <RecordField {...p} />
    case 'array':
      return <ArrayField {...p} />
    case 'union': {
      const options = optionsOf(s, doc)
      return discriminatorOf(options) ? <DiscriminatedField {...p} /> : <AnyOfField {...p} />
    }
    default:
      return <JsonField {...p} />
  }
}

function ConstField(props: FieldProps) {
  const { idPrefix } = useForm()
  const id = fieldId(idPrefix, props.path)
  return (
    <Leaf id={id} label={props.label} hint={props.schema.description}>
      <input id={id} value={String(props.schema.const)} readOnly />
    </Leaf>
  )
}

function TextField(props: FieldProps) {
  const { idPrefix, issues, disabled } = useForm()
  const s = props.schema
  const id = fieldId(idPrefix, props.path)
  const issue = issueAt(issues, props.path)
  const hint = hintOf(s)
  return (
    <Leaf id={id} label={props.label} required={props.required} hint={hint} issue={issue}>
      <input
        id={id}
        name={pathText(props.path)}
        type={s.format === 'uri' ? 'url' : 'text'}
        value={typeof props.value === 'string' ? props.value : props.value === undefined || props.value === null ? '' : String(props.value)}
        placeholder={s.default !== undefined ? String(s.default) : undefined}
        maxLength={s.maxLength}
        disabled={disabled}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={issue ? 'true' : undefined}
        aria-describedby={described(id, hint, issue)}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value
          props.onChange(v === '' ? undefined : v)
        }}
      />
    </Leaf>
  )
}

/**
 * A secret: a password field that never shows what is stored. The hub answers a stored secret as
 * the mask; the field then stays empty, and the mask is sent back (keeping the secret) until
 * something is typed.
 */
function SecretField(props: FieldProps) {
  const { idPrefix, issues, disabled } = useForm()
  const [stored] = useState(props.value === SECRET_MASK)
  const id = fieldId(idPrefix, props.path)
  const issue = issueAt(issues, props.path)
  const hint = hintOf(props.schema, [stored ? 'a secret is stored: leave empty to keep it' : 'kept secret: sealed at rest and never shown again'])
  return (
    <Leaf id={id} label={props.label} required={props.required} hint={hint} issue={issue}>
      <input
        id={id}
        name={pathText(props.path)}
        type="password"
        autocomplete="new-password"
        value={typeof props.value === 'string' && props.value !== SECRET_MASK ? props.value : ''}
        placeholder={stored ? '•••••••• (stored)' : undefined}
        disabled={disabled}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={issue ? 'true' : undefined}
        aria-describedby={described(id, hint, issue)}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value
          props.onChange(v === '' ? (stored ? SECRET_MASK : undefined) : v)
        }}
      />
    </Leaf>
  )
}

function NumberField(props: FieldProps) {
  const { idPrefix, issues, disabled } = useForm()
  const s = props.schema
  const id = fieldId(idPrefix, props.path)
  const issue = issueAt(issues, props.path)
  const hint = hintOf(s)
  const integer = kindOf(s) === 'integer'
  const max = s.maximum !== undefined && s.maximum < 9_007_199_254_740_991 ? s.maximum : undefined
  return (
    <Leaf id={id} label={props.label} required={props.required} hint={hint} issue={issue}>
      <input
        id={id}
        name={pathText(props.path)}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        step={integer ? 1 : 'any'}
        min={s.minimum}
        max={max}
        value={typeof props.value === 'number' ? String(props.value) : ''}
        placeholder={s.default !== undefined ? String(s.default) : undefined}
        disabled={disabled}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={issue ? 'true' : undefined}
        aria-describedby={described(id, hint, issue)}
        onInput={(e) => {
          const input = e.currentTarget as HTMLInputElement
          if (input.value === '') return props.onChange(undefined)
          const n = Number(input.value)
          if (Number.isFinite(n)) props.onChange(n)
        }}
      />
    </Leaf>
  )
}

function BooleanField(props: FieldProps) {
  const { idPrefix, issues, disabled } = useForm()
  const s = props.schema
  const id = fieldId(idPrefix, props.path)
  const issue = issueAt(issues, props.path)
  const checked = typeof props.value === 'boolean' ? props.value : s.default === true
  const hint = hintOf(s, s.default !== undefined ? [`default: ${s.default ? 'on' : 'off'}`] : [])
  return (
    <div class={`field ${issue ? 'has-issue' : ''}`}>
      <label style={checkLabelStyle} for={id}>
        <input id={id} type="checkbox" name={pathText(props.path)} checked={checked} disabled={disabled} aria-describedby={described(id, hint, issue)} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
        {props.label}
      </label>
      {hint && !issue && (
        <span class="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {issue && (
        <span class="field-issue" id={`${id}-issue`}>
          {issue}
        </span>
      )}
    </div>
  )
}

function EnumField(props: FieldProps) {
  const { idPrefix, issues, disabled } = useForm()
  const s = props.schema
  const values = s.enum ?? []
  const id = fieldId(idPrefix, props.path)
  const issue = issueAt(issues, props.path)
  const hint = hintOf(s)
  const index = values.findIndex((v) => JSON.stringify(v) === JSON.stringify(props.value))
  const empty = s.default !== undefined ? `default (${String(s.default)})` : props.required ? '— choose —' : '— none —'
  return (
    <Leaf id={id} label={props.label} required={props.required} hint={hint} issue={issue}>
      <select
        id={id}
        name={pathText(props.path)}
        value={index >= 0 ? String(index) : ''}
        disabled={disabled}
        aria-invalid={issue ? 'true' : undefined}
        aria-describedby={described(id, hint, issue)}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value
          props.onChange(v === '' ? undefined : (values[Number(v)] as Json))
        }}
      >
        <option value="">{empty}</option>
        {values.map((v, i) => (
          <option key={i} value={String(i)}>
            {v === '\t' ? 'tab' : v === ' ' ? 'space' : v === '' ? '(none)' : String(v)}
          </option>
        ))}
      </select>
    </Leaf>
  )
}

/** Any JSON at all (a schema the form has no better control for): typed as JSON, or as text. */
function JsonField(props: FieldProps) {
  const { idPrefix, issues, disabled } = useForm()
  const id = fieldId(idPrefix, props.path)
  const issue = issueAt(issues, props.path)
  const [text, setText] = useState(props.value === undefined ? '' : typeof props.value === 'string' ? props.value : JSON.stringify(props.value))
  const hint = hintOf(props.schema, ['JSON, or plain text'])
  return (
    <Leaf id={id} label={props.label} required={props.required} hint={hint} issue={issue}>
      <input
        id={id}
        value={text}
        disabled={disabled}
        aria-describedby={described(id, hint, issue)}
        onInput={(e) => {
          const t = (e.currentTarget as HTMLInputElement).value
          setText(t)
          if (t.trim() === '') return props.onChange(undefined)
          try {
            props.onChange(JSON.parse(t) as Json)
          } catch {
            props.onChange(t)
          }
        }}
      />
    </Leaf>
  )
}

/** Sets or removes one key of an object value. */
function withKey(obj: Obj | undefined, key: string, v: Value): Obj {
  const next: Obj = { ...(obj ?? {}) }
  if (v === undefined) delete next[key]
  else next[key] = v
  return next
}

/** The fields of an object: plain values side by side first (after `lead`, a union's picker), then the groups. */
function ObjectFields(props: FieldProps & { lead?: ComponentChildren }) {
  const { doc } = useForm()
  const s = props.schema
  const obj = isObj(props.value) ? props.value : undefined
  const required = new Set(s.required ?? [])
  const entries = Object.entries(s.properties ?? {}).filter(([key]) => !props.omit?.includes(key))
  const leaves = entries.filter(([, prop]) => isLeaf(prop, doc))
  const groups = entries.filter(([, prop]) => !isLeaf(prop, doc))
  const field = ([key, prop]: [string, JsonSchema]) => (
    <SchemaField key={key} schema={prop} value={obj?.[key]} onChange={(v) => props.onChange(withKey(obj, key, v))} path={[...props.path, key]} label={deref(prop, doc).title ?? humanize(key)} required={required.has(key)} />
  )
  return (
    <>
      {(leaves.length > 0 || props.lead) && (
        <div class="form-row" style={rowStyle}>
          {props.lead}
          {leaves.map(field)}
        </div>
      )}
      {groups.map(field)}
    </>
  )
}

/**
 * An object as a group. An optional object without a default is switched on with the checkbox in
 * its legend (an entity's `incremental`), so leaving it off sends nothing.
 */
function ObjectField(props: FieldProps) {
  const { doc, disabled } = useForm()
  const s = props.schema
  const obj = isObj(props.value) ? props.value : undefined
  if (props.flat) return <ObjectFields {...props} />
  const optional = !props.required
  const on = obj !== undefined
  const toggle = (checked: boolean) => props.onChange(checked ? ((initialValue(s, doc) as Obj | undefined) ?? {}) : undefined)
  return (
    <fieldset data-path={pathText(props.path)}>
      <legend>
        {optional ? (
          <label style={checkLabelStyle}>
            <input type="checkbox" checked={on} disabled={disabled} onChange={(e) => toggle((e.currentTarget as HTMLInputElement).checked)} />
            {props.label}
          </label>
        ) : (
          props.label
        )}
      </legend>
      {s.description && <p class="field-hint" style={groupHintStyle}>{s.description}</p>}
      <GroupIssue path={props.path} />
      {(on || !optional) && <ObjectFields {...props} />}
    </fieldset>
  )
}

/** A union whose options a const property tells apart: a select of that property switches the fields below it. */
function DiscriminatedField(props: FieldProps) {
  const { doc, idPrefix, issues, disabled } = useForm()
  const s = props.schema
  const options = optionsOf(s, doc)
  const disc = discriminatorOf(options)!
  const current = (isObj(props.value) ? props.value : isObj(s.default) ? (s.default as Obj) : undefined) as Obj | undefined
  const index = current ? options.findIndex((o) => JSON.stringify(o.properties![disc].const) === JSON.stringify(current[disc])) : -1
  const selectPath = [...props.path, disc]
  const id = fieldId(idPrefix, selectPath)
  const issue = issueAt(issues, selectPath)
  const pick = (i: number) => {
    if (i < 0) return props.onChange(undefined)
    const option = options[i]
    const next = ((initialValue(option, doc) as Obj | undefined) ?? {}) as Obj
    // What the options share (a size param, a header) survives the switch.
    for (const [key, v] of Object.entries(current ?? {})) if (key !== disc && option.properties?.[key] && next[key] === undefined) next[key] = clone(v)
    next[disc] = option.properties![disc].const as Json
    props.onChange(next)
  }
  const selectLabel = `${props.label} ${humanize(disc).toLowerCase()}`
  const picker = (
    <Leaf id={id} label={selectLabel} required={props.required} hint={s.default !== undefined && isObj(s.default) ? `default: ${String((s.default as Obj)[disc])}` : undefined} issue={issue}>
      <select id={id} name={pathText(selectPath)} value={index >= 0 ? String(index) : ''} disabled={disabled} onChange={(e) => pick(Number((e.currentTarget as HTMLSelectElement).value || -1))}>
        {(index < 0 || (!props.required && s.default === undefined)) && <option value="">— none —</option>}
        {options.map((o, i) => (
          <option key={i} value={String(i)}>
            {o.title ?? String(o.properties![disc].const)}
          </option>
        ))}
      </select>
    </Leaf>
  )
  const body =
    index >= 0 ? (
      <ObjectFields schema={options[index]} value={current} onChange={props.onChange} path={props.path} label={props.label} omit={[disc]} lead={picker} />
    ) : (
      <div class="form-row" style={rowStyle}>
        {picker}
      </div>
    )
  if (props.flat) return body
  return (
    <fieldset data-path={pathText(props.path)}>
      <legend>{props.label}</legend>
      {s.description && <p class="field-hint" style={groupHintStyle}>{s.description}</p>}
      <GroupIssue path={props.path} />
      {body}
    </fieldset>
  )
}

/** A union without a const to pick by (a key as one column or several): the form of the value is chosen first. */
function AnyOfField(props: FieldProps) {
  const { doc, idPrefix, disabled } = useForm()
  const s = props.schema
  const options = optionsOf(s, doc)
  const matched = matchOption(props.value, options, doc)
  const [chosen, setChosen] = useState(matched >= 0 ? matched : props.required ? 0 : -1)
  const index = matched >= 0 ? matched : chosen
  const id = fieldId(idPrefix, [...props.path, '$form'])
  const pick = (i: number) => {
    setChosen(i)
    props.onChange(i < 0 ? undefined : initialValue(options[i], doc))
  }
  const option = index >= 0 ? options[index] : undefined
  const picker = (
    <Leaf id={id} label={`${props.label}: given as`}>
      <select id={id} value={String(index)} disabled={disabled} onChange={(e) => pick(Number((e.currentTarget as HTMLSelectElement).value))}>
        {!props.required && <option value="-1">— none —</option>}
        {options.map((o, i) => (
          <option key={i} value={String(i)}>
            {optionLabel(o, doc)}
          </option>
        ))}
      </select>
    </Leaf>
  )
  return (
    <fieldset data-path={pathText(props.path)}>
      <legend>{props.label}</legend>
      {s.description && <p class="field-hint" style={groupHintStyle}>{s.description}</p>}
      <GroupIssue path={props.path} />
      {option && kindOf(option) === 'object' ? (
        <ObjectFields schema={option} value={props.value} onChange={props.onChange} path={props.path} label={props.label} lead={picker} />
      ) : (
        <>
          <div class="form-row" style={rowStyle}>
            {picker}
            {option && isLeaf(option, doc) && <SchemaField schema={option} value={props.value} onChange={props.onChange} path={props.path} label={props.label} required />}
          </div>
          {option && !isLeaf(option, doc) && <SchemaField schema={option} value={props.value} onChange={props.onChange} path={props.path} label={props.label} required flat />}
        </>
      )}
    </fieldset>
  )
}

function keyProblem(key: string, keySchema: JsonSchema | undefined, taken: string[]): string | undefined {
  if (!key) return 'type a name first'
  if (taken.includes(key)) return `${key} is there already`
  if (keySchema?.minLength !== undefined && key.length < keySchema.minLength) return `at least ${keySchema.minLength} characters`
  if (keySchema?.pattern) {
    try {
      if (!new RegExp(keySchema.pattern, 'u').test(key)) return `must match ${keySchema.pattern}`
    } catch {
      // A pattern this browser cannot compile: the hub checks it.
    }
  }
  return undefined
}

/** What a new entry of a record starts with: its schema's first value, or an empty one the hub will ask to fill. */
function newEntryValue(schema: JsonSchema, doc: OpenApiDoc): Json {
  const v = initialValue(schema, doc)
  if (v !== undefined) return v
  const { schema: s, nullable } = withoutNull(schema, doc)
  const k = kindOf(s)
  if (k === 'string') return ''
  if (k === 'enum') return (s.enum?.[0] as Json) ?? ''
  if (k === 'boolean') return s.default === true
  return nullable ? null : ''
}

/** Named entries (`entities`, `headers`, `query`): each under its key, added by key and removed. */
function RecordField(props: FieldProps) {
  const { doc, idPrefix, disabled } = useForm()
  const s = props.schema
  const obj = isObj(props.value) ? props.value : undefined
  const valueSchema = typeof s.additionalProperties === 'object' ? s.additionalProperties : {}
  const keySchema = s.propertyNames ? deref(s.propertyNames, doc) : undefined
  const keyEnum = keySchema?.enum?.map(String)
  const taken = Object.keys(obj ?? {})
  const [newKey, setNewKey] = useState('')
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const simple = isLeaf(valueSchema, doc)
  const addId = fieldId(idPrefix, [...props.path, '$new'])
  const free = keyEnum?.filter((k) => !taken.includes(k))
  const add = () => {
    const key = keyEnum ? (newKey || free?.[0] || '') : newKey.trim()
    const why = keyProblem(key, keySchema, taken)
    setProblem(why)
    if (why) return
    props.onChange({ ...(obj ?? {}), [key]: newEntryValue(valueSchema, doc) })
    setNewKey('')
  }
  const remove = (key: string) => {
    const next = withKey(obj, key, undefined)
    props.onChange(Object.keys(next).length > 0 || props.required || s.default !== undefined ? next : undefined)
  }
  const setEntry = (key: string, v: Value) => props.onChange({ ...(obj ?? {}), [key]: v === undefined ? newEntryValue(valueSchema, doc) : v })
  const keyHint = keySchema ? constraintHint(keySchema).join(' · ') : ''
  return (
    <fieldset data-path={pathText(props.path)}>
      <legend>{props.label}</legend>
      {s.description && <p class="field-hint" style={groupHintStyle}>{s.description}</p>}
      <GroupIssue path={props.path} />
      {taken.length === 0 && props.required && <p class="muted" style={{ margin: '0 0 8px' }}>None yet: add at least one below.</p>}
      {taken.length === 0 && s.default !== undefined && JSON.stringify(s.default) !== '{}' && <p class="muted" style={{ margin: '0 0 8px' }}>None set: the connector’s defaults apply.</p>}
      {simple ? (
        taken.map((key) => (
          <div class="form-row" style={{ ...rowStyle, alignItems: 'flex-end' }} key={key}>
            <SchemaField schema={valueSchema} value={obj![key]} onChange={(v) => setEntry(key, v)} path={[...props.path, key]} label={key} required />
            <div class="field" style={buttonCellStyle}>
              <button type="button" class="btn" disabled={disabled} aria-label={`Remove ${key} from ${props.label}`} onClick={() => remove(key)}>
                Remove
              </button>
            </div>
          </div>
        ))
      ) : (
        taken.map((key) => (
          <fieldset key={key} data-path={pathText([...props.path, key])}>
            <legend>{key}</legend>
            <div style={groupHeadStyle}>
              <button type="button" class="btn btn-danger" disabled={disabled} aria-label={`Remove ${key} from ${props.label}`} onClick={() => remove(key)}>
                Remove
              </button>
            </div>
            <GroupIssue path={[...props.path, key]} />
            <SchemaField schema={valueSchema} value={obj![key]} onChange={(v) => setEntry(key, v)} path={[...props.path, key]} label={key} required flat />
          </fieldset>
        ))
      )}
      {!disabled && (!keyEnum || (free && free.length > 0)) && (
        <div class="form-row" style={{ ...rowStyle, alignItems: 'flex-end' }}>
          <Leaf id={addId} label={`New entry in ${props.label}`} hint={keyHint || undefined} issue={problem}>
            {keyEnum ? (
              <select id={addId} value={newKey || free?.[0] || ''} onChange={(e) => setNewKey((e.currentTarget as HTMLSelectElement).value)}>
                {free!.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={addId}
                value={newKey}
                placeholder="name"
                onInput={(e) => setNewKey((e.currentTarget as HTMLInputElement).value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault()
                    add()
                  }
                }}
              />
            )}
          </Leaf>
          <div class="field" style={buttonCellStyle}>
            <button type="button" class="btn" onClick={add} aria-label={`Add entry to ${props.label}`}>
              Add
            </button>
          </div>
        </div>
      )}
    </fieldset>
  )
}

/** A list: choices as checkboxes, plain values as one input each, objects as groups. */
function ArrayField(props: FieldProps) {
  const { doc, idPrefix, disabled } = useForm()
  const s = props.schema
  const items = s.items ? withoutNull(s.items, doc).schema : {}
  const arr = Array.isArray(props.value) ? props.value : undefined
  const set = (next: Json[]) => props.onChange(next.length === 0 && !props.required ? undefined : next)
  const hint = [s.description, s.minItems ? `at least ${s.minItems}` : '', s.default !== undefined ? `default: ${JSON.stringify(s.default)}` : ''].filter(Boolean).join(' · ')
  if (kindOf(items) === 'enum') {
    const base = arr ?? (Array.isArray(s.default) ? (s.default as Json[]) : [])
    return (
      <fieldset data-path={pathText(props.path)}>
        <legend>{props.label}</legend>
        {hint && <p class="field-hint" style={groupHintStyle}>{hint}</p>}
        <GroupIssue path={props.path} />
        <div class="form-row" style={rowStyle}>
          {(items.enum ?? []).map((choice) => {
            const id = fieldId(idPrefix, [...props.path, String(choice)])
            const on = base.some((v) => JSON.stringify(v) === JSON.stringify(choice))
            return (
              <label key={String(choice)} for={id} style={{ ...checkLabelStyle, fontWeight: 400 }}>
                <input
                  id={id}
                  type="checkbox"
                  checked={on}
                  disabled={disabled}
                  onChange={(e) => {
                    const checked = (e.currentTarget as HTMLInputElement).checked
                    const without = base.filter((v) => JSON.stringify(v) !== JSON.stringify(choice))
                    props.onChange(checked ? [...without, choice as Json] : without)
                  }}
                />
                {String(choice)}
              </label>
            )
          })}
        </div>
      </fieldset>
    )
  }
  const list = arr ?? []
  const simple = isLeaf(items, doc)
  return (
    <fieldset data-path={pathText(props.path)}>
      <legend>{props.label}</legend>
      {hint && <p class="field-hint" style={groupHintStyle}>{hint}</p>}
      <GroupIssue path={props.path} />
      {list.length === 0 && <p class="muted" style={{ margin: '0 0 8px' }}>None yet.</p>}
      {list.map((item, i) => (
        <div key={i} class={simple ? 'form-row' : undefined} style={simple ? { ...rowStyle, alignItems: 'flex-end' } : undefined}>
          {simple ? (
            <SchemaField schema={items} value={item} onChange={(v) => set(list.map((x, j) => (j === i ? ((v ?? '') as Json) : x)))} path={[...props.path, i]} label={`${props.label} ${i + 1}`} required />
          ) : (
            <fieldset>
              <legend>{`${props.label} ${i + 1}`}</legend>
              <SchemaField schema={items} value={item} onChange={(v) => set(list.map((x, j) => (j === i ? ((v ?? {}) as Json) : x)))} path={[...props.path, i]} label={`${props.label} ${i + 1}`} required flat />
            </fieldset>
          )}
          <div class="field" style={buttonCellStyle}>
            <button type="button" class="btn" disabled={disabled} aria-label={`Remove ${props.label} ${i + 1}`} onClick={() => set(list.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        </div>
      ))}
      {!disabled && (s.maxItems === undefined || list.length < s.maxItems) && (
        <button type="button" class="btn" aria-label={`Add to ${props.label}`} onClick={() => set([...list, newEntryValue(items, doc)])}>
          Add
        </button>
      )}
    </fieldset>
  )
}
