import { type BenchRandom, weighted } from './bench.random'
import { JAPAN, KOREA } from './countries.asia.data'
import { AUSTRIA, BELGIUM, DENMARK, FRANCE, GERMANY, ITALY, NETHERLANDS, POLAND, SPAIN, SWEDEN, SWITZERLAND, UNITED_KINGDOM } from './countries.europe.data'
import type { CityData, CountryData, LegalFormData, PhoneFormat } from './country.types'
import { type PhoneParts, slug } from './text.tools'
import { generateVatId } from './vat.checksum'

export const COUNTRIES: readonly CountryData[] = [GERMANY, AUSTRIA, SWITZERLAND, NETHERLANDS, BELGIUM, FRANCE, ITALY, SPAIN, POLAND, DENMARK, SWEDEN, UNITED_KINGDOM, KOREA, JAPAN]

/** A real company: what every one of its records is rendered from. `entityId` is set once all exist. */
export interface Company {
  entityId: string
  country: CountryData
  name: string
  legal: LegalFormData
  legalAt: 'prefix' | 'suffix'
  email?: string
  phone?: PhoneParts & { format: PhoneFormat }
  taxId?: string
  /** A placeholder such as "000000": the `tax-id-typo` corruption leaves it alone. */
  taxIdPlaceholder?: boolean
  street?: string
  postalCode: string
  city: string
}

// Shares of originals without the field: ERPs are incomplete, and a matcher must not need every field.
const NO_EMAIL = 0.1
const NO_PHONE = 0.08
const NO_TAX_ID = 0.12
const NO_STREET = 0.03
/** Share of role mailboxes (info@, office@, sales@ …); the rest are a person's mailbox. */
const ROLE_MAILBOX = 0.55
const NAME_ATTEMPTS = 12

export function withLegal(country: CountryData, core: string, form: string, at: 'prefix' | 'suffix'): string {
  return at === 'prefix' ? `${form}${country.legalSeparator}${core}` : `${core}${country.legalSeparator}${form}`
}

interface NameParts {
  stem: string
  industry: string
  pattern?: string
  legal?: LegalFormData
  legalAt?: 'prefix' | 'suffix'
}

export interface ComposedName {
  name: string
  /** The name without its legal form. */
  core: string
  /** Domain label ("mueller-bau"), from the Latin spelling for KR/JP. */
  label: string
  stem: string
  industry: string
  legal: LegalFormData
  legalAt: 'prefix' | 'suffix'
}

/**
 * Builds companies: names unique across the dataset unless a trap wants otherwise, contact data in each
 * country's conventions, valid VAT ids. Traps (traps.generate.ts) use the same pieces with constraints.
 */
export class CompanyFactory {
  private readonly taken = new Set<string>()
  private readonly pickCountry = weighted(COUNTRIES.map((c) => [c, c.weight] as const))
  private readonly pickEuropean = weighted(COUNTRIES.filter((c) => !c.latin).map((c) => [c, c.weight] as const))
  private readonly legalPickers = new Map<CountryData, (rng: BenchRandom) => LegalFormData>()
  private readonly patternPickers = new Map<CountryData, (rng: BenchRandom) => string>()

  constructor(private readonly rng: BenchRandom) {}

  country(european = false): CountryData {
    return european ? this.pickEuropean(this.rng) : this.pickCountry(this.rng)
  }

  countryByCode(code: string): CountryData {
    const country = COUNTRIES.find((c) => c.code === code)
    if (!country) throw new Error(`no country data for ${code}`)
    return country
  }

  legalForm(country: CountryData): LegalFormData {
    let picker = this.legalPickers.get(country)
    if (!picker) this.legalPickers.set(country, (picker = weighted(country.legalForms.map((l) => [l, l.weight] as const))))
    return picker(this.rng)
  }

  private pattern(country: CountryData): string {
    let picker = this.patternPickers.get(country)
    if (!picker) this.patternPickers.set(country, (picker = weighted(country.namePatterns)))
    return picker(this.rng)
  }

  isTaken(name: string): boolean {
    return this.taken.has(name)
  }

  claim(name: string): void {
    this.taken.add(name)
  }

  /** A name from given parts, not yet checked for uniqueness. */
  compose(country: CountryData, city: CityData, parts: NameParts): ComposedName {
    const rng = this.rng
    const pattern = parts.pattern ?? this.pattern(country)
    let stem2 = rng.pickSkewed(country.stems)
    if (stem2 === parts.stem) stem2 = country.stems[(country.stems.indexOf(parts.stem) + 1) % country.stems.length]
    const fillWith = (stem: string, second: string, industry: string, cityName: string): string =>
      pattern.replace('{stem}', stem).replace('{stem2}', second).replace('{industry}', industry).replace('{city}', cityName).replace('{and}', country.and)
    const core = fillWith(parts.stem, stem2, parts.industry, city.name)
    const latin = country.latin
    const label = latin
      ? slug(fillWith(latin[parts.stem] ?? parts.stem, latin[stem2] ?? stem2, latin[parts.industry] ?? parts.industry, '').replace(/\s+/g, ''), 'plain')
      : slug(core, country.transliteration)
    const legal = parts.legal ?? this.legalForm(country)
    const legalAt = parts.legalAt ?? (rng.chance(country.legalPrefixShare) ? 'prefix' : 'suffix')
    const name = withLegal(country, core, legal.form, legalAt)
    return { name, core, label, stem: parts.stem, industry: parts.industry, legal, legalAt }
  }

  /**
   * A fresh unique name. Skewed picks first (they make the frequent tokens); when those keep colliding, as
   * they do in large datasets, uniform picks, then two stems, then a branch number.
   */
  uniqueName(country: CountryData, city: CityData): ComposedName {
    const rng = this.rng
    for (let attempt = 0; ; attempt++) {
      const uniform = attempt >= NAME_ATTEMPTS
      const parts: NameParts = {
        stem: uniform ? rng.pick(country.stems) : rng.pickSkewed(country.stems),
        industry: uniform ? rng.pick(country.industries) : rng.pickSkewed(country.industries),
      }
      if (attempt >= NAME_ATTEMPTS * 2) parts.pattern = country.latin ? '{stem}{stem2}{industry}' : '{stem} {and} {stem2} {industry}'
      const composed = this.compose(country, city, parts)
      if (attempt >= NAME_ATTEMPTS * 3) {
        const branch = String(attempt - NAME_ATTEMPTS * 3 + 2)
        composed.core = `${composed.core} ${branch}`
        composed.name = withLegal(country, composed.core, composed.legal.form, composed.legalAt)
        composed.label += `-${branch}`
      }
      if (!this.taken.has(composed.name)) {
        this.taken.add(composed.name)
        return composed
      }
    }
  }

  street(country: CountryData): string {
    const rng = this.rng
    return country.addressLine.replace('{street}', rng.pick(country.streets)).replace('{n}', rng.fill(rng.pick(country.houseNumbers)))
  }

  phone(country: CountryData, city: CityData): PhoneParts & { format: PhoneFormat } {
    const rng = this.rng
    return { area: rng.fill(city.area), subscriber: rng.fill(city.subscriber), format: rng.pick(country.phone.usual) }
  }

  /** info@ most often, then office@ and sales@, then the country's own role names. */
  roleMailbox(country: CountryData): string {
    const rng = this.rng
    const r = rng.next()
    if (r < 0.5) return 'info'
    if (r < 0.62) return 'office'
    if (r < 0.74) return 'sales'
    return rng.pick(country.roleMailboxes)
  }

  personalMailbox(country: CountryData): string {
    const rng = this.rng
    const first = rng.pick(country.firstNames)
    const last = country.latin ? rng.pick(Object.values(country.latin).slice(0, 8)) : slug(rng.pickSkewed(country.stems), country.transliteration).replace(/-/g, '')
    const style = rng.int(0, 2)
    return style === 0 ? `${first}.${last}` : style === 1 ? `${first[0]}.${last}` : `${first[0]}${last}`
  }

  email(country: CountryData, label: string): string {
    const local = this.rng.chance(ROLE_MAILBOX) ? this.roleMailbox(country) : this.personalMailbox(country)
    return `${local}@${label}.${country.tld}`
  }

  /** An ordinary company with every field drawn independently. */
  company(country = this.country(), city = this.rng.pick(country.cities)): Company {
    const rng = this.rng
    const composed = this.uniqueName(country, city)
    return {
      entityId: '',
      country,
      name: composed.name,
      legal: composed.legal,
      legalAt: composed.legalAt,
      email: rng.chance(NO_EMAIL) ? undefined : this.email(country, composed.label),
      phone: rng.chance(NO_PHONE) ? undefined : this.phone(country, city),
      taxId: rng.chance(NO_TAX_ID) ? undefined : generateVatId(rng, country.code),
      street: rng.chance(NO_STREET) ? undefined : this.street(country),
      postalCode: rng.fill(city.postal),
      city: city.name,
    }
  }

  /** A company with a given composed name (traps), other fields drawn as usual but always present. */
  companyNamed(country: CountryData, city: CityData, composed: ComposedName, labelSuffix = ''): Company {
    const rng = this.rng
    return {
      entityId: '',
      country,
      name: composed.name,
      legal: composed.legal,
      legalAt: composed.legalAt,
      email: this.email(country, composed.label + labelSuffix),
      phone: this.phone(country, city),
      taxId: generateVatId(rng, country.code),
      street: this.street(country),
      postalCode: rng.fill(city.postal),
      city: city.name,
    }
  }
}
