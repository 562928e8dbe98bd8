import { readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { HubError } from '../errors/hub-error'
import { compileMapping, parseMappingFile, type CompiledMapping } from '../mapping'

/**
 * Mapping files on disk (`<dir>/<name>.yaml`), parsed, validated and compiled once per version of the
 * file: an edited file is picked up by the next sync without a restart, an unchanged one costs a stat.
 */
export interface MappingCatalog {
  /** The compiled mapping, or a HubError (`mapping_invalid` / `not_found`) naming file, line and key. */
  get(name: string): CompiledMapping
  /** The mapping a connection uses for an entity: its override, else `<kind>/<entity>`. */
  nameFor(kind: string, entity: string, overrides?: Record<string, string>): string
  dir: string
}

export function createMappingCatalog(dir: string): MappingCatalog {
  const cache = new Map<string, { mtimeMs: number; size: number; compiled: CompiledMapping }>()
  return {
    dir,
    nameFor(kind, entity, overrides = {}) {
      return overrides[entity] ?? `${kind}/${entity}`
    },
    get(name) {
      if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)+$/i.test(name) || name.includes('..')) {
        throw new HubError('validation_failed', `"${name}" is not a mapping name (expected <connector>/<entity>, e.g. rest/customer)`)
      }
      const file = join(dir, `${name}.yaml`)
      let stat
      try {
        stat = statSync(file)
      } catch {
        throw new HubError('not_found', `mapping ${name} does not exist (looked for ${relative(process.cwd(), file)})`)
      }
      const hit = cache.get(name)
      if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.compiled
      const spec = parseMappingFile(readFileSync(file, 'utf8'), relative(process.cwd(), file), { expectedName: name })
      const compiled = compileMapping(spec)
      cache.set(name, { mtimeMs: stat.mtimeMs, size: stat.size, compiled })
      return compiled
    },
  }
}
