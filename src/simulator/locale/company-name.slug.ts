import type { CountryLocale } from './locale.types'

const GERMAN_SPELLING: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' }
// Letters that Unicode decomposition leaves alone.
const SPECIAL_LETTERS: Record<string, string> = { ł: 'l', Ł: 'L', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd' }

/** "Müller & Weiß Bau" → "mueller-weiss-bau" (DE), "Mécanique Dubois" → "mecanique-dubois": a domain label. */
export function slugCompanyName(name: string, transliteration: CountryLocale['transliteration']): string {
  let text = name
  if (transliteration === 'german') text = text.replace(/[äöüßÄÖÜ]/g, (ch) => GERMAN_SPELLING[ch])
  text = text.replace(/[łŁøæœđ]/g, (ch) => SPECIAL_LETTERS[ch])
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** The name without its legal form ("Müller Bau GmbH & Co. KG" → "Müller Bau"): what a domain is made from. */
export function customerCore(name: string, locale: CountryLocale): string {
  for (const [legal] of locale.legalForms) if (name.endsWith(` ${legal}`)) return name.slice(0, -legal.length - 1)
  return name
}
