import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LOG_AUDIT_ENV } from '../../src/observability/logger'
import { knownSecrets } from '../support/known-secrets'
import { auditLogDir } from '../support/log-audit'

/** What this teardown reads of jest's global config (named here rather than imported from jest's internals). */
interface RunConfig {
  rootDir: string
  json?: boolean
  outputFile?: string
  testPathPatterns?: { patterns?: readonly string[] } | readonly string[]
  testNamePattern?: string
  onlyChanged?: boolean
  onlyFailures?: boolean
  findRelatedTests?: boolean
  changedSince?: string
  lastCommit?: boolean
}

const FINDINGS_KEPT = 500

/** A run of some of the tests (a path, a name, changed files): it may rightly write no log line at all. */
function narrowed(config: RunConfig): boolean {
  const p = config.testPathPatterns
  const paths = Array.isArray(p) ? p.length : ((p as { patterns?: readonly string[] } | undefined)?.patterns?.length ?? 0)
  return paths > 0 || Boolean(config.testNamePattern || config.onlyChanged || config.onlyFailures || config.findRelatedTests || config.changedSince || config.lastCommit)
}

/**
 * The log audit: every line every logger of the run wrote (test/setup/global-setup.ts set the
 * directory, src/observability/logger.ts wrote to it) is searched for secrets. The summary goes to
 * `.ci/log-audit.json` (which .ci/run counts as one more test) and one line to the console.
 *
 * It fails the run on any finding, and on a whole run that wrote no line (an audit that saw nothing
 * proves nothing). When jest writes its results to a file (`--json --outputFile`, as .ci/run does),
 * it sets the exit code instead of throwing: jest writes that file only after the global teardown
 * returns, and the test counts in it must not be lost.
 */
export default async function globalTeardown(config: RunConfig): Promise<void> {
  const dir = process.env[LOG_AUDIT_ENV]
  if (!dir) throw new Error(`log audit: ${LOG_AUDIT_ENV} was not set (test/setup/global-setup.ts sets it)`)
  const summary = auditLogDir(dir, knownSecrets)
  const partial = narrowed(config)
  const problem = summary.findings.length > 0 ? `${summary.findings.length} finding(s)` : summary.lines === 0 && !partial ? 'no log line was written, so nothing was audited' : undefined

  const report = {
    ok: problem === undefined,
    narrowedRun: partial,
    dir: summary.dir,
    files: summary.files,
    lines: summary.lines,
    findingCount: summary.findings.length,
    byKind: summary.byKind,
    findings: summary.findings.slice(0, FINDINGS_KEPT).map((f) => ({ at: `${f.file}:${f.line}`, kind: f.kind, what: f.what, masked: f.masked })),
  }
  const ci = join(config.rootDir, '.ci')
  mkdirSync(ci, { recursive: true })
  writeFileSync(join(ci, 'log-audit.json'), `${JSON.stringify(report, null, 2)}\n`)

  const kinds = Object.entries(summary.byKind)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ')
  const line = `[log-audit] ${summary.lines} lines in ${summary.files} files, ${summary.findings.length} findings${kinds ? ` (${kinds})` : ''}`
  if (!problem) {
    console.log(`${line}${summary.lines === 0 ? ' (a narrowed run that wrote no log line)' : ''}`)
    // The lines are kept only while they hold something to look at.
    rmSync(dir, { recursive: true, force: true })
    return
  }
  const first = summary.findings
    .slice(0, 10)
    .map((f) => `  ${join(dir, f.file)}:${f.line} ${f.kind} (${f.what}: ${f.masked})`)
    .join('\n')
  const message = `${line}: FAILED, ${problem}${first ? `\n${first}` : ''}\n  summary: .ci/log-audit.json`
  if (config.json && config.outputFile) {
    console.error(message)
    process.exitCode = 1
    return
  }
  throw new Error(message)
}
