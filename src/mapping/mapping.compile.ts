import { formatPath } from '../errors/zod-issues'
import { canonicalTargets, type CanonicalTarget } from '../canonical/canonical.registry'
import { objectShapeOf } from './canonical-schema.inspect'
import { compileFields, type Scope } from './field-runner.compile'
import { shortenValue } from './mapping-issue.format'
import type { CanonicalValue, CompiledMapping, MapResult, MappingIssue, MappingSpec } from './mapping.types'
import { describeKind } from './coercion.types'
import { isPlainObject } from './plain-object.guard'
import { traceSource } from './source-trace'

const rootScope: Scope = { source: '', canonical: '' }

/**
 * Compiles a checked mapping into one function. Everything that does not depend on the record —
 * path readers, coercers, lookup tables, transform chains — is built here, once; `map` only runs it.
 */
export function compileMapping<T extends CanonicalTarget>(spec: MappingSpec<T>): CompiledMapping<T> {
  const target = canonicalTargets[spec.target]
  const schema = target.schema
  const { runners, traces } = compileFields(spec.fields, objectShapeOf(schema) ?? {}, {
    coercion: { timeZone: spec.timezone },
    lookups: spec.lookups,
  })

  const map = (record: unknown): MapResult<T> => {
    if (!isPlainObject(record)) {
      return { ok: false, issues: [{ path: '(root)', field: '(root)', code: 'type', message: `expected a record (an object), got ${describeKind(record)}` }] }
    }
    const issues: MappingIssue[] = []
    const out: Record<string, unknown> = {}
    for (const runner of runners) runner(record, out, rootScope, issues)
    const parsed = schema.safeParse(out)
    if (parsed.success) {
      // The canonical schema is the target's own, so its output is that target's canonical type.
      if (issues.length === 0) return { ok: true, value: parsed.data as CanonicalValue<T> }
      return { ok: false, issues }
    }
    // A field that already failed mapping was left out; zod would only repeat that as "required".
    const failed = issues.map((issue) => issue.field)
    for (const issue of parsed.error.issues) {
      const field = formatPath(issue.path)
      if (failed.some((f) => field === f || field.startsWith(`${f}.`) || field.startsWith(`${f}[`))) continue
      const source = traceSource(record, traces, issue.path)
      const found: MappingIssue = { path: source.path, field, code: 'canonical', message: issue.message }
      if (source.value !== undefined) found.value = shortenValue(source.value)
      issues.push(found)
    }
    return { ok: false, issues }
  }

  return { name: spec.name, version: spec.version, target: spec.target, entity: target.entity, sourceEntity: spec.source.entity, map }
}
