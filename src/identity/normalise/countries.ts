import { foldTokens } from './fold'

/**
 * Country names and codes as ERPs write them → ISO 3166-1 alpha-2. Covers Europe (EU, EFTA, the UK
 * and neighbours) plus US, CA, KR, JP and CN: the markets erphub's connections serve today. Each
 * row lists the alpha-2 code, the alpha-3 code, and the English, German, native and (where common
 * in invoices) French names; keys are folded like names (`Österreich` → `oesterreich`, `U.S.A.` →
 * `usa`, `Korea, Republic of` → `korea republic of`), so any spelling that folds to a key matches.
 * Extend the table, not the code, when a connection brings a new country.
 */
const ROWS: ReadonlyArray<readonly [string, ...string[]]> = [
  ['AT', 'aut', 'austria', 'oesterreich', 'autriche', 'republik oesterreich'],
  ['BE', 'bel', 'belgium', 'belgien', 'belgique', 'belgie', 'belgio'],
  ['BG', 'bgr', 'bulgaria', 'bulgarien', 'bulgarie', 'българия'],
  ['HR', 'hrv', 'croatia', 'kroatien', 'hrvatska', 'croatie'],
  ['CY', 'cyp', 'cyprus', 'zypern', 'chypre', 'kypros'],
  ['CZ', 'cze', 'czech republic', 'czechia', 'tschechien', 'tschechische republik', 'cesko', 'ceska republika', 'republique tcheque'],
  ['DK', 'dnk', 'denmark', 'daenemark', 'danmark', 'danemark'],
  ['EE', 'est', 'estonia', 'estland', 'eesti', 'estonie'],
  ['FI', 'fin', 'finland', 'finnland', 'suomi', 'finlande'],
  ['FR', 'fra', 'france', 'frankreich', 'republique francaise'],
  ['DE', 'deu', 'ger', 'germany', 'deutschland', 'brd', 'bundesrepublik deutschland', 'allemagne', 'germania', 'alemania', 'federal republic of germany'],
  ['GR', 'grc', 'greece', 'griechenland', 'grece', 'hellas', 'ellada', 'ελλαδα', 'ελλάδα'],
  ['HU', 'hun', 'hungary', 'ungarn', 'magyarorszag', 'hongrie'],
  ['IS', 'isl', 'iceland', 'island', 'islande'],
  ['IE', 'irl', 'ireland', 'irland', 'eire', 'irlande', 'republic of ireland'],
  ['IT', 'ita', 'italy', 'italien', 'italia', 'italie'],
  ['LV', 'lva', 'latvia', 'lettland', 'latvija', 'lettonie'],
  ['LI', 'lie', 'liechtenstein', 'fuerstentum liechtenstein'],
  ['LT', 'ltu', 'lithuania', 'litauen', 'lietuva', 'lituanie'],
  ['LU', 'lux', 'luxembourg', 'luxemburg', 'letzebuerg'],
  ['MT', 'mlt', 'malta', 'malte'],
  ['MC', 'mco', 'monaco'],
  ['NL', 'nld', 'netherlands', 'the netherlands', 'niederlande', 'nederland', 'holland', 'pays bas'],
  ['NO', 'nor', 'norway', 'norwegen', 'norge', 'norvege'],
  ['PL', 'pol', 'poland', 'polen', 'polska', 'pologne'],
  ['PT', 'prt', 'portugal'],
  ['RO', 'rou', 'romania', 'rumaenien', 'roumanie'],
  ['SK', 'svk', 'slovakia', 'slowakei', 'slovensko', 'slovaquie', 'slovak republic'],
  ['SI', 'svn', 'slovenia', 'slowenien', 'slovenija', 'slovenie'],
  ['ES', 'esp', 'spain', 'spanien', 'espana', 'espagne'],
  ['SE', 'swe', 'sweden', 'schweden', 'sverige', 'suede'],
  ['CH', 'che', 'switzerland', 'schweiz', 'suisse', 'svizzera', 'svizra', 'helvetia', 'confoederatio helvetica'],
  ['GB', 'gbr', 'uk', 'united kingdom', 'great britain', 'britain', 'grossbritannien', 'vereinigtes koenigreich', 'england', 'scotland', 'wales', 'northern ireland', 'royaume uni', 'united kingdom of great britain and northern ireland'],
  ['AD', 'and', 'andorra', 'andorre'],
  ['SM', 'smr', 'san marino'],
  ['VA', 'vat', 'vatican', 'vatican city', 'holy see', 'vatikan'],
  ['AL', 'alb', 'albania', 'albanien', 'shqiperia'],
  ['BA', 'bih', 'bosnia and herzegovina', 'bosnien und herzegowina', 'bosna i hercegovina'],
  ['ME', 'mne', 'montenegro', 'crna gora'],
  ['MK', 'mkd', 'north macedonia', 'nordmazedonien', 'macedonia'],
  ['RS', 'srb', 'serbia', 'serbien', 'srbija'],
  ['UA', 'ukr', 'ukraine', 'ukraina'],
  ['MD', 'mda', 'moldova', 'moldau', 'republic of moldova'],
  ['TR', 'tur', 'turkey', 'tuerkei', 'turkiye', 'tuerkiye'],
  ['US', 'usa', 'united states', 'united states of america', 'america', 'vereinigte staaten', 'vereinigte staaten von amerika', 'etats unis'],
  ['CA', 'can', 'canada', 'kanada'],
  ['KR', 'kor', 'korea', 'south korea', 'republic of korea', 'korea republic of', 'korea south', 'suedkorea', 'republik korea', '대한민국', '한국', 'coree du sud'],
  ['JP', 'jpn', 'japan', 'nippon', 'nihon', '日本', '日本国', 'japon'],
  ['CN', 'chn', 'china', 'peoples republic of china', 'people s republic of china', 'pr china', 'prc', 'volksrepublik china', 'vr china', '中国', '中华人民共和国', 'chine'],
]

const BY_KEY = new Map<string, string>()
for (const [alpha2, ...names] of ROWS) {
  BY_KEY.set(alpha2.toLowerCase(), alpha2)
  for (const n of names) BY_KEY.set(foldTokens(n).join(' '), alpha2)
}
// `EL` is Greece's code in EU VAT numbers, and ERPs that reuse VAT codes write it as the country.
BY_KEY.set('el', 'GR')

/** Every alpha-2 code the table knows. */
export const KNOWN_COUNTRIES: ReadonlySet<string> = new Set(ROWS.map((r) => r[0]))

/**
 * ISO 3166-1 alpha-2 for a country as an ERP wrote it (code, alpha-3 or a name from the table), or
 * null when the table does not know it: an unknown country is missing, never guessed.
 */
export function normaliseCountry(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null
  const t = raw.trim()
  if (t === '') return null
  if (t.length === 2) {
    const c0 = t.charCodeAt(0) | 0x20
    const c1 = t.charCodeAt(1) | 0x20
    if (c0 >= 0x61 && c0 <= 0x7a && c1 >= 0x61 && c1 <= 0x7a) return BY_KEY.get(t.toLowerCase()) ?? null
  }
  let tokens = foldTokens(t)
  if (tokens[0] === 'the') tokens = tokens.slice(1)
  return BY_KEY.get(tokens.join(' ')) ?? null
}
