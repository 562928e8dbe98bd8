import { CORRUPTIONS, evaluate, expectedDuplicates, generateIdentityDataset, generateVatId, originalsFor, truePairs, vatChecksum, type IdentityDataset, type SourceCustomer } from '../../../src/identity/bench'
import { createBenchRandom } from '../../../src/identity/bench/bench.random'

const ERPS = ['erp-a', 'sap-prod', 'bc-eu', 'odoo-shop']
const generate = (seed: number, originals = 1500, max = 3): IdentityDataset =>
  generateIdentityDataset({ seed, originals, duplicatesPerOriginal: { max, distribution: 'uniform' }, erps: ERPS })

const CONTENT = ['name', 'email', 'phone', 'taxId', 'street', 'postalCode', 'city'] as const

function originalsByEntity(ds: IdentityDataset): Map<string, SourceCustomer> {
  const out = new Map<string, SourceCustomer>()
  for (const r of ds.records) if (r.corruptions.length === 0) out.set(ds.truth.get(r.recordId)!, r)
  return out
}

function entitiesBy(ds: IdentityDataset, value: (r: SourceCustomer) => string | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const r of originalsByEntity(ds).values()) {
    const v = value(r)
    if (v === undefined) continue
    let set = out.get(v)
    if (!set) out.set(v, (set = new Set()))
    set.add(r.recordId)
  }
  return out
}

describe('generateIdentityDataset', () => {
  const ds = generate(11)
  const originals = originalsByEntity(ds)

  test('the same seed gives identical output and another seed different output', () => {
    const again = generate(11)
    expect(again.records).toEqual(ds.records)
    expect([...again.truth]).toEqual([...ds.truth])
    expect(again.traps).toEqual(ds.traps)
    const other = generate(12)
    expect(other.records.map((r) => r.name)).not.toEqual(ds.records.map((r) => r.name))
  })

  test('makes exactly the requested originals, at most max duplicates each, and a truth entry per record', () => {
    expect(originals.size).toBe(1500)
    expect(new Set(ds.truth.values()).size).toBe(1500)
    expect(ds.truth.size).toBe(ds.records.length)
    expect(new Set(ds.records.map((r) => r.recordId)).size).toBe(ds.records.length)
    const perEntity = new Map<string, number>()
    for (const entity of ds.truth.values()) perEntity.set(entity, (perEntity.get(entity) ?? 0) + 1)
    expect(Math.max(...perEntity.values())).toBeLessThanOrEqual(4)
    // uniform over 0..3 duplicates: about 2.5 records per entity
    expect(ds.records.length / 1500).toBeGreaterThan(2.3)
    expect(ds.records.length / 1500).toBeLessThan(2.7)
    const none = generate(11, 200, 0)
    expect(none.records).toHaveLength(200)
    expect(none.records.every((r) => r.corruptions.length === 0)).toBe(true)
  })

  test('spreads a company over several ERPs, sometimes twice in one, with ERP-style external ids', () => {
    const connectionsOf = new Map<string, string[]>()
    for (const r of ds.records) {
      expect(ERPS).toContain(r.connection)
      expect(r.recordId).toBe(`${r.connection}/${r.externalId}`)
      const list = connectionsOf.get(ds.truth.get(r.recordId)!) ?? []
      list.push(r.connection)
      connectionsOf.set(ds.truth.get(r.recordId)!, list)
    }
    const lists = [...connectionsOf.values()]
    expect(lists.some((l) => new Set(l).size === 4)).toBe(true)
    expect(lists.some((l) => new Set(l).size < l.length)).toBe(true)
    const idsOf = (c: string): string[] => ds.records.filter((r) => r.connection === c).map((r) => r.externalId)
    expect(idsOf('erp-a').every((id) => /^C-\d{6}$/.test(id))).toBe(true)
    expect(idsOf('sap-prod').every((id) => /^1\d{7}$/.test(id))).toBe(true)
    expect(idsOf('bc-eu').every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true)
    expect(idsOf('odoo-shop').every((id) => /^\d+$/.test(id))).toBe(true)
  })

  test('every duplicate names 1–3 distinct corruptions and differs from its original', () => {
    const duplicates = ds.records.filter((r) => r.corruptions.length > 0)
    expect(duplicates.length).toBeGreaterThan(1500)
    for (const d of duplicates) {
      expect(d.corruptions.length).toBeLessThanOrEqual(3)
      expect(new Set(d.corruptions).size).toBe(d.corruptions.length)
      for (const c of d.corruptions) expect(CORRUPTIONS).toContain(c)
      const original = originals.get(ds.truth.get(d.recordId)!)!
      expect(CONTENT.some((f) => d[f] !== original[f])).toBe(true)
      expect(d.country).toBe(original.country)
    }
    const seen = new Set(duplicates.flatMap((d) => d.corruptions))
    expect([...seen].sort()).toEqual([...CORRUPTIONS].sort())
  })

  test('uniform, poisson and zipf duplicate counts have the documented means', () => {
    expect(expectedDuplicates(3, 'uniform')).toBeCloseTo(1.5, 12)
    expect(expectedDuplicates(3, 'zipf')).toBeCloseTo((1 / 2 + 2 / 3 + 3 / 4) / (1 + 1 / 2 + 1 / 3 + 1 / 4), 12)
    for (const distribution of ['uniform', 'poisson', 'zipf'] as const) {
      const set = generateIdentityDataset({ seed: 3, originals: 3000, duplicatesPerOriginal: { max: 3, distribution }, erps: ['a', 'b', 'c'] })
      const perOriginal = set.records.length / 3000 - 1
      expect([distribution, Math.abs(perOriginal - expectedDuplicates(3, distribution)) < 0.08]).toEqual([distribution, true])
    }
  })

  test('a corruption weighted 0 never occurs', () => {
    const without = generateIdentityDataset({ seed: 5, originals: 400, duplicatesPerOriginal: { max: 2, distribution: 'poisson' }, erps: ['a', 'b'], corruptions: { 'phone-format': 0, case: 0 } })
    const used = new Set(without.records.flatMap((r) => r.corruptions))
    expect(used.has('phone-format')).toBe(false)
    expect(used.has('case')).toBe(false)
  })

  test('names are European B2B names with frequent tokens, plus Korean and Japanese ones in native script', () => {
    const names = [...originals.values()].map((r) => r.name)
    const withToken = (re: RegExp): number => names.filter((n) => re.test(n)).length
    expect(withToken(/\bMüller\b/)).toBeGreaterThan(20)
    expect(withToken(/\bBau\b/)).toBeGreaterThan(20)
    expect(withToken(/\b(Service|Services|Logistik|Trading)\b/)).toBeGreaterThan(50)
    expect(withToken(/ GmbH$/)).toBeGreaterThan(100)
    for (const form of [' S.r.l.', ' B.V.', ' Sp. z o.o.', ' AB', ' Ltd', ' A/S']) expect(names.some((n) => n.endsWith(form))).toBe(true)
    expect(names.some((n) => /주식회사/.test(n))).toBe(true)
    expect(names.some((n) => /株式会社|有限会社/.test(n))).toBe(true)
    // each country keeps its own conventions
    const de = [...originals.values()].filter((r) => r.country === 'DE')
    expect(de.every((r) => /^\d{5}$/.test(r.postalCode!))).toBe(true)
    expect(de.filter((r) => r.phone).every((r) => /^(\+49 |\+49 \(0\)|0)\d/.test(r.phone!))).toBe(true)
    const nl = [...originals.values()].filter((r) => r.country === 'NL')
    expect(nl.every((r) => /^\d{4} [A-Z]{2}$/.test(r.postalCode!))).toBe(true)
    const emails = [...originals.values()].filter((r) => r.email).map((r) => r.email!)
    const roles = emails.filter((e) => /^(info|office|sales)@/.test(e)).length
    expect(roles / emails.length).toBeGreaterThan(0.25)
    expect(roles / emails.length).toBeLessThan(0.6)
  })

  test('generated VAT ids pass their own checksum, and tax-id-typo makes them fail', () => {
    const rng = createBenchRandom(99)
    for (const country of ['DE', 'AT', 'NL', 'BE', 'FR', 'IT', 'PL', 'DK', 'SE', 'CH', 'GB', 'ES']) {
      for (let i = 0; i < 300; i++) {
        const id = generateVatId(rng, country)
        expect([country, vatChecksum(id)]).toEqual([country, true])
      }
    }
    const placeholders = new Set(ds.traps.filter((t) => t.kind === 'placeholder-tax-id').flatMap((t) => t.entityIds))
    let checked = 0
    for (const [entity, r] of originals) {
      if (!r.taxId || placeholders.has(entity)) continue
      if (vatChecksum(r.taxId) !== undefined) {
        expect([r.taxId, vatChecksum(r.taxId)]).toEqual([r.taxId, true])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1000)
    const typos = ds.records.filter((r) => r.corruptions.includes('tax-id-typo'))
    expect(typos.length).toBeGreaterThan(10)
    for (const r of typos) {
      const original = originals.get(ds.truth.get(r.recordId)!)!
      if (vatChecksum(original.taxId!) === true && !r.corruptions.includes('missing')) expect([r.taxId, vatChecksum(r.taxId!)]).toEqual([r.taxId, false])
    }
  })

  test('the checksum accepts published real VAT ids and rejects a changed digit', () => {
    for (const id of ['DE136695976', 'ATU13585627', 'NL004495445B01', 'BE0403170701', 'FR40303265045', 'IT00743110157', 'PL5260250274', 'DK13585628', 'SE556188840401', 'GB980780684']) expect([id, vatChecksum(id)]).toEqual([id, true])
    expect(vatChecksum('DE136695977')).toBe(false)
    expect(vatChecksum('DE000000000')).toBe(false)
    expect(vatChecksum('000000')).toBeUndefined()
  })

  test('plants the over-merge traps: shared info@, switchboard, placeholder tax id, look-alike names, groups, homonyms', () => {
    const kinds = new Set(ds.traps.map((t) => t.kind))
    expect([...kinds].sort()).toEqual(['company-group', 'homonym', 'placeholder-tax-id', 'shared-mailbox', 'shared-phone', 'similar-name'])
    const entityOf = (recordId: string): string => ds.truth.get(recordId)!
    const byRecord = new Map([...originals].map(([entity, r]) => [entity, r]))

    // one info@ mailbox on at least two different companies
    const sharedInfo = [...entitiesBy(ds, (r) => r.email).entries()].filter(([email, ids]) => email.startsWith('info@') && ids.size >= 2)
    expect(sharedInfo.length).toBeGreaterThan(0)
    // one switchboard number on at least two companies
    for (const trap of ds.traps.filter((t) => t.kind === 'shared-phone')) {
      const digits = new Set(trap.entityIds.map((e) => byRecord.get(e)!.phone?.replace(/\D/g, '').slice(-7)))
      expect(digits.size).toBe(1)
    }
    // placeholders shared and never checksum-valid
    for (const trap of ds.traps.filter((t) => t.kind === 'placeholder-tax-id')) {
      expect(trap.entityIds.length).toBeGreaterThanOrEqual(2)
      for (const e of trap.entityIds) expect(byRecord.get(e)!.taxId).toBe(trap.value)
      expect(vatChecksum(trap.value)).not.toBe(true)
    }
    // look-alike names in the same city, with different valid tax ids
    for (const trap of ds.traps.filter((t) => t.kind === 'similar-name')) {
      const [a, b] = trap.entityIds.map((e) => byRecord.get(e)!)
      expect(a.city).toBe(b.city)
      expect(a.name).not.toBe(b.name)
      expect(a.name.split(' ')[0]).toBe(b.name.split(' ')[0])
      expect(a.taxId).not.toBe(b.taxId)
    }
    // a group: one stem, one address, distinct valid tax ids
    for (const trap of ds.traps.filter((t) => t.kind === 'company-group')) {
      const members = trap.entityIds.map((e) => byRecord.get(e)!)
      expect(members.length).toBeGreaterThanOrEqual(3)
      expect(new Set(members.map((m) => m.street)).size).toBe(1)
      expect(new Set(members.map((m) => m.taxId)).size).toBe(members.length)
      for (const m of members) expect(vatChecksum(m.taxId!)).toBe(true)
      expect(members.some((m) => m.name.includes('Holding'))).toBe(true)
    }
    // homonyms: the same name in two cities
    for (const trap of ds.traps.filter((t) => t.kind === 'homonym')) {
      const [a, b] = trap.entityIds.map((e) => byRecord.get(e)!)
      expect(a.name).toBe(b.name)
      expect(a.city).not.toBe(b.city)
    }
    // every trap member is a distinct entity with records in the dataset
    for (const trap of ds.traps) expect(new Set(trap.entityIds).size).toBe(trap.entityIds.length)
    expect(ds.records.every((r) => byRecord.has(entityOf(r.recordId)))).toBe(true)
  })

  test('rejects invalid options', () => {
    const base = { seed: 1, originals: 10, duplicatesPerOriginal: { max: 1, distribution: 'uniform' as const } }
    expect(() => generateIdentityDataset({ ...base, erps: ['only-one'] })).toThrow(RangeError)
    expect(() => generateIdentityDataset({ ...base, erps: ['a', 'b', 'c', 'd', 'e'] })).toThrow(RangeError)
    expect(() => generateIdentityDataset({ ...base, erps: ['a', 'a'] })).toThrow(RangeError)
    expect(() => generateIdentityDataset({ ...base, originals: 0, erps: ['a', 'b'] })).toThrow(RangeError)
  })
})

describe('the 100,000-record benchmark set', () => {
  // Speed is the benchmark's to measure (npm run bench:identity prints it), never a test's to assert.
  test('has about 100,000 records and scores 1.0 everywhere against its own truth', () => {
    const duplicatesPerOriginal = { max: 3, distribution: 'uniform' as const }
    const ds = generateIdentityDataset({ seed: 2026, originals: originalsFor(100_000, duplicatesPerOriginal), duplicatesPerOriginal, erps: ERPS })
    expect(ds.records.length).toBeGreaterThan(97_000)
    expect(ds.records.length).toBeLessThan(103_000)

    const predicted = new Map([...ds.truth].map(([recordId, entity]) => [recordId, `cluster-${entity}`]))
    const result = evaluate(ds.truth, predicted, ds.records)

    expect(result.pair).toEqual({ precision: 1, recall: 1, f1: 1, tp: truePairs(ds.truth), fp: 0, fn: 0 })
    expect(result.cluster).toEqual({ precision: 1, recall: 1, f1: 1 })
    expect(Object.keys(result.perCorruption).sort()).toEqual([...CORRUPTIONS].sort())
    for (const c of CORRUPTIONS) expect(result.perCorruption[c]!.recall).toBe(1)
  })
})
