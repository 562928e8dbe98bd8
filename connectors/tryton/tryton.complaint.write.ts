import { z, type JsonObject } from '../../src/connector-sdk'
import { objectIn, readRows } from './tryton.rows'
import { existingIds, externalId, isoDate, type Prepared, type WriteTarget } from './tryton.write'
import { encodeDate } from './tryton.values'

/**
 * `complaint` → `sale.complaint`: a customer complaint (a hub service case), created in state
 * `draft`, optionally about one of the customer's sales (its `origin`). Tryton requires a complaint
 * type; the input may name one, otherwise the first type for sales (origin model `sale.sale`) is used.
 */
export const complaintInput = z.strictObject({
  /** The customer's external id in this connection (Tryton's party id). */
  customer: externalId,
  description: z.string().trim().min(1).max(10_000),
  /** The sales order's external id (Tryton's sale id); it must be the customer's. */
  sale: externalId.optional(),
  /** A `sale.complaint.type` name, e.g. "Sale". */
  type: z.string().min(1).optional(),
  date: isoDate.optional(),
})

export type ComplaintInput = z.infer<typeof complaintInput>

interface ComplaintType {
  id: number
  name: string
  originModel: string | null
}

export const complaintTarget: WriteTarget<ComplaintInput> = {
  model: 'sale.complaint',
  schema: complaintInput,
  async prepare(client, inputs, signal) {
    const parties = await existingIds(client, 'party.party', inputs.map((i) => i.customer), signal)
    const saleIds = [...new Set(inputs.flatMap((i) => (i.sale === undefined ? [] : [i.sale])))]
    const saleParty = new Map<number, number | null>()
    if (saleIds.length > 0) {
      const method = 'model.sale.sale.search_read'
      for (const row of readRows(await client.call(method, [[['id', 'in', saleIds]], 0, null, null, ['party']], { signal }), method)) {
        saleParty.set(row.id, typeof row.party === 'number' ? row.party : null)
      }
    }
    const typesMethod = 'model.sale.complaint.type.search_read'
    const types: ComplaintType[] = readRows(await client.call(typesMethod, [[], 0, null, [['id', 'ASC']], ['name', 'origin.model']], { signal }), typesMethod).map((row) => {
      const origin = objectIn(row.origin)?.model
      return { id: row.id, name: typeof row.name === 'string' ? row.name : '', originModel: typeof origin === 'string' ? origin : null }
    })

    return inputs.map((input): Prepared => {
      if (!parties.has(input.customer)) return { ok: false, reason: `customer ${input.customer} does not exist in Tryton`, path: 'customer' }
      if (input.sale !== undefined) {
        if (!saleParty.has(input.sale)) return { ok: false, reason: `sale ${input.sale} does not exist in Tryton`, path: 'sale' }
        // Tryton itself accepts a complaint about another customer's sale; the hub's cases never mean that.
        if (saleParty.get(input.sale) !== input.customer) return { ok: false, reason: `sale ${input.sale} belongs to another customer than ${input.customer}`, path: 'sale' }
      }
      const type = input.type === undefined ? types.find((t) => t.originModel === 'sale.sale') : types.find((t) => t.name === input.type)
      if (!type) {
        return input.type === undefined
          ? { ok: false, reason: 'Tryton has no complaint type for sales (a sale.complaint.type whose origin is sale.sale): create one', path: 'type' }
          : { ok: false, reason: `Tryton has no complaint type named ${JSON.stringify(input.type)}`, path: 'type' }
      }
      if (input.sale !== undefined && type.originModel !== 'sale.sale') {
        return { ok: false, reason: `complaint type ${JSON.stringify(type.name)} is not about sales (its origin is ${type.originModel ?? 'nothing'})`, path: 'type' }
      }
      const values: JsonObject = { customer: input.customer, type: type.id, description: input.description }
      if (input.sale !== undefined) values.origin = `sale.sale,${input.sale}`
      if (input.date !== undefined) values.date = encodeDate(input.date)
      return { ok: true, values }
    })
  },
}
