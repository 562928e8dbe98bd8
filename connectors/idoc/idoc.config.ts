import { z } from '../../src/connector-sdk'

/**
 * An `idoc` connection reads SAP IDoc XML files (uploads or a watched folder); there is no ERP to call,
 * so the config only bounds the work. Strict, so a typo'd key is an issue instead of an ignored setting.
 */
export const idocConfigSchema = z.strictObject({
  /** Records per batch handed to the hub (one batch is stored in one transaction). */
  batchSize: z.int().min(1).max(10_000).default(500),
  /** The largest single `<IDOC>` accepted, in characters: the memory one IDoc may take while it is read. */
  maxIdocBytes: z
    .int()
    .min(64 * 1024)
    .max(512 * 1024 * 1024)
    .default(32 * 1024 * 1024),
})

export type IdocConfig = z.infer<typeof idocConfigSchema>
export type IdocConfigInput = z.input<typeof idocConfigSchema>
