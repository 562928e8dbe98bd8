import { TextDecoder } from 'node:util'
import { XMLParser } from 'fast-xml-parser'
import { InvalidDocument } from './connector.errors'

/**
 * Streams an XML document and hands out, one at a time, the complete text of the elements a caller
 * asks for (each `<IDOC>`, each `<cac:OrderLine>`), so a document of any size is read in the memory of
 * its largest such element. It tracks just enough of XML to find element boundaries: start and end
 * tags (attribute values may hold `>`), comments, CDATA, processing instructions and a DOCTYPE with
 * an internal subset. A DOCTYPE is skipped, never interpreted: no entity it declares is ever expanded
 * and nothing it points at is fetched, so XXE and entity bombs cannot happen. Bytes are decoded by the
 * BOM or the XML declaration's encoding (UTF-8 by default); invalid bytes are an InvalidDocument.
 */

export interface XmlStreamOptions {
  /** Whether the element at `path` (local names from the root down, root included) is captured whole. */
  capture(path: readonly string[]): boolean
  /** Longest captured element, in characters; a longer one is an InvalidDocument (memory stays bounded). */
  maxElementLength?: number
  signal?: AbortSignal
}

export type XmlStreamEvent =
  /** An element that is not captured (nor inside a captured one) has started: the root, a wrapper. */
  | { kind: 'open'; name: string; path: readonly string[]; namespace: string | undefined; attributes: Record<string, string> }
  /** The complete text of a captured element, from its `<` to its closing `>`. */
  | { kind: 'element'; name: string; path: readonly string[]; xml: string }

/** A parsed element: local names, attributes without namespace declarations, text trimmed. */
export interface XmlNode {
  name: string
  attributes: Record<string, string>
  children: XmlNode[]
  text: string
}

const DEFAULT_MAX_ELEMENT_LENGTH = 64 * 1024 * 1024

export async function* streamXmlElements(body: AsyncIterable<unknown>, options: XmlStreamOptions): AsyncGenerator<XmlStreamEvent> {
  const splitter = new XmlSplitter(options)
  const decoder = new ChunkDecoder()
  for await (const chunk of body) {
    options.signal?.throwIfAborted()
    for (const piece of piecesOf(chunk)) {
      const text = decoder.decode(piece)
      if (text !== '') yield* splitter.push(text)
    }
  }
  const rest = decoder.end()
  if (rest !== '') yield* splitter.push(rest)
  splitter.end()
}

const PIECE_BYTES = 16 * 1024

/**
 * Bytes are decoded a piece at a time, whatever size the stream's chunks are: the elements found in
 * a piece keep the piece's text alive while they are handled, so a smaller piece is held for less.
 */
function* piecesOf(chunk: unknown): Generator<unknown> {
  if (!(chunk instanceof Uint8Array) || chunk.length <= PIECE_BYTES) {
    yield chunk
    return
  }
  for (let at = 0; at < chunk.length; at += PIECE_BYTES) yield chunk.subarray(at, at + PIECE_BYTES)
}

/** Parses one captured element with fast-xml-parser, set up so entities from a DTD can never apply. */
export function parseXmlElement(xml: string): XmlNode {
  let parsed: unknown
  try {
    parsed = fragmentParser.parse(xml)
  } catch (cause) {
    throw new InvalidDocument(`an element could not be read as XML: ${(cause as Error).message}`, { cause })
  }
  const [node] = toNodes(parsed)
  if (node === undefined) throw new InvalidDocument('an element could not be read as XML: it is empty')
  return node
}

// The parser leaves every entity as written and decodes nothing: this module decodes XML's five
// named entities and character references itself, once, so a DTD's entities can never apply (the
// element arrives without its DOCTYPE anyway) and CDATA stays literal.
const fragmentParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  cdataPropName: '#cdata',
  // No callback reads the element path, so the parser need not build it for every tag.
  jPath: false,
})

type ParsedItem = Record<string, unknown>

function toNodes(items: unknown): XmlNode[] {
  const nodes: XmlNode[] = []
  if (!Array.isArray(items)) return nodes
  for (const item of items as ParsedItem[]) {
    const name = Object.keys(item).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata')
    if (name === undefined) continue
    const attributes: Record<string, string> = {}
    for (const [key, value] of Object.entries((item[':@'] ?? {}) as Record<string, unknown>)) attributes[key] = decodeEntities(String(value))
    const content = item[name] as ParsedItem[]
    nodes.push({ name, attributes, children: toNodes(content), text: textOf(content).trim() })
  }
  return nodes
}

function textOf(content: ParsedItem[]): string {
  let text = ''
  for (const c of content) {
    if (Object.hasOwn(c, '#text')) text += decodeEntities(String(c['#text']))
    else if (Object.hasOwn(c, '#cdata')) text += (c['#cdata'] as ParsedItem[]).map((t) => String(t['#text'] ?? '')).join('')
  }
  return text
}

/** Decodes byte chunks to text: BOM first, then the XML declaration's encoding, else UTF-8. */
class ChunkDecoder {
  private decoder: TextDecoder | undefined
  private head: Buffer = Buffer.alloc(0)
  private started = false

  decode(chunk: unknown): string {
    if (typeof chunk === 'string') return this.text(chunk)
    if (!(chunk instanceof Uint8Array)) throw new InvalidDocument('the document stream yielded something that is not bytes or text')
    if (this.decoder === undefined) {
      this.head = Buffer.concat([this.head, chunk])
      // The declaration sits in the first bytes; waiting for 1 KiB (or its end) is enough to read it.
      if (this.head.length < 1024 && !this.head.includes('?>') && this.head.length > 0 && this.head[0] === 0x3c) return ''
      this.decoder = decoderFor(this.head)
      const head = this.head
      this.head = Buffer.alloc(0)
      return this.bytes(head)
    }
    return this.bytes(chunk)
  }

  end(): string {
    if (this.decoder === undefined) {
      if (this.head.length === 0) return ''
      this.decoder = decoderFor(this.head)
      return this.bytes(this.head, false)
    }
    return this.bytes(new Uint8Array(0), false)
  }

  private bytes(chunk: Uint8Array, stream = true): string {
    try {
      return this.text(this.decoder!.decode(chunk, { stream }))
    } catch (cause) {
      throw new InvalidDocument(`the document is not valid ${this.decoder!.encoding} text`, { cause })
    }
  }

  private text(text: string): string {
    if (this.started || text === '') return text
    this.started = true
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  }
}

function decoderFor(head: Buffer): TextDecoder {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true })
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true })
  const declared = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 1024).toString('latin1'))?.[1]
  // A declaration readable as ASCII cannot be UTF-16 (that would need a BOM): the label is wrong, not the bytes.
  const label = declared === undefined || /^utf-?16/i.test(declared) ? 'utf-8' : declared
  try {
    return new TextDecoder(label, { fatal: true })
  } catch (cause) {
    throw new InvalidDocument(`the document declares encoding "${declared}", which cannot be read`, { cause })
  }
}

const WHITESPACE = /^[\s]*$/
const NAME = /^[^\s/>"'=<]+/

/** The tokenizer: fed text in pieces, it returns the events each piece completes. */
class XmlSplitter {
  private buf = ''
  private pos = 0
  /** Characters already dropped from the front of `buf`, for offsets in messages. */
  private dropped = 0
  private readonly names: string[] = []
  private readonly qnames: string[] = []
  private readonly scopes: Array<Map<string, string> | undefined> = []
  private seenRoot = false
  private rootClosed = false
  /** Depth of the captured element (the stack length before it opened), or -1. */
  private captureDepth = -1
  private captureStart = 0
  private capturePieces: string[] = []
  private captureLength = 0
  private captureName = ''
  private readonly maxElementLength: number

  constructor(private readonly options: XmlStreamOptions) {
    this.maxElementLength = options.maxElementLength ?? DEFAULT_MAX_ELEMENT_LENGTH
  }

  push(text: string): XmlStreamEvent[] {
    this.buf = this.pos === this.buf.length ? text : this.buf.slice(this.pos) + text
    this.dropped += this.pos
    this.pos = 0
    const events: XmlStreamEvent[] = []
    const buf = this.buf
    for (;;) {
      const lt = buf.indexOf('<', this.pos)
      const textEnd = lt === -1 ? buf.length : lt
      if (textEnd > this.pos && this.names.length === 0) this.checkOutsideText(buf.slice(this.pos, textEnd))
      this.pos = textEnd
      if (lt === -1) break
      const end = this.readMarkup(buf, lt, events)
      if (end === -1) break
      this.pos = end
    }
    this.keepCapturedText()
    return events
  }

  end(): void {
    if (this.pos < this.buf.length) throw this.invalid(`the document ends inside markup${this.where()} (truncated?)`)
    if (!this.seenRoot) throw new InvalidDocument('the document has no root element: it is not XML')
    if (this.names.length > 0) throw this.invalid(`the document ends inside <${this.qnames[this.qnames.length - 1]}> (truncated?)`)
  }

  /** Index after the markup at `p`, or -1 when it is not complete yet. */
  private readMarkup(buf: string, p: number, events: XmlStreamEvent[]): number {
    const next = buf.charCodeAt(p + 1)
    if (Number.isNaN(next)) return -1
    if (next === 0x2f /* / */) return this.readEndTag(buf, p, events)
    if (next === 0x3f /* ? */) return endOf(buf, '?>', p + 2)
    if (next === 0x21 /* ! */) return this.readDeclaration(buf, p)
    return this.readStartTag(buf, p, events)
  }

  private readDeclaration(buf: string, p: number): number {
    for (const [open, close] of [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<!DOCTYPE', '']] as const) {
      const available = buf.slice(p, p + open.length)
      if (available.length < open.length && open.startsWith(available)) return -1
      if (available !== open) continue
      if (open === '<![CDATA[' && this.names.length === 0) throw this.invalid(`CDATA outside the root element${this.where()}`)
      if (open !== '<!DOCTYPE') return endOf(buf, close, p + open.length)
      if (this.seenRoot) throw this.invalid(`a DOCTYPE inside the document${this.where()}`)
      return doctypeEnd(buf, p + open.length)
    }
    throw this.invalid(`unexpected markup "${buf.slice(p, p + 9)}"${this.where()}`)
  }

  private readStartTag(buf: string, p: number, events: XmlStreamEvent[]): number {
    let quote = 0
    let i = p + 1
    for (; i < buf.length; i++) {
      const c = buf.charCodeAt(i)
      if (quote !== 0) {
        if (c === quote) quote = 0
      } else if (c === 0x22 || c === 0x27) quote = c
      else if (c === 0x3e /* > */) break
      else if (c === 0x3c /* < */) throw this.invalid(`a start tag is not closed before the next "<"${this.where(p)}`)
    }
    if (i === buf.length) return -1
    const tag = buf.slice(p + 1, i)
    const qname = NAME.exec(tag)?.[0]
    if (qname === undefined) throw this.invalid(`"<" does not start an element${this.where(p)}`)
    if (this.rootClosed) throw this.invalid(`a second root element <${qname}>${this.where(p)}`)
    this.seenRoot = true
    const selfClosing = tag.charCodeAt(tag.length - 1) === 0x2f
    const name = localName(qname)
    if (this.captureDepth >= 0) {
      if (!selfClosing) this.pushName(name, qname, undefined)
      return i + 1
    }
    const path = [...this.names, name]
    if (this.options.capture(path)) {
      if (selfClosing) {
        events.push({ kind: 'element', name, path, xml: buf.slice(p, i + 1) })
        if (this.names.length === 0) this.rootClosed = true
        return i + 1
      }
      this.captureDepth = this.names.length
      this.captureStart = p
      this.capturePieces = []
      this.captureLength = 0
      this.captureName = qname
      this.pushName(name, qname, undefined)
      return i + 1
    }
    const raw = readAttributes(tag.slice(qname.length))
    const scope = namespaceDeclarations(raw)
    this.pushName(name, qname, scope)
    events.push({ kind: 'open', name, path, namespace: this.resolve(prefixOf(qname)), attributes: localAttributes(raw) })
    if (selfClosing) this.popName()
    return i + 1
  }

  private readEndTag(buf: string, p: number, events: XmlStreamEvent[]): number {
    const gt = buf.indexOf('>', p + 2)
    if (gt === -1) return -1
    const qname = buf.slice(p + 2, gt).trim()
    const open = this.qnames[this.qnames.length - 1]
    if (open === undefined) throw this.invalid(`</${qname}> closes nothing${this.where(p)}`)
    if (open !== qname) throw this.invalid(`</${qname}> closes <${open}>${this.where(p)}`)
    const path = this.captureDepth === this.names.length - 1 ? [...this.names] : undefined
    this.popName()
    if (path !== undefined) {
      const last = buf.slice(this.captureStart, gt + 1)
      this.countCaptured(last.length)
      this.capturePieces.push(last)
      events.push({ kind: 'element', name: path[path.length - 1], path, xml: this.capturePieces.join('') })
      this.captureDepth = -1
      this.capturePieces = []
    }
    return gt + 1
  }

  /** Before the buffer drops what it has scanned, the captured part of it is kept aside. */
  private keepCapturedText(): void {
    if (this.captureDepth < 0) return
    const piece = this.buf.slice(this.captureStart, this.pos)
    this.countCaptured(piece.length)
    this.capturePieces.push(piece)
    // The next push() cuts the buffer at `pos`, so the capture continues from the new buffer's start.
    this.captureStart = 0
  }

  private countCaptured(length: number): void {
    this.captureLength += length
    if (this.captureLength > this.maxElementLength) {
      throw this.invalid(`<${this.captureName}> is longer than ${this.maxElementLength} characters${this.where()}`)
    }
  }

  private checkOutsideText(text: string): void {
    if (WHITESPACE.test(text)) return
    throw this.invalid(this.seenRoot ? `text after the root element${this.where()}` : 'the document does not start with XML markup: it is not XML')
  }

  private pushName(name: string, qname: string, scope: Map<string, string> | undefined): void {
    this.names.push(name)
    this.qnames.push(qname)
    this.scopes.push(scope)
  }

  private popName(): void {
    this.names.pop()
    this.qnames.pop()
    this.scopes.pop()
    if (this.names.length === 0) this.rootClosed = true
  }

  private resolve(prefix: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const uri = this.scopes[i]?.get(prefix)
      if (uri !== undefined) return uri
    }
    return undefined
  }

  private where(at = this.pos): string {
    return ` (at character ${this.dropped + at})`
  }

  private invalid(message: string): InvalidDocument {
    return new InvalidDocument(message, { details: { offset: this.dropped + this.pos } })
  }
}

function endOf(buf: string, close: string, from: number): number {
  const at = buf.indexOf(close, from)
  return at === -1 ? -1 : at + close.length
}

/** The end of `<!DOCTYPE …>`: a `>` outside quotes and outside the `[…]` internal subset. */
function doctypeEnd(buf: string, from: number): number {
  let quote = 0
  let subset = false
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i)
    if (quote !== 0) {
      if (c === quote) quote = 0
    } else if (c === 0x22 || c === 0x27) quote = c
    else if (subset && c === 0x3c && buf.startsWith('<!--', i)) {
      const end = buf.indexOf('-->', i + 4)
      if (end === -1) return -1
      i = end + 2
    } else if (c === 0x5b /* [ */) subset = true
    else if (c === 0x5d /* ] */) subset = false
    else if (c === 0x3e && !subset) return i + 1
  }
  return -1
}

function localName(qname: string): string {
  const colon = qname.indexOf(':')
  return colon === -1 ? qname : qname.slice(colon + 1)
}

function prefixOf(qname: string): string {
  const colon = qname.indexOf(':')
  return colon === -1 ? '' : qname.slice(0, colon)
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

function readAttributes(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const m of text.matchAll(ATTRIBUTE)) out.push([m[1], decodeEntities(m[2] ?? m[3] ?? '')])
  return out
}

function namespaceDeclarations(attributes: Array<[string, string]>): Map<string, string> | undefined {
  let scope: Map<string, string> | undefined
  for (const [name, value] of attributes) {
    if (name === 'xmlns') (scope ??= new Map()).set('', value)
    else if (name.startsWith('xmlns:')) (scope ??= new Map()).set(name.slice(6), value)
  }
  return scope
}

/** Attributes as parseXmlElement gives them: namespace declarations dropped, prefixes removed. */
function localAttributes(attributes: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of attributes) if (name !== 'xmlns' && !name.startsWith('xmlns:')) out[localName(name)] = value
  return out
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value
  return value.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref]
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}
