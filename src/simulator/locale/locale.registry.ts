import { weightedPicker } from '../random/seeded.random'
import { austria } from './at.locale'
import { belgium } from './be.locale'
import { switzerland } from './ch.locale'
import { germany } from './de.locale'
import { spain } from './es.locale'
import { france } from './fr.locale'
import { unitedKingdom } from './gb.locale'
import { italy } from './it.locale'
import type { CountryLocale } from './locale.types'
import { netherlands } from './nl.locale'
import { poland } from './pl.locale'

/** The countries customers come from; adding one is adding a file and a line here. */
export const COUNTRY_LOCALES: readonly CountryLocale[] = [germany, austria, switzerland, france, netherlands, belgium, unitedKingdom, italy, spain, poland]

export const pickCountry = weightedPicker(COUNTRY_LOCALES.map((locale) => [locale, locale.weight] as const))

const byCode = new Map(COUNTRY_LOCALES.map((locale) => [locale.code, locale]))

export function localeOf(countryCode: string): CountryLocale | undefined {
  return byCode.get(countryCode)
}
