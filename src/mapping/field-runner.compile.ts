import { acceptsNull, arrayElementOf, objectShapeOf, type SchemaNode } from './canonical-schema.inspect'
import { coercions, defaultCoercion } from './coercion.registry'
import { Rejection, type CoercionContext } from './coercion.types'
import { shortenValue } from './mapping-issue.format'
import type { FieldSpecs, GroupFieldSpec, LookupValue, MappingIssue, MappingIssueCode, ValueFieldSpec } from './mapping.types'
import { isPlainObject } from './plain-object.guard'
import { formatSourcePath, joinSourcePath, parseSourcePath, type SourcePath } from './source-path.parse'
import { compileSourceReader, type SourceReader } from './source-path.read'
import type { SourceTrace } from './source-trace'
import { composeTransforms } from './value.transform'

/** Where the runner is: formatted prefixes of the source and canonical paths ('' at the record root). */
export interface Scope {
  source: string
  canonical: string
}

/** Maps one field of `input` into `out`, adding issues instead of throwing. */
export type FieldRunner = (input: Record<string, unknown>, out: Record<string, unknown>, scope: Scope, issues: MappingIssue[]) => void

export interface CompiledFields {
  runners: FieldRunner[]
  traces: Map<string, SourceTrace>
}

export interface CompileContext {
  coercion: CoercionContext
  lookups: Record<string, Record<string, LookupValue>>
}

/** Compiles one level of `fields` against the canonical object schema it fills (already checked at load). */
export function compileFields(fields: FieldSpecs, shape: Readonly<Record<string, SchemaNode>>, context: CompileContext): CompiledFields {
  const runners: FieldRunner[] = []
  const traces = new Map<string, SourceTrace>()
  for (const [name, spec] of Object.entries(fields)) {
    const compiled = spec.kind === 'group' ? compileGroup(name, spec, shape[name], context) : compileValue(name, spec, shape[name], context)
    runners.push(compiled.run)
    traces.set(name, compiled.trace)
  }
  return { runners, traces }
}

function canonicalPathOf(scope: Scope, name: string): string {
  return scope.canonical === '' ? name : `${scope.canonical}.${name}`
}

function issueAt(issues: MappingIssue[], scope: Scope, sourcePath: string, name: string, code: MappingIssueCode, message: string, value: unknown): void {
  const issue: MappingIssue = { path: joinSourcePath(scope.source, sourcePath), field: canonicalPathOf(scope, name), code, message }
  if (value !== undefined) issue.value = shortenValue(value)
  issues.push(issue)
}

function readPath(text: string): SourcePath {
  const parsed = parseSourcePath(text)
  // Paths were validated at load; reaching this means a spec was built by hand, wrongly.
  if (!parsed.ok) throw new TypeError(parsed.message)
  return parsed.path
}

/** Order per value: read → default → required → transforms → lookup → coercion. */
function compileValue(name: string, spec: ValueFieldSpec, canonical: SchemaNode, context: CompileContext): { run: FieldRunner; trace: SourceTrace } {
  const sources = (spec.from ?? []).map((text) => {
    const path = readPath(text)
    return { read: compileSourceReader(path), text: formatSourcePath(path) }
  })
  const constant = spec.const
  const joinWith = spec.join
  const as = spec.as ?? defaultCoercion
  // SAP writes a false flag as "", so for booleans only null and undefined mean "no value".
  const isAbsent = as === 'boolean' ? (v: unknown) => v === undefined || v === null : (v: unknown) => v === undefined || v === null || v === ''
  const coerce = coercions[as].create(context.coercion)
  const transform = composeTransforms(spec.transform ?? [])
  const lookupName = spec.lookup
  const table = lookupName === undefined ? undefined : new Map(Object.entries(context.lookups[lookupName] ?? {}))
  const knownKeys = table === undefined ? '' : listKeys([...table.keys()])
  const required = spec.required === true
  const fallback = spec.default
  // Absent values are null so an upsert clears a stale value, except where the canonical schema
  // only accepts undefined (it has its own default, e.g. InventoryPosition.reserved).
  const absentValue = acceptsNull(canonical) ? null : undefined
  const missingMessage = sources.length > 1 ? `required value is missing (none of ${sources.map((s) => s.text).join(', ')} has a value)` : 'required value is missing'

  const locate = (input: unknown): { path: string; value: unknown } => {
    if (sources.length === 0) return { path: '(const)', value: constant }
    for (const source of sources) {
      const value = source.read(input)
      if (!isAbsent(value)) return { path: source.text, value }
    }
    return { path: sources[0].text, value: sources[0].read(input) }
  }

  const run: FieldRunner = (input, out, scope, issues) => {
    let value: unknown = constant
    let path = '(const)'
    if (joinWith !== undefined) {
      path = sources[0].text
      const present = sources.map((s) => s.read(input)).filter((v) => !isAbsent(v) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
      value = present.length ? present.map(String).join(joinWith) : undefined
    } else if (sources.length > 0) {
      path = sources[0].text
      value = sources[0].read(input)
      for (let i = 1; i < sources.length && isAbsent(value); i++) {
        const next = sources[i].read(input)
        if (!isAbsent(next)) {
          value = next
          path = sources[i].text
        }
      }
    }
    if (isAbsent(value)) {
      if (fallback !== undefined) value = fallback
      else {
        if (required) issueAt(issues, scope, path, name, 'required', missingMessage, undefined)
        else out[name] = absentValue
        return
      }
    }
    if (transform !== undefined) {
      const raw = value
      value = transform(value)
      if (isAbsent(value)) {
        if (required) issueAt(issues, scope, path, name, 'required', 'required value is empty after transforms', raw)
        else out[name] = absentValue
        return
      }
    }
    if (table !== undefined) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        issueAt(issues, scope, path, name, 'type', `lookup ${lookupName} needs text, a number or true/false`, value)
        return
      }
      const key = String(value)
      const found = table.get(key)
      if (found === undefined) {
        issueAt(issues, scope, path, name, 'lookup', `unknown value "${key}" for lookup ${lookupName}; known values: ${knownKeys}`, value)
        return
      }
      if (found === null) {
        if (required) issueAt(issues, scope, path, name, 'required', `lookup ${lookupName} maps "${key}" to no value`, value)
        else out[name] = absentValue
        return
      }
      value = found
    }
    const coerced = coerce(value)
    if (coerced instanceof Rejection) {
      issueAt(issues, scope, path, name, 'type', coerced.message, value)
      return
    }
    out[name] = coerced
  }
  return { run, trace: { kind: 'value', locate } }
}

function compileGroup(name: string, spec: GroupFieldSpec, canonical: SchemaNode, context: CompileContext): { run: FieldRunner; trace: SourceTrace } {
  if (spec.each === undefined) {
    const nested = compileFields(spec.fields, objectShapeOf(canonical) ?? {}, context)
    const run: FieldRunner = (input, out, scope, issues) => {
      const row: Record<string, unknown> = {}
      const inner = { source: scope.source, canonical: canonicalPathOf(scope, name) }
      for (const runner of nested.runners) runner(input, row, inner, issues)
      out[name] = row
    }
    return { run, trace: { kind: 'object', fields: nested.traces } }
  }

  const eachPath = readPath(spec.each)
  const readList: SourceReader = compileSourceReader(eachPath)
  const eachText = formatSourcePath(eachPath)
  const element = arrayElementOf(canonical)
  const nested = compileFields(spec.fields, (element === undefined ? undefined : objectShapeOf(element)) ?? {}, context)
  const kept = compileWhere(spec.where)
  const run: FieldRunner = (input, out, scope, issues) => {
    const list = readList(input)
    if (list === undefined || list === null) {
      out[name] = []
      return
    }
    if (!Array.isArray(list)) {
      issueAt(issues, scope, eachText, name, 'type', 'expected a list', list)
      return
    }
    const sourceBase = joinSourcePath(scope.source, eachText)
    const canonicalBase = canonicalPathOf(scope, name)
    const rows: Record<string, unknown>[] = []
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i]
      if (kept && !kept(item)) continue
      const inner = { source: `${sourceBase}[${i}]`, canonical: `${canonicalBase}[${rows.length}]` }
      if (!isPlainObject(item)) {
        issues.push({ path: inner.source, field: inner.canonical, code: 'type', message: 'expected an object in the list', value: shortenValue(item) })
        continue
      }
      const row: Record<string, unknown> = {}
      for (const runner of nested.runners) runner(item, row, inner, issues)
      rows.push(row)
    }
    out[name] = rows
  }
  return { run, trace: { kind: 'list', each: eachText, read: readList, fields: nested.traces, ...(kept ? { kept } : {}) } }
}

/** `where` as one predicate over a list item: every path must hold its value (or one of its values). */
function compileWhere(where: GroupFieldSpec['where']): ((item: unknown) => boolean) | undefined {
  if (where === undefined) return undefined
  const tests = Object.entries(where).map(([path, wanted]) => {
    const read = compileSourceReader(readPath(path))
    const allowed = new Set((Array.isArray(wanted) ? wanted : [wanted]).map(String))
    return (item: unknown) => {
      const value = read(item)
      return value !== undefined && value !== null && allowed.has(String(value))
    }
  })
  return (item) => isPlainObject(item) && tests.every((t) => t(item))
}

/** Known lookup keys for a message; a long table is cut so one issue stays readable. */
function listKeys(keys: string[]): string {
  const shown = keys.slice(0, 20).map((k) => `"${k}"`).join(', ')
  return keys.length > 20 ? `${shown} … (${keys.length - 20} more)` : shown
}
