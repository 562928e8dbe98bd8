import { z } from 'zod'

/** Paging shared by every list endpoint. */
export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

export function page<T>(data: T[], total: number, paging: z.infer<typeof Paging>) {
  return { data, total, limit: paging.limit, offset: paging.offset }
}
