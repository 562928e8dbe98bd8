import type { NormalisedCustomer } from '../normalise'
import type { MatchRecord } from './matcher'

/**
 * The matcher's view of a normalised source customer: invalid values are left out (an invalid phone
 * or a malformed email says nothing about identity), a checksum-failing tax id is kept as invalid
 * (two ids one typo apart still count a little), an unknown-rule one as unknown.
 */
export function toMatchRecord(id: string, n: NormalisedCustomer): MatchRecord {
  return {
    id,
    nameKey: n.name.key,
    nameTokens: n.name.tokens,
    legalForm: n.name.legalForm,
    email: n.email.valid ? { value: n.email.value, domain: n.email.domain, role: n.email.role } : null,
    phone: n.phone.valid ? n.phone.e164 : null,
    taxId: n.taxId.value ? { value: n.taxId.value, valid: n.taxId.valid } : null,
    postalCode: n.address.postalCode,
    streetKey: n.address.streetCompact,
    houseNumber: n.address.houseNumber,
    city: n.address.city,
    country: n.address.country,
  }
}
