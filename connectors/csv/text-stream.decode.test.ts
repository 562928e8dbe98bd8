import { execFileSync } from 'node:child_process'
import { InvalidDocument } from '../../src/connector-sdk'
import type { CsvEncoding } from './csv.config'
import { createTextStreamDecoder, DECISION_WINDOW } from './text-stream.decode'
import { decodeWindows1252 } from './windows-1252.decode'

function decode(encoding: CsvEncoding, pieces: Buffer[]): { text: string; encoding: string | undefined } {
  const decoder = createTextStreamDecoder(encoding)
  let text = ''
  for (const piece of pieces) text += decoder.write(piece)
  text += decoder.end()
  return { text, encoding: decoder.encoding }
}

const bytesOf = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding)
const oneByOne = (bytes: Buffer) => [...bytes].map((b) => Buffer.from([b]))

describe('windows-1252', () => {
  it('decodes 0x80–0x9F as the code page does (€ „ “ – ™ Š Ž Ÿ), where Latin-1 has control codes', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x84, 0x93, 0x96, 0x99, 0x8a, 0x8e, 0x9f]))).toBe('€„“–™ŠŽŸ')
  })

  it('agrees with iconv on every byte', () => {
    // iconv has no mapping for the five undefined bytes; WHATWG (and this decoder) keep them as C1 controls.
    const defined = Buffer.from([...Array(256).keys()].filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b)))
    const expected = execFileSync('iconv', ['-f', 'CP1252', '-t', 'UTF-8'], { input: defined }).toString('utf8')
    expect(decodeWindows1252(defined)).toBe(expected)
  })
})

describe('text stream decoder', () => {
  describe('auto', () => {
    it('reads UTF-8 with a BOM and drops the BOM', () => {
      expect(decode('auto', [bytesOf('\ufeffKunde;Straße')])).toEqual({ text: 'Kunde;Straße', encoding: 'utf-8' })
    })

    it('reads UTF-16 LE and BE by their BOMs (Excel’s “Unicode text”)', () => {
      expect(decode('auto', [Buffer.concat([Buffer.from([0xff, 0xfe]), bytesOf('a\tü', 'utf16le')])])).toEqual({ text: 'a\tü', encoding: 'utf-16le' })
      const be = bytesOf('a\tü', 'utf16le').swap16()
      expect(decode('auto', [Buffer.concat([Buffer.from([0xfe, 0xff]), be])])).toEqual({ text: 'a\tü', encoding: 'utf-16be' })
    })

    it('reads UTF-8 without a BOM when its first non-ASCII bytes are valid UTF-8', () => {
      expect(decode('auto', [bytesOf('name\nMüller – €')])).toEqual({ text: 'name\nMüller – €', encoding: 'utf-8' })
    })

    it('falls back to Windows-1252 when the first non-ASCII bytes are not UTF-8', () => {
      expect(decode('auto', [Buffer.from('name\nM\xfcller \x80 \x84x\x93', 'latin1')])).toEqual({ text: 'name\nMüller € „x“', encoding: 'windows-1252' })
    })

    it('leaves the encoding open while only ASCII has been seen', () => {
      expect(decode('auto', [bytesOf('a;b\r\n1;2\r\n')])).toEqual({ text: 'a;b\r\n1;2\r\n', encoding: undefined })
    })

    it('decides on the first non-ASCII bytes even when they come after a long ASCII start', () => {
      const ascii = 'x'.repeat(3 * DECISION_WINDOW)
      expect(decode('auto', [bytesOf(ascii), Buffer.from('\xe4', 'latin1')]).encoding).toBe('windows-1252')
      expect(decode('auto', [bytesOf(ascii), bytesOf('ä')]).encoding).toBe('utf-8')
    })

    it('re-checks UTF-8 after deciding: Windows-1252 bytes further on are an InvalidDocument naming the offset', () => {
      const start = bytesOf(`Müller\n${'x'.repeat(DECISION_WINDOW)}\n`)
      const late = Buffer.from('Gr\xf6\xdfe\n', 'latin1')
      let caught: unknown
      try {
        decode('auto', [start, late])
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(InvalidDocument)
      expect((caught as Error).message).toMatch(/not valid utf-8: bad bytes at or after byte \d+; if the file is Windows-1252/)
    })

    it('gives the same text for every chunking, a multi-byte character cut anywhere included', () => {
      const samples = [bytesOf('\ufeffa;€;𝄞;ü\r\n'), bytesOf('plain ascii, then ü and 日本'), Buffer.from('Stra\xdfe;\x80\r\n', 'latin1'), Buffer.concat([Buffer.from([0xff, 0xfe]), bytesOf('ab€', 'utf16le')])]
      for (const sample of samples) {
        const whole = decode('auto', [sample])
        expect(decode('auto', oneByOne(sample))).toEqual(whole)
        for (let at = 0; at <= sample.length; at++) expect(decode('auto', [sample.subarray(0, at), sample.subarray(at)])).toEqual(whole)
      }
    })

    it('is an InvalidDocument when the document ends inside a UTF-8 character', () => {
      expect(() => decode('auto', [bytesOf('\ufeffa'), Buffer.from([0xe2, 0x82])])).toThrow(InvalidDocument)
    })
  })

  describe('configured', () => {
    it('utf-8 refuses bytes that are not UTF-8 instead of writing U+FFFD', () => {
      expect(() => decode('utf-8', [Buffer.from('M\xfcller', 'latin1')])).toThrow(InvalidDocument)
    })

    it('windows-1252 and iso-8859-1 read every byte, differing only in 0x80–0x9F', () => {
      const bytes = Buffer.from('\xe4\x80', 'latin1')
      expect(decode('windows-1252', [bytes]).text).toBe('ä€')
      expect(decode('iso-8859-1', [bytes]).text).toBe('ä\u0080')
    })

    it('utf-16le reads a character split across chunks', () => {
      const bytes = bytesOf('€x', 'utf16le')
      expect(decode('utf-16le', oneByOne(bytes)).text).toBe('€x')
    })
  })
})
