import type { MappingIssue } from './mapping.types'

const maxTextLength = 200

/**
 * Keeps an offending value small enough to store with every quarantine entry: long text is cut, and
 * a large object or list becomes its cut JSON, so one huge field cannot bloat the quarantine table.
 */
export function shortenValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > maxTextLength ? `${value.slice(0, maxTextLength)}…` : value
  if (value !== null && typeof value === 'object') {
    const json = JSON.stringify(value) ?? ''
    return json.length > maxTextLength ? `${json.slice(0, maxTextLength)}…` : value
  }
  return value
}

/** One line per issue, for logs and the CLI: `lines[2].quantity (source lines[2].qty): expected ... [type]`. */
export function formatMappingIssue(issue: MappingIssue): string {
  const where = issue.path === issue.field ? issue.field : `${issue.field} (source ${issue.path})`
  const value = issue.value === undefined ? '' : ` — got ${JSON.stringify(issue.value)}`
  return `${where}: ${issue.message}${value} [${issue.code}]`
}

export function formatMappingIssues(issues: readonly MappingIssue[]): string {
  return issues.map(formatMappingIssue).join('\n')
}
