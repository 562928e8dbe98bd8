/**
 * Which source value a golden customer shows for each field, and why. Candidates are compared by
 * rules in order, and the first rule that separates the winner from the runner-up is the one named
 * in the lineage: a valid value beats an invalid one (a phone that is a real number, an email with a
 * domain, a tax id whose checksum holds); then the connection's priority (an admin says which ERP
 * is the master for customers); then recency (the source changed it last); then completeness (the
 * longer value: "Landsberger Straße 112" over "Landsberger Str."). A field only one source has is
 * "only source".
 */
export interface SourceValue {
  customerId: string
  connectionId: string
  externalId: string
  mappingVersion: number
  syncRunId: string | null
  sourceUpdatedAt: Date | null
  priority: number
  value: string
  /** null: the field has no validity check. */
  valid: boolean | null
}

export type Rule = 'only source' | 'valid' | 'source priority' | 'most recent' | 'most complete' | 'first source'

export interface Chosen {
  value: string
  customerId: string
  connectionId: string
  externalId: string
  mappingVersion: number
  syncRunId: string | null
  sourceUpdatedAt: string | null
  rule: Rule
}

const RULES: Array<{ rule: Rule; compare: (a: SourceValue, b: SourceValue) => number }> = [
  { rule: 'valid', compare: (a, b) => (b.valid === true ? 1 : 0) - (a.valid === true ? 1 : 0) },
  { rule: 'source priority', compare: (a, b) => b.priority - a.priority },
  { rule: 'most recent', compare: (a, b) => (b.sourceUpdatedAt?.getTime() ?? 0) - (a.sourceUpdatedAt?.getTime() ?? 0) },
  { rule: 'most complete', compare: (a, b) => b.value.length - a.value.length },
]

function order(a: SourceValue, b: SourceValue): number {
  for (const r of RULES) {
    const c = r.compare(a, b)
    if (c !== 0) return c
  }
  return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0
}

export function choose(candidates: SourceValue[]): Chosen | null {
  const present = candidates.filter((c) => c.value.trim() !== '')
  if (present.length === 0) return null
  const sorted = [...present].sort(order)
  const [winner, runnerUp] = sorted
  let rule: Rule = 'only source'
  if (runnerUp) rule = RULES.find((r) => r.compare(winner, runnerUp) !== 0)?.rule ?? 'first source'
  return {
    value: winner.value,
    customerId: winner.customerId,
    connectionId: winner.connectionId,
    externalId: winner.externalId,
    mappingVersion: winner.mappingVersion,
    syncRunId: winner.syncRunId,
    sourceUpdatedAt: winner.sourceUpdatedAt?.toISOString() ?? null,
    rule,
  }
}
