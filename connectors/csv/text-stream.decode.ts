import { isAscii } from 'node:buffer'
import { InvalidDocument } from '../../src/connector-sdk'
import type { CsvEncoding } from './csv.config'
import { decodeLatin1, decodeWindows1252 } from './windows-1252.decode'

/**
 * Bytes to text, chunk by chunk: a character split across two chunks comes out whole with the
 * second. Invalid bytes in a Unicode encoding are an InvalidDocument, never a silent U+FFFD.
 */
export interface TextStreamDecoder {
  write(bytes: Uint8Array): string
  end(): string
  /** The encoding in use; undefined while only ASCII has been seen (every candidate reads it alike). */
  readonly encoding: string | undefined
}

/** How much text after the first non-ASCII byte decides between UTF-8 and Windows-1252. */
export const DECISION_WINDOW = 64 * 1024

export function createTextStreamDecoder(encoding: CsvEncoding): TextStreamDecoder {
  return encoding === 'auto' ? autoDecoder() : fixedDecoder(encoding, 0)
}

type FixedEncoding = Exclude<CsvEncoding, 'auto'>

function fixedDecoder(encoding: FixedEncoding, startOffset: number): TextStreamDecoder {
  if (encoding === 'windows-1252') return { encoding, write: decodeWindows1252, end: () => '' }
  if (encoding === 'iso-8859-1') return { encoding, write: decodeLatin1, end: () => '' }
  // A leading BOM is dropped by TextDecoder itself.
  const decoder = new TextDecoder(encoding, { fatal: true })
  let offset = startOffset
  const fail = (cause: unknown): never => {
    const hint = encoding === 'utf-8' ? '; if the file is Windows-1252 (or Latin-1), set `encoding` in the connection config' : ''
    throw new InvalidDocument(`the document is not valid ${encoding}: bad bytes at or after byte ${offset}${hint}`, { cause, details: { encoding, offset } })
  }
  return {
    encoding,
    write(bytes) {
      try {
        const text = decoder.decode(bytes, { stream: true })
        offset += bytes.byteLength
        return text
      } catch (cause) {
        return fail(cause)
      }
    },
    end() {
      try {
        return decoder.decode()
      } catch (cause) {
        // The document ends inside a multi-byte character.
        return fail(cause)
      }
    },
  }
}

/**
 * `auto`: a byte-order mark decides when there is one. Otherwise ASCII passes straight through until
 * the first byte above 0x7F; the next DECISION_WINDOW bytes then decide: valid UTF-8 → UTF-8, else
 * Windows-1252 (which reads every Latin-1 file the same, and € where Latin-1 has control codes).
 * Choosing UTF-8 is re-checked on every later byte: a file that turns out not to be UTF-8 after all
 * is an InvalidDocument naming the offset, since records already yielded cannot be taken back.
 */
function autoDecoder(): TextStreamDecoder {
  let phase: 'bom' | 'ascii' | 'window' | 'decided' = 'bom'
  let pending: Buffer[] = []
  let pendingLength = 0
  let offset = 0
  let inner: TextStreamDecoder | undefined

  const hold = (bytes: Uint8Array) => {
    pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    pendingLength += bytes.byteLength
  }
  const takeHeld = () => {
    const all = Buffer.concat(pending, pendingLength)
    pending = []
    pendingLength = 0
    return all
  }
  const decideWith = (encoding: FixedEncoding, bytes: Uint8Array) => {
    inner = fixedDecoder(encoding, offset)
    phase = 'decided'
    return inner.write(bytes)
  }
  const afterBom = (bytes: Buffer): string => {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decideWith('utf-8', bytes)
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return decideWith('utf-16le', bytes)
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return decideWith('utf-16be', bytes)
    phase = 'ascii'
    return passAscii(bytes)
  }
  const passAscii = (bytes: Uint8Array): string => {
    const first = isAscii(bytes) ? -1 : firstNonAscii(bytes)
    if (first === -1) {
      offset += bytes.byteLength
      return decodeLatin1(bytes)
    }
    const text = decodeLatin1(bytes.subarray(0, first))
    offset += first
    phase = 'window'
    hold(bytes.subarray(first))
    return pendingLength >= DECISION_WINDOW ? text + decide(false) : text
  }
  const decide = (atEnd: boolean): string => {
    const window = takeHeld()
    return decideWith(isUtf8Prefix(window, atEnd) ? 'utf-8' : 'windows-1252', window)
  }

  return {
    get encoding() {
      return inner?.encoding
    },
    write(bytes) {
      switch (phase) {
        case 'decided':
          return inner!.write(bytes)
        case 'ascii':
          return passAscii(bytes)
        case 'window':
          hold(bytes)
          return pendingLength >= DECISION_WINDOW ? decide(false) : ''
        case 'bom':
          hold(bytes)
          return pendingLength >= 3 ? afterBom(takeHeld()) : ''
      }
    },
    end() {
      let text = ''
      if (phase === 'bom') text += afterBom(takeHeld())
      if (phase === 'window') text += decide(true)
      if (phase === 'decided') text += inner!.end()
      return text
    },
  }
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return i
  return -1
}

/** Valid UTF-8, allowing a character cut off at the end of the window when more bytes follow. */
function isUtf8Prefix(bytes: Uint8Array, atEnd: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !atEnd })
    return true
  } catch {
    return false
  }
}
