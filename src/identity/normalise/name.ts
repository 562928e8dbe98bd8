import { foldPrepared, prepare, tokenise, tokenSet } from './fold'
import { connective, stripCjkForm, stripLatinForm } from './legal-forms'

export interface NormalisedName {
  /** The comparison key: folded tokens in written order, legal form removed. `''` for no name. */
  key: string
  /** Sorted unique tokens of `key`, for token-set comparison and term-frequency weights. */
  tokens: string[]
  /** Canonical code of the stripped legal form (`GMBH`, `LTD`, `KR_JSC`… see legal-forms.ts), or null. */
  legalForm: string | null
  /** First letters of the key's Latin tokens (`and` skipped) when there are two or more: `ibm` for
   * `International Business Machines`, so matching can compare a name with its abbreviation. */
  initials: string | null
}

const EMPTY: NormalisedName = Object.freeze({ key: '', tokens: [], legalForm: null, initials: null }) as unknown as NormalisedName

function initialsOf(tokens: string[]): string | null {
  let out = ''
  let words = 0
  for (const t of tokens) {
    if (t === 'and') continue
    const c = t.charCodeAt(0)
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) return null
    out += t[0]
    words++
  }
  return words >= 2 ? out : null
}

/**
 * The comparison form of a customer's name (see fold.ts for the character rules): `Müller Bau GmbH`
 * and `MUELLER BAU GMBH` both give key `mueller bau` with legal form `GMBH`; `&`, `+`, `und`, `et`
 * and a lone `u.` all become `and`; initialisms lose their dots (`I.B.M.` = `IBM`). A name written
 * only in Hangul, kana or Han keeps its characters (NFKC) and loses only its legal form, so
 * `주식회사 한빛`, `(주)한빛` and `한빛 주식회사` all give `한빛`.
 */
export function normaliseName(raw: string | null | undefined): NormalisedName {
  if (raw === null || raw === undefined) return EMPTY
  let s = prepare(raw)
  if (s === '') return EMPTY
  let legalForm: string | null = null
  const cjk = stripCjkForm(s)
  if (cjk !== null && cjk.rest !== '') {
    s = cjk.rest
    legalForm = cjk.code
  }
  const tokens = tokenise(foldPrepared(s))
  for (let i = 0; i < tokens.length; i++) tokens[i] = connective(tokens[i])
  if (tokens.length === 0) return EMPTY
  if (legalForm === null) legalForm = stripLatinForm(tokens)
  return { key: tokens.join(' '), tokens: tokenSet(tokens), legalForm, initials: initialsOf(tokens) }
}
