import { canonicalTargets, type CanonicalTarget } from '../canonical/canonical.registry'
import { arrayElementOf, enumValuesOf, isRequiredField, kindOf, objectShapeOf, type SchemaNode } from './canonical-schema.inspect'
import { coercions, defaultCoercion } from './coercion.registry'
import { didYouMean } from './did-you-mean.suggest'
import type { SpecIssue, SpecPath } from './mapping-file.error'
import type { FieldSpecs, LookupValue, ValueFieldSpec } from './mapping.types'

type Lookups = Record<string, Record<string, LookupValue>>

/**
 * Checks mapped fields against the target's canonical schema, so that a mapping which could never
 * produce a valid entity fails when it is loaded, not on every record of the next sync: names that
 * are not canonical fields, required fields left unmapped, groups on fields that are not lists or
 * objects, value kinds that can never fit, lookups that do not exist or yield non-canonical codes.
 */
export function checkMappedFields(target: CanonicalTarget, fields: FieldSpecs, lookups: Lookups, isWritten: (path: SpecPath) => boolean): SpecIssue[] {
  const issues: SpecIssue[] = []
  const shape = objectShapeOf(canonicalTargets[target].schema) ?? {}
  checkLevel({ fields, shape, path: ['fields'], owner: target, lookups, issues, isWritten })
  return dedupe(issues)
}

interface Level {
  fields: FieldSpecs
  shape: Readonly<Record<string, SchemaNode>>
  /** Where this level's `fields` map is in the file. */
  path: SpecPath
  /** How messages name the canonical object, e.g. `SalesOrder` or `SalesOrder.lines[]`. */
  owner: string
  lookups: Lookups
  issues: SpecIssue[]
  /** Whether the file has an entry at a path, even one too broken to parse: that field is mapped, just wrongly. */
  isWritten: (path: SpecPath) => boolean
}

function checkLevel(level: Level): void {
  const { fields, shape, path, owner, issues } = level
  for (const [name, spec] of Object.entries(fields)) {
    const at = [...path, name]
    const canonical = Object.hasOwn(shape, name) ? shape[name] : undefined
    if (canonical === undefined) {
      issues.push({ path: at, message: `"${name}" is not a field of ${owner}${didYouMean(name, Object.keys(shape))}`, at: 'key' })
      continue
    }
    if (spec.kind === 'group') {
      const element = spec.each === undefined ? undefined : arrayElementOf(canonical)
      const nested = objectShapeOf(element ?? canonical)
      if (spec.each !== undefined && (element === undefined || nested === undefined)) {
        issues.push({ path: [...at, 'each'], message: `${owner}.${name} is not a list of objects, so it cannot be mapped with "each"`, at: 'key' })
      } else if (spec.each === undefined && nested === undefined) {
        const hint = arrayElementOf(canonical) === undefined ? 'is not an object' : 'is a list: add "each: <path of the source array>"'
        issues.push({ path: at, message: `${owner}.${name} ${hint}`, at: 'key' })
      } else if (nested !== undefined) {
        checkLevel({ ...level, fields: spec.fields, shape: nested, path: [...at, 'fields'], owner: `${owner}.${name}${spec.each === undefined ? '' : '[]'}` })
      }
      continue
    }
    checkValueField(level, name, spec, canonical)
  }
  for (const [name, schema] of Object.entries(shape)) {
    if (!Object.hasOwn(fields, name) && !level.isWritten([...path, name]) && isRequiredField(schema)) {
      issues.push({ path, message: `${owner} requires "${name}", which is not mapped`, at: 'key' })
    }
  }
}

function checkValueField(level: Level, name: string, spec: ValueFieldSpec, canonical: SchemaNode): void {
  const { owner, lookups, issues } = level
  const at = [...level.path, name]
  const field = `${owner}.${name}`
  const kind = kindOf(canonical)
  if (kind === 'array') {
    issues.push({ path: at, message: `${field} is a list: map it as a group { each: <source array>, fields: { ... } }`, at: 'key' })
    return
  }
  if (kind === 'object') {
    issues.push({ path: at, message: `${field} is an object: map it as a group { fields: { ... } }`, at: 'key' })
    return
  }
  const table = spec.lookup === undefined ? undefined : Object.hasOwn(lookups, spec.lookup) ? lookups[spec.lookup] : undefined
  if (spec.lookup !== undefined && table === undefined) {
    const defined = Object.keys(lookups)
    const known = defined.length === 0 ? ' (the file defines no lookups)' : didYouMean(spec.lookup, defined)
    issues.push({ path: [...at, 'lookup'], message: `lookup "${spec.lookup}" is not defined under lookups${known}`, at: 'value' })
  }

  // A default or constant is read like a source value, so with a lookup it must be one of its keys.
  for (const key of ['default', 'const'] as const) {
    const value = spec[key]
    if (table !== undefined && value !== undefined && !Object.hasOwn(table, String(value))) {
      issues.push({ path: [...at, key], message: `"${String(value)}" is not a key of lookup ${spec.lookup}${didYouMean(String(value), Object.keys(table))}`, at: 'value' })
    }
  }

  const as = spec.as ?? defaultCoercion
  const yields = coercions[as].yields
  const asAt = spec.as === undefined ? { path: at, at: 'key' as const } : { path: [...at, 'as'], at: 'value' as const }
  if (kind === 'number' && yields !== 'number') {
    issues.push({ ...asAt, message: `${field} expects a number: use "as: integer" or "as: number"` })
  } else if (kind === 'boolean' && yields !== 'boolean') {
    issues.push({ ...asAt, message: `${field} expects true or false: use "as: boolean"` })
  } else if ((kind === 'string' || kind === 'enum') && yields !== 'string') {
    issues.push({ ...asAt, message: `"as: ${as}" yields a ${yields}, but ${field} expects text` })
  }

  const allowed = kind === 'enum' && yields === 'string' ? enumValuesOf(canonical) : undefined
  if (allowed === undefined) return
  const notAllowed = (value: LookupValue) => value !== null && !allowed.includes(String(value))
  const describe = (value: LookupValue) => `"${String(value)}" is not a ${field} value; expected one of ${allowed.join(', ')}${didYouMean(String(value), allowed)}`
  if (table !== undefined && spec.lookup !== undefined) {
    for (const [key, value] of Object.entries(table)) {
      if (notAllowed(value)) issues.push({ path: ['lookups', spec.lookup, key], message: describe(value), at: 'value' })
    }
  }
  if (spec.const !== undefined && spec.lookup === undefined && notAllowed(spec.const)) issues.push({ path: [...at, 'const'], message: describe(spec.const), at: 'value' })
  if (spec.default !== undefined && spec.lookup === undefined && notAllowed(spec.default)) issues.push({ path: [...at, 'default'], message: describe(spec.default), at: 'value' })
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const id = `${issue.path.join('\u0000')}|${issue.message}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}
