import { InvalidDocument } from '../../src/connector-sdk'
import type { CsvLayout } from './csv.config'
import type { CsvRow } from './csv-row.tokenize'
import { foldHeader } from './layout.recognise'

/** Fields the connector writes itself; a column may not take these names. */
export const connectorFields = new Set(['_error', '_line', '_fields', '_record', '_conflicts'])

/**
 * The record field each column's value goes to: the name `columns` gives its header, else the header
 * itself (trimmed), so an unplanned column still reaches the raw payload. A column without a header
 * (a trailing delimiter) is `_column<n>` and kept only where it holds a value. A header line whose
 * columns would collide (two columns, one field) or lack the key is an InvalidDocument: every record
 * of it would be wrong in the same way.
 */
export function resolveFieldNames(layout: CsvLayout, header: CsvRow, layoutName: string): string[] {
  const renames = new Map(Object.entries(layout.columns).map(([source, field]) => [foldHeader(source), field]))
  const names = header.fields.map((raw, i) => {
    const text = raw.trim()
    return text === '' ? unnamedColumn(i) : (renames.get(foldHeader(text)) ?? text)
  })

  const problems: string[] = []
  const columnOf = new Map<string, number>()
  names.forEach((name, i) => {
    const first = columnOf.get(name)
    if (first !== undefined) problems.push(`columns ${first + 1} and ${i + 1} both become field "${name}"`)
    else columnOf.set(name, i)
    // `__proto__` as a property name would set the record's prototype instead of a value.
    if (connectorFields.has(name) || name === '__proto__') problems.push(`column ${i + 1} would become field "${name}", a name the connector keeps for itself: rename it in \`columns\``)
  })
  for (const [field, role] of connectorMadeFields(layout)) {
    if (columnOf.has(field)) problems.push(`column ${columnOf.get(field)! + 1} is already field "${field}", ${role}`)
  }
  for (const [field, role] of neededFields(layout)) {
    if (!columnOf.has(field)) problems.push(`no column becomes field "${field}" (${role})`)
  }
  if (problems.length > 0) {
    throw new InvalidDocument(`the header line (line ${header.line}) does not fit layout ${layoutName}: ${problems.join('; ')}`, {
      details: { line: header.line, problems, headers: header.fields.slice(0, 200) },
    })
  }
  return names
}

export function unnamedColumn(index: number): string {
  return `_column${index + 1}`
}

/** Fields the connector fills itself, which a column must not already be. */
function connectorMadeFields(layout: CsvLayout): Array<[string, string]> {
  const out: Array<[string, string]> = []
  if (typeof layout.key !== 'string') out.push([layout.key.into, 'where the composite key goes'])
  if (layout.group) out.push([layout.group.into, 'where the grouped lines go'])
  if (layout.group?.number !== undefined) out.push([layout.group.number, 'where the line positions go'])
  return out
}

function neededFields(layout: CsvLayout): Array<[string, string]> {
  const out: Array<[string, string]> = []
  if (typeof layout.key === 'string') out.push([layout.key, 'the key'])
  else for (const field of layout.key.fields) out.push([field, 'part of the key'])
  if (layout.group) out.push([layout.group.by, 'what rows are grouped by'])
  return out
}
