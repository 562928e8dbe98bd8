import type { CityData, PhoneFormat, PhonePlan } from './country.types'

/**
 * The string-level tools the generator and its corruptions share: domain slugs, transliteration, keyboard
 * neighbours, OCR confusions, street and conjunction abbreviations, and phone rendering. Each table is
 * small and explicit so that a per-corruption recall number can be traced back to what was done.
 */

const GERMAN_SPELLING: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' }
/** Letters that NFD does not split into base + mark. */
const STANDALONE_LETTERS: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'oe', Ø: 'Oe', æ: 'ae', Æ: 'Ae', œ: 'oe', đ: 'd', å: 'aa', Å: 'Aa' }

/**
 * What a system without umlauts or accents stores: "Müller" → "Mueller" (German-speaking countries, where
 * that is the official spelling rule), "Lefèvre" → "Lefevre", "Łódź" → "Lodz", "Sørensen" → "Soerensen".
 */
export function transliterate(text: string, style: 'german' | 'plain'): string {
  let out = style === 'german' ? text.replace(/[äöüßÄÖÜ]/g, (ch) => GERMAN_SPELLING[ch]) : text.replace(/ß/g, 'ss')
  out = out.replace(/[łŁøØæÆœđåÅ]/g, (ch) => STANDALONE_LETTERS[ch])
  return out.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')
}

/** A domain label from a company's core name: "Müller & Weiß Bau" → "mueller-weiss-bau". */
export function slug(text: string, style: 'german' | 'plain'): string {
  return transliterate(text, style)
    .toLowerCase()
    .replace(/&/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

const LAYOUT_ROWS: Readonly<Record<'qwertz' | 'qwerty' | 'azerty', readonly string[]>> = {
  qwertz: ['1234567890', 'qwertzuiopü', 'asdfghjklöä', 'yxcvbnm'],
  qwerty: ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'],
  azerty: ['1234567890', 'azertyuiop', 'qsdfghjklm', 'wxcvbn'],
}

/**
 * Keys next to each key (same row ±1, the row above and below at the same and the adjacent position):
 * a slipped finger, the `keyboard` corruption. Built once per layout.
 */
function neighbourTable(rows: readonly string[]): Map<string, string> {
  const table = new Map<string, string>()
  rows.forEach((row, r) => {
    for (let i = 0; i < row.length; i++) {
      let near = ''
      for (const [dr, di] of [[0, -1], [0, 1], [-1, 0], [-1, 1], [1, 0], [1, -1]] as const) {
        const ch = rows[r + dr]?.[i + di]
        if (ch) near += ch
      }
      table.set(row[i], near)
    }
  })
  return table
}

const NEIGHBOURS = {
  qwertz: neighbourTable(LAYOUT_ROWS.qwertz),
  qwerty: neighbourTable(LAYOUT_ROWS.qwerty),
  azerty: neighbourTable(LAYOUT_ROWS.azerty),
}

export function keyboardNeighbours(layout: 'qwertz' | 'qwerty' | 'azerty', ch: string): string {
  return NEIGHBOURS[layout].get(ch.toLowerCase()) ?? ''
}

/** Scanned or faxed forms typed back in: the classic optical confusions, in both directions. */
export const OCR_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['0', 'O'], ['O', '0'], ['1', 'l'], ['l', '1'], ['I', 'l'], ['rn', 'm'], ['m', 'rn'], ['5', 'S'], ['S', '5'], ['8', 'B'], ['B', '8'], ['cl', 'd'], ['vv', 'w'], ['e', 'c'], ['h', 'b'],
]

/**
 * Abbreviations a clerk or an ERP's short field makes, and their expansions: street words per language,
 * "&" ↔ the country's "and", common name words. Each rule is a regex on one token and its replacement;
 * the corruption applies one rule that matches.
 */
export const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/straße(?!\p{L})/u, 'str.'], [/Straße(?!\p{L})/u, 'Str.'], [/strasse\b/, 'str.'], [/Strasse\b/, 'Str.'], [/\bStr\./, 'Straße'], [/gasse\b/, 'g.'],
  [/straat\b/, 'str.'], [/\bStreet\b/, 'St'], [/\bRoad\b/, 'Rd'], [/\bAvenue\b/, 'Ave'], [/\bLane\b/, 'Ln'],
  [/\brue\b/, 'r.'], [/\bRue\b/, 'R.'], [/\bavenue\b/, 'av.'], [/\bboulevard\b/, 'bd'], [/\bBoulevard\b/, 'Bd'], [/\bVia\b/, 'V.'], [/\bViale\b/, 'V.le'], [/\bCorso\b/, 'C.so'], [/\bPiazza\b/, 'P.zza'],
  [/\bCalle\b/, 'C/'], [/\bAvenida\b/, 'Avda.'], [/\bPaseo\b/, 'Pº'], [/\bPlaza\b/, 'Pl.'], [/\bul\. /, 'ulica '], [/\bal\. /, 'aleja '], [/gatan\b/, 'g.'], [/vägen\b/, 'v.'], [/gade\b/, 'g.'],
  [/\bSankt\b/, 'St.'], [/\bSaint\b/, 'St'], [/\bSan\b/, 'S.'], [/\bSint\b/, 'St.'], [/Sankt-/, 'St.-'], [/Saint-/, 'St-'],
  [/\bGebrüder\b/, 'Gebr.'], [/\bService\b/, 'Serv.'], [/\bServices\b/, 'Svcs'], [/\bTechnik\b/, 'Techn.'], [/\bEngineering\b/, 'Eng.'], [/\bConstruction\b/, 'Constr.'], [/\bInternational\b/, 'Intl.'],
  [/\bCostruzioni\b/, 'Costr.'], [/\bConstrucciones\b/, 'Constr.'], [/\bTransportes\b/, 'Transp.'], [/\bDistribution\b/, 'Distrib.'], [/\bLogistik\b/, 'Log.'],
]

export const AND_WORDS: Readonly<Record<string, string>> = { DE: 'und', AT: 'und', CH: 'und', NL: 'en', BE: 'en', FR: 'et', IT: 'e', ES: 'y', PL: 'i', DK: 'og', SE: 'och', GB: 'and' }

export interface PhoneParts {
  area: string
  subscriber: string
}

/**
 * One number in one written form, or undefined when the form does not exist in that country (no trunk
 * prefix → no "(0)"). The area and subscriber are kept apart so every form can be rendered from them.
 */
export function renderPhone(plan: PhonePlan, parts: PhoneParts, format: PhoneFormat): string | undefined {
  const { cc, trunk } = plan
  const sub = parts.subscriber
  const compactSub = sub.replace(/[\s-]/g, '')
  switch (format) {
    case 'international':
      return `+${cc} ${parts.area} ${sub}`
    case 'international-compact':
      return `+${cc}${parts.area}${compactSub}`
    case 'international-00':
      return `00${cc} ${parts.area} ${sub}`
    case 'international-trunk':
      return trunk ? `+${cc} (${trunk})${parts.area} ${sub}` : undefined
    case 'national':
      return `${trunk}${parts.area} ${sub}`
    case 'national-slash':
      return `${trunk}${parts.area}/${compactSub}`
    case 'national-dash':
      return `${trunk}${parts.area}-${sub}`
  }
}

export const ALL_PHONE_FORMATS: readonly PhoneFormat[] = ['international', 'international-compact', 'international-00', 'international-trunk', 'national', 'national-slash', 'national-dash']

export function phoneParts(fill: (pattern: string) => string, city: CityData): PhoneParts {
  return { area: fill(city.area), subscriber: fill(city.subscriber) }
}
