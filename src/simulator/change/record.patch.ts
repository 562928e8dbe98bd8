import { ValidationError } from '../../errors/hub-error'

/**
 * A change to one record, for tests that inject bad data:
 * - an object deep-merged into the record: nested objects merge, a value `undefined` removes the
 *   key, any other value (including arrays and null) replaces; an object patching an array changes
 *   elements by index, e.g. `{ lines: { 2: { quantity: 'lots' } } }` changes the third line;
 * - or a function that edits a deep copy of the record in place.
 * Nothing is validated or recomputed (that is the point: totals may then disagree with the lines).
 */
export type PatchObject = { readonly [key: string]: unknown }
export type RecordPatch<R> = PatchObject | ((record: R) => void)

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function merge(target: unknown, patch: unknown, path: string): unknown {
  if (!isPlainObject(patch)) return typeof patch === 'object' && patch !== null ? structuredClone(patch) : patch
  if (Array.isArray(target)) {
    const copy = target.slice()
    for (const [key, value] of Object.entries(patch)) {
      const index = Number(key)
      if (!/^\d+$/.test(key) || index > copy.length) throw new ValidationError('cannot patch an array there', [{ path: `${path}[${key}]`, message: `index must be 0–${copy.length}` }])
      if (value === undefined) throw new ValidationError('cannot remove an array element by patch', [{ path: `${path}[${key}]`, message: 'use a function patch' }])
      copy[index] = merge(copy[index], value, `${path}[${key}]`)
    }
    return copy
  }
  const copy: Record<string, unknown> = isPlainObject(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete copy[key]
    else copy[key] = merge(copy[key], value, path === '' ? key : `${path}.${key}`)
  }
  return copy
}

/** Returns the patched copy; the original is left as it was. */
export function applyPatch<R extends { id: string }>(record: R, patch: RecordPatch<R>): R {
  let patched: R
  if (typeof patch === 'function') {
    patched = structuredClone(record)
    patch(patched)
  } else {
    patched = merge(record, patch, '') as R
  }
  if (patched.id !== record.id) throw new ValidationError('a patch cannot change the id', [{ path: 'id', message: `stays ${record.id}` }])
  return patched
}
