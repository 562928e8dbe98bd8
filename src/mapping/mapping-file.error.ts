import { HubError } from '../errors/hub-error'

/** One problem in a mapping file, positioned for an editor: 1-based line and column. */
export interface MappingFileIssue {
  file: string
  line: number
  column: number
  /** The offending key as a path, e.g. `fields.status.lookpu` or `fields.lines.fields.sku`. */
  key: string
  message: string
}

/**
 * A mapping file that cannot be used. Not retryable: someone must edit the file. The message lists
 * every issue, one per line, in the `file:line:column key: message` form editors and CI logs link.
 */
export class MappingFileError extends HubError {
  readonly issues: MappingFileIssue[]

  constructor(issues: MappingFileIssue[]) {
    super('mapping_invalid', issues.map(formatMappingFileIssue).join('\n'), { details: { issues } })
    this.issues = issues
  }
}

export function formatMappingFileIssue(issue: MappingFileIssue): string {
  return `${issue.file}:${issue.line}:${issue.column} ${issue.key}: ${issue.message}`
}

export type SpecPath = ReadonlyArray<string | number>

/**
 * An issue found while checking a file, before it is given a line and column. `at` says whether the
 * key (an unknown or misplaced name) or the value (a wrong setting) is what the author must change.
 */
export interface SpecIssue {
  path: SpecPath
  message: string
  at: 'key' | 'value'
}
