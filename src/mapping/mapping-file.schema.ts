import { z } from 'zod'
import { coercionNames } from './coercion.registry'
import { parseSourcePath } from './source-path.parse'
import { transformNames } from './value.transform'

/**
 * The shape of a mapping file, checked node by node: the root, each value field and each group are
 * parsed on their own (see mapping-file.parse.ts) because whether an entry is a value or a group
 * depends on its keys, and a union would blur the messages. Every object is strict: a typo'd key is an
 * error, not an ignored line.
 */

const sourcePathText = z.string({ error: 'expected a path such as customer.address.city' }).superRefine((text, ctx) => {
  const parsed = parseSourcePath(text)
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message })
})

/** A single value stands for a one-element list, so `from: id` and `transform: trim` read naturally. */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).min(1, 'the list is empty'))
}

export const scalarSchema = z.union([z.string(), z.number(), z.boolean()], { error: 'expected text, a number or true/false' })
export type Scalar = z.infer<typeof scalarSchema>

export const lookupValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'a lookup value must be text, a number, true/false or null' })
export type LookupValue = z.infer<typeof lookupValueSchema>

export const valueFieldSchema = z
  .strictObject({
    from: oneOrMany(sourcePathText).optional(),
    const: scalarSchema.optional(),
    as: z.enum(coercionNames).optional(),
    required: z.boolean().optional(),
    default: scalarSchema.optional(),
    lookup: z.string().optional(),
    transform: oneOrMany(z.enum(transformNames)).optional(),
    /** With a list in `from`: every present value, joined with this text (first + last name, composite ids). */
    join: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.join !== undefined && (spec.from === undefined || spec.from.length < 2)) ctx.addIssue({ code: 'custom', path: ['join'], message: '"join" puts several source values together: "from" needs a list of two or more paths' })
    if (spec.from !== undefined && spec.const !== undefined) ctx.addIssue({ code: 'custom', path: ['const'], message: 'use either "from" or "const", not both' })
    if (spec.from === undefined && spec.const === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'a field needs "from" (a source path) or "const" (a fixed value)' })
  })
  .transform((spec) => ({ kind: 'value' as const, ...spec }))
export type ValueFieldSpec = z.output<typeof valueFieldSchema>

/** `fields` of a group are parsed entry by entry, like the root's. */
export const groupFieldSchema = z
  .strictObject({
    each: sourcePathText.optional(),
    /** Only list items whose value at each path (inside the item) equals the value, or one of the values, are mapped. */
    where: z.record(sourcePathText, z.union([scalarSchema, z.array(scalarSchema).min(1)])).optional(),
    fields: z.record(z.string(), z.unknown(), { error: 'expected a map of canonical field names to field specs' }),
  })
  .superRefine((spec, ctx) => {
    if (spec.where !== undefined && spec.each === undefined) ctx.addIssue({ code: 'custom', path: ['where'], message: '"where" filters the items of a list: it needs "each"' })
  })

export const lookupsSchema = z.record(z.string(), z.record(z.string(), lookupValueSchema, { error: 'a lookup is a map of source values to canonical values' }))

export const mappingFileSchema = z.strictObject({
  mapping: z.string().min(1),
  version: z.number().int().positive(),
  source: z.strictObject({ connector: z.string().min(1), entity: z.string().min(1) }),
  target: z.string(),
  timezone: z.string().optional(),
  fields: z.record(z.string(), z.unknown(), { error: 'expected a map of canonical field names to field specs' }),
  lookups: lookupsSchema.optional(),
})
