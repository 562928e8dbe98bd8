import { normaliseAddress, normaliseCountry, normalisePostalCode } from '../../../src/identity/normalise'

describe('address normalisation', () => {
  test.each([
    ['Mariahilfer Straße 12a', 'mariahilfer str', '12a'],
    ['Mariahilfer Strasse 12 a', 'mariahilfer str', '12a'],
    ['Mariahilfer Str. 12A', 'mariahilfer str', '12a'],
    ['mariahilfer str 12a', 'mariahilfer str', '12a'],
    ['Hauptstraße 5', 'hauptstr', '5'],
    ['Hauptstr.5', 'hauptstr', '5'],
    ['Hauptstraße12', 'hauptstr', '12'],
    ['Marktplatz 3', 'marktpl', '3'],
    ['Platz der Republik 1', 'pl der republik', '1'],
    ['Schönbrunner Gasse 7/2', 'schoenbrunner gasse', '7/2'],
    ['Am Weg 12-14', 'am weg', '12-14'],
    ['Straße des 17. Juni 135', 'str des 17 juni', '135'],
    ['12 Main St', 'main st', '12'],
    ['12 Main Street', 'main st', '12'],
    ['1600 Pennsylvania Avenue NW', 'pennsylvania ave nw', '1600'],
    ['221B Baker Street', 'baker st', '221b'],
    ['5 Abbey Road', 'abbey rd', '5'],
    ['Unter den Linden', 'unter den linden', null],
  ])('street %j → %j, number %j', (raw, street, number) => {
    const a = normaliseAddress({ street: raw })
    expect([a.street, a.houseNumber]).toEqual([street, number])
  })

  test('compound and split street names meet in streetCompact', () => {
    const a = normaliseAddress({ street: 'Mariahilferstraße 12a' })
    const b = normaliseAddress({ street: 'Mariahilfer Str. 12a' })
    expect(a.streetCompact).toBe('mariahilferstr')
    expect(b.streetCompact).toBe(a.streetCompact)
  })

  test.each([
    ['10115', 'DE', '10115', true],
    ['D-10115', 'DE', '10115', true],
    ['1011', 'DE', '1011', false],
    ['1060', 'AT', '1060', true],
    ['A-1060', 'AT', '1060', true],
    ['CH-8001', 'CH', '8001', true],
    ['1012lg', 'NL', '1012 LG', true],
    ['1012 LG', 'NL', '1012 LG', true],
    ['1012', 'NL', '1012', false],
    ['sw1a1aa', 'GB', 'SW1A 1AA', true],
    ['SW1A  1AA', 'GB', 'SW1A 1AA', true],
    ['ec1a 1bb', 'GB', 'EC1A 1BB', true],
    ['94105', 'US', '94105', true],
    ['94105-1234', 'US', '94105', true],
    ['941', 'US', '941', false],
    ['k1a0b1', 'CA', 'K1A 0B1', true],
    ['00950', 'PL', '00-950', true],
    ['100-0001', 'JP', '100-0001', true],
    ['114 55', 'SE', '11455', true],
    ['03187', 'KR', '03187', true],
    ['75008', 'FR', '75008', true],
    ['ab 12', null, 'AB 12', null],
  ])('postal code %j in %s → %j (valid %s)', (raw, country, value, valid) => {
    expect(normalisePostalCode(raw, country)).toEqual({ value, valid })
  })

  test.each([
    ['Deutschland', 'DE'], ['Germany', 'DE'], ['DEU', 'DE'], ['de', 'DE'], ['BRD', 'DE'],
    ['Österreich', 'AT'], ['Oesterreich', 'AT'], ['AUT', 'AT'], ['Austria', 'AT'],
    ['Schweiz', 'CH'], ['Suisse', 'CH'], ['Svizzera', 'CH'], ['CHE', 'CH'],
    ['United Kingdom', 'GB'], ['UK', 'GB'], ['GBR', 'GB'], ['Great Britain', 'GB'],
    ['USA', 'US'], ['U.S.A.', 'US'], ['United States', 'US'], ['United States of America', 'US'],
    ['Korea, Republic of', 'KR'], ['KOR', 'KR'], ['South Korea', 'KR'], ['대한민국', 'KR'],
    ['Japan', 'JP'], ['日本', 'JP'], ['China', 'CN'], ['中国', 'CN'], ["People's Republic of China", 'CN'],
    ['Canada', 'CA'], ['The Netherlands', 'NL'], ['Nederland', 'NL'], ['España', 'ES'], ['Sverige', 'SE'], ['Polska', 'PL'],
  ])('country %j → %s', (raw, code) => {
    expect(normaliseCountry(raw)).toBe(code)
  })

  test('unknown countries are null, never guessed', () => {
    expect(normaliseCountry('Atlantis')).toBeNull()
    expect(normaliseCountry('XX')).toBeNull()
    expect(normaliseCountry('')).toBeNull()
    expect(normaliseCountry(undefined)).toBeNull()
  })

  test('a whole address: Vienna written two ways gives one form', () => {
    const a = normaliseAddress({ street: 'Mariahilfer Straße 12a', postalCode: '1060', city: 'Wien', country: 'Österreich' })
    const b = normaliseAddress({ street: 'Mariahilfer Str. 12 A', postalCode: 'A-1060', city: 'WIEN', country: 'AUT' })
    expect(a).toEqual({ street: 'mariahilfer str', streetCompact: 'mariahilferstr', houseNumber: '12a', postalCode: '1060', postalCodeValid: true, city: 'wien', country: 'AT' })
    expect(b).toEqual(a)
  })

  test('cities are folded like names; a postal code written into the city fills an empty postal code', () => {
    expect(normaliseAddress({ city: 'München' }).city).toBe('muenchen')
    expect(normaliseAddress({ city: 'Frankfurt (Oder)' }).city).toBe('frankfurt oder')
    const a = normaliseAddress({ city: '10623 Berlin' }, 'DE')
    expect([a.city, a.postalCode, a.postalCodeValid, a.country]).toEqual(['berlin', '10623', true, 'DE'])
  })

  test('the default country fills a missing country and decides the postal format; a record country wins', () => {
    expect(normaliseAddress({ postalCode: 'D-10115' }, 'DE')).toMatchObject({ postalCode: '10115', country: 'DE' })
    expect(normaliseAddress({ postalCode: '1060', country: 'AT' }, 'DE')).toMatchObject({ postalCode: '1060', postalCodeValid: true, country: 'AT' })
    expect(normaliseAddress({ postalCode: '1060' })).toMatchObject({ postalCode: '1060', postalCodeValid: null, country: null })
  })

  test('all fields missing give all nulls', () => {
    expect(normaliseAddress({})).toEqual({ street: null, streetCompact: null, houseNumber: null, postalCode: null, postalCodeValid: null, city: null, country: null })
  })
})
