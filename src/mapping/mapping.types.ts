import type { z } from 'zod'
import type { CanonicalTarget, HubEntity, canonicalTargets } from '../canonical/canonical.registry'
import type { LookupValue, Scalar, ValueFieldSpec } from './mapping-file.schema'

export type { LookupValue, Scalar, ValueFieldSpec } from './mapping-file.schema'

/** A nested canonical object (`{ fields }`) or a list of them read from a source array (`{ each, fields }`). */
export interface GroupFieldSpec {
  kind: 'group'
  each?: string
  /** Items of `each` to map: path inside the item → the value, or values, it must have. Others are skipped. */
  where?: Record<string, Scalar | Scalar[]>
  fields: FieldSpecs
}

export type FieldSpec = ValueFieldSpec | GroupFieldSpec
export type FieldSpecs = Record<string, FieldSpec>

/** A mapping file after every load-time check; what `compileMapping` accepts. */
export interface MappingSpec<T extends CanonicalTarget = CanonicalTarget> {
  /** The file it came from, for messages. */
  file: string
  name: string
  version: number
  source: { connector: string; entity: string }
  target: T
  /** IANA zone for naive date-times; `UTC` when the file names none. */
  timezone: string
  fields: FieldSpecs
  lookups: Record<string, Record<string, LookupValue>>
}

export type CanonicalValue<T extends CanonicalTarget = CanonicalTarget> = z.output<(typeof canonicalTargets)[T]['schema']>

export type MappingIssueCode = 'required' | 'type' | 'lookup' | 'canonical'

/** One reason a record could not be mapped, with where it is in the source and in the canonical entity. */
export interface MappingIssue {
  /** Where in the SOURCE record, e.g. `lines[3].quantity`. */
  path: string
  /** Where in the canonical entity, e.g. `lines[3].quantity`. */
  field: string
  code: MappingIssueCode
  message: string
  /** The offending source value, shortened when long. */
  value?: unknown
}

export type MapResult<T extends CanonicalTarget = CanonicalTarget> = { ok: true; value: CanonicalValue<T> } | { ok: false; issues: MappingIssue[] }

export interface CompiledMapping<T extends CanonicalTarget = CanonicalTarget> {
  name: string
  version: number
  target: T
  entity: HubEntity
  sourceEntity: string
  map(record: unknown): MapResult<T>
}
