import { Readable } from 'node:stream'
import { InvalidDocument, parseXmlElement, streamXmlElements, type XmlStreamEvent, type XmlStreamOptions } from '../../src/connector-sdk'
import { inChunks } from './idoc.test-kit'

/**
 * The streaming splitter shared by the idoc and ubl connectors (src/connector-sdk/xml-stream.ts).
 * It lives with the idoc tests because connectors own their tests; it is the SDK's, not the idoc's.
 */
async function events(body: Array<string | Buffer> | Buffer, options: Partial<XmlStreamOptions> = {}): Promise<XmlStreamEvent[]> {
  const out: XmlStreamEvent[] = []
  const source = Readable.from(Buffer.isBuffer(body) ? [body] : body)
  for await (const event of streamXmlElements(source, { capture: (path) => path.length === 2 && path[1] === 'IDOC', ...options })) out.push(event)
  return out
}

const elements = (list: XmlStreamEvent[]) => list.filter((e) => e.kind === 'element').map((e) => (e.kind === 'element' ? e.xml : ''))

async function failure(body: Array<string | Buffer> | Buffer, options: Partial<XmlStreamOptions> = {}): Promise<InvalidDocument> {
  try {
    await events(body, options)
  } catch (err) {
    if (err instanceof InvalidDocument) return err
    throw err
  }
  throw new Error('expected an InvalidDocument')
}

// Everything the splitter must step over without losing its place, in one small document.
const TRICKY = [
  '<?xml version="1.0" encoding="UTF-8"?>\r\n',
  '<!-- a comment with <IDOC> inside -->\r\n',
  '<!DOCTYPE ORDERS05 [ <!ENTITY secret "not for you"> <!-- ] > --> <!ATTLIST IDOC BEGIN CDATA "1"> ]>\r\n',
  '<ORDERS05 xmlns:n="urn:example:ns" note="a > b">\r\n',
  '\t<IDOC BEGIN="1" comment=\'quote " and /> inside\'><E1 SEGMENT="1"><NAME1>Rådhusgatan 😀 &amp; co</NAME1>',
  '<TXT><![CDATA[</IDOC> and <b> are text here]]></TXT><?sap-pi keep?></E1></IDOC>\r\n',
  '\t<IDOC BEGIN="1"/>\r\n',
  '\t<IDOC><IDOC>nested</IDOC></IDOC>\r\n',
  '</ORDERS05>\r\n',
].join('')

describe('streamXmlElements', () => {
  it('hands out each captured element whole, with its path, after the root opens', async () => {
    const found = await events([TRICKY])
    expect(found[0]).toEqual({ kind: 'open', name: 'ORDERS05', path: ['ORDERS05'], namespace: undefined, attributes: { note: 'a > b' } })
    expect(found.slice(1).map((e) => [e.kind, e.path])).toEqual([
      ['element', ['ORDERS05', 'IDOC']],
      ['element', ['ORDERS05', 'IDOC']],
      ['element', ['ORDERS05', 'IDOC']],
    ])
    expect(elements(found)).toEqual([
      TRICKY.slice(TRICKY.indexOf('<IDOC BEGIN="1" comment'), TRICKY.indexOf('</IDOC>\r\n') + '</IDOC>'.length),
      '<IDOC BEGIN="1"/>',
      '<IDOC><IDOC>nested</IDOC></IDOC>',
    ])
  })

  it('finds the same elements however the bytes are cut, even inside a character', async () => {
    const bytes = Buffer.from(TRICKY, 'utf8')
    const whole = elements(await events(bytes))
    for (let size = 1; size <= 13; size++) expect(elements(await events(inChunks(bytes, size)))).toEqual(whole)
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(elements(await events([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual(whole)
    }
  })

  it('reads text chunks as well as bytes', async () => {
    expect(elements(await events(TRICKY.split(/(?<=>)/)))).toEqual(elements(await events([TRICKY])))
  })

  it('drops a UTF-8 byte-order mark, also when it arrives alone', async () => {
    const doc = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<A><IDOC>å</IDOC></A>')])
    expect(elements(await events(doc))).toEqual(['<IDOC>å</IDOC>'])
    expect(elements(await events(inChunks(doc, 1)))).toEqual(['<IDOC>å</IDOC>'])
  })

  it('reads UTF-16 announced by its byte-order mark', async () => {
    const doc = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><A><IDOC>Köln</IDOC></A>', 'utf16le')])
    expect(elements(await events(inChunks(doc, 5)))).toEqual(['<IDOC>Köln</IDOC>'])
  })

  it('reads the encoding the XML declaration names (ISO-8859-1, as older SAP systems write)', async () => {
    const doc = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><A><IDOC>R'), Buffer.from([0xe5]), Buffer.from('dhusgatan</IDOC></A>')])
    expect(elements(await events(inChunks(doc, 3)))).toEqual(['<IDOC>Rådhusgatan</IDOC>'])
  })

  it('refuses bytes that are not valid in the document encoding', async () => {
    const doc = Buffer.concat([Buffer.from('<A><IDOC>'), Buffer.from([0xc3, 0x28]), Buffer.from('</IDOC></A>')])
    expect((await failure(doc)).message).toMatch(/not valid utf-8/)
  })

  it('names the namespace of an element that opens, from its prefix', async () => {
    const found = await events(['<ubl:Order xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Order-2" xml:lang="en"><x/></ubl:Order>'], { capture: () => false })
    expect(found[0]).toEqual({ kind: 'open', name: 'Order', path: ['Order'], namespace: 'urn:oasis:names:specification:ubl:schema:xsd:Order-2', attributes: { lang: 'en' } })
    expect(found[1]).toMatchObject({ kind: 'open', name: 'x', path: ['Order', 'x'] })
  })

  it.each([
    ['JSON', '{"orders": []}', /not XML/],
    ['nothing', '', /no root element/],
    ['only a declaration', '<?xml version="1.0"?>\n', /no root element/],
    ['a document cut inside an element', '<A><IDOC><B>1</B>', /ends inside <IDOC>/],
    ['a document cut inside a tag', '<A><IDOC><B x="1', /ends inside markup/],
    ['a document cut inside a comment', '<A><!-- no end', /ends inside markup/],
    ['a wrong end tag', '<A><IDOC><B></C></IDOC></A>', /<\/C> closes <B>/],
    ['an end tag too many', '<A></A></A>', /closes nothing/],
    ['a second root', '<A/><B/>', /second root/],
    ['text after the root', '<A></A> trailing', /text after the root/],
    ['a tag left open before the next', '<A><IDOC <B/></A>', /not closed before the next/],
    ['a DOCTYPE inside the root', '<A><!DOCTYPE A></A>', /DOCTYPE inside/],
  ])('refuses %s as an InvalidDocument', async (_what, text, message) => {
    expect((await failure([text])).message).toMatch(message)
  })

  it('refuses a captured element longer than the limit, without reading on', async () => {
    const big = `<A><IDOC>${'x'.repeat(5000)}</IDOC></A>`
    expect((await failure(inChunks(Buffer.from(big), 512), { maxElementLength: 4096 })).message).toMatch(/<IDOC> is longer than 4096 characters/)
  })

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('run cancelled'))
    const run = async () => {
      for await (const _event of streamXmlElements(Readable.from(['<A><IDOC/></A>']), { capture: () => true, signal: controller.signal }));
    }
    await expect(run()).rejects.toThrow('run cancelled')
  })
})

describe('parseXmlElement', () => {
  it('gives local names, decoded attributes and trimmed text, and drops namespace declarations', () => {
    const node = parseXmlElement('<cac:Line xmlns:cbc="urn:x" cbc:kind="a &amp; b"><cbc:Quantity unitCode="LTR">\r\n\t 120 </cbc:Quantity></cac:Line>')
    expect(node).toEqual({
      name: 'Line',
      attributes: { kind: 'a & b' },
      text: '',
      children: [{ name: 'Quantity', attributes: { unitCode: 'LTR' }, children: [], text: '120' }],
    })
  })

  it('decodes character references and entities once, and keeps CDATA literal', () => {
    const node = parseXmlElement('<N>R&#229;dhus&#x67;atan &amp;#229; &lt;b&gt; <![CDATA[&amp; <raw>]]></N>')
    expect(node.text).toBe('Rådhusgatan &#229; <b> &amp; <raw>')
  })

  it('leaves an entity no DTD may define as the text it is: nothing is ever expanded', () => {
    expect(parseXmlElement('<N>&xxe;&lol9;</N>').text).toBe('&xxe;&lol9;')
  })

  it('refuses an element named like a JavaScript built-in rather than risk prototype pollution', () => {
    expect(() => parseXmlElement('<A><constructor>1</constructor></A>')).toThrow(InvalidDocument)
  })
})
