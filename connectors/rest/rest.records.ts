import { getPath, MalformedResponse, type JsonObject } from '../../src/connector-sdk'

/**
 * The records of one response. The body came from JSON.parse, so only its shape is in doubt: an
 * array of objects at `recordsPath`. A wrong shape is the ERP's (or the config's) fault, never a
 * reason to return an empty page that would end the run as if everything had been read.
 */
export function extractRecords(body: unknown, recordsPath: string, responsePath: string): JsonObject[] {
  const found = getPath(body, recordsPath)
  const where = recordsPath === '' ? 'the body' : `\`${recordsPath}\``
  if (!Array.isArray(found)) {
    throw new MalformedResponse(`GET ${responsePath}: expected an array of records at ${where} (recordsPath), found ${describe(found)}`, {
      details: { path: responsePath, recordsPath },
    })
  }
  if (allJsonObjects(found)) return found
  const index = found.findIndex((record) => !isJsonObject(record))
  throw new MalformedResponse(`GET ${responsePath}: record ${index} at ${where} is ${describe(found[index])}, not a JSON object`, {
    details: { path: responsePath, recordsPath, index },
  })
}

function allJsonObjects(values: unknown[]): values is JsonObject[] {
  return values.every(isJsonObject)
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}
