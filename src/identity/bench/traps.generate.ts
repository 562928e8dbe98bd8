import type { BenchRandom } from './bench.random'
import { type Company, type CompanyFactory, withLegal } from './company.generate'
import type { CountryData } from './country.types'
import type { TrapKind } from './bench.types'
import { slug } from './text.tools'
import { generateVatId } from './vat.checksum'

/**
 * Over-merge traps: distinct companies that a careless matcher glues together. Each is a small group of
 * real, different entities with a shared or look-alike value, the way such groups occur in a customer base:
 *
 * - `shared-mailbox`: several clients of one accountant or office service all list its info@ mailbox.
 * - `shared-phone`: companies in one business centre share the switchboard number (half of them the
 *   street address as well).
 * - `placeholder-tax-id`: "000000", "DE000000000" typed where a field was mandatory; they fail any checksum.
 * - `similar-name`: "Müller Bau GmbH" and "Müller Bauelemente GmbH" in the same city, otherwise unrelated.
 * - `company-group`: one stem, several legal entities ("Schmidt Holding GmbH", "Schmidt Logistik GmbH")
 *   at one address with one email domain, different valid VAT ids and neighbouring phone extensions.
 * - `homonym`: the same name in two cities, different companies.
 * A trap's members are ordinary entities otherwise: they get duplicates and corruptions like everyone else.
 */

export interface PlannedTrap {
  kind: TrapKind
  value: string
  members: Company[]
}

/** No traps below this many originals: there would be little else in the dataset. */
const MIN_ORIGINALS = 30
/** Traps never take more than this share of the originals. */
const MAX_SHARE = 0.25

const PLACEHOLDER_TAX_IDS = ['000000', '0000000000', 'DE000000000', 'ATU00000000', '999999999', '-']

/** Groups per kind for a dataset size: roughly 4 % of originals end up in a trap. */
export function trapCounts(originals: number): Record<TrapKind, number> {
  if (originals < MIN_ORIGINALS) return { 'shared-mailbox': 0, 'shared-phone': 0, 'placeholder-tax-id': 0, 'similar-name': 0, 'company-group': 0, homonym: 0 }
  const per = (n: number): number => Math.max(1, Math.round(originals / n))
  return { 'shared-mailbox': per(500), 'shared-phone': per(700), 'placeholder-tax-id': per(600), 'similar-name': per(250), 'company-group': per(400), homonym: per(600) }
}

export function planTraps(rng: BenchRandom, factory: CompanyFactory, originals: number): PlannedTrap[] {
  const counts = trapCounts(originals)
  const traps: PlannedTrap[] = []
  let used = 0
  const budget = Math.floor(originals * MAX_SHARE)
  const add = (trap: PlannedTrap | undefined): void => {
    if (!trap || used + trap.members.length > budget) return
    used += trap.members.length
    traps.push(trap)
  }
  // Interleaved so that a tight budget still gets one trap of every kind.
  const rounds = Math.max(...Object.values(counts))
  for (let round = 0; round < rounds; round++) {
    if (round < counts['shared-mailbox']) add(sharedMailbox(rng, factory))
    if (round < counts['shared-phone']) add(sharedPhone(rng, factory))
    if (round < counts['placeholder-tax-id']) add(placeholderTaxId(rng, factory))
    if (round < counts['similar-name']) add(similarName(rng, factory))
    if (round < counts['company-group']) add(companyGroup(rng, factory))
    if (round < counts.homonym) add(homonym(rng, factory))
  }
  return traps
}

function sharedMailbox(rng: BenchRandom, factory: CompanyFactory): PlannedTrap {
  const country = factory.country(true)
  const provider = `${rng.pick(country.providerWords)}-${slug(rng.pick(country.stems), country.transliteration)}`
  const mailbox = `info@${provider}.${country.tld}`
  const members: Company[] = []
  for (let i = rng.int(3, 5); i > 0; i--) members.push({ ...factory.company(country), email: mailbox })
  return { kind: 'shared-mailbox', value: mailbox, members }
}

function sharedPhone(rng: BenchRandom, factory: CompanyFactory): PlannedTrap {
  const country = factory.country(true)
  const city = rng.pick(country.cities)
  const switchboard = factory.phone(country, city)
  const sameBuilding = rng.chance(0.5)
  const street = factory.street(country)
  const postalCode = rng.fill(city.postal)
  const members: Company[] = []
  for (let i = rng.int(2, 4); i > 0; i--) {
    const company = factory.company(country, city)
    members.push({ ...company, phone: { ...switchboard, format: rng.pick(country.phone.usual) }, ...(sameBuilding ? { street, postalCode } : {}) })
  }
  return { kind: 'shared-phone', value: `+${country.phone.cc} ${switchboard.area} ${switchboard.subscriber}`, members }
}

function placeholderTaxId(rng: BenchRandom, factory: CompanyFactory): PlannedTrap {
  const value = rng.pick(PLACEHOLDER_TAX_IDS)
  const members: Company[] = []
  for (let i = rng.int(2, 4); i > 0; i--) {
    // A country-prefixed placeholder only turns up in that country's records.
    const country = /^[A-Z]{2}/.test(value) ? factory.countryByCode(value.slice(0, 2)) : factory.country(true)
    members.push({ ...factory.company(country), taxId: value, taxIdPlaceholder: true })
  }
  return { kind: 'placeholder-tax-id', value, members }
}

function similarName(rng: BenchRandom, factory: CompanyFactory): PlannedTrap | undefined {
  const country = factory.country(true)
  const city = rng.pick(country.cities)
  const legal = factory.legalForm(country)
  for (let attempt = 0; attempt < 20; attempt++) {
    const [word, lookAlike] = rng.pick(country.nearIndustries)
    const stem = rng.pickSkewed(country.stems)
    const pattern = rng.chance(0.8) ? '{stem} {industry}' : '{industry} {stem}'
    const a = factory.compose(country, city, { stem, industry: word, pattern, legal, legalAt: 'suffix' })
    const b = factory.compose(country, city, { stem, industry: lookAlike, pattern, legal, legalAt: 'suffix' })
    if (factory.isTaken(a.name) || factory.isTaken(b.name)) continue
    factory.claim(a.name)
    factory.claim(b.name)
    return { kind: 'similar-name', value: `${a.name} | ${b.name}`, members: [factory.companyNamed(country, city, a), factory.companyNamed(country, city, b)] }
  }
  return undefined
}

const HOLDING = 'Holding'

function companyGroup(rng: BenchRandom, factory: CompanyFactory): PlannedTrap | undefined {
  const country = factory.country(true)
  const city = rng.pick(country.cities)
  for (let attempt = 0; attempt < 20; attempt++) {
    const stem = rng.pickSkewed(country.stems)
    const industries = rng.shuffle([...country.industries]).slice(0, rng.int(2, 3))
    const names = [HOLDING, ...industries].map((industry) => factory.compose(country, city, { stem, industry, pattern: '{stem} {industry}', legalAt: 'suffix' }))
    if (names.some((n) => factory.isTaken(n.name))) continue
    names.forEach((n) => factory.claim(n.name))
    const domain = `${slug(stem, country.transliteration)}-${country.code === 'DE' || country.code === 'AT' || country.code === 'CH' ? 'gruppe' : 'group'}.${country.tld}`
    const street = factory.street(country)
    const postalCode = rng.fill(city.postal)
    const switchboard = factory.phone(country, city)
    const base = switchboard.subscriber.slice(0, -2)
    const members = names.map((n, i): Company => ({
      entityId: '',
      country,
      name: n.name,
      legal: n.legal,
      legalAt: n.legalAt,
      email: `${i === 0 ? 'info' : slug(n.industry, country.transliteration).replace(/-/g, '')}@${domain}`,
      // neighbouring extensions of one switchboard: numerically close, never equal
      phone: { ...switchboard, subscriber: `${base}${String(10 * (i + 1)).padStart(2, '0')}` },
      taxId: generateVatId(rng, country.code),
      street,
      postalCode,
      city: city.name,
    }))
    return { kind: 'company-group', value: `${stem} (${names.map((n) => n.name).join(' | ')})`, members }
  }
  return undefined
}

function homonym(rng: BenchRandom, factory: CompanyFactory): PlannedTrap | undefined {
  const country: CountryData = factory.country(true)
  if (country.cities.length < 2) return undefined
  const [cityA, cityB] = rng.shuffle([...country.cities]).slice(0, 2)
  // A plain "{stem} {industry}" name: one with a city in it would not be a believable twin elsewhere.
  let composed = factory.compose(country, cityA, { stem: rng.pickSkewed(country.stems), industry: rng.pickSkewed(country.industries), pattern: '{stem} {industry}' })
  for (let attempt = 0; factory.isTaken(composed.name); attempt++) {
    if (attempt > 20) return undefined
    composed = factory.compose(country, cityA, { stem: rng.pick(country.stems), industry: rng.pick(country.industries), pattern: '{stem} {industry}' })
  }
  factory.claim(composed.name)
  const a = factory.companyNamed(country, cityA, composed)
  // The second company's domain carries its city: two real companies never share one domain.
  const b = factory.companyNamed(country, cityB, composed, `-${slug(cityB.name, country.transliteration)}`)
  return { kind: 'homonym', value: withLegal(country, composed.core, composed.legal.form, composed.legalAt), members: [a, b] }
}
