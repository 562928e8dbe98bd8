import type { CanonicalTarget } from '../canonical/canonical.registry'
import type { CompiledMapping } from './mapping.types'

/** Narrows a mapping loaded by name to the target the caller expects, so `map` yields that type. */
export function mapsTo<T extends CanonicalTarget>(mapping: CompiledMapping, target: T): mapping is CompiledMapping<T> {
  return mapping.target === target
}
