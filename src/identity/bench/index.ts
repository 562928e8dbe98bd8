/** The identity benchmark's ground truth: a seeded Febrl-style generator and the scoring of a clustering. */
export { generateIdentityDataset, originalsFor, expectedDuplicates, externalIdStyle, DEFAULT_CORRUPTION_WEIGHTS, type ExternalIdStyle } from './dataset.generate'
export { evaluate, truePairs, type Evaluation, type PairScores, type ClusterScores, type CorruptionRecall } from './evaluate'
export { vatChecksum, generateVatId } from './vat.checksum'
export { CORRUPTIONS, type CorruptionName, type SourceCustomer, type IdentityDataset, type IdentityDatasetOptions, type DuplicateDistribution, type Trap, type TrapKind } from './bench.types'
