import { normaliseCountry } from './countries'

/**
 * VAT identification numbers as comparison keys, checked by their country's check-digit rule where
 * it has one. Two different *valid* tax ids are strong evidence against a match, so `valid: true`
 * must mean the checksum holds; where erphub does not implement a country's rule the answer is
 * `null` (unknown), never a guess. Rules follow the format descriptions published for the EU VIES
 * service and the national tax authorities; each is written here from its description.
 */

export interface NormalisedTaxId {
  /** Upper case, without spaces, dots, dashes or slashes, with its VAT prefix (`DE136695976`, `CHE…`). */
  value: string
  /** ISO 3166-1 alpha-2 of the issuing country (Greece's `EL` prefix gives `GR`), null when unknown. */
  country: string | null
  /** Checksum and format hold (true), do not (false), or the country's rule is not implemented (null). */
  valid: boolean | null
}

const EMPTY: NormalisedTaxId = Object.freeze({ value: '', country: null, valid: false }) as NormalisedTaxId

const SEPARATORS = /[\s.\-/_,]+/g
const DIGITS = (n: number) => new RegExp(`^\\d{${n}}$`)
const D8 = DIGITS(8)
const D9 = DIGITS(9)
const D10 = DIGITS(10)
const D11 = DIGITS(11)
const D12 = DIGITS(12)
const AT_FORMAT = /^U\d{8}$/
const NL_FORMAT = /^\d{9}B\d{2}$/
const FR_FORMAT = /^[0-9A-HJ-NP-Z]{2}\d{9}$/
const FR_NUMERIC_KEY = /^\d{2}/
const GB_GOV = /^(GD[0-4]|HA[5-9])\d{2}$/
const CH_SUFFIX = /(MWST|TVA|IVA|VAT)$/
const ES_DNI = /^\d{8}[A-Z]$/
const ES_NIE = /^[XYZ]\d{7}[A-Z]$/
const ES_KLM = /^[KLM]\d{7}[A-Z]$/
const ES_CIF = /^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/

function digit(s: string, i: number): number {
  return s.charCodeAt(i) - 48
}

/** Weighted digit sum of `s[0..weights.length)`. */
function weighted(s: string, weights: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += digit(s, i) * weights[i]
  return sum
}

/** Luhn over all of `s` (the last digit is the check digit). */
function luhn(s: string): boolean {
  let sum = 0
  for (let i = s.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digit(s, i)
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** `s` (digits and upper-case letters, A = 10 … Z = 35) modulo 97, one character at a time. */
function mod97(s: string): number {
  let r = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 65) r = (r * 100 + (c - 55)) % 97
    else r = (r * 10 + (c - 48)) % 97
  }
  return r
}

/** DE USt-IdNr: 9 digits, the last is ISO 7064 MOD 11,10 over the first 8. */
function checkDE(b: string): boolean {
  if (!D9.test(b)) return false
  let product = 10
  for (let i = 0; i < 8; i++) {
    let sum = (digit(b, i) + product) % 10
    if (sum === 0) sum = 10
    product = (2 * sum) % 11
  }
  const check = (11 - product) % 10
  return check === digit(b, 8)
}

/** AT UID: `U` + 8 digits; digits 2, 4, 6 are doubled and cross-summed, then check = (10 − (sum + 4) mod 10) mod 10. */
function checkAT(b: string): boolean {
  if (!AT_FORMAT.test(b)) return false
  let sum = 0
  for (let i = 1; i <= 7; i++) {
    const d = digit(b, i)
    if (i % 2 === 0) {
      const p = 2 * d
      sum += Math.floor(p / 10) + (p % 10)
    } else sum += d
  }
  return (10 - ((sum + 4) % 10)) % 10 === digit(b, 8)
}

/**
 * NL btw-id: 9 digits, `B`, 2 digits. Companies: weights 9…2 over the first 8 digits, mod 11 = the
 * 9th. Sole traders since 2020: the whole id with its `NL` prefix, letters as numbers, mod 97 = 1.
 * Either form is valid.
 */
function checkNL(b: string): boolean {
  if (!NL_FORMAT.test(b)) return false
  const r = weighted(b, [9, 8, 7, 6, 5, 4, 3, 2]) % 11
  if (r !== 10 && r === digit(b, 8)) return true
  return mod97(`NL${b}`) === 1
}

/** BE: 10 digits starting 0 or 1 (older 9-digit numbers get a leading 0); 97 − (first 8 mod 97) = last 2. */
function checkBE(b: string): boolean {
  if (!D10.test(b) || b.charCodeAt(0) > 0x31) return false
  return 97 - (Number(b.slice(0, 8)) % 97) === Number(b.slice(8))
}

/** FR: 2-character key + SIREN; a numeric key is (12 + 3 × (SIREN mod 97)) mod 97. Letter keys: unknown. */
function checkFR(b: string): boolean | null {
  if (!FR_FORMAT.test(b)) return false
  if (!FR_NUMERIC_KEY.test(b)) return null
  return (12 + 3 * (Number(b.slice(2)) % 97)) % 97 === Number(b.slice(0, 2))
}

/** IT partita IVA: 11 digits, Luhn. */
function checkIT(b: string): boolean {
  return D11.test(b) && luhn(b)
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'
const CIF_LETTERS = 'JABCDEFGHI'

/**
 * ES NIF, in its three shapes: a person's DNI (8 digits + letter, letter = table[number mod 23]),
 * a foreigner's NIE (X/Y/Z = 0/1/2, then as a DNI; K/L/M likewise over the 7 digits), and a
 * company's CIF (letter + 7 digits + control: odd positions doubled and cross-summed, even ones
 * added, control = (10 − sum mod 10) mod 10, written as a digit or as `JABCDEFGHI`[control]; the
 * organisation letter decides which: P, Q, R, S, N, W a letter, A, B, E, H a digit).
 */
function checkES(b: string): boolean {
  if (ES_DNI.test(b)) return DNI_LETTERS[Number(b.slice(0, 8)) % 23] === b[8]
  if (ES_NIE.test(b)) return DNI_LETTERS[Number(`${'XYZ'.indexOf(b[0])}${b.slice(1, 8)}`) % 23] === b[8]
  if (ES_KLM.test(b)) return DNI_LETTERS[Number(b.slice(1, 8)) % 23] === b[8]
  if (ES_CIF.test(b)) {
    let sum = 0
    for (let i = 1; i <= 7; i++) {
      const d = digit(b, i)
      if (i % 2 === 1) {
        const p = 2 * d
        sum += Math.floor(p / 10) + (p % 10)
      } else sum += d
    }
    const control = (10 - (sum % 10)) % 10
    const last = b[8]
    const asDigit = last === String(control)
    const asLetter = last === CIF_LETTERS[control]
    if ('PQRSNW'.includes(b[0])) return asLetter
    if ('ABEH'.includes(b[0])) return asDigit
    return asDigit || asLetter
  }
  return false
}

/** DK CVR: 8 digits, weights 2,7,6,5,4,3,2,1, sum divisible by 11. */
function checkDK(b: string): boolean {
  return D8.test(b) && b[0] !== '0' && weighted(b, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0
}

/** FI Y-tunnus: 8 digits, weights 7,9,10,5,8,4,2; r = sum mod 11; check 0 when r = 0, none when r = 1, else 11 − r. */
function checkFI(b: string): boolean {
  if (!D8.test(b)) return false
  const r = weighted(b, [7, 9, 10, 5, 8, 4, 2]) % 11
  if (r === 1) return false
  return (r === 0 ? 0 : 11 - r) === digit(b, 7)
}

/** SE momsregistreringsnummer: the 10-digit organisation number (Luhn) followed by `01`. */
function checkSE(b: string): boolean {
  return D12.test(b) && b.endsWith('01') && luhn(b.slice(0, 10))
}

/** PL NIP: 10 digits, weights 6,5,7,2,3,4,5,6,7, sum mod 11 = the 10th (a remainder of 10 is never issued). */
function checkPL(b: string): boolean {
  if (!D10.test(b)) return false
  const r = weighted(b, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11
  return r !== 10 && r === digit(b, 9)
}

/**
 * GB VAT: 9 digits (12 with a branch suffix, which has no check). Weights 8…2 over the first 7
 * digits plus the last two as a number; the total is divisible by 97 (the original series) or,
 * after adding 55, divisible by 97 (the "9755" series issued since 2010). Government departments
 * (`GD` 000–499) and health authorities (`HA` 500–999) have no checksum: their range is checked.
 */
function checkGB(b: string): boolean {
  if (GB_GOV.test(b)) return true
  const core = D12.test(b) ? b.slice(0, 9) : b
  if (!D9.test(core)) return false
  const total = weighted(core, [8, 7, 6, 5, 4, 3, 2]) + Number(core.slice(7))
  return total % 97 === 0 || (total + 55) % 97 === 0
}

/** CH UID: `CHE` + 9 digits, weights 5,4,3,2,7,6,5,4; check = 11 − sum mod 11 (11 → 0, 10 never issued). */
function checkCH(b: string): boolean {
  if (!D9.test(b)) return false
  let check = 11 - (weighted(b, [5, 4, 3, 2, 7, 6, 5, 4]) % 11)
  if (check === 11) check = 0
  return check !== 10 && check === digit(b, 8)
}

/** EL (Greece) ΑΦΜ: 9 digits, Σ dᵢ·2^(9−i) over the first 8, mod 11, mod 10 = the 9th. */
function checkEL(b: string): boolean {
  if (!D9.test(b)) return false
  let sum = 0
  for (let i = 0; i < 8; i++) sum += digit(b, i) << (8 - i)
  return (sum % 11) % 10 === digit(b, 8)
}

/** VAT prefix → its country and check (null: the prefix is known but its rule is not implemented). */
const PREFIXES: Record<string, { country: string; check: ((body: string) => boolean | null) | null }> = {
  DE: { country: 'DE', check: checkDE },
  AT: { country: 'AT', check: checkAT },
  NL: { country: 'NL', check: checkNL },
  BE: { country: 'BE', check: (b) => checkBE(b.length === 9 ? `0${b}` : b) },
  FR: { country: 'FR', check: checkFR },
  IT: { country: 'IT', check: checkIT },
  ES: { country: 'ES', check: checkES },
  DK: { country: 'DK', check: checkDK },
  FI: { country: 'FI', check: checkFI },
  SE: { country: 'SE', check: checkSE },
  PL: { country: 'PL', check: checkPL },
  GB: { country: 'GB', check: checkGB },
  XI: { country: 'GB', check: checkGB }, // Northern Ireland's EU-facing prefix, same numbers
  CHE: { country: 'CH', check: checkCH },
  EL: { country: 'GR', check: checkEL },
  BG: { country: 'BG', check: null },
  CY: { country: 'CY', check: null },
  CZ: { country: 'CZ', check: null },
  EE: { country: 'EE', check: null },
  HR: { country: 'HR', check: null },
  HU: { country: 'HU', check: null },
  IE: { country: 'IE', check: null },
  LT: { country: 'LT', check: null },
  LU: { country: 'LU', check: null },
  LV: { country: 'LV', check: null },
  MT: { country: 'MT', check: null },
  PT: { country: 'PT', check: null },
  RO: { country: 'RO', check: null },
  SI: { country: 'SI', check: null },
  SK: { country: 'SK', check: null },
  NO: { country: 'NO', check: null },
}

/** The VAT prefix a country's numbers carry: Greece writes EL, Switzerland CHE, the rest their ISO code. */
function prefixOfCountry(country: string): string {
  if (country === 'GR') return 'EL'
  if (country === 'CH') return 'CHE'
  return country
}

function isLetter(c: number): boolean {
  return c >= 65 && c <= 90
}

/**
 * The comparison form of a VAT id: NFKC, upper case, spaces, dots, dashes and slashes removed, the
 * country prefix detected (`GR` is read as `EL`; Swiss `MWST`/`TVA`/`IVA` suffixes dropped) or,
 * when absent, taken from `countryHint` (the address or connection country; alpha-2, alpha-3 or a
 * name). Without either the country is unknown and so is validity.
 */
export function normaliseTaxId(raw: string | null | undefined, countryHint?: string | null): NormalisedTaxId {
  if (raw === null || raw === undefined) return EMPTY
  let s = raw.normalize('NFKC').toUpperCase().replace(SEPARATORS, '')
  if (s === '') return EMPTY
  let prefix: string | null = null
  if (s.startsWith('CHE') && s.length > 3 && !isLetter(s.charCodeAt(3))) {
    prefix = 'CHE'
  } else if (s.length > 2 && isLetter(s.charCodeAt(0)) && isLetter(s.charCodeAt(1))) {
    const two = s.slice(0, 2)
    if (two === 'GR') {
      prefix = 'EL'
      s = `EL${s.slice(2)}`
    } else if (PREFIXES[two] !== undefined && two !== 'CH') prefix = two
  }
  if (prefix === null) {
    const hint = normaliseCountry(countryHint)
    if (hint === null) return { value: s, country: null, valid: null }
    const p = prefixOfCountry(hint)
    if (PREFIXES[p] === undefined) return { value: s, country: hint, valid: null }
    prefix = p
    s = `${p}${s}`
  }
  let body = s.slice(prefix.length)
  if (prefix === 'CHE') {
    body = body.replace(CH_SUFFIX, '')
    s = `CHE${body}`
  }
  const entry = PREFIXES[prefix]
  return { value: s, country: entry.country, valid: entry.check === null ? null : entry.check(body) }
}
