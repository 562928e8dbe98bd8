import { normaliseName } from '../../../src/identity/normalise'

function keyOf(raw: string): [string, string | null] {
  const n = normaliseName(raw)
  return [n.key, n.legalForm]
}

describe('name normalisation', () => {
  test('Müller Bau GmbH and Mueller Bau GmbH have one key and the legal form GmbH', () => {
    expect(normaliseName('Müller Bau GmbH')).toEqual({ key: 'mueller bau', tokens: ['bau', 'mueller'], legalForm: 'GMBH', initials: 'mb' })
    expect(normaliseName('Mueller Bau GmbH')).toEqual(normaliseName('Müller Bau GmbH'))
    expect(keyOf('MÜLLER BAU G.m.b.H.')[0]).toBe('mueller bau')
    expect(keyOf('Mu\u0308ller Bau GmbH')).toEqual(['mueller bau', 'GMBH']) // decomposed ü
  })

  test('"ACME Ltd." and "Acme Limited" have one key and the legal form Ltd', () => {
    expect(keyOf('ACME Ltd.')).toEqual(['acme', 'LTD'])
    expect(keyOf('Acme Limited')).toEqual(['acme', 'LTD'])
    expect(keyOf('Acme Co., Ltd.')).toEqual(['acme', 'LTD'])
  })

  test('주식회사 한빛, (주)한빛, ㈜한빛 and 한빛 주식회사 have one key', () => {
    for (const raw of ['주식회사 한빛', '주식회사한빛', '(주)한빛', '(주) 한빛', '㈜한빛', '한빛 주식회사', '한빛(주)']) expect(keyOf(raw)).toEqual(['한빛', 'KR_JSC'])
    expect(keyOf('유한회사 한빛')).toEqual(['한빛', 'KR_LTD'])
  })

  test('Japanese and Chinese names keep their characters and lose only the legal form', () => {
    for (const raw of ['株式会社トヨタ', 'トヨタ株式会社', '(株)トヨタ', '（株）トヨタ', '㈱トヨタ']) expect(keyOf(raw)).toEqual(['トヨタ', 'KK'])
    expect(keyOf('有限会社サトウ')).toEqual(['サトウ', 'YK'])
    expect(keyOf('北京华为技术有限公司')).toEqual(['北京华为技术', 'CN_LTD'])
    expect(keyOf('华为股份有限公司')).toEqual(['华为', 'CN_JSC'])
    expect(keyOf('ガス')).toEqual(['ガス', null]) // dakuten survive: ガ is not カ
  })

  test.each([
    ['Müller Bau GmbH & Co. KG', 'mueller bau', 'GMBH_CO_KG'],
    ['Müller Bau GmbH u. Co. KG', 'mueller bau', 'GMBH_CO_KG'],
    ['Baumann UG (haftungsbeschränkt)', 'baumann', 'UG'],
    ['Schmidt e.K.', 'schmidt', 'EK'],
    ['Sportverein Blau-Weiß e.V.', 'sportverein blau weiss', 'EV'],
    ['Siemens AG', 'siemens', 'AG'],
    ['Allianz SE', 'allianz', 'SE'],
    ['Hoffmann OHG', 'hoffmann', 'OHG'],
    ['Hoffmann KG', 'hoffmann', 'KG'],
    ['Tesco PLC', 'tesco', 'PLC'],
    ['Acme LLC', 'acme', 'LLC'],
    ['Apple Inc.', 'apple', 'INC'],
    ['Apple Incorporated', 'apple', 'INC'],
    ['I.B.M. Corp.', 'ibm', 'CORP'],
    ['IBM Corporation', 'ibm', 'CORP'],
    ['Müller & Co.', 'mueller', 'CO'],
    ['Société Générale S.A.', 'societe generale', 'SA'],
    ['Société Générale SA', 'societe generale', 'SA'],
    ['Dupont SAS', 'dupont', 'SAS'],
    ['Dupont SARL', 'dupont', 'SARL'],
    ['Dupont S.à r.l.', 'dupont', 'SARL'],
    ['Rossi S.r.l.', 'rossi', 'SRL'],
    ['Rossi SRL', 'rossi', 'SRL'],
    ['Fiat S.p.A.', 'fiat', 'SPA'],
    ['Fiat SpA', 'fiat', 'SPA'],
    ['Philips B.V.', 'philips', 'BV'],
    ['Philips BV', 'philips', 'BV'],
    ['Philips N.V.', 'philips', 'NV'],
    ['Volvo AB', 'volvo', 'AB'],
    ['AB Volvo', 'volvo', 'AB'],
    ['Maersk A/S', 'maersk', 'AS'],
    ['Lego ApS', 'lego', 'APS'],
    ['Fazer Oy', 'fazer', 'OY'],
    ['Equinor ASA', 'equinor', 'ASA'],
    ['Kowalski Sp. z o.o.', 'kowalski', 'SP_ZOO'],
    ['Kowalski sp.z o.o.', 'kowalski', 'SP_ZOO'],
    ['Novak s.r.o.', 'novak', 'SRO'],
    ['Novak a.s.', 'novak', 'AS'],
    ['Nagy Kft.', 'nagy', 'KFT'],
    ['Toyota K.K.', 'toyota', 'KK'],
    ['Toyota KK', 'toyota', 'KK'],
  ])('%j → key %j, legal form %s', (raw, key, form) => {
    expect(keyOf(raw)).toEqual([key, form])
  })

  test('&, +, und, et and u. all become the one connective "and"', () => {
    const keys = ['Müller & Söhne', 'Müller + Söhne', 'Müller und Söhne', 'Müller u. Söhne', 'Müller et Söhne', 'Müller and Söhne'].map((r) => normaliseName(r).key)
    expect(new Set(keys)).toEqual(new Set(['mueller and soehne']))
  })

  test('German and Nordic letters are transliterated, other accents stripped', () => {
    expect(normaliseName('Straßenbau Größe').key).toBe('strassenbau groesse')
    expect(normaliseName('Ærø Øl Åbo').key).toBe('aeroe oel aabo')
    expect(normaliseName('Crème Brûlée Café').key).toBe('creme brulee cafe')
    expect(normaliseName('Łódź Wrocław').key).toBe('lodz wroclaw')
  })

  test('punctuation becomes space, apostrophes join, whitespace collapses, initialisms lose their dots', () => {
    expect(normaliseName("  McDonald's   Restaurants ").key).toBe('mcdonalds restaurants')
    expect(normaliseName('Schmidt-Meyer/Partner').key).toBe('schmidt meyer partner')
    expect(normaliseName('A.B.C. Trading').key).toBe(normaliseName('ABC Trading').key)
  })

  test('tokens are sorted and unique; initials need two Latin words', () => {
    expect(normaliseName('Bau Bau Zimmerei Albers').tokens).toEqual(['albers', 'bau', 'zimmerei'])
    expect(normaliseName('International Business Machines Corp').initials).toBe('ibm')
    expect(normaliseName('Acme').initials).toBeNull()
    expect(normaliseName('한빛 미디어').initials).toBeNull()
  })

  test('a name that is only a legal form keeps it as its key; empty names give an empty key', () => {
    expect(keyOf('AG')).toEqual(['ag', null])
    expect(normaliseName('')).toEqual({ key: '', tokens: [], legalForm: null, initials: null })
    expect(normaliseName(null)).toEqual({ key: '', tokens: [], legalForm: null, initials: null })
    expect(normaliseName('---').key).toBe('')
  })

  test('a legal-form word in the middle of a name stays', () => {
    expect(keyOf('AG Bau Nord GmbH')).toEqual(['ag bau nord', 'GMBH'])
    expect(keyOf('SE Logistik')).toEqual(['se logistik', null])
  })
})
