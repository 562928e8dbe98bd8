import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { LineCounter, parseAllDocuments, type Document } from 'yaml'
import { resolveEnvReferences } from './env-reference.resolve'

/** One connection as a file describes it: where it is, and its body with `${env:…}` already replaced. */
export interface ConnectionDocument {
  file: string
  /** 1-based position among the file's `---` documents. */
  index: number
  body: Record<string, unknown>
  /** Paths whose value came from the environment: never printed. */
  fromEnv: Set<string>
  /** Paths whose environment reference could not be resolved (already reported; other checks of them would only repeat it). */
  unresolved: Set<string>
  /** The line of a field (`config.auth.token`), or of its nearest parent the file has. */
  lineOf(path: string): number | undefined
}

/** A problem with a file, a document or a field, positioned as precisely as it is known. */
export interface FileIssue {
  file: string
  index?: number
  line?: number
  path?: string
  message: string
}

export function formatFileIssue(i: FileIssue): string {
  const where = `${i.file}${i.line ? `:${i.line}` : ''}${i.index ? ` (document ${i.index})` : ''}`
  return `${where}${i.path ? ` ${i.path}` : ''}: ${i.message}`
}

/** `a.b[2].c` → ['a', 'b', 2, 'c']. */
function segmentsOf(path: string): Array<string | number> {
  return [...path.matchAll(/\[(\d+)\]|[^.[\]]+/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[0]))
}

function lineFinder(doc: Document, lines: LineCounter) {
  return (path: string): number | undefined => {
    const segments = path === '(root)' ? [] : segmentsOf(path)
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true)
      const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0]
      if (offset !== undefined) return lines.linePos(offset).line
    }
    return undefined
  }
}

/** A file, or every `*.yaml` / `*.yml` directly in a folder, in name order. */
export function connectionFilesAt(target: string): string[] {
  const stat = statSync(target)
  if (!stat.isDirectory()) return [target]
  return readdirSync(target)
    .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
    .sort()
    .map((name) => join(target, name))
}

/**
 * Reads connection files: YAML, one connection per document. Every problem found is returned (a
 * syntax error, a document that is not a mapping, an environment reference that cannot be resolved),
 * so one run names them all.
 */
export function loadConnectionFiles(target: string, env: NodeJS.ProcessEnv): { documents: ConnectionDocument[]; issues: FileIssue[] } {
  const documents: ConnectionDocument[] = []
  const issues: FileIssue[] = []
  let files: string[]
  try {
    files = connectionFilesAt(target)
  } catch (err) {
    return { documents, issues: [{ file: target, message: `cannot be read: ${(err as Error).message}` }] }
  }
  for (const path of files) {
    const file = path
    const lines = new LineCounter()
    let docs: Document[]
    try {
      docs = parseAllDocuments(readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: false }) as Document[]
    } catch (err) {
      issues.push({ file, message: `cannot be read: ${(err as Error).message}` })
      continue
    }
    if (!Array.isArray(docs)) continue // an empty file
    docs.forEach((doc, i) => {
      const index = i + 1
      if (doc.errors.length) {
        for (const e of doc.errors) issues.push({ file, index, line: lines.linePos(e.pos[0]).line, message: e.message })
        return
      }
      if (doc.contents === null) return // `---` with nothing after it
      let raw: unknown
      try {
        raw = doc.toJS()
      } catch (err) {
        issues.push({ file, index, message: (err as Error).message })
        return
      }
      const lineOf = lineFinder(doc, lines)
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        issues.push({ file, index, line: lineOf('(root)'), message: 'expected a connection: a mapping with name, kind and config' })
        return
      }
      const resolved = resolveEnvReferences(raw, env)
      for (const issue of resolved.issues) issues.push({ file, index, line: lineOf(issue.path), path: issue.path, message: issue.message })
      documents.push({ file, index, body: resolved.value as Record<string, unknown>, fromEnv: resolved.fromEnv, unresolved: new Set(resolved.issues.map((i) => i.path)), lineOf })
    })
  }
  if (!documents.length && !issues.length) issues.push({ file: target, message: 'holds no connections (a folder is read for *.yaml and *.yml files)' })
  return { documents, issues }
}
