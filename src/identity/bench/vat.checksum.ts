import type { BenchRandom } from './bench.random'

/**
 * VAT ids that are valid by their country's check digit, and the check itself. The benchmark needs both:
 * the matcher is told that two different VALID tax ids are strong evidence against a match, so the
 * generator must produce ids a checksum validator accepts, and its `tax-id-typo` corruption must produce
 * ids it rejects. Written from the published algorithms (EU VIES documentation and national rules):
 *
 * - DE  `DE` + 9 digits. ISO 7064 MOD 11,10 over the first 8: p = 10; per digit s = (d + p) mod 10,
 *       s = 10 if 0, p = 2s mod 11; check = 11 − p, 10 → 0. The first digit is never 0.
 * - AT  `ATU` + 8 digits. Weights 1,2,1,2,1,2,1 on the first 7; a doubled digit contributes its cross sum;
 *       check = (96 − S) mod 10.
 * - NL  `NL` + 9 digits + `B` + 2 digits. The RSIN "elfproef": Σ dᵢ·(9−i) over the first 8 (weights
 *       9…2) mod 11 is the 9th digit; 10 is not allowed. (Sole traders' post-2020 ids use ISO 7064 mod 97
 *       instead; B2B companies keep the RSIN-based number, so the generator makes only those.)
 * - BE  `BE` + 10 digits starting 0 or 1. The last two digits are 97 − (first 8 digits mod 97).
 * - FR  `FR` + 2-digit key + 9-digit SIREN. The SIREN passes Luhn; key = (12 + 3·(SIREN mod 97)) mod 97.
 * - IT  `IT` + 11 digits: 7 company digits, a 3-digit tax office (001–100, 120, 121), a Luhn check digit.
 * - PL  `PL` + 10 digits (NIP). Weights 6,5,7,2,3,4,5,6,7 on the first 9, sum mod 11 is the 10th digit;
 *       10 is not allowed.
 * - DK  `DK` + 8 digits, first not 0. Weights 2,7,6,5,4,3,2,1; the weighted sum is ≡ 0 mod 11.
 * - SE  `SE` + 10-digit organisation number + `01`. The organisation number passes Luhn; the third digit
 *       is ≥ 2 (it is never a birth month, which tells companies from persons).
 * - CH  `CHE-` + 9 digits (UID, shown as CHE-123.456.789). Weights 5,4,3,2,7,6,5,4 on the first 8;
 *       check = 11 − (S mod 11), 11 → 0, 10 is not allowed.
 * - GB  `GB` + 9 digits. Weights 8…2 on the first 7 plus the last two digits as a number: the total is
 *       ≡ 0 mod 97 (the older series) or ≡ 0 mod 97 after adding 55 (the newer series). Generated with
 *       the older rule.
 * - ES  `ES` + a CIF: `B` (S.L.) or `A` (S.A.), 7 digits, a control digit: even positions summed as is,
 *       odd positions doubled with cross sums, control = (10 − S mod 10) mod 10.
 * KR (10-digit business registration number) and JP (13-digit corporate number) are generated in their
 * shape only; `vatChecksum` answers `undefined` for them, as for anything it has no rule for.
 */

const digitsOf = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0) - 48)

/** Luhn sum of a digit string (the rightmost digit is not doubled). */
function luhnSum(digits: string): number {
  let sum = 0
  const d = digitsOf(digits)
  for (let i = d.length - 1, double = false; i >= 0; i--, double = !double) {
    let v = d[i]
    if (double) {
      v *= 2
      if (v > 9) v -= 9
    }
    sum += v
  }
  return sum
}

/** The digit that makes `body + digit` pass Luhn. */
function luhnCheckDigit(body: string): number {
  return (10 - (luhnSum(body + '0') % 10)) % 10
}

function deCheck(body: string): number {
  let p = 10
  for (const d of digitsOf(body)) {
    let s = (d + p) % 10
    if (s === 0) s = 10
    p = (2 * s) % 11
  }
  const check = 11 - p
  return check === 10 ? 0 : check
}

function atCheck(body: string): number {
  let sum = 0
  digitsOf(body).forEach((d, i) => {
    if (i % 2 === 1) {
      const doubled = d * 2
      sum += Math.floor(doubled / 10) + (doubled % 10)
    } else sum += d
  })
  // S is at most 63, so 96 − S stays positive
  return (96 - sum) % 10
}

function weightedMod11(body: string, weights: readonly number[]): number {
  let sum = 0
  digitsOf(body).forEach((d, i) => (sum += d * weights[i]))
  return sum % 11
}

const NL_WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2]
const PL_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7]
const DK_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1]
const CH_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4]
const GB_WEIGHTS = [8, 7, 6, 5, 4, 3, 2]

function chCheck(body: string): number {
  const c = 11 - weightedMod11(body, CH_WEIGHTS)
  return c === 11 ? 0 : c
}

function gbRemainder(nine: string): number {
  let sum = 0
  digitsOf(nine.slice(0, 7)).forEach((d, i) => (sum += d * GB_WEIGHTS[i]))
  return sum + Number(nine.slice(7))
}

function esControl(seven: string): number {
  let sum = 0
  digitsOf(seven).forEach((d, i) => {
    if (i % 2 === 0) {
      const doubled = d * 2
      sum += Math.floor(doubled / 10) + (doubled % 10)
    } else sum += d
  })
  return (10 - (sum % 10)) % 10
}

const frKey = (siren: string): number => (12 + 3 * Number(BigInt(siren) % 97n)) % 97

const IT_OFFICES = [...Array.from({ length: 100 }, (_, i) => String(i + 1).padStart(3, '0')), '120', '121']

/** A checksum-valid VAT id of the country, or a plausibly shaped id where no rule is implemented. */
export function generateVatId(rng: BenchRandom, country: string): string {
  switch (country) {
    case 'DE': {
      const body = rng.fill('%#######')
      return `DE${body}${deCheck(body)}`
    }
    case 'AT': {
      const body = rng.fill('#######')
      return `ATU${body}${atCheck(body)}`
    }
    case 'NL':
      for (;;) {
        const body = rng.fill('%#######')
        const check = weightedMod11(body, NL_WEIGHTS)
        if (check < 10) return `NL${body}${check}B${rng.pick(['01', '01', '01', '02'])}`
      }
    case 'BE': {
      const body = rng.pick(['0', '0', '0', '1']) + rng.fill('%######')
      return `BE${body}${String(97 - (Number(body) % 97)).padStart(2, '0')}`
    }
    case 'FR': {
      const sirenBody = rng.fill('%#######')
      const siren = sirenBody + luhnCheckDigit(sirenBody)
      return `FR${String(frKey(siren)).padStart(2, '0')}${siren}`
    }
    case 'IT': {
      const body = rng.fill('#######') + rng.pick(IT_OFFICES)
      return `IT${body}${luhnCheckDigit(body)}`
    }
    case 'PL':
      for (;;) {
        const body = rng.fill('%########')
        const check = weightedMod11(body, PL_WEIGHTS)
        if (check < 10) return `PL${body}${check}`
      }
    case 'DK':
      for (;;) {
        const body = rng.fill('%######')
        // weight of the last digit is 1, so it must cancel the rest mod 11
        const check = (11 - weightedMod11(body + '0', DK_WEIGHTS)) % 11
        if (check < 10) return `DK${body}${check}`
      }
    case 'SE': {
      // 55…/56…/59… are limited companies; the third digit ≥ 2 can never be a birth month
      const body = rng.pick(['55', '55', '55', '56', '59']) + String(rng.int(2, 9)) + rng.fill('######')
      return `SE${body}${luhnCheckDigit(body)}01`
    }
    case 'CH':
      for (;;) {
        const body = rng.fill('%#######')
        const check = chCheck(body)
        if (check < 10) {
          const nine = `${body}${check}`
          return `CHE-${nine.slice(0, 3)}.${nine.slice(3, 6)}.${nine.slice(6)}`
        }
      }
    case 'GB': {
      const seven = rng.fill('%######')
      const check = (97 - (gbRemainder(seven + '00') % 97)) % 97
      return `GB${seven}${String(check).padStart(2, '0')}`
    }
    case 'ES': {
      const letter = rng.pick(['B', 'B', 'B', 'A'])
      const seven = rng.fill('%######')
      return `ES${letter}${seven}${esControl(seven)}`
    }
    case 'KR':
      return rng.fill('%##-##-#####')
    case 'JP':
      return `T${rng.fill('%############')}`
    default:
      return `${country}${rng.fill('%########')}`
  }
}

/**
 * true/false by the country's check digit, `undefined` when there is no rule for the id's shape
 * (KR, JP, placeholders without a country prefix). Spaces, dots and dashes are ignored.
 */
export function vatChecksum(id: string): boolean | undefined {
  const compact = id.toUpperCase().replace(/[\s.\-]/g, '')
  const prefix = compact.slice(0, 2)
  const rest = compact.slice(2)
  const allDigits = (s: string, n: number): boolean => s.length === n && /^\d+$/.test(s)
  switch (prefix) {
    case 'DE':
      return allDigits(rest, 9) && rest[0] !== '0' && deCheck(rest.slice(0, 8)) === Number(rest[8])
    case 'AT':
      return rest[0] === 'U' && allDigits(rest.slice(1), 8) && atCheck(rest.slice(1, 8)) === Number(rest[8])
    case 'NL':
      return /^\d{9}B\d{2}$/.test(rest) && weightedMod11(rest.slice(0, 8), NL_WEIGHTS) === Number(rest[8])
    case 'BE':
      return allDigits(rest, 10) && /^[01]/.test(rest) && 97 - (Number(rest.slice(0, 8)) % 97) === Number(rest.slice(8))
    case 'FR':
      return allDigits(rest, 11) && luhnSum(rest.slice(2)) % 10 === 0 && frKey(rest.slice(2)) === Number(rest.slice(0, 2))
    case 'IT':
      return allDigits(rest, 11) && luhnSum(rest) % 10 === 0
    case 'PL':
      return allDigits(rest, 10) && weightedMod11(rest.slice(0, 9), PL_WEIGHTS) === Number(rest[9])
    case 'DK':
      return allDigits(rest, 8) && rest[0] !== '0' && weightedMod11(rest, DK_WEIGHTS) === 0
    case 'SE':
      return allDigits(rest, 12) && rest.endsWith('01') && Number(rest[2]) >= 2 && luhnSum(rest.slice(0, 10)) % 10 === 0
    case 'CH':
      return /^E\d{9}$/.test(rest) && chCheck(rest.slice(1, 9)) === Number(rest[9])
    case 'GB': {
      if (!allDigits(rest, 9)) return false
      const total = gbRemainder(rest)
      return total % 97 === 0 || (total + 55) % 97 === 0
    }
    case 'ES':
      return /^[AB]\d{8}$/.test(rest) && esControl(rest.slice(1, 8)) === Number(rest[8])
    default:
      return undefined
  }
}
