import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The web console's browser code (web/console, Preact in TypeScript) bundled by esbuild in memory,
 * once per process on first request: no build step, no generated files to keep in step, and the
 * page served is always the code beside it. A bundle that fails to build is an error with esbuild's
 * messages, never a stale page.
 */

export interface ConsoleAsset {
  body: Buffer
  contentType: string
  etag: string
}

export interface ConsoleAssets {
  'app.js': ConsoleAsset
  'console.css': ConsoleAsset
}

/** The folder holding web/console: the repository root above src/ (or a build's dist/src/). */
export function consoleSourceDir(): string {
  for (let dir = __dirname, i = 0; i < 6; dir = dirname(dir), i++) {
    const candidate = join(dir, 'web', 'console')
    if (existsSync(join(candidate, 'main.tsx'))) return candidate
  }
  throw new Error('the web console sources (web/console/main.tsx) are not beside this installation')
}

function asset(body: Buffer | string, contentType: string): ConsoleAsset {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  return { body: bytes, contentType, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"` }
}

export async function buildConsoleAssets(dir = consoleSourceDir()): Promise<ConsoleAssets> {
  // Loaded when the console is first asked for: processes that never serve it never load esbuild.
  const esbuild = await import('esbuild')
  let result: Awaited<ReturnType<typeof esbuild.build>> & { outputFiles: Array<{ contents: Uint8Array }> }
  try {
    result = await esbuild.build({
      entryPoints: [join(dir, 'main.tsx')],
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      target: ['es2020'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      legalComments: 'none',
      logLevel: 'silent',
      absWorkingDir: dir,
      // The hub's own packages (preact), also when the sources are elsewhere (a copy under test).
      nodePaths: [join(__dirname, '..', '..', '..', 'node_modules')],
    })
  } catch (err) {
    throw new Error(`the web console does not build: ${describeBuildFailure(err)}`)
  }
  const js = result.outputFiles[0]
  if (!js) throw new Error('esbuild produced no bundle for the web console')
  return {
    'app.js': asset(Buffer.from(js.contents), 'text/javascript; charset=utf-8'),
    'console.css': asset(readFileSync(join(dir, 'console.css')), 'text/css; charset=utf-8'),
  }
}

/** esbuild's errors as `file:line:column: text`, one per error. */
function describeBuildFailure(err: unknown): string {
  const errors = (err as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors
  if (!Array.isArray(errors) || errors.length === 0) return err instanceof Error ? err.message : String(err)
  return errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('; ')
}

/** The assets, built once; a failed build is retried on the next request instead of being cached. */
export function consoleAssetCache(build: () => Promise<ConsoleAssets> = buildConsoleAssets): () => Promise<ConsoleAssets> {
  let pending: Promise<ConsoleAssets> | undefined
  return () => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined
      throw err
    })
    return pending
  }
}
