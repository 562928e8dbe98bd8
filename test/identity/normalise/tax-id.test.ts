import { normaliseTaxId } from '../../../src/identity/normalise'

/**
 * Published example numbers (tax-authority and VIES format descriptions, python-stdnum's documented
 * examples) next to the same number with one digit mistyped, which its checksum must catch.
 */
const examples: Array<[country: string, valid: string, typo: string]> = [
  ['DE', 'DE136695976', 'DE136695076'],
  ['AT', 'ATU13585627', 'ATU13585727'],
  ['NL', 'NL004495445B01', 'NL004495446B01'],
  ['NL', 'NL000099998B57', 'NL000099999B57'], // 2020 sole-trader form (mod 97)
  ['BE', 'BE0411905847', 'BE0411905947'],
  ['BE', 'BE0403019261', 'BE0403019361'],
  ['FR', 'FR40303265045', 'FR40303265145'],
  ['IT', 'IT00743110157', 'IT00743110257'],
  ['ES', 'ESA28015865', 'ESA28015965'], // CIF, digit control
  ['ES', 'ESB58378431', 'ESB58378531'],
  ['ES', 'ES12345678Z', 'ES12345688Z'], // DNI
  ['ES', 'ESX1234567L', 'ESX1234577L'], // NIE
  ['DK', 'DK13585628', 'DK13585728'],
  ['FI', 'FI20774740', 'FI20774840'],
  ['SE', 'SE123456789701', 'SE123456789801'],
  ['PL', 'PL8567346215', 'PL8567346315'],
  ['GB', 'GB980780684', 'GB980780784'],
  ['CH', 'CHE107787577', 'CHE107787677'],
  ['CH', 'CHE116281710', 'CHE116281810'],
  ['GR', 'EL094259216', 'EL094259316'],
]

describe('tax id normalisation', () => {
  test.each(examples)('%s: %s passes its checksum and the typo %s fails it', (country, valid, typo) => {
    expect(normaliseTaxId(valid)).toEqual({ value: valid, country, valid: true })
    expect(normaliseTaxId(typo)).toEqual({ value: typo, country, valid: false })
  })

  test.each([
    ['DE 136 695 976', undefined, 'DE136695976'],
    ['de-136.695.976', undefined, 'DE136695976'],
    ['136695976', 'DE', 'DE136695976'],
    ['136695976', 'Deutschland', 'DE136695976'],
    ['U13585627', 'AT', 'ATU13585627'],
    ['CHE-107.787.577 MWST', undefined, 'CHE107787577'],
    ['CHE-107.787.577 IVA', undefined, 'CHE107787577'],
    ['107.787.577', 'CH', 'CHE107787577'],
    ['GR094259216', undefined, 'EL094259216'],
    ['094259216', 'GR', 'EL094259216'],
    ['403019261', 'BE', 'BE403019261'],
    ['ＤＥ１３６６９５９７６', undefined, 'DE136695976'],
  ])('%s (hint %s) becomes %s and is valid', (raw, hint, value) => {
    const r = normaliseTaxId(raw, hint)
    expect(r.value).toBe(value)
    expect(r.valid).toBe(true)
  })

  test('an explicit prefix wins over the country hint', () => {
    expect(normaliseTaxId('ATU13585627', 'DE')).toEqual({ value: 'ATU13585627', country: 'AT', valid: true })
  })

  test('wrong length or shape for a checked country is invalid, not unknown', () => {
    expect(normaliseTaxId('DE12345678').valid).toBe(false)
    expect(normaliseTaxId('ATU1234567').valid).toBe(false)
    expect(normaliseTaxId('NL004495445').valid).toBe(false)
    expect(normaliseTaxId('12/345/67890', 'DE').valid).toBe(false) // a Steuernummer is not a USt-IdNr
  })

  test('countries without an implemented rule, and ids without any country, are unknown (null), never guessed', () => {
    expect(normaliseTaxId('CZ12345678')).toEqual({ value: 'CZ12345678', country: 'CZ', valid: null })
    expect(normaliseTaxId('PT980405319')).toEqual({ value: 'PT980405319', country: 'PT', valid: null })
    expect(normaliseTaxId('12345678')).toEqual({ value: '12345678', country: null, valid: null })
    expect(normaliseTaxId('12345678', 'US')).toEqual({ value: '12345678', country: 'US', valid: null })
  })

  test('a French id with a letter key cannot be checked by the numeric formula: unknown', () => {
    expect(normaliseTaxId('FRK7303265045').valid).toBeNull()
  })

  test('Spanish CIF: organisation letters that require a letter control reject a digit, and vice versa', () => {
    // Q2826000H (the Agencia Tributaria's own CIF): Q requires the control as a letter, H = 8.
    expect(normaliseTaxId('ESQ2826000H').valid).toBe(true)
    expect(normaliseTaxId('ESQ28260008').valid).toBe(false)
    // A (sociedad anónima) requires a digit: A28015865 is valid, the same control as a letter is not.
    expect(normaliseTaxId('ESA2801586E').valid).toBe(false)
  })

  test('GB government and health-authority numbers are checked by range; a branch suffix is allowed', () => {
    expect(normaliseTaxId('GBGD001').valid).toBe(true)
    expect(normaliseTaxId('GBGD500').valid).toBe(false)
    expect(normaliseTaxId('GBHA500').valid).toBe(true)
    expect(normaliseTaxId('GB980780684001').valid).toBe(true)
  })

  test('nothing in, nothing valid out', () => {
    expect(normaliseTaxId(undefined)).toEqual({ value: '', country: null, valid: false })
    expect(normaliseTaxId(' - ')).toEqual({ value: '', country: null, valid: false })
  })
})
