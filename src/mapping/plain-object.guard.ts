/** A JSON/YAML object (not null, not a list): the only thing that can hold named fields. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
