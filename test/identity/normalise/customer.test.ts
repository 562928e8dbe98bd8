import { normaliseCustomer, type CustomerFields } from '../../../src/identity/normalise'

/** The same Vienna customer as two ERPs hold it. */
const erpA: CustomerFields = { name: 'Müller Bau GmbH', email: ' Info@Mueller-Bau.AT ', phone: '+43 (0)1 5125555', taxId: 'ATU 135 856 27', street: 'Mariahilfer Straße 12a', postalCode: '1060', city: 'Wien', country: 'Österreich' }
const erpB: CustomerFields = { name: 'MUELLER BAU G.m.b.H.', email: 'info@mueller-bau.at', phone: '01/5125555', taxId: 'U13585627', street: 'Mariahilfer Str. 12 A', postalCode: 'A-1060', city: 'WIEN', country: 'AUT' }

const FIRST = ['Müller', 'Mueller', 'Schmidt', 'Łukasz', 'Ærø', 'Dupont', 'Rossi', '한빛', 'トヨタ', 'Acme', 'I.B.M.', "O'Brien"]
const SECOND = ['Bau', '& Söhne', 'Logistik', 'Trading', 'Holding', '', 'und Partner', 'Café']
const FORMS = ['GmbH', 'Ltd.', 'Limited', 'Inc', 'S.A.', 'Sp. z o.o.', '', 'GmbH & Co. KG', 'AB', 'A/S']
const EMAILS = ['info@x.de', 'Max.Muster@GoogleMail.com', 'bad@@x', '', 'sales@acme.co.uk', 'ｍａｘ＠ｘ．ｄｅ']
const PHONES = ['+49 (0)30 1234567', '030/1234567', '0049 30 1234567', '(555) 123-4567', 'n/a', '+43 1 5125555', '030 1234567-0 x12']
const TAXES = ['DE136695976', 'DE136695076', 'ATU13585627', '12345678', '', 'CHE-107.787.577 MWST']
const STREETS = ['Mariahilfer Straße 12a', '12 Main St', 'Hauptstr.5', 'Platz der Republik 1', '']
const COUNTRIES = ['Deutschland', 'AUT', 'USA', 'Korea, Republic of', '', 'Atlantis']

/** 10,000 deterministic variations over the pools above: every combination shape the generator can produce. */
function varied(i: number): CustomerFields {
  const at = <T>(pool: T[], k: number): T => pool[(i * k + (i >> 3)) % pool.length]
  return {
    name: `${at(FIRST, 7)} ${at(SECOND, 11)} ${at(FORMS, 13)}`,
    email: at(EMAILS, 17),
    phone: at(PHONES, 19),
    taxId: at(TAXES, 23),
    street: at(STREETS, 29),
    postalCode: String(10000 + (i % 90000)),
    city: i % 2 ? 'München' : '10623 Berlin',
    country: at(COUNTRIES, 31),
  }
}

describe('normaliseCustomer', () => {
  test('one customer from two ERPs gives the same comparison keys', () => {
    const a = normaliseCustomer(erpA, 'DE')
    const b = normaliseCustomer(erpB, 'DE')
    expect(a.name).toEqual({ key: 'mueller bau', tokens: ['bau', 'mueller'], legalForm: 'GMBH', initials: 'mb' })
    expect(b.name.key).toBe(a.name.key)
    expect(a.email).toEqual({ value: 'info@mueller-bau.at', local: 'info', domain: 'mueller-bau.at', valid: true, role: true })
    expect(b.email).toEqual(a.email)
    // The record's country (AT) reads the national phone number, not the connection's DE.
    expect(a.phone).toEqual({ e164: '+4315125555', valid: true, country: 'AT', national: '15125555', extension: null })
    expect(b.phone).toEqual(a.phone)
    expect(a.taxId).toEqual({ value: 'ATU13585627', country: 'AT', valid: true })
    expect(b.taxId).toEqual(a.taxId)
    expect(b.address).toEqual(a.address)
  })

  test('without a country on the record the connection country is used', () => {
    const c = normaliseCustomer({ name: 'Schmidt e.K.', phone: '030 1234567', taxId: '136695976', postalCode: 'D-10115' }, 'DE')
    expect(c.phone.e164).toBe('+49301234567')
    expect(c.taxId).toEqual({ value: 'DE136695976', country: 'DE', valid: true })
    expect(c.address.country).toBe('DE')
    expect(c.address.postalCode).toBe('10115')
  })

  test('10,000 varied customers all normalise to well-formed results', () => {
    for (let i = 0; i < 10_000; i++) {
      const c = normaliseCustomer(varied(i), i % 3 === 0 ? 'DE' : undefined)
      expect(typeof c.name.key).toBe('string')
      expect(c.name.key).toBe(c.name.key.trim())
      expect(c.name.key.includes('  ')).toBe(false)
      expect(c.name.tokens).toEqual([...new Set(c.name.key.split(' ').filter(Boolean))].sort())
      if (c.email.valid) expect(c.email.value).toBe(`${c.email.local}@${c.email.domain}`)
      if (c.phone.valid) expect(c.phone.e164).toMatch(/^\+[1-9]\d{6,14}$/)
      if (c.taxId.valid === true) expect(c.taxId.value.startsWith(c.taxId.country === 'CH' ? 'CHE' : (c.taxId.country as string))).toBe(true)
      if (c.address.country !== null) expect(c.address.country).toMatch(/^[A-Z]{2}$/)
    }
  })
})
