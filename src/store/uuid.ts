import { z } from 'zod'

const Uuid = z.uuid()

/** Whether an id from a URL can be a row's id at all: anything else is a 404 without asking PostgreSQL (which would refuse the cast). */
export function isUuid(id: string): boolean {
  return Uuid.safeParse(id).success
}
