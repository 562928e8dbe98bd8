import { foldPrepared, prepare, tokenise } from './fold'

/**
 * Legal forms of companies, stripped from names for comparison and kept as a canonical code: the
 * same company is `Müller Bau GmbH` in one ERP and `Müller Bau` in another, and `ACME Ltd.` is
 * `Acme Limited`. Written forms are folded and tokenised like names, so punctuation and case do not
 * matter (`S.A.` = `SA`, `e.K.` = `EK`, `Sp. z o.o.` = `sp zoo`, `A/S` = `as`). Forms that share a
 * token share a code: Danish A/S, Norwegian AS and Czech/Slovak a.s. are all `AS`.
 *
 * `prefix: true` marks forms that are also written before the name (`AB Volvo`, `Oy Hartwall`);
 * others are only stripped at the end, because a leading `SE`, `Co` or `AG` is too often part of
 * the name itself.
 */
interface LegalFormRow {
  code: string
  forms: string[]
  prefix?: boolean
}

const LATIN_ROWS: LegalFormRow[] = [
  { code: 'GMBH_CO_KG', forms: ['GmbH & Co. KG', 'GmbH u. Co. KG', 'GmbH und Co. KG', 'GmbH & Co KG', 'GmbH Co KG', 'GmbH & Cie. KG'] },
  { code: 'GMBH_CO_KGAA', forms: ['GmbH & Co. KGaA'] },
  { code: 'AG_CO_KG', forms: ['AG & Co. KG', 'AG & Co KG'] },
  { code: 'UG_CO_KG', forms: ['UG (haftungsbeschränkt) & Co. KG', 'UG & Co. KG'] },
  { code: 'SE_CO_KG', forms: ['SE & Co. KG'] },
  { code: 'GMBH', forms: ['GmbH', 'Ges.m.b.H.', 'Gesellschaft mit beschränkter Haftung', 'mbH'] },
  { code: 'GGMBH', forms: ['gGmbH'] },
  { code: 'UG', forms: ['UG (haftungsbeschränkt)', 'UG (haftungsbeschr.)', 'UG haftungsbeschränkt', 'UG'] },
  { code: 'KG', forms: ['KG', 'Kommanditgesellschaft'] },
  { code: 'KGAA', forms: ['KGaA'] },
  { code: 'OHG', forms: ['OHG', 'oHG', 'OG'] },
  { code: 'GBR', forms: ['GbR'] },
  { code: 'PARTG', forms: ['PartG', 'PartG mbB', 'PartGmbB'] },
  { code: 'AG', forms: ['AG', 'Aktiengesellschaft'] },
  { code: 'SE', forms: ['SE'] },
  { code: 'EK', forms: ['e.K.', 'e.Kfm.', 'e.Kfr.', 'eingetragener Kaufmann', 'eingetragene Kauffrau'] },
  { code: 'EV', forms: ['e.V.', 'eingetragener Verein'] },
  { code: 'EG', forms: ['eG', 'e.G.', 'eingetragene Genossenschaft'] },
  { code: 'LTD', forms: ['Ltd', 'Ltd.', 'Limited', 'Co. Ltd.', 'Co., Ltd.', 'Company Limited', 'Pty Ltd', 'Pty. Ltd.', 'Private Limited', 'Pvt Ltd'] },
  { code: 'PLC', forms: ['PLC', 'p.l.c.', 'Public Limited Company'] },
  { code: 'LLC', forms: ['LLC', 'L.L.C.', 'Limited Liability Company'] },
  { code: 'LLP', forms: ['LLP', 'L.L.P.'] },
  { code: 'INC', forms: ['Inc', 'Inc.', 'Incorporated'] },
  { code: 'CORP', forms: ['Corp', 'Corp.', 'Corporation'] },
  { code: 'CO', forms: ['Co.', 'Company', '& Co.', 'und Co.', '& Cie.', 'Cie'] },
  { code: 'SA', forms: ['S.A.', 'SA', 'Société Anonyme', 'Sociedad Anónima'] },
  { code: 'SAS', forms: ['SAS', 'S.A.S.', 'SASU'] },
  { code: 'SARL', forms: ['SARL', 'S.à r.l.', 'S.a.r.l.', 'EURL'] },
  { code: 'SRL', forms: ['S.r.l.', 'SRL', 'S.R.L.', 'Srl'] },
  { code: 'SPA', forms: ['S.p.A.', 'SpA'] },
  { code: 'SL', forms: ['S.L.', 'SL', 'S.L.U.', 'SLU'] },
  { code: 'LDA', forms: ['Lda', 'Lda.'] },
  { code: 'BV', forms: ['B.V.', 'BV', 'besloten vennootschap'] },
  { code: 'NV', forms: ['N.V.', 'NV', 'naamloze vennootschap'] },
  { code: 'BVBA', forms: ['BVBA', 'bvba', 'SPRL'] },
  { code: 'AB', forms: ['AB', 'Aktiebolag', 'Aktiebolaget'], prefix: true },
  { code: 'AS', forms: ['AS', 'A/S', 'a.s.', 'Aksjeselskap', 'Aktieselskab', 'akciová společnost'], prefix: true },
  { code: 'ASA', forms: ['ASA'] },
  { code: 'APS', forms: ['ApS', 'Anpartsselskab'] },
  { code: 'OY', forms: ['Oy', 'Oyj', 'Osakeyhtiö'], prefix: true },
  { code: 'SP_ZOO', forms: ['Sp. z o.o.', 'Sp.z o.o.', 'sp. z.o.o.', 'spółka z ograniczoną odpowiedzialnością'] },
  { code: 'SRO', forms: ['s.r.o.', 'spol. s r.o.', 'spol. s.r.o.'] },
  { code: 'KFT', forms: ['Kft.', 'Kft', 'Zrt.', 'Nyrt.', 'Bt.'] },
  { code: 'KK', forms: ['K.K.', 'KK', 'Kabushiki Kaisha', 'Kabushiki-gaisha'], prefix: true },
  { code: 'UAB', forms: ['UAB'], prefix: true },
  { code: 'SIA', forms: ['SIA'], prefix: true },
]

/**
 * Korean, Japanese and Chinese forms, matched on the NFKC text (not on tokens): they are written
 * glued to the name or apart, before or after it (`주식회사 한빛`, `(주)한빛`, `한빛 주식회사`,
 * `株式会社トヨタ`), and NFKC already turns the enclosed `㈜`/`㈱` and full-width `（株）` into
 * `(주)`/`(株)`. Longest forms first, so `股份有限公司` is not read as `有限公司`.
 */
const CJK_ROWS: ReadonlyArray<readonly [string, string]> = [
  ['유한책임회사', 'KR_LLC'],
  ['주식회사', 'KR_JSC'],
  ['유한회사', 'KR_LTD'],
  ['(주)', 'KR_JSC'],
  ['(유)', 'KR_LTD'],
  ['株式会社', 'KK'],
  ['株式會社', 'KK'],
  ['有限会社', 'YK'],
  ['合同会社', 'GK'],
  ['(株)', 'KK'],
  ['(有)', 'YK'],
  ['(同)', 'GK'],
  ['股份有限公司', 'CN_JSC'],
  ['有限责任公司', 'CN_LLC'],
  ['有限責任公司', 'CN_LLC'],
  ['有限公司', 'CN_LTD'],
]

interface Form {
  tokens: string[]
  code: string
}

/** Forms by their last token (suffix matching) and, for prefix forms, by their first token. */
const BY_LAST = new Map<string, Form[]>()
const BY_FIRST = new Map<string, Form[]>()

function add(index: Map<string, Form[]>, key: string, form: Form): void {
  const list = index.get(key)
  if (list === undefined) index.set(key, [form])
  else if (!list.some((f) => f.tokens.join(' ') === form.tokens.join(' '))) list.push(form)
}

for (const row of LATIN_ROWS) {
  for (const written of row.forms) {
    const tokens = tokenise(foldPrepared(prepare(written))).map(connective)
    const form = { tokens, code: row.code }
    add(BY_LAST, tokens[tokens.length - 1], form)
    if (row.prefix) add(BY_FIRST, tokens[0], form)
  }
}
for (const index of [BY_LAST, BY_FIRST]) for (const list of index.values()) list.sort((a, b) => b.tokens.length - a.tokens.length)

/** `und`, `et`, a lone `u` (as in `u.`) → `and`: one token for the connective in every language. */
export function connective(token: string): string {
  return token === 'und' || token === 'et' || token === 'u' ? 'and' : token
}

/** The CJK legal form at the start or end of NFKC text: the text without it, and its code. */
export function stripCjkForm(s: string): { rest: string; code: string } | null {
  for (const [form, code] of CJK_ROWS) {
    if (s.length <= form.length) continue
    if (s.startsWith(form)) return { rest: s.slice(form.length).trim(), code }
    if (s.endsWith(form)) return { rest: s.slice(0, s.length - form.length).trim(), code }
  }
  return null
}

function endsWith(tokens: string[], form: string[]): boolean {
  const off = tokens.length - form.length
  if (off < 0) return false
  for (let i = 0; i < form.length; i++) if (tokens[off + i] !== form[i]) return false
  return true
}

function startsWith(tokens: string[], form: string[]): boolean {
  if (tokens.length < form.length) return false
  for (let i = 0; i < form.length; i++) if (tokens[i] !== form[i]) return false
  return true
}

/**
 * Removes a Latin-script legal form from the end of `tokens` (or, for prefix forms, from the start)
 * in place and returns its code, or null. Never strips the whole name: a company called `AG`
 * keeps its only token. A connective left dangling at the end (`Müller & Co.` → `mueller and`) goes too.
 */
export function stripLatinForm(tokens: string[]): string | null {
  const last = BY_LAST.get(tokens[tokens.length - 1])
  if (last !== undefined) {
    for (const f of last) {
      if (f.tokens.length < tokens.length && endsWith(tokens, f.tokens)) {
        tokens.length -= f.tokens.length
        if (tokens.length > 1 && tokens[tokens.length - 1] === 'and') tokens.length -= 1
        return f.code
      }
    }
  }
  const first = BY_FIRST.get(tokens[0])
  if (first !== undefined) {
    for (const f of first) {
      if (f.tokens.length < tokens.length && startsWith(tokens, f.tokens)) {
        tokens.splice(0, f.tokens.length)
        return f.code
      }
    }
  }
  return null
}
