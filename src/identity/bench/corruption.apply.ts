import type { BenchRandom } from './bench.random'
import type { CorruptionName, SourceCustomer } from './bench.types'
import type { Company } from './company.generate'
import { ABBREVIATIONS, ALL_PHONE_FORMATS, AND_WORDS, keyboardNeighbours, OCR_CONFUSIONS, renderPhone, transliterate } from './text.tools'
import { vatChecksum } from './vat.checksum'

/**
 * The typed corruptions that turn an original into a duplicate. Each one either changes the draft and
 * answers true, or leaves it untouched and answers false (nothing to do: no phone for `phone-format`, no
 * umlaut for `transliteration`); the caller then tries another, so a recorded corruption always did
 * something and per-corruption recall means what it says.
 */

/** The content fields a corruption may touch; identity and bookkeeping fields are not among them. */
export type Draft = Pick<SourceCustomer, 'name' | 'email' | 'phone' | 'taxId' | 'street' | 'postalCode' | 'city'>

export interface CorruptionContext {
  rng: BenchRandom
  company: Company
}

type Corruption = (draft: Draft, ctx: CorruptionContext) => boolean
type TextField = 'name' | 'street' | 'city' | 'email' | 'postalCode'

const LOWER = Array.from('abcdefghijklmnopqrstuvwxyz')

/** A field among the present ones, by weight. */
function pickField(rng: BenchRandom, draft: Draft, weights: readonly (readonly [TextField, number])[]): TextField | undefined {
  const present = weights.filter(([f]) => draft[f])
  const total = present.reduce((s, [, w]) => s + w, 0)
  let r = rng.next() * total
  for (const [field, w] of present) if ((r -= w) < 0) return field
  return present[present.length - 1]?.[0]
}

/** The editable part of a value: the local part of an email, the whole value otherwise. */
function editable(field: TextField, value: string): { head: string; body: string; tail: string } {
  if (field !== 'email') return { head: '', body: value, tail: '' }
  const at = value.indexOf('@')
  return { head: '', body: value.slice(0, at), tail: value.slice(at) }
}

function randomLetterLike(rng: BenchRandom, like: string, pool: string): string {
  if (/[a-z]/.test(like)) return rng.pick(LOWER)
  if (/[A-Z]/.test(like)) return rng.pick(LOWER).toUpperCase()
  if (/\d/.test(like)) return String(rng.int(0, 9))
  return pool[rng.int(0, pool.length - 1)]
}

/** Febrl's four edit operations, one at a random position. */
const typo: Corruption = (draft, { rng }) => {
  const field = pickField(rng, draft, [['name', 60], ['street', 15], ['city', 10], ['email', 15]])
  if (!field) return false
  const original = draft[field] as string
  const { head, body, tail } = editable(field, original)
  for (let attempt = 0; attempt < 8; attempt++) {
    const chars = Array.from(body)
    if (chars.length < 2) return false
    const i = rng.int(0, chars.length - 1)
    const op = rng.int(0, 3)
    if (op === 0) chars.splice(i, 0, randomLetterLike(rng, chars[i], body))
    else if (op === 1) chars.splice(i, 1)
    else if (op === 2) chars[i] = randomLetterLike(rng, chars[i], body)
    else if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]]
    const changed = head + chars.join('') + tail
    if (changed !== original && changed.trim() !== '' && (field !== 'email' || /^[^@]+@/.test(changed))) {
      draft[field] = changed
      return true
    }
  }
  return false
}

/** A neighbouring key on the layout of the company's country: QWERTZ, QWERTY or AZERTY. */
const keyboard: Corruption = (draft, { rng, company }) => {
  const layout = company.country.keyboard
  for (const field of rng.shuffle<TextField>(['name', 'name', 'street', 'city'])) {
    const value = draft[field]
    if (!value) continue
    const positions: number[] = []
    for (let i = 0; i < value.length; i++) if (keyboardNeighbours(layout, value[i])) positions.push(i)
    if (positions.length === 0) continue
    const i = rng.pick(positions)
    let replacement = rng.pick(Array.from(keyboardNeighbours(layout, value[i])))
    if (value[i] !== value[i].toLowerCase()) replacement = replacement.toUpperCase()
    if (replacement === value[i]) continue
    draft[field] = value.slice(0, i) + replacement + value.slice(i + 1)
    return true
  }
  return false
}

/** One optical confusion (0/O, 1/l, rn/m …) somewhere in the name, street, postal code or city. */
const ocr: Corruption = (draft, { rng }) => {
  for (const field of rng.shuffle<TextField>(['name', 'street', 'postalCode', 'city'])) {
    const value = draft[field]
    if (!value) continue
    const hits: [number, string, string][] = []
    for (const [from, to] of OCR_CONFUSIONS) for (let i = value.indexOf(from); i >= 0; i = value.indexOf(from, i + 1)) hits.push([i, from, to])
    if (hits.length === 0) continue
    const [i, from, to] = rng.pick(hits)
    draft[field] = value.slice(0, i) + to + value.slice(i + from.length)
    return true
  }
  return false
}

/** Data typed into the wrong field, or name tokens in another order ("Bau Müller GmbH"). */
const swapFields: Corruption = (draft, { rng }) => {
  const options: (() => boolean)[] = []
  const tokens = draft.name.split(' ')
  if (tokens.length >= 2 && tokens[0] !== tokens[1]) {
    options.push(() => {
      ;[tokens[0], tokens[1]] = [tokens[1], tokens[0]]
      draft.name = tokens.join(' ')
      return true
    })
  }
  if (draft.street && draft.city && draft.street !== draft.city) options.push(() => (([draft.street, draft.city] = [draft.city, draft.street]), true))
  if (draft.postalCode && draft.city) options.push(() => (([draft.postalCode, draft.city] = [draft.city, draft.postalCode]), true))
  return options.length > 0 && rng.pick(options)()
}

/** One identifying field left empty. Country, city and postal code stay: they are mandatory in every ERP. */
const missing: Corruption = (draft, { rng }) => {
  const present = (['email', 'phone', 'taxId', 'street'] as const).filter((f) => draft[f])
  if (present.length === 0) return false
  draft[rng.pick(present)] = undefined
  return true
}

/** The same number written another way: "+49 30 1234567" → "030/1234567", "0049 30 …", "+49 (0)30 …". */
const phoneFormat: Corruption = (draft, { rng, company }) => {
  if (!draft.phone || !company.phone) return false
  const options = ALL_PHONE_FORMATS.map((f) => renderPhone(company.country.phone, company.phone!, f)).filter((p): p is string => !!p && p !== draft.phone)
  if (options.length === 0) return false
  draft.phone = rng.pick(options)
  return true
}

/** Case changes, a dot in the local part, or another mailbox of the same domain. */
const emailFormat: Corruption = (draft, { rng, company }) => {
  const email = draft.email
  if (!email || !email.includes('@')) return false
  const at = email.indexOf('@')
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  const way = rng.int(0, 2)
  let changed: string
  if (way === 0) {
    changed = rng.chance(0.5) ? email.toUpperCase() : `${local[0].toUpperCase()}${local.slice(1)}@${domain[0].toUpperCase()}${domain.slice(1)}`
  } else if (way === 1) {
    if (local.includes('.')) changed = `${local.replace('.', '')}@${domain}`
    else if (local.length >= 2) {
      const i = rng.int(1, local.length - 1)
      changed = `${local.slice(0, i)}.${local.slice(i)}@${domain}`
    } else changed = email
  } else {
    const others = ['info', 'office', 'sales', ...company.country.roleMailboxes].filter((m) => m !== local)
    changed = `${rng.pick(others)}@${domain}`
  }
  if (changed === email) return false
  draft.email = changed
  return true
}

/**
 * GmbH ↔ Gesellschaft mit beschränkter Haftung, Ltd ↔ Limited, 주식회사 ↔ (주), a prefix form moved behind
 * the name, or the form dropped altogether. The form is searched case-insensitively, so an upper-cased
 * name still qualifies.
 */
const legalFormVariant: Corruption = (draft, { rng, company }) => {
  const { legal, legalAt, country } = company
  const spellings = [legal.form, ...legal.variants].sort((a, b) => b.length - a.length)
  const sep = country.legalSeparator
  const lower = draft.name.toLowerCase()
  for (const spelling of spellings) {
    const s = spelling.toLowerCase()
    const core =
      legalAt === 'suffix' && lower.endsWith(sep + s) ? draft.name.slice(0, draft.name.length - s.length - sep.length)
      : legalAt === 'prefix' && lower.startsWith(s + sep) ? draft.name.slice(s.length + sep.length)
      : undefined
    if (core === undefined || core.trim() === '') continue
    const alternatives = [legal.form, ...legal.variants].filter((v) => v !== spelling)
    const r = rng.next()
    let changed: string
    if (r < 0.25) changed = core
    else if (country.legalPrefixShare > 0 && r < 0.5) changed = legalAt === 'prefix' ? `${core}${sep}${rng.pick(alternatives.concat(spelling))}` : `${rng.pick(alternatives.concat(spelling))}${sep}${core}`
    else changed = legalAt === 'prefix' ? `${rng.pick(alternatives)}${sep}${core}` : `${core}${sep}${rng.pick(alternatives)}`
    if (changed === draft.name) return false
    draft.name = changed
    return true
  }
  return false
}

/** What an ASCII-only system stores: ü → ue (German-speaking countries), accents dropped elsewhere. */
const transliteration: Corruption = (draft, { company }) => {
  let changed = false
  for (const field of ['name', 'street', 'city'] as const) {
    const value = draft[field]
    if (!value) continue
    const plain = transliterate(value, company.country.transliteration)
    if (plain !== value) {
      draft[field] = plain
      changed = true
    }
  }
  return changed
}

/** Straße ↔ Str., Street → St, & ↔ und/and/et, Gebrüder → Gebr.: one rule that applies. */
const abbreviation: Corruption = (draft, { rng, company }) => {
  const options: (() => void)[] = []
  for (const field of ['name', 'street'] as const) {
    const value = draft[field]
    if (!value) continue
    for (const [pattern, replacement] of ABBREVIATIONS) if (pattern.test(value)) options.push(() => (draft[field] = value.replace(pattern, replacement)))
  }
  const and = AND_WORDS[company.country.code]
  if (and) {
    if (draft.name.includes(' & ')) options.push(() => (draft.name = draft.name.replace(' & ', ` ${and} `)))
    if (draft.name.includes(` ${and} `)) options.push(() => (draft.name = draft.name.replace(` ${and} `, ' & ')))
  }
  if (options.length === 0) return false
  rng.pick(options)()
  return true
}

/** One digit of the VAT id changed; where the country has a check digit the result fails it. */
const taxIdTypo: Corruption = (draft, { rng, company }) => {
  const taxId = draft.taxId
  if (!taxId || company.taxIdPlaceholder) return false
  const digits: number[] = []
  for (let i = 0; i < taxId.length; i++) if (/\d/.test(taxId[i])) digits.push(i)
  if (digits.length === 0) return false
  const checked = vatChecksum(taxId) === true
  for (let attempt = 0; attempt < 30; attempt++) {
    const i = rng.pick(digits)
    const digit = String((Number(taxId[i]) + rng.int(1, 9)) % 10)
    const changed = taxId.slice(0, i) + digit + taxId.slice(i + 1)
    if (checked && vatChecksum(changed) !== false) continue
    draft.taxId = changed
    return true
  }
  return false
}

const NAME_LIMITS = [20, 25, 30, 35, 40]

/** The name cut at an ERP's field length (old systems: 20–40 characters). */
const nameTruncation: Corruption = (draft, { rng }) => {
  const chars = Array.from(draft.name)
  const limits = NAME_LIMITS.filter((l) => l < chars.length)
  if (limits.length === 0) return false
  draft.name = chars.slice(0, rng.pick(limits)).join('').trimEnd()
  return true
}

/** UPPER CASE, as older ERPs store names (sometimes the address too). */
const upperCase: Corruption = (draft, { rng }) => {
  const upper = draft.name.toUpperCase()
  if (upper === draft.name) return false
  draft.name = upper
  if (rng.chance(0.5)) {
    if (draft.street) draft.street = draft.street.toUpperCase()
    if (draft.city) draft.city = draft.city.toUpperCase()
  }
  return true
}

export const CORRUPTION_FUNCTIONS: Readonly<Record<CorruptionName, Corruption>> = {
  typo,
  keyboard,
  ocr,
  'swap-fields': swapFields,
  missing,
  'phone-format': phoneFormat,
  'email-format': emailFormat,
  'legal-form-variant': legalFormVariant,
  transliteration,
  abbreviation,
  'tax-id-typo': taxIdTypo,
  'name-truncation': nameTruncation,
  case: upperCase,
}
