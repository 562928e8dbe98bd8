/**
 * JSON Schema (draft 2020-12, as zod's toJSONSchema writes it into /openapi.json) read for a form:
 * following `$ref`s, telling a nullable value from its schema, finding the const property that
 * picks a union's option, and the first value a new entry starts with.
 */

export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  title?: string
  description?: string
  default?: unknown
  const?: unknown
  enum?: unknown[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  propertyNames?: JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  writeOnly?: boolean
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>
  components: { schemas: Record<string, JsonSchema> }
}

/** What the hub shows in place of a secret; sending it back keeps the stored one. */
export const SECRET_MASK = '********'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type Value = Json | undefined
export type Obj = { [key: string]: Json }

const REF = '#/components/schemas/'

/** The schema behind `$ref`s (a description next to a `$ref` wins over the target's). */
export function deref(schema: JsonSchema, doc: OpenApiDoc): JsonSchema {
  let s = schema
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = s.$ref.startsWith(REF) ? s.$ref.slice(REF.length) : undefined
    const target = name ? doc.components.schemas[name] : undefined
    if (!target) return { description: s.description }
    const { $ref: _ref, ...rest } = s
    s = { ...target, ...rest }
  }
  return s
}

const isNull = (s: JsonSchema) => s.type === 'null'

/** A schema with its `null` alternative taken out, and whether it had one. */
export function withoutNull(schema: JsonSchema, doc: OpenApiDoc): { schema: JsonSchema; nullable: boolean } {
  const s = deref(schema, doc)
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const rest = s.type.filter((t) => t !== 'null')
    return { schema: { ...s, type: rest.length === 1 ? rest[0] : rest }, nullable: true }
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key]
    if (!options || !options.some(isNull)) continue
    const rest = options.filter((o) => !isNull(o))
    const { [key]: _options, ...outer } = s
    if (rest.length === 1) return { schema: { ...deref(rest[0], doc), ...outer }, nullable: true }
    return { schema: { ...outer, [key]: rest }, nullable: true }
  }
  return { schema: s, nullable: false }
}

export type Kind = 'const' | 'enum' | 'union' | 'object' | 'record' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'any'

export function kindOf(s: JsonSchema): Kind {
  if (s.const !== undefined) return 'const'
  if (Array.isArray(s.enum)) return 'enum'
  if (s.oneOf || s.anyOf) return 'union'
  const type = Array.isArray(s.type) ? (s.type.length === 1 ? s.type[0] : undefined) : s.type
  if (type === 'object' || (!type && (s.properties || s.additionalProperties))) {
    if (s.properties) return 'object'
    if (s.additionalProperties && typeof s.additionalProperties === 'object') return 'record'
    return s.additionalProperties === false ? 'object' : 'any'
  }
  if (type === 'array') return 'array'
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') return type
  return 'any'
}

export function optionsOf(s: JsonSchema, doc: OpenApiDoc): JsonSchema[] {
  return (s.oneOf ?? s.anyOf ?? []).map((o) => deref(o, doc))
}

/** The property whose const tells the options of a union apart (`type`, `scheme`, `mode`), if there is one. */
export function discriminatorOf(options: JsonSchema[]): string | undefined {
  if (options.length < 2 || !options.every((o) => o.properties)) return undefined
  const candidates = Object.keys(options[0].properties!).filter((key) => options.every((o) => o.properties![key]?.const !== undefined))
  const distinct = candidates.filter((key) => new Set(options.map((o) => JSON.stringify(o.properties![key].const))).size === options.length)
  return distinct.find((k) => ['type', 'scheme', 'mode', 'kind'].includes(k)) ?? distinct[0]
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Which option of a union `value` is (by its JSON type, then by the keys an object holds); -1 for none. */
export function matchOption(value: Value, options: JsonSchema[], doc: OpenApiDoc): number {
  if (value === undefined || value === null) return -1
  const fits = (o: JsonSchema): boolean => {
    const k = kindOf(o)
    if (k === 'const') return JSON.stringify(o.const) === JSON.stringify(value)
    if (k === 'enum') return o.enum!.some((e) => JSON.stringify(e) === JSON.stringify(value))
    if (k === 'union') return matchOption(value, optionsOf(o, doc), doc) >= 0
    if (k === 'object') {
      if (!isObj(value)) return false
      const props = o.properties ?? {}
      if ((o.required ?? []).some((r) => !(r in value))) return false
      return o.additionalProperties !== false || Object.keys(value).every((key) => key in props)
    }
    if (k === 'record') return isObj(value)
    if (k === 'array') return Array.isArray(value)
    if (k === 'string') return typeof value === 'string'
    if (k === 'integer') return typeof value === 'number' && Number.isInteger(value)
    if (k === 'number') return typeof value === 'number'
    if (k === 'boolean') return typeof value === 'boolean'
    return true
  }
  return options.findIndex(fits)
}

/** A human name for an option of a union that has no const to name it. */
export function optionLabel(o: JsonSchema, doc: OpenApiDoc): string {
  if (o.title) return o.title
  const k = kindOf(o)
  if (k === 'object') {
    const req = o.required ?? []
    return req.length ? `by ${req.join(' and ')}` : `with ${Object.keys(o.properties ?? {}).join(', ')}`
  }
  if (k === 'enum') return 'one of a list'
  if (k === 'const') return String(o.const)
  if (k === 'array') return 'a list'
  if (k === 'record') return 'named entries'
  if (k === 'union') return optionsOf(o, doc).map((x) => optionLabel(x, doc)).join(' or ')
  return k === 'string' ? 'text' : k
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T)
}

/**
 * The value a new field starts with: an object holds its required properties and the unions that
 * have a default (so `auth: { type: "none" }` is visible and explicit); a const is itself; plain
 * values start empty and show their default as a placeholder.
 */
export function initialValue(schema: JsonSchema, doc: OpenApiDoc, depth = 0): Value {
  const { schema: s } = withoutNull(schema, doc)
  if (depth > 8) return undefined
  const k = kindOf(s)
  if (k === 'const') return s.const as Json
  if (k === 'union') {
    if (s.default !== undefined) return clone(s.default as Json)
    const options = optionsOf(s, doc)
    const disc = discriminatorOf(options)
    return disc ? initialValue(options[0], doc, depth + 1) : undefined
  }
  if (k === 'object') {
    const out: Obj = {}
    const required = new Set(s.required ?? [])
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      const p = withoutNull(prop, doc).schema
      const pk = kindOf(p)
      if (required.has(key)) {
        const v = initialValue(prop, doc, depth + 1)
        if (v !== undefined) out[key] = v
      } else if (pk === 'union' && p.default !== undefined && isObj(p.default)) out[key] = clone(p.default as Json)
    }
    return out
  }
  if (k === 'record') return {}
  if (k === 'array') return []
  return undefined
}

/** `baseUrl` → "Base URL", `timeoutMs` → "Timeout (ms)", `sales-order` stays as it is. */
export function humanize(key: string): string {
  if (/[-:.]/.test(key) || key.startsWith('@') || key.startsWith('_')) return key
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
  let unit = ''
  if (words.length > 1 && words[words.length - 1] === 'ms') {
    words.pop()
    unit = ' (ms)'
  }
  const special: Record<string, string> = { url: 'URL', uri: 'URI', id: 'ID', api: 'API', sap: 'SAP', http: 'HTTP', idoc: 'IDoc', uom: 'UoM' }
  const text = words.map((w, i) => special[w] ?? (i === 0 ? w[0].toUpperCase() + w.slice(1) : w)).join(' ')
  return text + unit
}

export function isSecret(s: JsonSchema): boolean {
  return s.writeOnly === true || s.format === 'password'
}

/** What a plain value must be, as a hint under its field. */
export function constraintHint(s: JsonSchema): string[] {
  const out: string[] = []
  if (s.format === 'uri') out.push('an http(s) URL')
  if (s.format && !['uri', 'password', 'starts_with'].includes(s.format)) out.push(`format ${s.format}`)
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? `more than ${s.exclusiveMinimum}` : undefined)
  const hi = s.maximum !== undefined && s.maximum < 9_007_199_254_740_991 ? s.maximum : undefined
  if (lo !== undefined && hi !== undefined) out.push(typeof lo === 'number' ? `${lo} to ${hi}` : `${lo}, at most ${hi}`)
  else if (lo !== undefined) out.push(typeof lo === 'number' ? `at least ${lo}` : lo)
  else if (hi !== undefined) out.push(`at most ${hi}`)
  if (s.minLength !== undefined && s.minLength > 1) out.push(`at least ${s.minLength} characters`)
  if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`)
  if (s.pattern) out.push(`must match ${s.pattern}`)
  return out
}

/** `['config', 'entities', 'customer']` → `config.entities.customer`; indexes as `[2]`, as the hub names issues. */
export function pathText(path: Array<string | number>): string {
  let out = ''
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`
  return out
}

/** A DOM id for a field at `path` in the form `prefix`. */
export function fieldId(prefix: string, path: Array<string | number>): string {
  return `${prefix}-${path.map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, '_')).join('-')}`
}

/** The value with every secret (by schema) shown as the mask: for the JSON view. */
export function maskSecrets(value: Value, schema: JsonSchema, doc: OpenApiDoc): Value {
  if (value === undefined || value === null) return value
  const { schema: s } = withoutNull(schema, doc)
  const k = kindOf(s)
  if ((k === 'string' && isSecret(s)) || (k === 'any' && isSecret(s))) return typeof value === 'string' && value !== '' ? SECRET_MASK : value
  if (k === 'object' && isObj(value)) {
    const out: Obj = {}
    for (const [key, v] of Object.entries(value)) {
      const prop = s.properties?.[key]
      out[key] = (prop ? maskSecrets(v, prop, doc) : v) as Json
    }
    return out
  }
  if (k === 'record' && isObj(value) && typeof s.additionalProperties === 'object') {
    const out: Obj = {}
    for (const [key, v] of Object.entries(value)) out[key] = maskSecrets(v, s.additionalProperties, doc) as Json
    return out
  }
  if (k === 'array' && Array.isArray(value) && s.items) return value.map((v) => maskSecrets(v, s.items!, doc) as Json)
  if (k === 'union') {
    const options = optionsOf(s, doc)
    const i = matchOption(value, options, doc)
    return i >= 0 ? maskSecrets(value, options[i], doc) : value
  }
  return value
}

/**
 * Edited JSON back into the model: where it holds the mask and the model held a value at the same
 * place, the model's value stays (the secret typed in the form is not lost by looking at the JSON).
 */
export function unmaskFrom(edited: Value, current: Value): Value {
  if (edited === SECRET_MASK && typeof current === 'string') return current
  if (Array.isArray(edited)) return edited.map((v, i) => unmaskFrom(v, Array.isArray(current) ? current[i] : undefined) as Json)
  if (isObj(edited)) {
    const out: Obj = {}
    for (const [key, v] of Object.entries(edited)) out[key] = unmaskFrom(v, isObj(current) ? current[key] : undefined) as Json
    return out
  }
  return edited
}

/** `value` without `undefined` entries (what JSON.stringify would send anyway), for comparisons. */
export function compact(value: Value): Value {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Json)
}
