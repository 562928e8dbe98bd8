/**
 * Identity resolution benchmark: `npm run bench:identity -- [--records 100000] [--seed 2026]`
 *
 * Generates a seeded ground-truth set (src/identity/bench: originals plus corrupted duplicates over
 * four ERPs, with over-merge traps), normalises every record, resolves them into clusters with the
 * matcher, and prints pair precision / recall / F1, cluster F1, recall per corruption and the time of
 * each stage. This step runs the resolution in memory; loading the records through the hub's own
 * pipeline (sync → source customers → resolution job → golden customers) comes with the golden
 * records. Goal (issue 5): pair F1 ≥ 0.95 and all 100,000 resolved in under 120 s on 2 cores.
 */
import { generateIdentityDataset, originalsFor, evaluate } from '../src/identity/bench'
import { resolveClusters } from '../src/identity/match/matcher'
import { toMatchRecord } from '../src/identity/match/match-record'
import { normaliseCustomer } from '../src/identity/normalise'
import { arg } from './bench.kit'

const ERPS = ['sap-ecc', 'bc-dynamics', 'tryton', 'legacy-as400']
const pct = (x: number) => `${(x * 100).toFixed(2)}%`

function main() {
  const records = arg('records', 100_000)
  const seed = arg('seed', 2026)
  const duplicatesPerOriginal = { max: 3, distribution: 'uniform' as const }
  let t = performance.now()
  const ds = generateIdentityDataset({ seed, originals: originalsFor(records, duplicatesPerOriginal), duplicatesPerOriginal, erps: ERPS })
  const genMs = performance.now() - t
  console.log(`generated ${ds.records.length.toLocaleString('en-US')} source customers of ${new Set(ds.truth.values()).size.toLocaleString('en-US')} companies in ${(genMs / 1000).toFixed(1)} s (seed ${seed}; not counted below)`)

  t = performance.now()
  const matchRecords = ds.records.map((r) => toMatchRecord(r.recordId, normaliseCustomer(r)))
  const normMs = performance.now() - t
  t = performance.now()
  const result = resolveClusters(matchRecords)
  const matchMs = performance.now() - t
  const score = evaluate(ds.truth, result.clusterOf, ds.records)

  console.log(`normalise ${(normMs / 1000).toFixed(1)} s, block + score + cluster ${(matchMs / 1000).toFixed(1)} s: resolved in ${((normMs + matchMs) / 1000).toFixed(1)} s (goal < 120 s)`)
  console.log(`  ${result.stats.blocks.toLocaleString('en-US')} blocks (${result.stats.skippedBlocks} too big to compare within), ${result.stats.candidatePairs.toLocaleString('en-US')} candidate pairs, ${result.links.length.toLocaleString('en-US')} links, ${result.refused.length} refused (tax-id conflicts), ${result.review.length.toLocaleString('en-US')} pairs for review`)
  console.log(`pairs: precision ${pct(score.pair.precision)}, recall ${pct(score.pair.recall)}, F1 ${score.pair.f1.toFixed(4)} (tp ${score.pair.tp}, fp ${score.pair.fp}, fn ${score.pair.fn}); goal F1 ≥ 0.95`)
  console.log(`clusters: precision ${pct(score.cluster.precision)}, recall ${pct(score.cluster.recall)}, F1 ${score.cluster.f1.toFixed(4)}`)
  console.log('recall per corruption (pairs with at least one record so corrupted):')
  for (const [name, c] of Object.entries(score.perCorruption).sort((a, b) => a[1]!.recall - b[1]!.recall)) {
    console.log(`  ${name.padEnd(20)} ${pct(c!.recall).padStart(8)}  (${c!.found.toLocaleString('en-US')} of ${c!.pairs.toLocaleString('en-US')})`)
  }
}

main()
