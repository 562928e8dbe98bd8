import { InvalidDocument, type JsonObject, type JsonValue } from '../../src/connector-sdk'
import type { CsvGroup } from './csv.config'

/** How many recently finished group keys are remembered to catch an order whose rows are not together. */
export const RECENT_GROUPS = 10_000

interface OpenGroup {
  key: string
  head: JsonObject
  lines: JsonObject[]
  line: number
  /** Head values of later rows that differ from the first row's: kept, never dropped. */
  conflicts: JsonObject[]
  /** The key was seen in a group that already ended (the export is not sorted by it). */
  reopened: boolean
}

/**
 * Real order exports have one row per order line. Consecutive rows with the same `by` value become
 * one record: the line fields of each row go into `into` (in row order), every other field is taken
 * from the first row. Only consecutive rows are joined, so memory stays bounded by one order:
 * - a later row whose record-level value differs from the first row's is listed in `_conflicts`
 *   (raw payload only; the mapping reads the first row's value);
 * - a key that comes back after other orders (caught within the last RECENT_GROUPS orders) would
 *   silently replace the order stored before, so that part is yielded as `{ _error, _line, _record }`
 *   and lands in quarantine telling to sort the export;
 * - a row with an empty key is a record of its own (the mapping quarantines it: no key);
 * - malformed rows (`_error`) pass through without ending the order around them;
 * - with `number`, each line also gets its position in the order (for exports without line numbers).
 */
export class OrderLineGrouper {
  private open: OpenGroup | undefined
  private readonly finished = new Set<string>()
  private readonly lineFields: Set<string>

  constructor(
    private readonly group: CsvGroup,
    private readonly remember = RECENT_GROUPS,
  ) {
    this.lineFields = new Set(group.lines)
  }

  /** Adds the record of one row (starting on `line`); records of groups it ends are appended to `out`. */
  add(record: JsonObject, line: number, out: JsonObject[]): void {
    if (Object.hasOwn(record, '_error')) {
      out.push(record)
      return
    }
    const { head, item } = this.split(record)
    const key = head[this.group.by]
    if (typeof key !== 'string' || key === '') {
      out.push(this.recordOf(head, [this.numbered(item, 1)], []))
      return
    }
    const open = this.open
    if (open !== undefined && open.key === key) {
      if (open.lines.length >= this.group.maxLines) {
        throw new InvalidDocument(`${this.group.by} "${key}" (from line ${open.line}) has more than ${this.group.maxLines} lines at line ${line}; raise group.maxLines if that is real`, {
          details: { key, line, maxLines: this.group.maxLines },
        })
      }
      open.lines.push(this.numbered(item, open.lines.length + 1))
      for (const [field, value] of Object.entries(head)) {
        if (open.head[field] !== value) open.conflicts.push({ line, field, value })
      }
      return
    }
    this.finish(out)
    this.open = { key, head, lines: [this.numbered(item, 1)], line, conflicts: [], reopened: this.finished.has(key) }
  }

  /** Ends the open group, if any (call at the end of the document). */
  finish(out: JsonObject[]): void {
    const open = this.open
    if (open === undefined) return
    this.open = undefined
    const record = this.recordOf(open.head, open.lines, open.conflicts)
    if (open.reopened) {
      const reason = `rows of ${this.group.by} "${open.key}" continue on line ${open.line} after rows of other values; sort the export by ${this.group.by} (these lines were not stored)`
      out.push({ _error: reason, _line: open.line, _record: record })
    } else out.push(record)
    this.finished.delete(open.key)
    this.finished.add(open.key)
    if (this.finished.size > this.remember) this.finished.delete(this.finished.values().next().value!)
  }

  private split(record: JsonObject): { head: JsonObject; item: JsonObject } {
    const head: JsonObject = {}
    const item: JsonObject = {}
    for (const [field, value] of Object.entries(record)) {
      if (this.lineFields.has(field)) item[field] = value
      else head[field] = value
    }
    return { head, item }
  }

  private numbered(item: JsonObject, position: number): JsonObject {
    return this.group.number === undefined ? item : { [this.group.number]: String(position), ...item }
  }

  private recordOf(head: JsonObject, lines: JsonObject[], conflicts: JsonObject[]): JsonObject {
    const record: JsonObject = { ...head, [this.group.into]: lines as JsonValue }
    if (conflicts.length > 0) record._conflicts = conflicts
    return record
  }
}
