import { z } from 'zod'

/** Schemas registered here hold secrets: the hub encrypts their values at rest and never echoes them. */
export const secretFields = z.registry<{ secret: true }>()

/** A secret string field in a connector config schema. */
export function secret(): z.ZodString {
  return z.string().min(1).register(secretFields, { secret: true })
}

export type SecretPath = Array<string | number>

/**
 * Paths of the secret values present in `value`, found by walking `schema` alongside it.
 * `value` must already have passed `schema`; for a union, the option that accepts the value is walked.
 */
export function findSecretPaths(schema: z.ZodType, value: unknown): SecretPath[] {
  const out: SecretPath[] = []
  walk(schema, value, [], out)
  return out
}

function walk(schema: z.ZodType, value: unknown, path: SecretPath, out: SecretPath[]): void {
  if (value === undefined || value === null) return
  if (secretFields.has(schema)) {
    if (typeof value === 'string') out.push(path)
    return
  }
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
  switch (def.type) {
    case 'object': {
      if (typeof value !== 'object') return
      const shape = def.shape as Record<string, z.ZodType>
      for (const [key, child] of Object.entries(shape)) walk(child, (value as Record<string, unknown>)[key], [...path, key], out)
      return
    }
    case 'record': {
      if (typeof value !== 'object') return
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) walk(def.valueType as z.ZodType, v, [...path, key], out)
      return
    }
    case 'array': {
      if (!Array.isArray(value)) return
      value.forEach((v, i) => walk(def.element as z.ZodType, v, [...path, i], out))
      return
    }
    case 'union': {
      const option = (def.options as z.ZodType[]).find((o) => o.safeParse(value).success)
      if (option) walk(option, value, path, out)
      return
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      walk(def.innerType as z.ZodType, value, path, out)
      return
    case 'pipe':
      walk(def.in as z.ZodType, value, path, out)
      return
    case 'lazy':
      walk((def.getter as () => z.ZodType)(), value, path, out)
      return
    default:
      return
  }
}
