/**
 * Text folding shared by names, streets, cities and country names: the one place that decides when
 * two spellings of a word are the same word. Pure and allocation-light, because identity resolution
 * runs it on every field of every source customer (100,000 of them in the benchmark).
 *
 * Folding a string = NFKC, lower case, then per character:
 * - German/Nordic letters are transliterated, not stripped (`ä` → `ae`, `ø` → `oe`, `å` → `aa`, `ß` →
 *   `ss`), so `Müller` and `Mueller` meet; a bare accent strip would give `muller`, which `Mueller` never is.
 * - other Latin, Greek and Cyrillic letters lose their accents (NFKD, combining marks dropped):
 *   `é` → `e`, `ł` → `l`, `ç` → `c`.
 * - letters of other scripts (Hangul, kana, CJK ideographs…) are kept as NFKC made them: an NFKD
 *   strip would split Hangul syllables into jamo and turn `ガ` into `カ`, changing the word.
 * - `&` and `+` become the token `and`; apostrophes vanish (`McDonald's` → `mcdonalds`); every other
 *   non-letter, non-digit becomes a space.
 * The result of a non-ASCII character is computed once and cached: the cache holds at most one entry
 * per distinct character seen, so it stays small.
 */

/** Letters whose comparison form is not their accent-free base letter. */
const TRANSLITERATION: Record<string, string> = {
  'ä': 'ae', 'ö': 'oe', 'ü': 'ue', 'ß': 'ss', 'æ': 'ae', 'ø': 'oe', 'å': 'aa', 'œ': 'oe',
  'þ': 'th', 'ð': 'd', 'đ': 'd', 'ł': 'l', 'ı': 'i', 'ħ': 'h', 'ŧ': 't', 'ĸ': 'q',
}

/** Apostrophe look-alikes that NFKC leaves alone; they join, they do not separate. */
const APOSTROPHES = new Set([0x2018, 0x2019, 0x02bc, 0x00b4, 0x02b9, 0x2032])

const COMBINING_MARKS = /\p{M}/gu
const LETTERS_OR_DIGITS = /^[\p{L}\p{N}]+$/u
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u

/** ASCII characters, precomputed: most names are pure ASCII and never reach the cache. */
const ASCII: string[] = []
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c)
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) ASCII.push(ch)
  else if (c >= 0x41 && c <= 0x5a) ASCII.push(ch.toLowerCase())
  else if (ch === '&' || ch === '+') ASCII.push(' and ')
  else if (ch === "'" || ch === '`') ASCII.push('')
  else ASCII.push(' ')
}

const cache = new Map<number, string>()

/** Latin (incl. Extended Additional), Greek and Cyrillic: the scripts whose accents are decoration. */
function isAccentStrippable(cp: number): boolean {
  return cp < 0x0530 || (cp >= 0x1e00 && cp <= 0x1fff)
}

function computeFold(cp: number): string {
  const ch = String.fromCodePoint(cp)
  const lower = ch.toLowerCase()
  const t = TRANSLITERATION[lower]
  if (t !== undefined) return t
  if (APOSTROPHES.has(cp)) return ''
  if (isAccentStrippable(cp)) {
    const base = lower.normalize('NFKD').replace(COMBINING_MARKS, '')
    if (base === '') return '' // a stray combining mark
    return LETTERS_OR_DIGITS.test(base) ? base : ' '
  }
  return WORD_CHAR.test(ch) ? lower : ' '
}

/** The folded form of one non-ASCII code point (see the module comment). */
export function foldCodePoint(cp: number): string {
  let f = cache.get(cp)
  if (f === undefined) {
    f = computeFold(cp)
    cache.set(cp, f)
  }
  return f
}

/** The folded form of an ASCII code unit, or undefined above 127. */
export function foldAscii(c: number): string | undefined {
  return ASCII[c]
}

/** NFKC and lower case, trimmed: the first step of every comparison form. */
export function prepare(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().trim()
}

/** Folds a string that has already been through `prepare` (see the module comment). */
export function foldPrepared(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 128) {
      out += ASCII[c]
      continue
    }
    let cp = c
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      cp = s.codePointAt(i) as number
      i++
    }
    out += foldCodePoint(cp)
  }
  return out
}

function isSingleAsciiLetter(t: string): boolean {
  if (t.length !== 1) return false
  const c = t.charCodeAt(0)
  return c >= 0x61 && c <= 0x7a
}

/**
 * Splits folded text into tokens and joins runs of single Latin letters, so that initialisms compare
 * whatever their punctuation: `I.B.M.` = `IBM`, `S.A.` = `SA`, `e.K.` = `ek`, `Sp. z o.o.` = `sp zoo`,
 * `U.S.A.` = `usa`. A lone single letter stays as it is.
 */
export function tokenise(folded: string): string[] {
  const raw = folded.split(' ')
  const out: string[] = []
  let run = ''
  for (const t of raw) {
    if (t === '') continue
    if (isSingleAsciiLetter(t)) {
      run += t
      continue
    }
    if (run !== '') {
      out.push(run)
      run = ''
    }
    out.push(t)
  }
  if (run !== '') out.push(run)
  return out
}

/** Folded tokens of a raw string, the common path for cities and country names. */
export function foldTokens(raw: string): string[] {
  return tokenise(foldPrepared(prepare(raw)))
}

/** Sorted unique tokens: the token set that set-based comparisons and term frequencies use. */
export function tokenSet(tokens: readonly string[]): string[] {
  if (tokens.length <= 1) return tokens.slice()
  const sorted = tokens.slice().sort()
  let w = 1
  for (let r = 1; r < sorted.length; r++) if (sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r]
  sorted.length = w
  return sorted
}
