import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { Command } from 'commander'
import { loadConfig } from '../config/config'
import { HubError } from '../errors/hub-error'
import { compileMapping, formatMappingFileIssue, formatMappingIssue, MappingFileError, parseMappingFile, type CompiledMapping } from '../mapping'
import { createMappingCatalog } from '../store/mapping.catalog'
import { fail, type CliRuntime } from './cli.context'

const display = (path: string) => relative(process.cwd(), path) || path

/** Mapping files under a folder (recursively), or the file itself. */
function mappingFilesAt(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target]
  return readdirSync(target, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? mappingFilesAt(join(target, e.name)) : /\.ya?ml$/i.test(e.name) ? [join(target, e.name)] : []))
}

/**
 * A file inside the hub's mappings folder is loaded as the catalog would load it: under the name
 * its path gives (`rest/customer`), which the file must declare. Elsewhere the file's own name stands.
 */
function expectedNameOf(file: string, mappingsDir: string): string | undefined {
  const rel = relative(resolve(mappingsDir), resolve(file))
  if (rel.startsWith('..') || rel.startsWith(sep) || !/\.yaml$/.test(rel)) return undefined
  return rel.slice(0, -'.yaml'.length).split(sep).join('/')
}

function loadMappingFile(file: string, mappingsDir: string): CompiledMapping {
  return compileMapping(parseMappingFile(readFileSync(file, 'utf8'), display(file), { expectedName: expectedNameOf(file, mappingsDir) }))
}

/** A path to a file, or a mapping name looked up in MAPPINGS_DIR the way a sync does (`rest/customer`). */
function loadMapping(ref: string, mappingsDir: string): CompiledMapping {
  if (existsSync(ref)) return loadMappingFile(ref, mappingsDir)
  return createMappingCatalog(mappingsDir).get(ref)
}

/** `a.b[2]` → the value there; '' is the whole sample. */
function pick(sample: unknown, path: string): unknown {
  let cur = sample
  for (const m of path.matchAll(/\[(\d+)\]|[^.[\]]+/g)) {
    const key = m[1] !== undefined ? Number(m[1]) : m[0]
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) throw new HubError('validation_failed', `the sample has nothing at ${path} (missing ${String(key)})`)
    cur = (cur as Record<string | number, unknown>)[key]
  }
  return cur
}

function readSample(file: string, path: string | undefined): unknown[] {
  let parsed: unknown
  try {
    // Exports from Windows tools often start with a byte-order mark, which JSON.parse refuses.
    parsed = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new HubError('validation_failed', `${display(file)} is not JSON: ${(err as Error).message}`)
  }
  const at = path ? pick(parsed, path) : parsed
  if (Array.isArray(at)) return at
  if (at !== null && typeof at === 'object') return [at]
  throw new HubError('validation_failed', `the sample${path ? ` at ${path}` : ''} is neither a record (a JSON object) nor a list of them; --records <path> picks them inside it`)
}

const indent = (text: string, by = '    ') => text.split('\n').map((l) => by + l).join('\n')

export function registerMappings(program: Command, rt: CliRuntime): void {
  const mappings = program.command('mappings').description('mapping files: check them, try them on sample records')
  mappings
    .command('validate <files...>')
    .description('load and compile mapping files (or every *.yaml under a folder) as a sync would; every issue with its line and key; exit 1 on issues')
    .action((files: string[]) => {
      const dir = loadConfig(rt.env).mappingsDir
      let bad = 0
      let total = 0
      for (const target of files) {
        let found: string[]
        try {
          found = mappingFilesAt(target)
        } catch (err) {
          console.error(`${target}: cannot be read: ${(err as Error).message}`)
          bad++
          continue
        }
        for (const file of found) {
          total++
          try {
            const m = loadMappingFile(file, dir)
            console.log(`ok  ${display(file)}  ${m.name} v${m.version}: ${m.sourceEntity} → ${m.target}`)
          } catch (err) {
            bad++
            if (err instanceof MappingFileError) for (const issue of err.issues) console.log(formatMappingFileIssue(issue))
            else console.log(`${display(file)}: ${(err as Error).message}`)
          }
        }
      }
      console.log(`${total} mapping file${total === 1 ? '' : 's'}, ${bad} with issues`)
      if (bad) fail()
    })
  mappings
    .command('preview <mapping> <sample>')
    .description('map the records of a JSON sample (an object or a list of them) with a mapping file or name; the canonical result or the issues with their paths; exit 1 on issues')
    .option('--records <path>', 'where the record or list of records is inside the sample, e.g. customers or d.results')
    .option('--json', 'print the results as JSON')
    .action((ref: string, sampleFile: string, o: { records?: string; json?: boolean }) => {
      const dir = loadConfig(rt.env).mappingsDir
      let mapping: CompiledMapping
      try {
        mapping = loadMapping(ref, dir)
      } catch (err) {
        if (!(err instanceof MappingFileError)) throw err
        for (const issue of err.issues) console.log(formatMappingFileIssue(issue))
        return fail()
      }
      const results = readSample(sampleFile, o.records).map((record) => mapping.map(record))
      const failed = results.filter((r) => !r.ok).length
      if (o.json) console.log(JSON.stringify({ mapping: { name: mapping.name, version: mapping.version, target: mapping.target }, results }, null, 2))
      else {
        console.log(`${mapping.name} v${mapping.version}: ${mapping.sourceEntity} → ${mapping.target}`)
        results.forEach((r, i) => {
          if (r.ok) console.log(`record ${i + 1}: ok\n${indent(JSON.stringify(r.value, null, 2))}`)
          else console.log(`record ${i + 1}: ${r.issues.length} issue${r.issues.length === 1 ? '' : 's'}\n${indent(r.issues.map(formatMappingIssue).join('\n'))}`)
        })
        console.log(`${results.length} record${results.length === 1 ? '' : 's'}: ${results.length - failed} mapped, ${failed} with issues`)
      }
      if (failed) fail()
    })
}
