import { z } from '../../src/connector-sdk'

/**
 * A `ubl` connection reads business documents — UBL 2.1, cXML and Order-X — from uploads or a
 * watched folder; there is no ERP to call, so the config only bounds the work and says what to do
 * with order responses. Strict, so a typo'd key is an issue instead of an ignored setting.
 */
export const ublConfigSchema = z.strictObject({
  /** Records per batch handed to the hub (one batch is stored in one transaction). */
  batchSize: z.int().min(1).max(10_000).default(500),
  /** The largest single element read whole (a header part or one line), in characters. */
  maxElementBytes: z
    .int()
    .min(64 * 1024)
    .max(512 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  /** An order is one record, lines included: this bounds the memory one order may take. */
  maxOrderLines: z.int().min(1).max(1_000_000).default(100_000),
  /**
   * OrderResponse / OrderResponseSimple update an order the hub may already hold. The store can only
   * replace an order whole (lines, dates, totals), so `upsert` replaces it with what the response
   * says; `skip` (the default) reads and logs them but yields nothing until the hub can apply a
   * status-only update (see docs/connectors/ubl.md).
   */
  orderResponses: z.enum(['skip', 'upsert']).default('skip'),
})

export type UblConfig = z.infer<typeof ublConfigSchema>
export type UblConfigInput = z.input<typeof ublConfigSchema>
