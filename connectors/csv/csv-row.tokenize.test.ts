import { InvalidDocument } from '../../src/connector-sdk'
import { CsvRowTokenizer, type CsvRow } from './csv-row.tokenize'

function tokenize(pieces: string | string[], options: { delimiter?: string; quote?: string; maxRowChars?: number } = {}): CsvRow[] {
  const tokenizer = new CsvRowTokenizer({ delimiter: ',', quote: '"', maxRowChars: 1 << 20, ...options })
  const rows: CsvRow[] = []
  for (const piece of typeof pieces === 'string' ? [pieces] : pieces) tokenizer.push(piece, rows)
  tokenizer.end(rows)
  return rows
}

const fieldsOf = (rows: CsvRow[]) => rows.map((r) => r.fields)

describe('csv row tokenizer (RFC 4180)', () => {
  it('splits rows on CRLF, LF and a lone CR alike', () => {
    expect(fieldsOf(tokenize('a,b\r\nc,d\ne,f\rg,h'))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ])
  })

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    expect(fieldsOf(tokenize('"a,b","say ""hi""","two\r\nlines"\n'))).toEqual([['a,b', 'say "hi"', 'two\r\nlines']])
  })

  it('reads empty fields, an empty quoted field and a trailing delimiter', () => {
    expect(fieldsOf(tokenize(',"",x,\n'))).toEqual([['', '', 'x', '']])
  })

  it('yields the last row without a final line break, and nothing extra after one', () => {
    expect(fieldsOf(tokenize('a,b'))).toEqual([['a', 'b']])
    expect(fieldsOf(tokenize('a,b\r\n'))).toEqual([['a', 'b']])
  })

  it('yields an empty line as a row with one empty field (the record layer decides about it)', () => {
    expect(fieldsOf(tokenize('a\n\nb\n'))).toEqual([['a'], [''], ['b']])
  })

  it('numbers each row by the physical line it starts on, counting line breaks inside quotes', () => {
    expect(tokenize('h\n"x\ny"\r\nz\r\rw').map((r) => r.line)).toEqual([1, 2, 4, 5, 6])
  })

  it('uses the configured delimiter and quote', () => {
    expect(fieldsOf(tokenize("'a;b';c|d\n", { delimiter: ';', quote: "'" }))).toEqual([['a;b', 'c|d']])
    expect(fieldsOf(tokenize('a\t"b\tc"\n', { delimiter: '\t' }))).toEqual([['a', 'b\tc']])
  })

  it('reads a quote inside an unquoted field as text (5" pipe)', () => {
    const rows = tokenize('5" pipe,x\n')
    expect(fieldsOf(rows)).toEqual([['5" pipe', 'x']])
    expect(rows[0].problem).toBeUndefined()
  })

  it('drops blanks around a quoted field, as hand-edited files have them', () => {
    const rows = tokenize('a,  "b, c"  ,d\n')
    expect(fieldsOf(rows)).toEqual([['a', 'b, c', 'd']])
    expect(rows[0].problem).toBeUndefined()
  })

  it('marks text after a closing quote as the row’s problem, keeping the text', () => {
    const rows = tokenize('a,"b"c,d\nok,row\n')
    expect(rows[0]).toEqual({ fields: ['a', 'bc', 'd'], line: 1, problem: 'line 1: text after the closing quote of a field' })
    expect(rows[1].problem).toBeUndefined()
  })

  it('marks a quote left open at the end of the document as the last row’s problem', () => {
    const rows = tokenize('a,b\nc,"d\ne\n')
    expect(rows[1]).toEqual({ fields: ['c', 'd\ne\n'], line: 2, problem: 'line 2: a quoted field is not closed before the end of the document' })
  })

  it('gives up with InvalidDocument when a row grows past maxRowChars (an unclosed quote eating the file)', () => {
    const tokenizer = new CsvRowTokenizer({ delimiter: ',', quote: '"', maxRowChars: 1024 })
    const rows: CsvRow[] = []
    tokenizer.push('a,"never closed\n', rows)
    expect(() => {
      for (let i = 0; i < 200; i++) tokenizer.push('0123456789\n', rows)
    }).toThrow(InvalidDocument)
    expect(() => tokenize(`${'x'.repeat(2000)}\n`, { maxRowChars: 1024 })).toThrow(/row starting on line 1 is longer than 1024 characters/)
  })

  describe('chunks cut anywhere', () => {
    const text = 'id,"note, with ""quotes""\r\nand a break",x\r\n"",b\rc,"d"\r\n\r\nlast,"q"'
    const whole = tokenize(text)

    it('yields the same rows for every cut into two pieces (inside quotes, between CR and LF, inside "")', () => {
      for (let at = 0; at <= text.length; at++) expect(tokenize([text.slice(0, at), text.slice(at)])).toEqual(whole)
    })

    it('yields the same rows fed one character at a time', () => {
      expect(tokenize([...text])).toEqual(whole)
    })

    it('reads that document as RFC 4180 says', () => {
      expect(whole).toEqual([
        { fields: ['id', 'note, with "quotes"\r\nand a break', 'x'], line: 1 },
        { fields: ['', 'b'], line: 3 },
        { fields: ['c', 'd'], line: 4 },
        { fields: [''], line: 5 },
        { fields: ['last', 'q'], line: 6 },
      ])
    })
  })
})
