import { slugCompanyName } from '../locale/company-name.slug'
import { pickCountry } from '../locale/locale.registry'
import type { CityLocale, CountryLocale } from '../locale/locale.types'
import { weightedPicker, type Random } from '../random/seeded.random'
import type { SimCustomer } from '../simulator.types'
import { assignUpdatedAt, DAY_MS, MINUTE_MS } from './timestamp.assign'

const NULL_EMAIL = 0.07
const NULL_PHONE = 0.06
const NULL_VAT = 0.08
const NAME_ATTEMPTS = 8

export function customerId(seq: number): string {
  return `CUST-${String(seq).padStart(6, '0')}`
}

interface LocalePickers {
  legal: (rng: Random) => string
  pattern: (rng: Random) => string
}
const pickersByLocale = new Map<CountryLocale, LocalePickers>()

function pickersOf(locale: CountryLocale): LocalePickers {
  let pickers = pickersByLocale.get(locale)
  if (!pickers) {
    pickers = { legal: weightedPicker(locale.legalForms), pattern: weightedPicker(locale.namePatterns) }
    pickersByLocale.set(locale, pickers)
  }
  return pickers
}

/**
 * A company name unique within the dataset (real customers rarely share one exactly, and identity
 * resolution downstream should see deliberate look-alikes, not accidental twins). `core` is the name
 * without its legal form, the part a company's domain is made from.
 */
function companyName(rng: Random, locale: CountryLocale, city: CityLocale, taken: Set<string>): { name: string; core: string } {
  const pickers = pickersOf(locale)
  for (let attempt = 0; ; attempt++) {
    const pattern = attempt < NAME_ATTEMPTS ? pickers.pattern(rng) : '{surname} {trade} {city} {legal}'
    const surname = rng.pick(locale.surnames)
    let surname2 = rng.pick(locale.surnames)
    if (surname2 === surname) surname2 = locale.surnames[(locale.surnames.indexOf(surname) + 1) % locale.surnames.length]
    const legal = pickers.legal(rng)
    let core = pattern
      .replace(' {legal}', '')
      .replace('{surname}', surname)
      .replace('{surname2}', surname2)
      .replace('{trade}', rng.pick(locale.trades))
      .replace('{city}', city.name)
    core = core.charAt(0).toUpperCase() + core.slice(1)
    // Past a few tries the space is crowded (huge datasets): a branch number keeps names distinct.
    if (attempt > NAME_ATTEMPTS + 4) core = `${core} ${attempt - NAME_ATTEMPTS - 3}`
    const name = `${core} ${legal}`
    if (!taken.has(name)) {
      taken.add(name)
      return { name, core }
    }
  }
}

/** One customer with empty timestamps; the caller decides when it was created and last changed. */
export function buildCustomer(rng: Random, seq: number, takenNames: Set<string>): SimCustomer {
  const locale = pickCountry(rng)
  const city = rng.pick(locale.cities)
  const { name, core } = companyName(rng, locale, city, takenNames)
  const email = rng.chance(NULL_EMAIL) ? null : `${rng.pick(locale.emailLocals)}@${slugCompanyName(core, locale.transliteration)}.${locale.tld}`
  const phone = rng.chance(NULL_PHONE) ? null : rng.fill(city.phone)
  const vatId = rng.chance(NULL_VAT) ? null : rng.fill(locale.vat)
  return {
    id: customerId(seq),
    name,
    email,
    phone,
    vat_id: vatId,
    address: {
      street: streetLine(rng, locale),
      city: city.name,
      postal_code: rng.fill(city.postal),
      country: locale.code,
    },
    currency: locale.currency,
    created_at: '',
    updated_at: '',
  }
}

export function streetLine(rng: Random, locale: CountryLocale): string {
  return locale.addressLine.replace('{street}', rng.pick(locale.streets)).replace('{n}', String(rng.int(1, 160)))
}

/** Customers created over the past four years, each last changed some time in the past year. */
export function generateCustomers(count: number, rng: Random, nowMs: number, takenNames: Set<string>): SimCustomer[] {
  const records: SimCustomer[] = new Array(count)
  const wished = new Float64Array(count)
  const yearAgo = nowMs - 365 * DAY_MS
  for (let i = 0; i < count; i++) {
    const customer = buildCustomer(rng, i + 1, takenNames)
    const createdMs = Math.floor(nowMs - 30 * DAY_MS - rng.next() * 4 * 365 * DAY_MS)
    customer.created_at = new Date(createdMs).toISOString()
    const from = Math.max(createdMs, yearAgo)
    wished[i] = from + rng.next() * (nowMs - MINUTE_MS - from)
    records[i] = customer
  }
  return assignUpdatedAt(records, wished)
}
