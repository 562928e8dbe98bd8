import type { SourceReader } from './source-path.read'
import { joinSourcePath } from './source-path.parse'

/**
 * What the compiler knows about where each canonical field comes from, kept so that an issue raised
 * by the canonical schema (after mapping) can still name the place in the SOURCE record to fix.
 */
export type SourceTrace =
  /** A value field: the source path it read this time (the first present one of a coalesce list). */
  | { kind: 'value'; locate(input: unknown): { path: string; value: unknown } }
  | { kind: 'object'; fields: ReadonlyMap<string, SourceTrace> }
  | { kind: 'list'; each: string; read: SourceReader; fields: ReadonlyMap<string, SourceTrace> }

/** Source path and value behind a canonical path such as `['lines', 2, 'quantity']`. */
export function traceSource(record: unknown, fields: ReadonlyMap<string, SourceTrace>, canonicalPath: ReadonlyArray<PropertyKey>): { path: string; value?: unknown } {
  let input = record
  let level = fields
  let prefix = ''
  for (let i = 0; i < canonicalPath.length; i++) {
    const trace = level.get(String(canonicalPath[i]))
    if (trace === undefined) break
    if (trace.kind === 'value') {
      const found = trace.locate(input)
      return { path: joinSourcePath(prefix, found.path), value: found.value }
    }
    if (trace.kind === 'list') {
      prefix = joinSourcePath(prefix, trace.each)
      const index = canonicalPath[i + 1]
      if (typeof index !== 'number') return { path: prefix }
      const list = trace.read(input)
      input = Array.isArray(list) ? list[index] : undefined
      prefix = `${prefix}[${index}]`
      i++
    }
    level = trace.fields
  }
  return { path: prefix === '' ? '(root)' : prefix }
}
