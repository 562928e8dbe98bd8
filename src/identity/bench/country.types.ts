import type { Weighted } from './bench.random'

/**
 * How a phone number is written. An original uses one of its country's `usual` formats; the
 * `phone-format` corruption rewrites the same number in another one, the way a second ERP (or a second
 * clerk) stores it: "+49 30 1234567", "030 1234567", "030/1234567", "0049 30 1234567", "+49 (0)30 1234567".
 */
export type PhoneFormat =
  | 'international'
  | 'international-compact'
  | 'international-00'
  | 'international-trunk'
  | 'national'
  | 'national-slash'
  | 'national-dash'

export interface PhonePlan {
  /** Country calling code without "+". */
  cc: string
  /**
   * What is dialled before the area code at home ("0"); empty where there is none (DK, ES, PL) and for
   * Italy, whose area codes keep their 0 abroad ("+39 02 …") and so carry it in CityData.area.
   */
  trunk: string
  usual: readonly PhoneFormat[]
}

export interface CityData {
  name: string
  /** `#` digit, `%` digit 1–9, `@` letter. */
  postal: string
  /** Area code without the trunk prefix; a pattern like `postal` (Danish numbers have no area codes). */
  area: string
  subscriber: string
}

export interface LegalFormData {
  form: string
  weight: number
  /** Other spellings of the same form (for `legal-form-variant`): long form, dots, case. */
  variants: readonly string[]
}

/**
 * Everything that makes a generated company look like it is from one country. Stems and industries are
 * listed most-common-first: they are picked with a front-loaded skew (BenchRandom.pickSkewed), so common
 * name tokens exist as they do in a real customer base ("Müller", "Bau", "Service").
 */
export interface CountryData {
  code: string
  /** Share of companies, relative to the other countries. */
  weight: number
  currency: string
  stems: readonly string[]
  industries: readonly string[]
  /** Industry words with a look-alike: "Bau"/"Bauelemente". Used for the similar-name trap. */
  nearIndustries: readonly (readonly [string, string])[]
  legalForms: readonly LegalFormData[]
  /** Share of names with the legal form in front (주식회사 한빛건설, 株式会社山田工業); 0 for Europe. */
  legalPrefixShare: number
  /** Between the core name and the legal form: " " in most places, "" in Japanese. */
  legalSeparator: string
  /** Placeholders {stem}, {stem2}, {industry}, {city}, {and}. */
  namePatterns: Weighted<string>
  and: string
  cities: readonly CityData[]
  streets: readonly string[]
  /** `{street}` and `{n}`. */
  addressLine: string
  houseNumbers: readonly string[]
  phone: PhonePlan
  firstNames: readonly string[]
  /** Role mailboxes beyond the universal info@, office@, sales@. */
  roleMailboxes: readonly string[]
  tld: string
  /** German-speaking countries write ü as ue when a system cannot store it; elsewhere accents are dropped. */
  transliteration: 'german' | 'plain'
  keyboard: 'qwertz' | 'qwerty' | 'azerty'
  /** Words that make the domain of a shared service provider (an accountant, an office service). */
  providerWords: readonly string[]
  /** Latin spelling of native-script stems and industries, for domains and mailboxes (KR, JP). */
  latin?: Readonly<Record<string, string>>
}
