import { InvalidDocument } from '../../src/connector-sdk'

/** One row as written: its fields, unquoted and unescaped, and where it starts. */
export interface CsvRow {
  fields: string[]
  /** The physical line (1-based) the row starts on; a quoted field may span several. */
  line: number
  /** Why the row is not well-formed CSV, when it is not; the fields are still as read. */
  problem?: string
}

export interface TokenizerOptions {
  delimiter: string
  quote: string
  /** Longest row (all its fields together) kept in memory before the document is given up. */
  maxRowChars: number
}

const CR = 13
const LF = 10
const SPACE = 32
const TAB = 9

// Where the tokenizer is inside a field.
const FIELD_START = 0
const UNQUOTED = 1
const QUOTED = 2
/** A quote inside a quoted field: the next character says whether it was `""` or the closing quote. */
const QUOTE_IN_QUOTED = 3
/** After the closing quote: only blanks may come before the delimiter or the line break. */
const AFTER_QUOTED = 4

/**
 * RFC 4180 rows from text that arrives in chunks cut anywhere: inside a quoted field, between `\r`
 * and `\n`, between the two quotes of `""`. Quoted fields keep embedded delimiters, quotes and line
 * breaks; CRLF, LF and a lone CR all end a row. Lenient where exports commonly are (a quote inside an
 * unquoted field is text; blanks around a quoted field are dropped) and explicit where meaning is
 * lost: text after a closing quote, or a quote left open at the end, marks the row's `problem`.
 */
export class CsvRowTokenizer {
  private readonly delimiter: number
  private readonly quote: number
  private readonly quoteText: string
  private readonly maxRowChars: number
  private fields: string[] = []
  /** The current field's text from earlier chunks (and earlier segments of a quoted field). */
  private field = ''
  private state = FIELD_START
  private rowChars = 0
  private line = 1
  private rowLine = 1
  private problem: string | undefined
  /** The previous chunk ended with the CR of a row end: an LF opening this chunk belongs to it. */
  private afterCR = false

  constructor(options: TokenizerOptions) {
    this.delimiter = options.delimiter.charCodeAt(0)
    this.quote = options.quote.charCodeAt(0)
    this.quoteText = options.quote
    this.maxRowChars = options.maxRowChars
  }

  /** Tokenizes `text`, appending every row it completes to `out`. */
  push(text: string, out: CsvRow[]): void {
    const n = text.length
    let i = 0
    if (this.afterCR && n > 0) {
      this.afterCR = false
      if (text.charCodeAt(0) === LF) i = 1
    }
    let start = i
    while (i < n) {
      const c = text.charCodeAt(i)
      switch (this.state) {
        case FIELD_START:
          if (c === this.quote) {
            this.state = QUOTED
            start = i + 1
            i++
            continue
          }
          this.state = UNQUOTED
          start = i
        // falls through: the character starts an unquoted field
        case UNQUOTED: {
          let j = i
          for (; j < n; j++) {
            const d = text.charCodeAt(j)
            if (d === this.delimiter || d === CR || d === LF || d === this.quote) break
          }
          if (j === n) {
            i = n
            continue
          }
          const d = text.charCodeAt(j)
          if (d === this.quote) {
            // `  "text"`: blanks before an opening quote are padding, not part of the value.
            const before = this.field + text.slice(start, j)
            if (isBlank(before)) {
              this.field = ''
              this.state = QUOTED
              start = j + 1
            }
            i = j + 1
            continue
          }
          this.endField(this.field + text.slice(start, j))
          i = this.afterTerminator(text, j, out)
          start = i
          continue
        }
        case QUOTED: {
          const q = text.indexOf(this.quoteText, i)
          const stop = q === -1 ? n : q
          this.countLines(text, i, stop)
          if (q === -1) {
            i = n
            continue
          }
          this.field += text.slice(start, q)
          this.state = QUOTE_IN_QUOTED
          i = q + 1
          start = i
          continue
        }
        case QUOTE_IN_QUOTED:
          if (c === this.quote) {
            // `""` is one quote; the second quote starts the next segment of the value.
            this.state = QUOTED
            start = i
            i++
            continue
          }
          this.state = AFTER_QUOTED
          continue
        case AFTER_QUOTED:
          if (c === this.delimiter || c === CR || c === LF) {
            this.endField(this.field)
            i = this.afterTerminator(text, i, out)
            start = i
            continue
          }
          if (c === SPACE || c === TAB) {
            i++
            continue
          }
          this.problem ??= `line ${this.line}: text after the closing quote of a field`
          this.state = UNQUOTED
          start = i
          continue
      }
    }
    if (this.state === UNQUOTED || this.state === QUOTED) this.field += text.slice(start, n)
    this.checkRowLength()
  }

  /** The last row, when the text does not end with a line break; a quote still open is its problem. */
  end(out: CsvRow[]): void {
    if (this.state === QUOTED) this.problem ??= `line ${this.rowLine}: a quoted field is not closed before the end of the document`
    if (this.state !== FIELD_START || this.fields.length > 0) {
      this.endField(this.field)
      this.endRow(out)
    }
    this.state = FIELD_START
  }

  /** Ends the field at `at` (a delimiter or a line break) and, for a line break, the row; returns where to go on. */
  private afterTerminator(text: string, at: number, out: CsvRow[]): number {
    const c = text.charCodeAt(at)
    this.state = FIELD_START
    if (c === this.delimiter) return at + 1
    this.endRow(out)
    this.line++
    this.rowLine = this.line
    if (c === CR) {
      if (at + 1 === text.length) this.afterCR = true
      else if (text.charCodeAt(at + 1) === LF) return at + 2
    }
    return at + 1
  }

  private endField(value: string): void {
    this.fields.push(value)
    this.field = ''
    this.rowChars += value.length + 1
    this.checkRowLength()
  }

  private endRow(out: CsvRow[]): void {
    const row: CsvRow = { fields: this.fields, line: this.rowLine }
    if (this.problem !== undefined) row.problem = this.problem
    out.push(row)
    this.fields = []
    this.rowChars = 0
    this.problem = undefined
  }

  private countLines(text: string, from: number, to: number): void {
    for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) this.line++
  }

  private checkRowLength(): void {
    if (this.rowChars + this.field.length > this.maxRowChars) {
      throw new InvalidDocument(
        `the row starting on line ${this.rowLine} is longer than ${this.maxRowChars} characters; a quote that is never closed does this (or raise maxRowChars)`,
        { details: { line: this.rowLine, maxRowChars: this.maxRowChars } },
      )
    }
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== SPACE && c !== TAB) return false
  }
  return true
}
