/**
 * The shapes of the identity benchmark: source customers as several ERPs deliver them, the ground truth
 * that says which records are the same real company, and the traps planted to catch over-merging.
 */

/** One customer record as one ERP connection delivers it. */
export interface SourceCustomer {
  /** `${connection}/${externalId}`: unique across the dataset. */
  recordId: string
  connection: string
  /** In the style of the ERP: "C-000123", "10000123", a GUID, "4711". */
  externalId: string
  name: string
  email?: string
  phone?: string
  taxId?: string
  street?: string
  postalCode?: string
  city?: string
  /** ISO 3166-1 alpha-2; never corrupted (an ERP's country is a picklist). */
  country: string
  currency?: string
  /** ISO 8601. */
  updatedAt: string
  /** The corruptions that made this record from its entity's original; empty for the original itself. */
  corruptions: CorruptionName[]
}

export const CORRUPTIONS = [
  'typo',
  'keyboard',
  'ocr',
  'swap-fields',
  'missing',
  'phone-format',
  'email-format',
  'legal-form-variant',
  'transliteration',
  'abbreviation',
  'tax-id-typo',
  'name-truncation',
  'case',
] as const

export type CorruptionName = (typeof CORRUPTIONS)[number]

/**
 * How many duplicates an original gets, in [0, max] — Febrl's three choices:
 * `uniform` each count equally likely; `poisson` Poisson with mean max/2, cut at max;
 * `zipf` P(k) ∝ 1/(k+1), so most originals have none or one and a few have many.
 */
export type DuplicateDistribution = 'uniform' | 'poisson' | 'zipf'

export interface IdentityDatasetOptions {
  seed: number
  /** Number of real companies (entities); each has exactly one original record. */
  originals: number
  duplicatesPerOriginal: { max: number; distribution: DuplicateDistribution }
  /** 2–4 connection names; their spelling picks the external id style (see externalIdStyle). */
  erps: readonly string[]
  /** Relative weights; missing names keep their default, 0 switches a corruption off. */
  corruptions?: Partial<Record<CorruptionName, number>>
  /** The "now" that updatedAt values lie before; fixed by default so output does not depend on the clock. */
  now?: Date
}

export type TrapKind = 'shared-mailbox' | 'shared-phone' | 'placeholder-tax-id' | 'similar-name' | 'company-group' | 'homonym'

/** A set of distinct entities deliberately given a shared or look-alike value. */
export interface Trap {
  kind: TrapKind
  /** The shared value (mailbox, phone, tax id), or the names that look alike. */
  value: string
  entityIds: string[]
}

export interface IdentityDataset {
  /** Originals and duplicates, shuffled (record order says nothing about identity). */
  records: SourceCustomer[]
  /** recordId → entityId ("E-000001"). */
  truth: Map<string, string>
  traps: Trap[]
}
