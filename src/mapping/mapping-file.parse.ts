import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml'
import { canonicalTargets, type CanonicalTarget } from '../canonical/canonical.registry'
import { didYouMean } from './did-you-mean.suggest'
import { explainSchemaIssues } from './file-schema-issue.explain'
import { MappingFileError, type MappingFileIssue, type SpecIssue, type SpecPath } from './mapping-file.error'
import { groupFieldSchema, lookupsSchema, mappingFileSchema, valueFieldSchema } from './mapping-file.schema'
import { checkMappedFields } from './mapping-fields.check'
import type { FieldSpecs, MappingSpec } from './mapping.types'
import { isPlainObject } from './plain-object.guard'
import { isTimeZone } from './time-zone.offset'
import { locateInYaml } from './yaml-position.locate'

export interface ParseMappingOptions {
  /** The name the caller looked the file up by (`rest/sales-order`); the file must declare the same. */
  expectedName?: string
}

/**
 * Reads a mapping file's text and checks everything that can be checked without data, so that a
 * mistake surfaces once, at load, with its line and column, instead of quarantining every record.
 * Pure: the caller reads the file. Throws `MappingFileError` listing every issue found.
 */
export function parseMappingFile(text: string, file: string, options: ParseMappingOptions = {}): MappingSpec {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    throw new MappingFileError(
      doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0])
        return { file, line, column: col, key: '(syntax)', message: error.message }
      }),
    )
  }
  let raw: unknown
  try {
    raw = doc.toJS()
  } catch (error) {
    // e.g. an alias bomb: toJS refuses to expand it.
    throw new MappingFileError([{ file, line: 1, column: 1, key: '(syntax)', message: error instanceof Error ? error.message : String(error) }])
  }

  const issues: SpecIssue[] = []
  const root = mappingFileSchema.safeParse(raw)
  if (!root.success) issues.push(...explainSchemaIssues(root.error, mappingFileSchema, raw, []))
  // Later checks read the raw document too, so one pass reports a broken header and broken fields alike.
  const rawRoot = isPlainObject(raw) ? raw : {}
  const fields = isPlainObject(rawRoot.fields) ? readFieldEntries(rawRoot.fields, ['fields'], issues) : {}
  const lookups = lookupsSchema.safeParse(rawRoot.lookups ?? {}).data ?? {}
  issues.push(...checkHeader(rawRoot, options), ...checkLookupKeys(doc))
  const target = typeof rawRoot.target === 'string' && isCanonicalTarget(rawRoot.target) ? rawRoot.target : undefined
  if (target !== undefined) issues.push(...checkMappedFields(target, fields, lookups, (path) => hasEntry(raw, path)))

  if (issues.length === 0 && root.success && target !== undefined) {
    const data = root.data
    return { file, name: data.mapping, version: data.version, source: data.source, target, timezone: data.timezone ?? 'UTC', fields, lookups }
  }
  throw new MappingFileError(positioned(issues, doc, lines, file))
}

/** The values of the header keys (their types are the schema's business). */
function checkHeader(raw: Record<string, unknown>, options: ParseMappingOptions): SpecIssue[] {
  const issues: SpecIssue[] = []
  const { mapping, timezone, target } = raw
  if (options.expectedName !== undefined && typeof mapping === 'string' && mapping !== options.expectedName) {
    issues.push({ path: ['mapping'], message: `the file is named "${mapping}" but was loaded as "${options.expectedName}"`, at: 'value' })
  }
  if (typeof timezone === 'string' && !isTimeZone(timezone)) {
    issues.push({ path: ['timezone'], message: `"${timezone}" is not an IANA time zone such as Europe/Berlin`, at: 'value' })
  }
  if (typeof target === 'string' && !isCanonicalTarget(target)) {
    const known = Object.keys(canonicalTargets)
    issues.push({ path: ['target'], message: `unknown target "${target}"; expected one of ${known.join(', ')}${didYouMean(target, known)}`, at: 'value' })
  }
  return issues
}

function hasEntry(raw: unknown, path: SpecPath): boolean {
  let current = raw
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return false
    current = current[segment]
  }
  return true
}

function isCanonicalTarget(value: string): value is CanonicalTarget {
  return Object.hasOwn(canonicalTargets, value)
}

/** Each entry is a group when it has `fields`, else a value field; groups nest. */
function readFieldEntries(raw: Record<string, unknown>, path: SpecPath, issues: SpecIssue[]): FieldSpecs {
  const out: FieldSpecs = {}
  for (const [name, value] of Object.entries(raw)) {
    const at = [...path, name]
    if (isPlainObject(value) && Object.hasOwn(value, 'fields')) {
      const group = groupFieldSchema.safeParse(value)
      const nested = isPlainObject(value.fields) ? readFieldEntries(value.fields, [...at, 'fields'], issues) : {}
      if (!group.success) issues.push(...explainSchemaIssues(group.error, groupFieldSchema, value, at))
      else if (group.data.each === undefined) out[name] = { kind: 'group', fields: nested }
      else out[name] = { kind: 'group', each: group.data.each, ...(group.data.where ? { where: group.data.where } : {}), fields: nested }
      continue
    }
    if (!isPlainObject(value)) {
      issues.push({ path: at, message: 'expected a field spec such as { from: <source path> } or a group { fields: { ... } }', at: 'value' })
      continue
    }
    const field = valueFieldSchema.safeParse(value)
    if (field.success) out[name] = field.data
    else issues.push(...explainSchemaIssues(field.error, valueFieldSchema, value, at))
  }
  return out
}

/**
 * YAML reads an unquoted `01:` as the number 1, so a lookup keyed `01` would never match the source
 * text "01". Refuse keys whose text changes when read, and ask for quotes.
 */
function checkLookupKeys(doc: Document): SpecIssue[] {
  const issues: SpecIssue[] = []
  const lookups = isMap(doc.contents) ? doc.contents.get('lookups', true) : undefined
  if (!isMap(lookups)) return issues
  for (const table of lookups.items) {
    if (!isScalar(table.key) || !isMap(table.value)) continue
    for (const entry of table.value.items) {
      const key = entry.key
      if (!isScalar(key) || typeof key.value === 'string' || key.source === undefined) continue
      if (String(key.value) !== key.source) {
        issues.push({
          path: ['lookups', String(table.key.value), key.source],
          message: `the key ${key.source} is read by YAML as ${String(key.value)}; quote it ("${key.source}") to match the source text`,
          at: 'key',
        })
      }
    }
  }
  return issues
}

function positioned(issues: SpecIssue[], doc: Document, lines: LineCounter, file: string): MappingFileIssue[] {
  return issues
    .map((issue) => {
      const { line, column, key } = locateInYaml(doc, lines, issue.path, issue.at)
      return { file, line, column, key, message: issue.message }
    })
    .sort((a, b) => a.line - b.line || a.column - b.column)
}
