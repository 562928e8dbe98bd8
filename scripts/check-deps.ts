import { builtinModules } from 'node:module'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/**
 * The dependency direction of ARCHITECTURE.md, checked: each layer lists the layers it may import.
 * A folder missing from this table is itself a violation, so a new folder has to take a place in it.
 * Run: `npm run check:deps` (also part of `npm run lint` and of the test suite).
 */
export const allowed: Record<string, string[]> = {
  errors: [],
  config: ['errors'],
  canonical: ['errors'],
  'connector-sdk': ['errors'],
  mapping: ['canonical', 'errors'],
  observability: ['connector-sdk'],
  simulator: ['errors'],
  store: ['canonical', 'errors', 'mapping', 'connector-sdk'],
  connections: ['canonical', 'connector-sdk', 'errors', 'store', 'mapping', 'identity'],
  // Identity resolution: normalisation, matching, golden customers (pure functions first, then store).
  identity: ['canonical', 'connector-sdk', 'errors', 'store'],
  customers: ['canonical', 'mapping', 'connector-sdk', 'errors', 'store', 'identity'],
  crm: ['canonical', 'mapping', 'connector-sdk', 'errors', 'store', 'customers', 'scm', 'connections'],
  scm: ['canonical', 'mapping', 'connector-sdk', 'errors', 'store'],
  kpi: ['canonical', 'errors', 'store', 'customers', 'crm', 'scm'],
  // Per-connection request budgets and circuit breakers, shared through Redis.
  ratelimit: ['connector-sdk', 'errors'],
  // The webhook inbox: checks and stores calls; turning events into work is src/sync's.
  webhooks: ['canonical', 'connector-sdk', 'errors', 'store', 'connections'],
  sync: ['canonical', 'mapping', 'connector-sdk', 'errors', 'store', 'connections', 'observability', 'webhooks', 'ratelimit', 'crm', 'identity'],
  jobs: ['sync', 'webhooks', 'ratelimit', 'identity', 'connections', 'customers', 'crm', 'scm', 'kpi', 'store', 'canonical', 'connector-sdk', 'errors', 'observability'],
  api: ['sync', 'webhooks', 'ratelimit', 'identity', 'connections', 'customers', 'crm', 'scm', 'kpi', 'store', 'canonical', 'connector-sdk', 'errors', 'observability', 'mapping'],
  // Composition roots: they wire everything together and are imported by nothing but main.
  runtime: ['*'],
  demo: ['*'],
  main: ['*'],
  // The erphub CLI's commands (config-as-code, runs, previews): composition like main, imported by main only.
  cli: ['*'],
}

/** Connectors import only the SDK (and node built-ins): they know nothing of the hub. */
const CONNECTOR_MAY_IMPORT = ['connector-sdk']

export interface Violation {
  file: string
  imports: string
  rule: string
}

const builtins = new Set(builtinModules)

function listTs(dir: string): string[] {
  const out: string[] = []
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (name === 'node_modules' || name === 'generated' || name === 'fixtures') continue
    if (statSync(p).isDirectory()) out.push(...listTs(p))
    // Tests and their fixtures-as-code (a connector's conformance target uses nock) are not product code.
    else if (name.endsWith('.ts') && !/\.(d|test|conformance|test-kit)\.ts$/.test(name)) out.push(p)
  }
  return out
}

/** Import specifiers of a file: static, re-exports, side-effect, require() and import(). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const specs: string[] = []
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g]
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1])
  return specs
}

/** `src/<layer>/…` → layer; `src/main.ts` → main; `connectors/<kind>/…` → connector:<kind>. */
function layerOf(root: string, file: string): string | undefined {
  const parts = relative(root, file).split(sep)
  if (parts[0] === 'src') return parts.length === 2 ? parts[1].replace(/\.ts$/, '') : parts[1]
  if (parts[0] === 'connectors') return parts.length <= 2 ? 'connectors-registry' : `connector:${parts[1]}`
  return undefined
}

export function checkDependencies(root: string): Violation[] {
  root = resolve(root)
  const files = [...listTs(join(root, 'src')), ...listTs(join(root, 'connectors'))]
  const violations: Violation[] = []
  for (const file of files) {
    const from = layerOf(root, file)!
    const rel = relative(root, file)
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const bare = spec.replace(/^node:/, '')
      if (!spec.startsWith('.')) {
        // npm packages and built-ins: connectors get nothing but built-ins (zod comes through the SDK).
        if (from.startsWith('connector:') && !builtins.has(bare) && !builtins.has(bare.split('/')[0])) violations.push({ file: rel, imports: spec, rule: 'connectors import only the connector SDK and node built-ins' })
        continue
      }
      const to = layerOf(root, resolve(dirname(file), spec))
      if (!to || to === from) continue
      if (from.startsWith('connector:')) {
        if (!CONNECTOR_MAY_IMPORT.includes(to)) violations.push({ file: rel, imports: spec, rule: 'connectors import only the connector SDK' })
        continue
      }
      if (from === 'connectors-registry') {
        if (!to.startsWith('connector:') && to !== 'connector-sdk') violations.push({ file: rel, imports: spec, rule: 'the connector registry lists connectors and nothing else' })
        continue
      }
      if (to.startsWith('connector:')) {
        violations.push({ file: rel, imports: spec, rule: 'connectors are reached through the registry (connectors/index.ts), never directly' })
        continue
      }
      if (to === 'connectors-registry' && from !== 'runtime' && from !== 'main') {
        violations.push({ file: rel, imports: spec, rule: 'only the composition root (src/runtime, src/main.ts) loads the connector registry' })
        continue
      }
      const rules = allowed[from]
      if (!rules) {
        violations.push({ file: rel, imports: spec, rule: `src/${from} has no place in the dependency table of scripts/check-deps.ts` })
        continue
      }
      if (to === 'connectors-registry' || rules.includes('*')) continue
      if (!rules.includes(to)) violations.push({ file: rel, imports: spec, rule: `${from} may import only ${rules.join(', ') || 'nothing of the hub'}; not ${to}` })
    }
  }
  return violations
}

if (require.main === module) {
  const violations = checkDependencies(process.argv[2] ?? join(__dirname, '..'))
  for (const v of violations) console.error(`${v.file}: imports ${v.imports} — ${v.rule}`)
  console.log(violations.length ? `${violations.length} dependency violation(s)` : 'dependency direction: ok')
  process.exit(violations.length ? 1 : 0)
}
