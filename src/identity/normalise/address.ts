import { foldAscii, foldCodePoint, foldTokens, prepare, tokenise } from './fold'
import { normaliseCountry } from './countries'

export interface AddressInput {
  street?: string | null
  postalCode?: string | null
  city?: string | null
  country?: string | null
}

export interface NormalisedAddress {
  /** Street name key without the house number: folded, abbreviations canonical (`mariahilfer str`). */
  street: string | null
  /** `street` without spaces: `Hauptstraße` and `Haupt Straße` (and `Haupt-Str.`) meet here. */
  streetCompact: string | null
  /** House number as written, lower case, without spaces (`12a`, `12-14`, `3/1`). */
  houseNumber: string | null
  /** Postal code in the country's canonical format (`10115`, `1234 AB`, `SW1A 1AA`, `94105`). */
  postalCode: string | null
  /** Postal code format check for the country: true/false, null when the country's format is unknown. */
  postalCodeValid: boolean | null
  /** City folded like names (`München` → `muenchen`). */
  city: string | null
  /** ISO 3166-1 alpha-2 (see countries.ts), null when unknown. */
  country: string | null
}

/**
 * Street words and their abbreviations → one canonical token. German compounds are handled too:
 * a token ending in `strasse`/`straße`/`straat` or `platz` gets the short ending (`hauptstrasse` →
 * `hauptstr`). `St.` is both Street and Saint: both map to `st`, consistently on either side.
 */
const STREET_WORDS = new Map<string, string>([
  ['strasse', 'str'], ['str', 'str'], ['straat', 'str'],
  ['platz', 'pl'], ['pl', 'pl'], ['place', 'pl'],
  ['avenue', 'ave'], ['ave', 'ave'], ['av', 'ave'], ['avenida', 'ave'],
  ['street', 'st'], ['st', 'st'], ['saint', 'st'], ['sankt', 'st'],
  ['road', 'rd'], ['rd', 'rd'],
  ['gasse', 'gasse'], ['weg', 'weg'], ['allee', 'allee'], ['ring', 'ring'], ['damm', 'damm'],
  ['boulevard', 'blvd'], ['blvd', 'blvd'], ['bd', 'blvd'], ['bvd', 'blvd'],
  ['drive', 'dr'], ['dr', 'dr'], ['lane', 'ln'], ['ln', 'ln'], ['court', 'ct'], ['ct', 'ct'],
  ['square', 'sq'], ['sq', 'sq'], ['highway', 'hwy'], ['hwy', 'hwy'], ['parkway', 'pkwy'], ['pkwy', 'pkwy'],
  ['terrace', 'ter'], ['ter', 'ter'], ['crescent', 'cres'], ['cres', 'cres'], ['route', 'rte'], ['rte', 'rte'],
  ['chaussee', 'ch'], ['ch', 'ch'],
])

const COMPOUND_ENDINGS: ReadonlyArray<readonly [string, string]> = [
  ['strasse', 'str'],
  ['straat', 'str'],
  ['platz', 'pl'],
]

function streetWord(t: string): string {
  const w = STREET_WORDS.get(t)
  if (w !== undefined) return w
  for (const [ending, short] of COMPOUND_ENDINGS) {
    if (t.length > ending.length + 1 && t.endsWith(ending)) return t.slice(0, t.length - ending.length) + short
  }
  return t
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x7a)
}

/**
 * Folds a street like a name, with two differences that keep house numbers whole: `-` and `/`
 * between a digit and a letter or digit stay (`12-14`, `3/1`), and a digit right after a letter
 * starts a new token (`Hauptstr.12`, `Hauptstraße12`).
 */
function foldStreet(s: string): string {
  let out = ''
  let prevLetter = false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c === 0x2d || c === 0x2f) && i > 0 && isDigit(s.charCodeAt(i - 1)) && i + 1 < s.length && isAsciiAlnum(s.charCodeAt(i + 1))) {
      out += s[i]
      prevLetter = false
      continue
    }
    if (isDigit(c) && prevLetter) out += ' '
    let f: string
    if (c < 128) f = foldAscii(c) as string
    else {
      let cp = c
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        cp = s.codePointAt(i) as number
        i++
      }
      f = foldCodePoint(cp)
    }
    out += f
    prevLetter = f !== '' && f !== ' ' && !isDigit(f.charCodeAt(f.length - 1))
  }
  return out
}

function startsWithDigit(t: string): boolean {
  return isDigit(t.charCodeAt(0))
}

/** Splits a street into name tokens and house number: trailing (`Hauptstr. 12 a`) or leading (`12 Main St`). */
function splitHouseNumber(tokens: string[]): string | null {
  let end = tokens.length
  let start = end
  while (start > 0) {
    const t = tokens[start - 1]
    if (startsWithDigit(t)) start--
    else if (t.length === 1 && start >= 2 && startsWithDigit(tokens[start - 2])) start-- // `12 a`
    else break
  }
  if (start < end && start > 0) {
    const parts = tokens.splice(start, end - start)
    return joinNumber(parts)
  }
  if (tokens.length > 1 && startsWithDigit(tokens[0])) {
    end = 1
    if (tokens.length > 2 && tokens[1].length === 1) end = 2 // `12 a Main St`
    return joinNumber(tokens.splice(0, end))
  }
  return null
}

function joinNumber(parts: string[]): string {
  let out = parts[0]
  for (let i = 1; i < parts.length; i++) out += startsWithDigit(parts[i]) && startsWithDigit(parts[i - 1]) ? `-${parts[i]}` : parts[i]
  return out
}

const DIGITS_ONLY = /\D/g
const LETTER_PREFIX = /^[A-Z]{1,3}[- ]?(?=\d)/
const NL_CODE = /^(\d{4}) ?([A-Z]{2})$/
const GB_CODE = /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/
const CA_CODE = /^[A-Z]\d[A-Z]\d[A-Z]\d$/
const IE_CODE = /^[A-Z\d]{3}[A-Z\d]{4}$/
const SPACES = /\s+/g
const SPACE_OR_DASH = /[\s-]/g
const ALL_DIGITS = /^\d+$/

/** Countries whose postal codes are digits only, by length. Other formats are handled in the switch. */
const DIGIT_CODES: Record<string, number> = {
  DE: 5, FR: 5, IT: 5, ES: 5, FI: 5, HR: 5, EE: 5, LT: 5, SE: 5, CZ: 5, SK: 5, GR: 5, KR: 5, MC: 5, SM: 5, UA: 5, RS: 5, BA: 5, ME: 5, TR: 5,
  AT: 4, CH: 4, LI: 4, BE: 4, DK: 4, NO: 4, LU: 4, HU: 4, SI: 4, BG: 4, CY: 4, AL: 4, MK: 4, MD: 4,
  CN: 6, RO: 6,
}

/**
 * A postal code in its country's canonical form: digit-only countries lose spaces, dashes and an
 * old country prefix (`D-10115` → `10115`, `SE 123 45` → `12345`); NL `1234AB` → `1234 AB`; GB
 * upper case with one space before the inward code (`sw1a1aa` → `SW1A 1AA`); US ZIP+4 → the five
 * digits; PL `12-345`, PT `1234-567`, JP `123-4567`, CA `A1A 1A1`. Unknown country: upper case,
 * spaces collapsed, validity unknown.
 */
export function normalisePostalCode(raw: string | null | undefined, country: string | null): { value: string | null; valid: boolean | null } {
  if (raw === null || raw === undefined) return { value: null, valid: null }
  const s = raw.normalize('NFKC').trim().toUpperCase().replace(SPACES, ' ')
  if (s === '') return { value: null, valid: null }
  if (country === null) return { value: s, valid: null }
  const digitLength = DIGIT_CODES[country]
  if (digitLength !== undefined) {
    const rest = s.replace(LETTER_PREFIX, '').replace(SPACE_OR_DASH, '')
    const digits = ALL_DIGITS.test(rest)
    return { value: digits ? rest : s, valid: digits && rest.length === digitLength }
  }
  const compact = s.replace(SPACE_OR_DASH, '')
  switch (country) {
    case 'NL': {
      const m = NL_CODE.exec(compact.length === 6 ? `${compact.slice(0, 4)} ${compact.slice(4)}` : s)
      return m === null ? { value: s, valid: false } : { value: `${m[1]} ${m[2]}`, valid: true }
    }
    case 'GB':
      return GB_CODE.test(compact) ? { value: `${compact.slice(0, -3)} ${compact.slice(-3)}`, valid: true } : { value: s, valid: false }
    case 'IE':
      return IE_CODE.test(compact) ? { value: `${compact.slice(0, 3)} ${compact.slice(3)}`, valid: true } : { value: s, valid: false }
    case 'CA':
      return CA_CODE.test(compact) ? { value: `${compact.slice(0, 3)} ${compact.slice(3)}`, valid: true } : { value: s, valid: false }
    case 'US': {
      const d = s.replace(DIGITS_ONLY, '')
      const ok = (d.length === 5 || d.length === 9) && d.length === compact.length
      return ok ? { value: d.slice(0, 5), valid: true } : { value: d === '' ? s : d, valid: false }
    }
    case 'PL':
    case 'PT':
    case 'JP': {
      const d = s.replace(DIGITS_ONLY, '')
      const split = country === 'PL' ? 2 : country === 'PT' ? 4 : 3
      const length = country === 'PL' ? 5 : 7
      return d.length === length && d.length === compact.length ? { value: `${d.slice(0, split)}-${d.slice(split)}`, valid: true } : { value: s, valid: false }
    }
    default:
      return { value: s, valid: null }
  }
}

/**
 * The comparison form of an address. `defaultCountry` (the connection's country) stands in when the
 * record has none, since an ERP leaves the country empty for domestic customers; it decides the
 * postal-code format and fills `country`. A city field that starts with the postal code
 * (`10115 Berlin`) gives the code when the postal code field is empty.
 */
export function normaliseAddress(input: AddressInput, defaultCountry?: string): NormalisedAddress {
  const country = normaliseCountry(input.country) ?? normaliseCountry(defaultCountry)
  let street: string | null = null
  let streetCompact: string | null = null
  let houseNumber: string | null = null
  if (input.street) {
    const tokens = tokenise(foldStreet(prepare(input.street)))
    houseNumber = splitHouseNumber(tokens)
    if (tokens.length > 0) {
      for (let i = 0; i < tokens.length; i++) tokens[i] = streetWord(tokens[i])
      street = tokens.join(' ')
      streetCompact = tokens.join('')
    }
  }
  let city: string | null = null
  let postalRaw = input.postalCode
  if (input.city) {
    const tokens = foldTokens(input.city)
    if (tokens.length > 1 && startsWithDigit(tokens[0])) {
      const code = tokens.shift() as string
      if (!postalRaw) postalRaw = code
    }
    if (tokens.length > 0) city = tokens.join(' ')
  }
  const postal = normalisePostalCode(postalRaw, country)
  return { street, streetCompact, houseNumber, postalCode: postal.value, postalCodeValid: postal.valid, city, country }
}
