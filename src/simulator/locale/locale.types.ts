import type { WeightedEntries } from '../random/seeded.random'

/** Patterns use `#` for a digit, `%` for a digit 1–9 and `@` for a letter (see Random.fill). */
export interface CityLocale {
  name: string
  postal: string
  phone: string
}

/**
 * Everything that makes a customer look like it comes from one country. Name patterns use the
 * placeholders {surname}, {surname2}, {trade}, {city} and {legal}.
 */
export interface CountryLocale {
  code: string
  /** Share of customers, relative to the other countries. */
  weight: number
  currency: string
  surnames: readonly string[]
  trades: readonly string[]
  legalForms: WeightedEntries<string>
  namePatterns: WeightedEntries<string>
  cities: readonly CityLocale[]
  streets: readonly string[]
  /** `{street}` and `{n}` (house number). */
  addressLine: string
  vat: string
  emailLocals: readonly string[]
  tld: string
  /** German-speaking countries spell ü as ue in domains; elsewhere accents are simply dropped. */
  transliteration: 'german' | 'plain'
}
