import { normalisePhone } from '../../../src/identity/normalise'

describe('phone normalisation', () => {
  test.each([
    ['+49 (0)30 1234567', 'DE'],
    ['+49 (0) 30 12 34 56 7', undefined],
    ['0049 30 1234567', 'DE'],
    ['0049 (0)30 1234567', 'DE'],
    ['030/1234567', 'DE'],
    ['030 123 45 67', 'de'],
    ['(030) 1234567', 'DEU'],
    ['Tel.: 030-1234567', 'Deutschland'],
    ['+49301234567', 'US'], // an international form ignores the default country
  ])('%j with %s gives +49301234567', (raw, country) => {
    expect(normalisePhone(raw, country)).toEqual({ e164: '+49301234567', valid: true, country: 'DE', national: '301234567', extension: null })
  })

  test('Austrian, British and Korean numbers, international and national', () => {
    expect(normalisePhone('+43 1 5125555').e164).toBe('+4315125555')
    expect(normalisePhone('01 5125555', 'AT')).toMatchObject({ e164: '+4315125555', country: 'AT', valid: true })
    expect(normalisePhone('020 7946 0958', 'GB')).toMatchObject({ e164: '+442079460958', country: 'GB', valid: true })
    expect(normalisePhone('02-1234-5678', 'KR')).toMatchObject({ e164: '+82212345678', country: 'KR', valid: true })
  })

  test('US national format parses; 555 numbers are fictional, so the key is kept but marked invalid', () => {
    expect(normalisePhone('(555) 123-4567', 'US')).toEqual({ e164: '+15551234567', valid: false, country: 'US', national: '5551234567', extension: null })
    expect(normalisePhone('(212) 555-0123', 'US')).toMatchObject({ e164: '+12125550123', valid: true })
  })

  test('extensions are split off; a German -0 switchboard suffix is part of the number', () => {
    expect(normalisePhone('(212) 555-0123 x123', 'US')).toMatchObject({ e164: '+12125550123', extension: '123' })
    expect(normalisePhone('+1 212 555 0123 ext. 12')).toMatchObject({ e164: '+12125550123', extension: '12' })
    expect(normalisePhone('030 1234567-0', 'DE')).toMatchObject({ e164: '+493012345670', valid: true, extension: null })
    expect(normalisePhone('030 1234567-12', 'DE')).toMatchObject({ e164: '+4930123456712', extension: null })
  })

  test('a national number without a default country cannot be placed', () => {
    expect(normalisePhone('030 1234567').e164).toBeNull()
    expect(normalisePhone('030 1234567', 'XX').e164).toBeNull()
  })

  test.each(['garbage', 'n/a', '-', '0', '', '   ', 'keine Angabe'])('%j gives no number', (raw) => {
    expect(normalisePhone(raw, 'DE')).toEqual({ e164: null, valid: false, country: null, national: null, extension: null })
  })

  test('placeholder digits are never valid', () => {
    expect(normalisePhone('000000', 'DE').valid).toBe(false)
    expect(normalisePhone('+49 123', 'DE').valid).toBe(false)
  })
})
