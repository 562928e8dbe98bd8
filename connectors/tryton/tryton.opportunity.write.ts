import { z, type JsonObject } from '../../src/connector-sdk'
import { readRows } from './tryton.rows'
import { decimalText, existingIds, externalId, isoDate, type Prepared, type WriteTarget } from './tryton.write'
import { encodeDate, encodeDecimal } from './tryton.values'

/**
 * `opportunity` → `sale.opportunity`: a campaign lead for a customer, created in state `lead`
 * (Tryton fills number, company, currency, start date and probability defaults). Products offered
 * may be listed as lines by SKU (the product's code).
 */
export const opportunityInput = z.strictObject({
  /** The customer's external id in this connection (Tryton's party id). */
  customer: externalId,
  description: z.string().trim().min(1).max(1000),
  amount: decimalText.optional(),
  /** 0..1, Tryton's conversion probability. */
  probability: z.number().min(0).max(1).optional(),
  startDate: isoDate.optional(),
  comment: z.string().max(10_000).optional(),
  lines: z.array(z.strictObject({ sku: z.string().min(1), quantity: z.number().positive() })).max(200).optional(),
})

export type OpportunityInput = z.infer<typeof opportunityInput>

export const opportunityTarget: WriteTarget<OpportunityInput> = {
  model: 'sale.opportunity',
  schema: opportunityInput,
  async prepare(client, inputs, signal) {
    const parties = await existingIds(client, 'party.party', inputs.map((i) => i.customer), signal)
    const skus = [...new Set(inputs.flatMap((i) => (i.lines ?? []).map((l) => l.sku)))]
    const products = new Map<string, { id: number; unit: number | null }>()
    if (skus.length > 0) {
      const method = 'model.product.product.search_read'
      for (const row of readRows(await client.call(method, [[['code', 'in', skus]], 0, null, [['id', 'ASC']], ['code', 'default_uom']], { signal }), method)) {
        if (typeof row.code === 'string' && !products.has(row.code)) products.set(row.code, { id: row.id, unit: typeof row.default_uom === 'number' ? row.default_uom : null })
      }
    }
    return inputs.map((input): Prepared => {
      if (!parties.has(input.customer)) return { ok: false, reason: `customer ${input.customer} does not exist in Tryton`, path: 'customer' }
      const lines: JsonObject[] = []
      for (const [n, line] of (input.lines ?? []).entries()) {
        const product = products.get(line.sku)
        if (!product) return { ok: false, reason: `no Tryton product has the code ${JSON.stringify(line.sku)}`, path: `lines.${n}.sku` }
        lines.push({ product: product.id, quantity: line.quantity, unit: product.unit })
      }
      const values: JsonObject = { party: input.customer, description: input.description }
      if (input.amount !== undefined) values.amount = encodeDecimal(input.amount)
      if (input.probability !== undefined) values.conversion_probability = input.probability
      if (input.startDate !== undefined) values.start_date = encodeDate(input.startDate)
      if (input.comment !== undefined) values.comment = input.comment
      if (lines.length > 0) values.lines = [['create', lines]]
      return { ok: true, values }
    })
  },
}
