import type { Request } from 'express'
import type { z } from 'zod'
import { ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'

/** Parse, don't cast: a request part either matches its schema or the caller gets 400 with each issue's path. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
  const result = schema.safeParse(value ?? {})
  if (!result.success) throw new ValidationError(`invalid request ${where}`, zodIssues(result.error, where === 'body' ? [] : [where]))
  return result.data
}

export const parseBody = <T extends z.ZodType>(schema: T, req: Request) => parseRequest(schema, req.body, 'body')
export const parseQuery = <T extends z.ZodType>(schema: T, req: Request) => parseRequest(schema, req.query, 'query')

/** A route parameter as one string (Express 5 types allow arrays for wildcard params). */
export function pathParam(req: Request, name: string): string {
  const v = req.params[name] as string | string[] | undefined
  return Array.isArray(v) ? v.join('/') : (v ?? '')
}
