import type { Random } from '../random/seeded.random'
import type { DatasetState } from '../store/dataset.state'

/** What a single change needs: randomness, the data (for references) and its own timestamp. */
export interface ChangeContext {
  rng: Random
  state: DatasetState
  /** The change's updated_at, from the simulator clock. */
  at: string
  atMs: number
}
