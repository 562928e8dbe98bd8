import { z } from 'zod'
import { secretFields } from '../../connector-sdk/secret'

export type JsonSchema = Record<string, unknown>

const REF_PREFIX = '#/components/schemas/'
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/

/**
 * zod schemas as the JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of what a client sends:
 * `io: 'input'`, so defaults are optional fields and a transformed query string is the string it
 * starts as. Schemas given a name become components, and every use of them a `$ref`; a schema that
 * checks in code what JSON Schema cannot say (a transform) is shown as the name's component says.
 */
export class JsonSchemas {
  readonly components: Record<string, JsonSchema> = {}
  private readonly names = new Map<z.ZodType, string>()
  private hoisted = 0

  /** Every use of `schema` becomes a `$ref` to the component `name`, converted from `schema` itself or given as `json`. */
  name(name: string, schema: z.ZodType | null, json?: JsonSchema): string {
    if (!COMPONENT_NAME.test(name)) throw new Error(`${name} is not a valid component name`)
    if (this.components[name]) throw new Error(`component ${name} is defined twice`)
    if (schema) this.names.set(schema, name)
    this.components[name] = json ?? this.convert(schema!, schema)
    return ref(name)
  }

  /** A component that no zod schema stands for (the error envelope, a page). */
  define(name: string, json: JsonSchema): string {
    return this.name(name, null, json)
  }

  /** The JSON Schema of `schema`; named schemas inside it are `$ref`s. */
  of(schema: z.ZodType): JsonSchema {
    return this.convert(schema, null)
  }

  private convert(schema: z.ZodType, self: z.ZodType | null): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      // A refinement or transform has no JSON Schema: it is shown as what it accepts on the way in.
      unrepresentable: 'any',
      override: (ctx) => {
        const visited = ctx.zodSchema as unknown as z.ZodType
        // A secret (connector-sdk secret()) is sent, never answered: clients show it as a password field.
        if (secretFields.has(visited)) Object.assign(ctx.jsonSchema, { format: 'password', writeOnly: true })
        const name = visited === self ? undefined : this.names.get(visited)
        if (!name) return
        const target = ctx.jsonSchema as JsonSchema
        const description = target.description
        for (const key of Object.keys(target)) delete target[key]
        target.$ref = REF_PREFIX + name
        if (description !== undefined) target.description = description
      },
    }) as JsonSchema
    delete json.$schema
    return this.hoistDefs(json)
  }

  /** `$defs` (a cycle, a reused id) refer to the document root in OpenAPI: they move to the components. */
  private hoistDefs(json: JsonSchema): JsonSchema {
    const defs = json.$defs as Record<string, JsonSchema> | undefined
    if (!defs) return json
    delete json.$defs
    const renamed = new Map<string, string>()
    for (const key of Object.keys(defs)) renamed.set(`#/$defs/${key}`, `Def${++this.hoisted}`)
    const rewrite = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(rewrite)
      if (typeof node !== 'object' || node === null) return
      const o = node as JsonSchema
      if (typeof o.$ref === 'string') {
        if (o.$ref === '#') throw new Error('a schema that contains itself needs a name (JsonSchemas.name)')
        const to = renamed.get(o.$ref)
        if (to) o.$ref = REF_PREFIX + to
      }
      Object.values(o).forEach(rewrite)
    }
    rewrite(json)
    for (const [key, def] of Object.entries(defs)) {
      rewrite(def)
      this.components[renamed.get(`#/$defs/${key}`)!] = def
    }
    return json
  }
}

export function ref(name: string): string {
  return REF_PREFIX + name
}
