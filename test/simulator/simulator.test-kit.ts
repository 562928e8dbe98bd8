import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator'

/** A fixed `now`, so generated data (and therefore assertions) do not depend on the day the tests run. */
export const FIXED_NOW = new Date('2026-06-01T12:00:00.000Z')

export function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ now: FIXED_NOW, ...options })
}

/** An axios client that never throws on a status, so tests assert on status and body. */
export function client(sim: Simulator, headers: Record<string, string> = {}): AxiosInstance {
  return axios.create({ baseURL: sim.url, headers, validateStatus: () => true })
}

export interface ListBody<R = Record<string, unknown> & { id: string; updated_at: string }> {
  data: R[]
  meta: { total: number; page?: number; per_page?: number; offset?: number; limit?: number }
  next_cursor: string | null
  links: { next: string | null }
}

export type PagingStyle = 'cursor' | 'page' | 'offset'

/**
 * Reads a whole list the way a client of that style would, calling `between` after each page
 * (tests change data there). Stops at the first page that says there is no next one.
 */
export async function walkList(
  http: AxiosInstance,
  path: string,
  style: PagingStyle,
  size: number,
  extra: Record<string, string> = {},
  between?: (page: ListBody, index: number) => void | Promise<void>,
): Promise<{ pages: ListBody[]; ids: string[] }> {
  const pages: ListBody[] = []
  let cursor: string | null = null
  for (let index = 0; index < 100_000; index++) {
    const params: Record<string, string | number> =
      style === 'page' ? { page: index + 1, per_page: size } : style === 'offset' ? { offset: index * size, limit: size } : { limit: size, ...(cursor ? { cursor } : {}) }
    const res = await http.get<ListBody>(path, { params: { ...extra, ...params } })
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.data)}`)
    pages.push(res.data)
    await between?.(res.data, index)
    if (res.data.links.next === null) break
    cursor = res.data.next_cursor
  }
  return { pages, ids: pages.flatMap((p) => p.data.map((r) => r.id)) }
}

/** Follows `links.next` from a first URL to the end, as a link-following client does. */
export async function followLinks(http: AxiosInstance, firstUrl: string): Promise<ListBody[]> {
  const pages: ListBody[] = []
  for (let url: string | null = firstUrl; url !== null; ) {
    const res: AxiosResponse<ListBody> = await http.get<ListBody>(url)
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(res.data)}`)
    pages.push(res.data)
    url = res.data.links.next
  }
  return pages
}

/** "1234.50" → 123450 (NaN unless exactly two decimals), written independently of the simulator's money code. */
export function toCents(amount: string): number {
  const match = /^(\d+)\.(\d{2})$/.exec(amount)
  return match ? Number(match[1]) * 100 + Number(match[2]) : Number.NaN
}
