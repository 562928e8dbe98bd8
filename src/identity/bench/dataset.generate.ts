import { type BenchRandom, createBenchRandom, streamSeed, weighted } from './bench.random'
import { CORRUPTIONS, type CorruptionName, type DuplicateDistribution, type IdentityDataset, type IdentityDatasetOptions, type SourceCustomer, type Trap } from './bench.types'
import { type Company, CompanyFactory } from './company.generate'
import { CORRUPTION_FUNCTIONS, type Draft } from './corruption.apply'
import { renderPhone } from './text.tools'
import { planTraps } from './traps.generate'

/**
 * The ground-truth generator for `npm run bench:identity`, in the manner of Febrl's data generator:
 * originals (one per real company), then for each a number of duplicates, each made from the original by
 * one to three typed corruptions, and all of them spread over the ERP connections as the same customer
 * appears in two to four systems (sometimes twice in one). Deterministic per seed: every random choice
 * comes from a stream derived from the seed and a purpose, never from Math.random or the clock.
 */

/**
 * Default relative weights. Typographic noise and the differences between systems (formats, missing
 * fields, legal-form spellings) dominate, as they do between real ERPs; corruptions that destroy a strong
 * identifier (tax-id-typo) or most of the name (name-truncation) are rarer.
 */
export const DEFAULT_CORRUPTION_WEIGHTS: Readonly<Record<CorruptionName, number>> = {
  typo: 20,
  keyboard: 8,
  ocr: 4,
  'swap-fields': 5,
  missing: 12,
  'phone-format': 12,
  'email-format': 10,
  'legal-form-variant': 12,
  transliteration: 8,
  abbreviation: 8,
  'tax-id-typo': 4,
  'name-truncation': 4,
  case: 6,
}

/** Corruptions per duplicate: 1 (50 %), 2 (35 %), 3 (15 %). */
const CORRUPTION_COUNT = weighted<number>([[1, 50], [2, 35], [3, 15]])
/** A duplicate lands in an ERP that already holds the company with this probability (while others remain). */
const SAME_ERP_AGAIN = 0.15
const HISTORY_SECONDS = 3 * 365 * 24 * 3600
/** Fixed so that the same seed gives the same updatedAt values on every day the benchmark runs. */
const DEFAULT_NOW = new Date('2026-01-01T00:00:00.000Z')

export type ExternalIdStyle = 'prefixed' | 'numeric' | 'guid' | 'integer'

/**
 * The external id style of a connection: a Business Central-like name gets GUIDs, SAP-like numeric
 * customer numbers ("10000123"), Odoo/Tryton-like plain integers; others by position: "C-000123",
 * numeric, GUID, integer.
 */
export function externalIdStyle(connection: string, index: number): ExternalIdStyle {
  const n = connection.toLowerCase()
  if (/(^|[^a-z])(bc|d365|nav)([^a-z]|$)|business-?central|dynamics/.test(n)) return 'guid'
  if (/(^|[^a-z])(sap|s4|s4hana|r3|b1)([^a-z]|$)/.test(n)) return 'numeric'
  if (/odoo|tryton|erpnext|dolibarr/.test(n)) return 'integer'
  return (['prefixed', 'numeric', 'guid', 'integer'] as const)[index % 4]
}

function duplicateCounter(max: number, distribution: DuplicateDistribution): (rng: BenchRandom) => number {
  if (max === 0) return () => 0
  const weights: [number, number][] = []
  let poisson = Math.exp(-max / 2)
  for (let k = 0; k <= max; k++) {
    if (distribution === 'uniform') weights.push([k, 1])
    else if (distribution === 'zipf') weights.push([k, 1 / (k + 1)])
    else {
      weights.push([k, poisson])
      poisson *= max / 2 / (k + 1)
    }
  }
  return weighted(weights)
}

/** Mean duplicates per original for a setting: to size a dataset by records (`originalsFor`). */
export function expectedDuplicates(max: number, distribution: DuplicateDistribution): number {
  if (max === 0) return 0
  const w = Array.from({ length: max + 1 }, (_, k) => (distribution === 'uniform' ? 1 : distribution === 'zipf' ? 1 / (k + 1) : poissonWeight(k, max / 2)))
  const total = w.reduce((a, b) => a + b, 0)
  return w.reduce((sum, wk, k) => sum + k * wk, 0) / total
}

function poissonWeight(k: number, lambda: number): number {
  let p = Math.exp(-lambda)
  for (let i = 1; i <= k; i++) p *= lambda / i
  return p
}

/** Originals that give about `records` records in total. */
export function originalsFor(records: number, duplicatesPerOriginal: IdentityDatasetOptions['duplicatesPerOriginal']): number {
  return Math.max(1, Math.round(records / (1 + expectedDuplicates(duplicatesPerOriginal.max, duplicatesPerOriginal.distribution))))
}

function validate(options: IdentityDatasetOptions): void {
  const { originals, duplicatesPerOriginal, erps } = options
  if (!Number.isInteger(originals) || originals < 1) throw new RangeError(`originals must be a positive integer, got ${originals}`)
  if (!Number.isInteger(duplicatesPerOriginal.max) || duplicatesPerOriginal.max < 0) throw new RangeError(`duplicatesPerOriginal.max must be a non-negative integer, got ${duplicatesPerOriginal.max}`)
  if (erps.length < 2 || erps.length > 4) throw new RangeError(`erps must name 2–4 connections, got ${erps.length}`)
  if (new Set(erps).size !== erps.length) throw new RangeError('erps must be distinct')
  for (const [name, weight] of Object.entries(options.corruptions ?? {})) {
    if (!(CORRUPTIONS as readonly string[]).includes(name)) throw new RangeError(`unknown corruption ${name}`)
    if (!(weight >= 0)) throw new RangeError(`corruption weight for ${name} must be ≥ 0`)
  }
}

function render(company: Company): Draft {
  return {
    name: company.name,
    email: company.email,
    phone: company.phone ? renderPhone(company.country.phone, company.phone, company.phone.format) : undefined,
    taxId: company.taxId,
    street: company.street,
    postalCode: company.postalCode,
    city: company.city,
  }
}

const CONTENT_FIELDS = ['name', 'email', 'phone', 'taxId', 'street', 'postalCode', 'city'] as const

function sameContent(a: Draft, b: Draft): boolean {
  return CONTENT_FIELDS.every((f) => a[f] === b[f])
}

/**
 * Applies 1–3 corruptions, chosen by weight without repetition; one that finds nothing to change is
 * skipped and another chosen. If nothing applied, or the corruptions cancelled out, a name typo (which
 * always applies) is the fallback, so a duplicate never equals its original.
 */
function corrupt(rng: BenchRandom, company: Company, weights: readonly (readonly [CorruptionName, number])[]): { draft: Draft; applied: CorruptionName[] } {
  const original = render(company)
  const draft: Draft = { ...original }
  const wanted = CORRUPTION_COUNT(rng)
  const remaining = weights.filter(([, w]) => w > 0).map((e) => [...e] as [CorruptionName, number])
  const applied: CorruptionName[] = []
  const ctx = { rng, company }
  while (applied.length < wanted && remaining.length > 0) {
    const total = remaining.reduce((s, [, w]) => s + w, 0)
    let r = rng.next() * total
    let index = remaining.findIndex(([, w]) => (r -= w) < 0)
    if (index < 0) index = remaining.length - 1
    const [name] = remaining.splice(index, 1)[0]
    if (CORRUPTION_FUNCTIONS[name](draft, ctx)) applied.push(name)
  }
  for (let guard = 0; applied.length === 0 || sameContent(draft, original); guard++) {
    if (guard > 50) throw new Error(`cannot corrupt ${company.name}: no typo changes it`)
    if (CORRUPTION_FUNCTIONS.typo(draft, ctx) && !applied.includes('typo')) applied.push('typo')
  }
  return { draft, applied }
}

function guid(rng: BenchRandom): string {
  const hex = '0123456789abcdef'
  let out = ''
  for (let i = 0; i < 32; i++) {
    let d = rng.int(0, 15)
    if (i === 12) d = 4
    if (i === 16) d = 8 + (d & 3)
    out += hex[d]
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-'
  }
  return out
}

export function generateIdentityDataset(options: IdentityDatasetOptions): IdentityDataset {
  validate(options)
  const { seed, originals, erps } = options
  const companyRng = createBenchRandom(streamSeed(seed, 'companies'))
  const duplicateRng = createBenchRandom(streamSeed(seed, 'duplicates'))
  const corruptionRng = createBenchRandom(streamSeed(seed, 'corruptions'))
  const recordRng = createBenchRandom(streamSeed(seed, 'records'))
  const weights = CORRUPTIONS.map((c) => [c, options.corruptions?.[c] ?? DEFAULT_CORRUPTION_WEIGHTS[c]] as const)
  const nowSeconds = Math.floor((options.now ?? DEFAULT_NOW).getTime() / 1000)

  // Companies: the traps first (they claim their names), then ordinary ones; shuffled before ids are given
  // so that an entity id says nothing about whether a company is part of a trap.
  const factory = new CompanyFactory(companyRng)
  const planned = planTraps(companyRng, factory, originals)
  const companies: Company[] = planned.flatMap((t) => t.members)
  while (companies.length < originals) companies.push(factory.company())
  companyRng.shuffle(companies)
  companies.forEach((c, i) => (c.entityId = `E-${String(i + 1).padStart(6, '0')}`))
  const traps: Trap[] = planned.map((t) => ({ kind: t.kind, value: t.value, entityIds: t.members.map((m) => m.entityId) }))

  const countDuplicates = duplicateCounter(options.duplicatesPerOriginal.max, options.duplicatesPerOriginal.distribution)
  type Pending = { draft: Draft; connection: string; company: Company; corruptions: CorruptionName[] }
  const pending: Pending[] = []
  for (const company of companies) {
    const home = duplicateRng.pick(erps)
    pending.push({ draft: render(company), connection: home, company, corruptions: [] })
    const used = [home]
    for (let n = countDuplicates(duplicateRng); n > 0; n--) {
      const unused = erps.filter((e) => !used.includes(e))
      const connection = unused.length > 0 && !duplicateRng.chance(SAME_ERP_AGAIN) ? duplicateRng.pick(unused) : duplicateRng.pick(erps)
      if (!used.includes(connection)) used.push(connection)
      const { draft, applied } = corrupt(corruptionRng, company, weights)
      pending.push({ draft, connection, company, corruptions: applied })
    }
  }

  // External ids are numbered after the shuffle: consecutive numbers must not reveal a company's records.
  recordRng.shuffle(pending)
  const styles = new Map(erps.map((e, i) => [e, externalIdStyle(e, i)]))
  const sequences = new Map(erps.map((e) => [e, 0]))
  const records: SourceCustomer[] = []
  const truth = new Map<string, string>()
  for (const p of pending) {
    const sequence = sequences.get(p.connection)! + recordRng.int(1, 3)
    sequences.set(p.connection, sequence)
    const style = styles.get(p.connection)!
    const externalId =
      style === 'prefixed' ? `C-${String(sequence).padStart(6, '0')}`
      : style === 'numeric' ? String(10000000 + sequence)
      : style === 'guid' ? guid(recordRng)
      : String(sequence)
    const recordId = `${p.connection}/${externalId}`
    const record: SourceCustomer = { recordId, connection: p.connection, externalId, name: p.draft.name, country: p.company.country.code, currency: p.company.country.currency, updatedAt: '', corruptions: p.corruptions }
    for (const f of ['email', 'phone', 'taxId', 'street', 'postalCode', 'city'] as const) if (p.draft[f] !== undefined) record[f] = p.draft[f]
    record.updatedAt = new Date((nowSeconds - recordRng.int(0, HISTORY_SECONDS)) * 1000).toISOString()
    records.push(record)
    truth.set(recordId, p.company.entityId)
  }
  return { records, truth, traps }
}
