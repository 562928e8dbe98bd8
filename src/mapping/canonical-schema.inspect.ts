import { z } from 'zod'

/**
 * Reads what a mapping needs to know from the canonical zod schemas: which fields exist, which are
 * required, which are lists of objects, what kind of value each wants. The canonical schemas stay
 * the single source of truth; nothing here restates them.
 */
export type SchemaNode = z.core.$ZodType

export type CanonicalKind = 'string' | 'number' | 'boolean' | 'enum' | 'array' | 'object' | 'other'

/** Strips the wrappers that only say "may be absent" or "has a default". */
export function unwrapSchema(schema: SchemaNode): SchemaNode {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return unwrapSchema(schema.unwrap())
  if (schema instanceof z.ZodPrefault || schema instanceof z.ZodReadonly || schema instanceof z.ZodCatch) return unwrapSchema(schema.unwrap())
  // A preprocess step is a pipe whose input is a transform: the shape that matters is its output.
  if (schema instanceof z.ZodPipe) return unwrapSchema(schema.in instanceof z.ZodTransform ? schema.out : schema.in)
  return schema
}

export function objectShapeOf(schema: SchemaNode): Readonly<Record<string, SchemaNode>> | undefined {
  const inner = unwrapSchema(schema)
  return inner instanceof z.ZodObject ? inner.shape : undefined
}

export function arrayElementOf(schema: SchemaNode): SchemaNode | undefined {
  const inner = unwrapSchema(schema)
  return inner instanceof z.ZodArray ? inner.element : undefined
}

export function recordValueOf(schema: SchemaNode): SchemaNode | undefined {
  const inner = unwrapSchema(schema)
  return inner instanceof z.ZodRecord ? inner.valueType : undefined
}

export function enumValuesOf(schema: SchemaNode): string[] | undefined {
  const inner = unwrapSchema(schema)
  return inner instanceof z.ZodEnum ? inner.options.map(String) : undefined
}

export function kindOf(schema: SchemaNode): CanonicalKind {
  const inner = unwrapSchema(schema)
  if (inner instanceof z.ZodEnum) return 'enum'
  if (inner instanceof z.ZodArray) return 'array'
  if (inner instanceof z.ZodObject) return 'object'
  switch (inner._zod.def.type) {
    case 'string':
      return 'string'
    case 'number':
    case 'int':
      return 'number'
    case 'boolean':
      return 'boolean'
    default:
      return 'other'
  }
}

/** Required means the canonical object is invalid without it (a zod default makes it optional). */
export function isRequiredField(schema: SchemaNode): boolean {
  return !z.safeParse(schema, undefined).success
}

export function acceptsNull(schema: SchemaNode): boolean {
  return z.safeParse(schema, null).success
}
