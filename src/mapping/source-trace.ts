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
  | { kind: 'list'; each: string; read: SourceReader; fields: ReadonlyMap<string, SourceTrace>; kept?(item: unknown): boolean }

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
      // With a `where`, canonical item n is the n-th kept source item, not source item n.
      const at = Array.isArray(list) && trace.kept ? sourceIndexOf(list, index, trace.kept) : index
      input = Array.isArray(list) ? list[at] : undefined
      prefix = `${prefix}[${at}]`
      i++
    }
    level = trace.fields
  }
  return { path: prefix === '' ? '(root)' : prefix }
}

function sourceIndexOf(list: unknown[], canonicalIndex: number, kept: (item: unknown) => boolean): number {
  let seen = -1
  for (let i = 0; i < list.length; i++) if (kept(list[i]) && ++seen === canonicalIndex) return i
  return canonicalIndex
}
