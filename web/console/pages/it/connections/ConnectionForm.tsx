import { useRef, useState } from 'preact/hooks'
import { ApiError, api } from '../../../api'
import { Button, Card, ErrorBox, Tabs } from '../../../ui/components'
import { useAction } from '../../../ui/async'
import { JsonEditor } from '../schema/JsonEditor'
import { FormContext, Leaf, SchemaField } from '../schema/SchemaForm'
import { deref, initialValue, isObj, type Json, type JsonSchema, type Obj, type OpenApiDoc, type Value } from '../schema/schema'
import type { Connection } from '../types'
import { ScheduleFields } from './ScheduleFields'

/**
 * Creating or changing a connection. The connector's settings are a form generated from its config
 * schema in /openapi.json (`ConnectorConfig.<kind>`), the rest of the body from the create route's
 * own schema; a JSON tab edits the same value as text. A 400 puts each issue at its field.
 */

const PREFIX = 'conn'
/** What a PATCH must send as null to remove (absent means "unchanged"). */
const REMOVABLE = ['watch', 'webhook', 'limits', 'defaultCountry']

export function connectorKinds(doc: OpenApiDoc): string[] {
  return Object.keys(doc.components.schemas)
    .filter((name) => name.startsWith('ConnectorConfig.'))
    .map((name) => name.slice('ConnectorConfig.'.length))
    .sort()
}

export function createBodySchema(doc: OpenApiDoc): JsonSchema {
  const schema = doc.paths['/v1/connections']?.post?.requestBody?.content?.['application/json']?.schema
  if (!schema) throw new Error('the hub’s API document has no schema for POST /v1/connections')
  return deref(schema, doc)
}

export function configSchemaOf(doc: OpenApiDoc, kind: string): JsonSchema | undefined {
  return doc.components.schemas[`ConnectorConfig.${kind}`]
}

/** A new connection of `kind`: the config's required parts and picked defaults. */
export function newConnectionBody(doc: OpenApiDoc, kind: string): Obj {
  const schema = configSchemaOf(doc, kind)
  return { kind, enabled: true, config: (schema ? initialValue(schema, doc) : {}) as Json }
}

/** The body a connection's view becomes for editing (secrets stay masked: sending the mask back keeps them). */
export function bodyOfView(c: Connection): Obj {
  const body: Obj = { name: c.name, kind: c.kind, enabled: c.enabled, config: c.config as Json, schedule: c.schedule as Json, mappings: c.mappings, identityPriority: c.identityPriority }
  if (c.watch) body.watch = c.watch as Json
  if (c.webhook) body.webhook = c.webhook as Json
  if (c.limits) body.limits = c.limits as Json
  if (c.defaultCountry) body.defaultCountry = c.defaultCountry
  return body
}

function entitiesIn(body: Obj): string[] {
  const config = body.config
  return isObj(config) && isObj(config.entities) ? Object.keys(config.entities) : []
}

export function ConnectionForm(props: { doc: OpenApiDoc; initial: Obj; connectionId?: string; onSaved: (c: Connection) => void; onCancel: () => void }) {
  const { doc } = props
  const editing = !!props.connectionId
  const [body, setBody] = useState<Obj>(props.initial)
  const [tab, setTab] = useState<'form' | 'json'>('form')
  // The config of each kind tried, so switching back and forth loses nothing typed.
  const configs = useRef<Record<string, Json | undefined>>({})
  const top = useRef<HTMLDivElement>(null)
  const bodySchema = createBodySchema(doc)
  const fields = bodySchema.properties ?? {}
  const kind = typeof body.kind === 'string' ? body.kind : ''
  const configSchema = configSchemaOf(doc, kind)
  const kinds = connectorKinds(doc)

  const set = (key: string, v: Value) => {
    setBody((b) => {
      const next: Obj = { ...b }
      if (v === undefined) delete next[key]
      else next[key] = v
      return next
    })
  }
  const switchKind = (next: string) => {
    configs.current[kind] = body.config
    const config = configs.current[next] ?? ((configSchemaOf(doc, next) ? initialValue(configSchemaOf(doc, next)!, doc) : {}) as Json)
    setBody((b) => ({ ...b, kind: next, config }))
  }

  const save = useAction(async () => {
    if (editing) {
      const patch: Obj = { ...body }
      delete patch.kind
      for (const key of REMOVABLE) if (patch[key] === undefined) patch[key] = null
      return api.patch<Connection>(`/v1/connections/${props.connectionId}`, patch)
    }
    return api.post<Connection>('/v1/connections', body)
  })
  const submit = async (e: Event) => {
    e.preventDefault()
    const saved = await save.run()
    if (saved) props.onSaved(saved)
    else top.current?.scrollIntoView({ block: 'start' })
  }
  const issues = save.error instanceof ApiError ? save.error.issues : []
  const jsonSchema: JsonSchema = { ...bodySchema, properties: { ...fields, ...(configSchema ? { config: configSchema } : {}) } }

  return (
    <FormContext.Provider value={{ doc, idPrefix: PREFIX, issues, disabled: save.busy }}>
      <div ref={top} />
      <ErrorBox error={save.error} title={save.error instanceof ApiError && save.error.status === 400 ? 'The hub did not accept these settings' : undefined} />
      {/* Outside the form: the shared tabs are plain buttons, which inside a form would submit it. */}
      <Tabs
        tabs={[
          { id: 'form', label: 'Form' },
          { id: 'json', label: 'JSON' },
        ]}
        active={tab}
        onChange={(t) => setTab(t as 'form' | 'json')}
      />
      <form noValidate onSubmit={submit} aria-label={editing ? 'Change connection' : 'New connection'}>
        {tab === 'json' ? (
          <Card>
            <JsonEditor value={body} onChange={(v) => setBody(isObj(v) ? v : {})} schema={jsonSchema} doc={doc} label="The connection as JSON" disabled={save.busy} />
          </Card>
        ) : (
          <>
            <Card title="General">
              <div class="form-row" style={{ alignItems: 'flex-start' }}>
                <SchemaField schema={fields.name ?? { type: 'string' }} value={body.name} onChange={(v) => set('name', v)} path={['name']} label="Name" required />
                <Leaf id="conn-kind" label="Connector kind" required hint={editing ? 'A connection keeps its kind; make a new one for another.' : 'Which protocol the ERP speaks; the settings below follow it.'} issue={issues.find((i) => i.path === 'kind')?.message}>
                  <select id="conn-kind" value={kind} disabled={editing || save.busy} onChange={(e) => switchKind((e.currentTarget as HTMLSelectElement).value)}>
                    {!kinds.includes(kind) && <option value={kind}>{kind || '— choose —'}</option>}
                    {kinds.map((k) => (
                      <option key={k} value={k}>
                        {k}
                      </option>
                    ))}
                  </select>
                </Leaf>
                {fields.defaultCountry && (
                  <SchemaField
                    schema={{ ...fields.defaultCountry, description: 'ISO country code (DE, AT, GB…): national phone numbers and tax ids without a prefix are read as this country’s.' }}
                    value={body.defaultCountry}
                    onChange={(v) => set('defaultCountry', v)}
                    path={['defaultCountry']}
                    label="Default country"
                  />
                )}
                {fields.identityPriority && (
                  <SchemaField
                    schema={{ ...fields.identityPriority, description: 'Golden customers: a higher priority’s values win (the master ERP for customers).', default: 0 }}
                    value={body.identityPriority}
                    onChange={(v) => set('identityPriority', v)}
                    path={['identityPriority']}
                    label="Identity priority"
                  />
                )}
              </div>
              {fields.enabled && <SchemaField schema={{ ...fields.enabled, description: 'A disabled connection keeps its settings and data but is not synced on schedule.' }} value={body.enabled} onChange={(v) => set('enabled', v)} path={['enabled']} label="Enabled" />}
            </Card>
            <Card title={`Connector settings (${kind || 'no kind'})`} testId="connector-settings">
              {configSchema ? (
                <SchemaField schema={configSchema} value={body.config} onChange={(v) => set('config', v ?? {})} path={['config']} label="Connector settings" required flat />
              ) : (
                <p class="muted">Choose a connector kind first.</p>
              )}
            </Card>
            {fields.schedule && (
              <Card title="Schedule">
                <ScheduleFields schema={deref(fields.schedule, doc)} value={body.schedule} onChange={(v) => set('schedule', v)} entities={entitiesIn(body)} />
              </Card>
            )}
            <Card title="Mappings, limits, documents and webhooks">
              {fields.mappings && (
                <SchemaField
                  schema={{ ...fields.mappings, description: 'Mapping file per entity when not <kind>/<entity> (e.g. customer → rest/shopify-customer).' }}
                  value={body.mappings}
                  onChange={(v) => set('mappings', v)}
                  path={['mappings']}
                  label="Mappings"
                />
              )}
              {fields.limits && <SchemaField schema={{ ...fields.limits, description: 'This ERP’s request budget, shared by every job; empty values take the hub’s defaults.' }} value={body.limits} onChange={(v) => set('limits', v)} path={['limits']} label="Limits" />}
              {fields.watch && <SchemaField schema={{ ...fields.watch, description: 'Document connectors only (csv, idoc, ubl): a folder whose new files are taken in.' }} value={body.watch} onChange={(v) => set('watch', v)} path={['watch']} label="Watched folder" />}
              {fields.webhook && <SchemaField schema={fields.webhook} value={body.webhook} onChange={(v) => set('webhook', v)} path={['webhook']} label="Webhooks" />}
            </Card>
          </>
        )}
        <div class="actions">
          <Button type="submit" kind="primary" busy={save.busy}>
            {editing ? 'Save changes' : 'Create connection'}
          </Button>
          <Button onClick={props.onCancel}>Cancel</Button>
        </div>
      </form>
    </FormContext.Provider>
  )
}
