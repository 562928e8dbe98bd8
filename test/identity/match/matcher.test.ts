import { matchFrequencies, matchSettingsFor, resolveClusters, scorePair, type MatchRecord } from '../../../src/identity/match/matcher'

/** Records as normalisation leaves them (keys, not raw values); `base` fills the rest. */
function rec(id: string, over: Partial<MatchRecord>): MatchRecord {
  const nameKey = over.nameKey ?? id
  return { id, nameKey, nameTokens: nameKey.split(' '), country: 'DE', ...over }
}

/** Filler customers so that token frequencies look like a real customer base (many "bau", "service" …). */
function crowd(n: number): MatchRecord[] {
  const stems = ['schmidt', 'weber', 'wagner', 'becker', 'hoffmann', 'schulz', 'koch', 'richter', 'klein', 'wolf']
  const trades = ['bau', 'service', 'logistik', 'handel', 'technik']
  return Array.from({ length: n }, (_, i) => {
    const nameKey = `${stems[i % stems.length]}${i} ${trades[i % trades.length]}`
    return rec(`crowd-${i}`, { nameKey, postalCode: String(10000 + i), city: `stadt${i % 50}`, phone: `+4930${String(1000000 + i)}` })
  })
}

const clusterIds = (result: ReturnType<typeof resolveClusters>, ids: string[]) => new Set(ids.map((id) => result.clusterOf.get(id)))

describe('matching source customers into clusters', () => {
  test('the same company in two ERPs (transliterated name, same valid tax id and phone) is one cluster', () => {
    const records = [
      ...crowd(200),
      rec('sap:1001', { nameKey: 'mueller bau', taxId: { value: 'DE136695976', valid: true }, phone: '+493012345678', postalCode: '10115', city: 'berlin', streetKey: 'invalidenstr', houseNumber: '117' }),
      rec('bc:C-77', { nameKey: 'mueller bau', taxId: { value: 'DE136695976', valid: true }, phone: '+493012345678', postalCode: '10115', city: 'berlin' }),
    ]
    const result = resolveClusters(records)
    expect(clusterIds(result, ['sap:1001', 'bc:C-77']).size).toBe(1)
    const link = result.links.find((l) => [l.a, l.b].includes('sap:1001'))!
    expect(link.evidence.map((e) => e.field)).toEqual(expect.arrayContaining(['taxId', 'phone', 'name']))
  })

  test('a typo in the name with the same phone and street still links; a clearly different company at the same postal code does not', () => {
    const records = [
      ...crowd(200),
      rec('a', { nameKey: 'kowalczyk spedycja', phone: '+48221234567', postalCode: '00950', streetKey: 'marszalkowska', houseNumber: '10', city: 'warszawa', country: 'PL' }),
      rec('b', { nameKey: 'kowalcyzk spedycja', phone: '+48221234567', postalCode: '00950', streetKey: 'marszalkowska', houseNumber: '10', city: 'warszawa', country: 'PL' }),
      rec('c', { nameKey: 'nowak transport', phone: '+48229876543', postalCode: '00950', streetKey: 'marszalkowska', houseNumber: '12', city: 'warszawa', country: 'PL' }),
    ]
    const result = resolveClusters(records)
    expect(result.clusterOf.get('a')).toBe(result.clusterOf.get('b'))
    expect(result.clusterOf.get('c')).not.toBe(result.clusterOf.get('a'))
  })

  test('a shared info@ mailbox and switchboard number do not glue unrelated companies', () => {
    const office = { value: 'info@buero-service.de', domain: 'buero-service.de', role: true }
    const records = [
      ...crowd(200),
      ...['alpha immobilien', 'beta consulting', 'gamma steuerberatung', 'delta verwaltung', 'epsilon holding', 'zeta projekt'].map((nameKey, i) =>
        rec(`tenant-${i}`, { nameKey, email: office, phone: '+49301111110', postalCode: '10117', city: 'berlin' }),
      ),
    ]
    const result = resolveClusters(records)
    expect(clusterIds(result, records.filter((r) => r.id.startsWith('tenant-')).map((r) => r.id)).size).toBe(6)
    const f = matchFrequencies(records)
    const p = scorePair(records[200], records[201], f)
    expect(p.evidence.find((e) => e.field === 'email')).toBeUndefined()
    expect(p.evidence.find((e) => e.field === 'phone')).toBeUndefined()
  })

  test('two different valid tax ids are strong evidence against: a group\'s companies with one name stay apart', () => {
    const records = [
      ...crowd(200),
      rec('hq', { nameKey: 'rheinmetall logistik', taxId: { value: 'DE111111125', valid: true }, postalCode: '40476', city: 'duesseldorf', email: { value: 'einkauf@rml.de', domain: 'rml.de', role: false } }),
      rec('sub', { nameKey: 'rheinmetall logistik', taxId: { value: 'DE129273398', valid: true }, postalCode: '40476', city: 'duesseldorf', email: { value: 'einkauf2@rml.de', domain: 'rml.de', role: false } }),
    ]
    const f = matchFrequencies(records)
    expect(scorePair(records[200], records[201], f).evidence).toContainEqual(expect.objectContaining({ field: 'taxId', level: 'different valid ids' }))
    const result = resolveClusters(records)
    expect(result.clusterOf.get('hq')).not.toBe(result.clusterOf.get('sub'))
  })

  test('a chain of links never joins two different valid tax ids in one cluster (the conflicting link is refused)', () => {
    const phone = '+4940555000'
    const records = [
      ...crowd(200),
      rec('x1', { nameKey: 'nordsee fisch', taxId: { value: 'DE111111125', valid: true }, phone, postalCode: '20095', city: 'hamburg' }),
      rec('x2', { nameKey: 'nordsee fisch', phone, postalCode: '20095', city: 'hamburg' }),
      rec('x3', { nameKey: 'nordsee fisch', taxId: { value: 'DE129273398', valid: true }, phone, postalCode: '20095', city: 'hamburg' }),
    ]
    const result = resolveClusters(records)
    expect(result.clusterOf.get('x1')).not.toBe(result.clusterOf.get('x3'))
    expect(result.refused.length).toBeGreaterThan(0)
  })

  test('a common trade word does not make companies the same, a rare name does', () => {
    const records = [...crowd(400), rec('s1', { nameKey: 'alpha service', city: 'koeln' }), rec('s2', { nameKey: 'beta service', city: 'koeln' })]
    expect(resolveClusters(records).clusterOf.get('s1')).not.toBe(resolveClusters(records).clusterOf.get('s2'))
    const f = matchFrequencies([...records, rec('r1', { nameKey: 'zygmunt brzeczyszczykiewicz' }), rec('r2', { nameKey: 'zygmunt brzeczyszczykiewicz' })])
    const rare = scorePair(rec('r1', { nameKey: 'zygmunt brzeczyszczykiewicz' }), rec('r2', { nameKey: 'zygmunt brzeczyszczykiewicz' }), f)
    const common = scorePair(rec('c1', { nameKey: 'bau service' }), rec('c2', { nameKey: 'bau service' }), f)
    expect(rare.evidence.find((e) => e.field === 'name')!.weight).toBeGreaterThan(common.evidence.find((e) => e.field === 'name')!.weight)
  })

  test('people decide: "different" is never linked, not even through others; "same" links whatever the score', () => {
    const phone = '+49891234567'
    const records = [
      ...crowd(200),
      rec('p1', { nameKey: 'alpenblick hotel', phone, postalCode: '80331', city: 'muenchen' }),
      rec('p2', { nameKey: 'alpenblick hotel', phone, postalCode: '80331', city: 'muenchen' }),
      rec('q1', { nameKey: 'zugspitz reisen', postalCode: '82467', city: 'garmisch' }),
      rec('q2', { nameKey: 'reisebuero zugspitz', postalCode: '82467', city: 'garmisch' }),
    ]
    const auto = resolveClusters(records)
    expect(auto.clusterOf.get('p1')).toBe(auto.clusterOf.get('p2'))
    const decided = resolveClusters(records, matchSettingsFor(records.length), [
      { a: 'p1', b: 'p2', same: false },
      { a: 'q1', b: 'q2', same: true },
    ])
    expect(decided.clusterOf.get('p1')).not.toBe(decided.clusterOf.get('p2'))
    expect(decided.clusterOf.get('q1')).toBe(decided.clusterOf.get('q2'))
  })

  test('the match threshold follows the prior odds: the same evidence links in a small customer base and not in a large one', () => {
    expect(matchSettingsFor(20).matchAt).toBeLessThan(matchSettingsFor(100_000).matchAt)
    expect(matchSettingsFor(100_000).matchAt).toBeCloseTo(Math.log2(100_000) + 3.5, 6)
  })

  test('pairs in the review band that were not linked are listed for people, with their evidence', () => {
    const records = [...crowd(200), rec('m1', { nameKey: 'hansen maschinenbau', city: 'kiel' }), rec('m2', { nameKey: 'hanssen maschinen', city: 'kiel' })]
    const settings = matchSettingsFor(records.length)
    const result = resolveClusters(records, settings)
    const pair = result.review.find((p) => [p.a, p.b].sort().join() === 'm1,m2')
    expect(pair).toBeDefined()
    expect(pair!.score).toBeGreaterThanOrEqual(settings.reviewAt)
    expect(pair!.score).toBeLessThan(settings.matchAt)
  })
})
