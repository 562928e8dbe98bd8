import { InvalidDocument } from '../../src/connector-sdk'
import { layoutName, type CsvConfig, type CsvDelimiter, type CsvLayout } from './csv.config'
import { CsvRowTokenizer, type CsvRow } from './csv-row.tokenize'
import { detectDelimiter } from './delimiter.detect'

/** The layout a document was recognised as, with what was learned from its header line. */
export interface RecognisedLayout {
  layout: CsvLayout
  name: string
  delimiter: CsvDelimiter
  header: CsvRow
}

/**
 * Picks the first layout (in config order) whose every stated criterion holds: the file name matches
 * its pattern (a document without a name matches no pattern) and the header line has all its
 * headers. The header line is the first row that is not blank, read from `prefix`, the document's
 * first characters. A document no layout fits is an InvalidDocument saying why each one did not.
 */
export function recogniseLayout(config: CsvConfig, prefix: string, atEnd: boolean, filename: string | undefined): RecognisedLayout {
  const reasons: string[] = []
  for (const [index, layout] of config.layouts.entries()) {
    const name = layoutName(layout, index)
    const refusal = refuseFilename(layout, filename)
    if (refusal) {
      reasons.push(`${name}: ${refusal}`)
      continue
    }
    const delimiter = layout.delimiter === 'auto' ? detectDelimiter(prefix, layout.quote) : layout.delimiter
    const header = readHeader(prefix, atEnd, { delimiter, quote: layout.quote, maxRowChars: layout.maxRowChars })
    if (typeof header === 'string') {
      reasons.push(`${name}: ${header}`)
      continue
    }
    const missing = missingHeaders(layout, header)
    if (missing.length > 0) {
      reasons.push(`${name}: the header line (line ${header.line}) lacks ${missing.map((h) => JSON.stringify(h)).join(', ')}`)
      continue
    }
    return { layout, name, delimiter, header }
  }
  throw new InvalidDocument(`no configured layout fits this document: ${reasons.join('; ')}`, { details: { filename, reasons } })
}

function refuseFilename(layout: CsvLayout, filename: string | undefined): string | undefined {
  const pattern = layout.match.filename
  if (pattern === undefined) return undefined
  if (filename === undefined) return `the document has no file name to match ${JSON.stringify(pattern)}`
  const base = filename.split(/[\\/]/).pop() ?? filename
  return globPattern(pattern).test(base) ? undefined : `file name ${JSON.stringify(base)} does not match ${JSON.stringify(pattern)}`
}

/** `*` is any run of characters, `?` one character; everything else is literal; case-insensitive. */
function globPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'i')
}

/** The first row that is not blank, or why there is none. */
function readHeader(prefix: string, atEnd: boolean, options: { delimiter: string; quote: string; maxRowChars: number }): CsvRow | string {
  const tokenizer = new CsvRowTokenizer(options)
  const rows: CsvRow[] = []
  try {
    tokenizer.push(prefix, rows)
    if (atEnd) tokenizer.end(rows)
  } catch (err) {
    if (err instanceof InvalidDocument) return `no header line: ${err.message}`
    throw err
  }
  const header = rows.find((row) => !isBlankRow(row))
  if (header === undefined) return atEnd ? 'the document has no header line (it is empty)' : `no complete header line in the first ${prefix.length} characters`
  return header
}

export function isBlankRow(row: CsvRow): boolean {
  return row.fields.every((field) => field.trim() === '')
}

function missingHeaders(layout: CsvLayout, header: CsvRow): string[] {
  const present = new Set(header.fields.map(foldHeader))
  return (layout.match.headers ?? []).filter((h) => !present.has(foldHeader(h)))
}

/** Headers are compared trimmed and case-insensitively: exports differ in both. */
export function foldHeader(header: string): string {
  return header.trim().toLowerCase()
}
