import { MalformedResponse, parseJsonExact, type JsonObject } from '../../src/connector-sdk'
import { addDerivedFields, keyPredicate } from './sap-odata.derive'
import { readODataPage, type CleanNotes } from './sap-odata.records'
import { realFixture, realFixtureText } from './sap-odata.test-kit'

function notes(): CleanNotes & { truncated: string[] } {
  const truncated: string[] = []
  return { truncated, truncatedNavigation: (name) => void truncated.push(name) }
}

const read = (body: unknown, n = notes()) => readODataPage(body, 'GET test', n)

describe('reading OData v2 bodies', () => {
  describe('a single business partner with expanded addresses (SAP codejam sample-response.json)', () => {
    const page = read(realFixture('sap-samples-connecting-systems-codejam/sample-response.json'))
    const [partner] = page.records

    it('reads `d` as one entity', () => {
      expect(page.records).toHaveLength(1)
      expect(partner).toMatchObject({ BusinessPartner: '1003764', BusinessPartnerFullName: 'John Doe', BusinessPartnerCategory: '1' })
      expect(page.next).toBeUndefined()
    })

    it('drops __metadata and the navigations that were not expanded', () => {
      expect(partner).not.toHaveProperty('__metadata')
      for (const deferred of ['to_BuPaIdentification', 'to_BusinessPartnerBank', 'to_BusinessPartnerContact', 'to_BusinessPartnerRole', 'to_BusinessPartnerTax', 'to_Customer', 'to_Supplier']) {
        expect(partner).not.toHaveProperty(deferred)
      }
    })

    it('turns the expanded address feed into an array of cleaned addresses', () => {
      const addresses = partner.to_BusinessPartnerAddress as JsonObject[]
      expect(addresses).toHaveLength(1)
      expect(addresses[0]).toMatchObject({ AddressID: '28238', StreetName: 'Dietmar-Hopp-Allee', HouseNumber: '16', PostalCode: '69190', CityName: 'Walldorf', Country: 'DE' })
      expect(addresses[0]).not.toHaveProperty('__metadata')
      expect(addresses[0]).not.toHaveProperty('to_EmailAddress')
    })

    it('keeps /Date()/ values, Edm.Time durations and nulls exactly as SAP sent them', () => {
      expect(partner.CreationDate).toBe('/Date(1518393600000)/')
      expect(partner.CreationTime).toBe('PT17H49M05S')
      expect(partner.LastChangeDate).toBeNull()
      expect((partner.to_BusinessPartnerAddress as JsonObject[])[0].ValidityEndDate).toBe('/Date(253402300799000+0000)/')
    })
  })

  it('reads a Northwind V2 collection page with __count (a string) and __next (SAP cloud SDK fixture)', () => {
    const page = read(realFixture('sap-cloud-sdk-java/odata-v2-response-with-inline-count.json'))
    expect(page.records.map((r) => r.CustomerID)).toEqual(['ALFKI', 'ANATR'])
    expect(page.count).toBe('2')
    expect(page.next).toBe("https://services.odata.org/V2/Northwind/Northwind.svc/Customers?$inlinecount=allpages&$skiptoken='ERNSH'")
    expect(page.records[1]).toMatchObject({ Address: 'Avda. de la Constitución 2222', City: 'México D.F.', Region: null })
    expect(page.records[0]).not.toHaveProperty('Orders')
  })

  it('keeps an Edm.Time that is not one ("ABC") as text: the connector never coerces values (SAP cloud SDK Ticket_Collection_V2.json)', () => {
    const page = read(realFixture('sap-cloud-sdk-java/Ticket_Collection_V2.json'))
    expect(page.records.map((r) => [r.Ticket, r.LastChangeTime, r.LastChangeDate])).toEqual([
      ['1', 'ABC', '/Date(1524009600000)/'],
      ['1000000', 'PT17H17M45S', '/Date(1561334400000)/'],
    ])
    expect(page.records[0].ETag).toBe('ABC20190624171745')
  })

  it("unwraps an inline feed that has its own __next and reports the navigation as cut short (Olingo building with rooms)", () => {
    const n = notes()
    const page = read(realFixture('apache-olingo-odata2/JsonBuildingWithInlineRoomsAndNextLinkAndCount.json'), n)
    expect(page.records).toEqual([{ Id: '1', Name: 'Building 1', Image: null, nb_Rooms: [{ Id: '1', Name: 'Room 1', Seats: 1, Version: 1 }] }])
    expect(n.truncated).toEqual(['nb_Rooms'])
    // The placeholder "nextLink" belongs to the inline feed, not to the page.
    expect(page.next).toBeUndefined()
  })

  it('skips the deleted entries of a delta response and counts them (Olingo JsonWithDeletedEntries.json)', () => {
    const page = read(realFixture('apache-olingo-odata2/JsonWithDeletedEntries.json'))
    expect(page.records).toEqual([{ Id: '1', Name: 'Room 1', Seats: 1, Version: 1 }])
    expect(page.deleted).toBe(2)
  })

  it('reads an escaped-solidus \\/Date()\\/ as /Date()/ and strips __metadata from complex types (Olingo JsonEmployee.json)', () => {
    const text = realFixtureText('apache-olingo-odata2/JsonEmployee.json')
    expect(text).toContain('"\\/Date(915148800000)\\/"')
    const [employee] = read(parseJsonExact(text)).records
    expect(employee.EntryDate).toBe('/Date(915148800000)/')
    expect(employee.Location).toEqual({ City: { PostalCode: '69124', CityName: 'Heidelberg' }, Country: 'Germany' })
    expect(employee).not.toHaveProperty('ne_Manager')
  })

  it('keeps an Int64 beyond 2^53 exact, as the SDK parsed it', () => {
    const [record] = read(parseJsonExact('{"d":{"results":[{"Id":"1","Counter":9223372036854775807,"Amount":"12345678901234567.891"}]}}')).records
    expect(record).toEqual({ Id: '1', Counter: '9223372036854775807', Amount: '12345678901234567.891' })
  })

  it('reads the OData v1 form {d: [...]} too', () => {
    expect(read({ d: [{ Id: 'A' }, { Id: 'B' }] }).records).toEqual([{ Id: 'A' }, { Id: 'B' }])
  })

  it('renames keys that contain a dot, since mapping paths split on dots', () => {
    const [record] = read({ d: { results: [{ Id: '1', 'odata.etag': 'W/"1"', Nested: { 'a.b': 1 } }] } }).records
    expect(record).toEqual({ Id: '1', odata_etag: 'W/"1"', Nested: { a_b: 1 } })
  })

  it.each([
    ['an OData v4 body', { value: [] }, /OData v4/],
    ['a body without d', { error: 'x' }, /expected an OData v2 JSON body/],
    ['results that are not an array', { d: { results: 'none' } }, /d.results/],
    ['an entity that is not an object', { d: { results: [{ Id: '1' }, 'two'] } }, /entity 1/],
    ['a __next that is not text', { d: { results: [], __next: 42 } }, /__next/],
  ])('refuses %s with a MalformedResponse, never an empty page', (_what, body, message) => {
    let caught: unknown
    try {
      read(body)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(MalformedResponse)
    expect((caught as Error).message).toMatch(message)
  })
})

describe('derived fields', () => {
  const stock: JsonObject = {
    Material: 'TG11',
    Plant: '1010',
    StorageLocation: '101A',
    Batch: '',
    Supplier: '',
    Customer: '',
    WBSElementInternalID: '0',
    SDDocument: '',
    SDDocumentItem: '0',
    InventorySpecialStockType: '',
    InventoryStockType: '01',
    MatlWrhsStkQtyInMatlBaseUnit: '120.000',
  }
  const keyFields = ['Material', 'Plant', 'StorageLocation', 'Batch', 'Supplier', 'Customer', 'WBSElementInternalID', 'SDDocument', 'SDDocumentItem', 'InventorySpecialStockType', 'InventoryStockType']

  it('keys a composite-key record by its key predicate, as SAP writes it in a URI', () => {
    const record = addDerivedFields(stock, { keyFields, derived: {} })
    expect(record._key).toBe("Material='TG11',Plant='1010',StorageLocation='101A',Batch='',Supplier='',Customer='',WBSElementInternalID='0',SDDocument='',SDDocumentItem='0',InventorySpecialStockType='',InventoryStockType='01'")
    expect(keyPredicate({ Material: "O'BRIEN/1", Plant: null }, ['Material', 'Plant'])).toBe("Material='O''BRIEN/1',Plant=null")
  })

  it('leaves single-key records without _key', () => {
    expect(addDerivedFields({ SalesOrder: '1' }, { keyFields: ['SalesOrder'], derived: {} })).toEqual({ SalesOrder: '1' })
  })

  it('joins fields, names the first flag that is set, and picks a value from a list by a match', () => {
    const record = addDerivedFields(
      {
        ...stock,
        OrderIsCreated: 'X',
        OrderIsReleased: 'X',
        OrderIsClosed: '',
        to_Description: [
          { Language: 'DE', ProductDescription: 'Handelsware 11' },
          { Language: 'EN', ProductDescription: 'Trading Good 11' },
        ],
      },
      {
        keyFields: ['Material'],
        derived: {
          _location: { join: ['Plant', 'StorageLocation'], separator: '/' },
          _status: { firstSet: ['OrderIsClosed', 'OrderIsReleased', 'OrderIsCreated'] },
          _none: { firstSet: ['OrderIsClosed'] },
          _name: { pick: 'to_Description', where: { Language: 'EN' }, field: 'ProductDescription' },
          _missing: { pick: 'to_Description', where: { Language: 'FR' }, field: 'ProductDescription' },
        },
      },
    )
    expect(record).toMatchObject({ _location: '1010/101A', _status: 'OrderIsReleased', _none: null, _name: 'Trading Good 11', _missing: null })
  })
})
