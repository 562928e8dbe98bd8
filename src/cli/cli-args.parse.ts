import { InvalidArgumentError } from 'commander'
import { hubEntities } from '../canonical/canonical.registry'

/** Option parsers shared by the commands: a bad value is refused by commander with the reason. */

export function intArg(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`)
    return n
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function uuidArg(name: string) {
  return (value: string) => {
    if (!UUID.test(value)) throw new InvalidArgumentError(`${name} must be an id such as 0b0e5c1e-…`)
    return value
  }
}

export function entityArg(value: string) {
  if (!(hubEntities as string[]).includes(value)) throw new InvalidArgumentError(`--entity must be one of ${hubEntities.join(', ')}`)
  return value
}

/** A repeatable `--entity`: each value checked, collected in order without duplicates. */
export function entitiesArg(value: string, previous: string[] = []) {
  const entity = entityArg(value)
  return previous.includes(entity) ? previous : [...previous, entity]
}
