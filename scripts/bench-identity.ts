/**
 * Identity resolution benchmark: `npm run bench:identity -- [--records 100000] [--seed 2026] [--changed 100] [--in-memory]`
 *
 * Generates a seeded ground-truth set (src/identity/bench: originals plus corrupted duplicates over
 * four ERPs, with over-merge traps), then, by default, loads it through the hub's own pipeline — one
 * CSV export per ERP received as a document, ingested by the worker through the csv connector and its
 * mapping into the customer table — and lets the hub resolve the tenant into golden customers (the
 * identity job: normalise, block, score, cluster, survivorship, lineage, all stored). It prints pair
 * precision / recall / F1, cluster F1, recall per corruption, and the time of each stage.
 * `--in-memory` skips the database: normalise and match only, to tune the matcher quickly.
 * Goal (issue 5): pair F1 ≥ 0.95 and all 100,000 resolved in under 120 s on 2 cores.
 */
import { generateIdentityDataset, originalsFor, evaluate } from '../src/identity/bench'
import { resolveClusters } from '../src/identity/match/matcher'
import { toMatchRecord } from '../src/identity/match/match-record'
import { normaliseCustomer } from '../src/identity/normalise'
import { loadConfig } from '../src/config/config'
import { resolveTenant } from '../src/identity/resolve-tenant'
import { createLogger } from '../src/observability/logger'
import { createHub } from '../src/runtime/hub.container'
import { startWorker } from '../src/runtime/processes'
import { migrate } from '../src/store/migrate'
import { ensureTenant } from '../src/store/tenant.repo'
import { arg, benchDatabaseUrl } from './bench.kit'
import { loadThroughPipeline } from './bench-identity-pipeline'

const ERPS = ['sap-ecc', 'bc-dynamics', 'tryton', 'legacy-as400']
const pct = (x: number) => `${(x * 100).toFixed(2)}%`

type Dataset = ReturnType<typeof generateIdentityDataset>
type Resolved = { clusterOf: Map<string, string>; seconds: number; detail: string }

function inMemory(ds: Dataset): Resolved {
  let t = performance.now()
  const matchRecords = ds.records.map((r) => toMatchRecord(r.recordId, normaliseCustomer(r)))
  const normMs = performance.now() - t
  t = performance.now()
  const result = resolveClusters(matchRecords)
  const matchMs = performance.now() - t
  return {
    clusterOf: result.clusterOf,
    seconds: (normMs + matchMs) / 1000,
    detail: `normalise ${(normMs / 1000).toFixed(1)} s, block + score + cluster ${(matchMs / 1000).toFixed(1)} s; ${result.stats.blocks.toLocaleString('en-US')} blocks (${result.stats.skippedBlocks} too big to compare within), ${result.stats.candidatePairs.toLocaleString('en-US')} candidate pairs, ${result.links.length.toLocaleString('en-US')} links, ${result.refused.length} refused (tax-id conflicts), ${result.review.length.toLocaleString('en-US')} pairs for review`,
  }
}

async function throughHub(ds: Dataset): Promise<Resolved> {
  const base = loadConfig()
  const dbUrl = benchDatabaseUrl(base)
  await migrate(dbUrl)
  const hub = createHub({ ...base, databaseUrl: dbUrl, logLevel: 'silent' }, { logger: createLogger({ level: 'silent' }) })
  try {
    await hub.db.pool.query('TRUNCATE "tenant" CASCADE')
    const tenant = await ensureTenant(hub.db, 'bench-identity', 'Identity benchmark')
    const worker = await startWorker(hub)
    let t = performance.now()
    const { runs, byRecord } = await loadThroughPipeline(hub, tenant.id, ds.records)
    for (;;) {
      const open = await hub.db.prisma.syncRun.count({ where: { id: { in: runs }, status: { notIn: ['succeeded', 'failed', 'superseded', 'skipped'] } } })
      if (open === 0) break
      await new Promise((r) => setTimeout(r, 200))
    }
    const failed = await hub.db.prisma.syncRun.findMany({ where: { id: { in: runs }, status: { not: 'succeeded' } } })
    if (failed.length) throw new Error(`ingest runs failed: ${failed.map((f) => JSON.stringify(f.error)).join('; ')}`)
    const customers = await hub.db.prisma.customer.count({ where: { tenantId: tenant.id } })
    const ingestMs = performance.now() - t
    console.log(`ingested ${customers.toLocaleString('en-US')} source customers from ${runs.length} CSV exports through documents → worker → csv connector → mapping in ${(ingestMs / 1000).toFixed(1)} s`)
    await worker.close()
    // The identity job may have resolved some of it already: timed here is a resolution from nothing,
    // every golden customer made and stored.
    await hub.db.pool.query('DELETE FROM "golden_customer" WHERE "tenant_id" = $1', [tenant.id])
    t = performance.now()
    const outcome = await resolveTenant(hub.db, tenant.id, { mode: 'full' })
    const resolveMs = performance.now() - t
    const rows = await hub.db.pool.query<{ connection_id: string; external_id: string; golden_id: string }>(
      `SELECT c."connection_id", c."external_id", i."golden_id" FROM "customer" c JOIN "customer_identity" i ON i."customer_id" = c."id" WHERE c."tenant_id" = $1`,
      [tenant.id],
    )
    // Incremental: a few source customers change (as a sync or a webhook would leave them) and the
    // identity job resolves just those and what they may link to; the full resolution above is the baseline.
    const changedCount = arg('changed', 100)
    await hub.db.pool.query(
      `UPDATE "customer" SET "phone" = NULL, "updated_at" = now() WHERE "id" IN (SELECT "id" FROM "customer" WHERE "tenant_id" = $1 ORDER BY md5("id"::text) LIMIT $2)`,
      [tenant.id, changedCount],
    )
    await resolveTenant(hub.db, tenant.id, { mode: 'incremental' }) // a warm worker: the first incremental run fills its cache of normalised records
    await hub.db.pool.query(
      `UPDATE "customer" SET "email" = NULL, "updated_at" = now() WHERE "id" IN (SELECT "id" FROM "customer" WHERE "tenant_id" = $1 ORDER BY md5("id"::text) DESC LIMIT $2)`,
      [tenant.id, changedCount],
    )
    t = performance.now()
    const incremental = await resolveTenant(hub.db, tenant.id, { mode: 'incremental' })
    const incrementalMs = performance.now() - t
    console.log(
      `incremental: ${changedCount} changed source customers resolved in ${(incrementalMs / 1000).toFixed(2)} s, ${incremental.examined.toLocaleString('en-US')} of ${incremental.customers.toLocaleString('en-US')} examined, ${incremental.written} goldens written (${((incrementalMs / resolveMs) * 100).toFixed(1)}% of the full resolution's time)`,
    )
    const golden = new Map(rows.rows.map((r) => [`${r.connection_id}\u0000${r.external_id}`, r.golden_id]))
    const clusterOf = new Map<string, string>()
    for (const [recordId, at] of byRecord) clusterOf.set(recordId, golden.get(`${at.connectionId}\u0000${at.externalId}`) ?? `missing:${recordId}`)
    return {
      clusterOf,
      seconds: resolveMs / 1000,
      detail: `${outcome.goldens.toLocaleString('en-US')} golden customers stored with lineage (${outcome.created.toLocaleString('en-US')} new), ${outcome.review.toLocaleString('en-US')} pairs for review`,
    }
  } finally {
    await hub.close()
  }
}

async function main() {
  const records = arg('records', 100_000)
  const seed = arg('seed', 2026)
  const duplicatesPerOriginal = { max: 3, distribution: 'uniform' as const }
  const t = performance.now()
  const ds = generateIdentityDataset({ seed, originals: originalsFor(records, duplicatesPerOriginal), duplicatesPerOriginal, erps: ERPS })
  const genMs = performance.now() - t
  console.log(`generated ${ds.records.length.toLocaleString('en-US')} source customers of ${new Set(ds.truth.values()).size.toLocaleString('en-US')} companies in ${(genMs / 1000).toFixed(1)} s (seed ${seed}; not counted below)`)

  const memory = process.argv.includes('--in-memory')
  const resolved = memory ? inMemory(ds) : await throughHub(ds)
  const score = evaluate(ds.truth, resolved.clusterOf, ds.records)
  console.log(`${memory ? 'in memory' : 'the hub'} resolved ${ds.records.length.toLocaleString('en-US')} customers in ${resolved.seconds.toFixed(1)} s (goal < 120 s): ${resolved.detail}`)
  console.log(`pairs: precision ${pct(score.pair.precision)}, recall ${pct(score.pair.recall)}, F1 ${score.pair.f1.toFixed(4)} (tp ${score.pair.tp}, fp ${score.pair.fp}, fn ${score.pair.fn}); goal F1 ≥ 0.95`)
  console.log(`clusters: precision ${pct(score.cluster.precision)}, recall ${pct(score.cluster.recall)}, F1 ${score.cluster.f1.toFixed(4)}`)
  console.log('recall per corruption (pairs with at least one record so corrupted):')
  for (const [name, c] of Object.entries(score.perCorruption).sort((a, b) => a[1]!.recall - b[1]!.recall)) {
    console.log(`  ${name.padEnd(20)} ${pct(c!.recall).padStart(8)}  (${c!.found.toLocaleString('en-US')} of ${c!.pairs.toLocaleString('en-US')})`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
