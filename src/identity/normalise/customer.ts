import { normaliseAddress, type NormalisedAddress } from './address'
import { normaliseEmail, type NormalisedEmail } from './email'
import { normaliseName, type NormalisedName } from './name'
import { normalisePhone, type NormalisedPhone } from './phone'
import { normaliseTaxId, type NormalisedTaxId } from './tax-id'

/** The fields of a source customer that identity resolution compares. */
export interface CustomerFields {
  name: string | null | undefined
  email?: string | null
  phone?: string | null
  taxId?: string | null
  street?: string | null
  postalCode?: string | null
  city?: string | null
  country?: string | null
}

/** Comparison keys of one source customer: what matching stores per record. */
export interface NormalisedCustomer {
  name: NormalisedName
  email: NormalisedEmail
  phone: NormalisedPhone
  taxId: NormalisedTaxId
  address: NormalisedAddress
}

/**
 * Normalises every field of a source customer. `defaultCountry` is the connection's country. The
 * record's own country, when it names one, wins over it for reading national phone numbers and
 * VAT ids without a prefix: an Austrian customer in a German ERP writes `01 5125555` the Austrian way.
 */
export function normaliseCustomer(c: CustomerFields, defaultCountry?: string): NormalisedCustomer {
  const address = normaliseAddress(c, defaultCountry) // its country is the record's, else the default's
  const country = address.country ?? undefined
  return {
    name: normaliseName(c.name),
    email: normaliseEmail(c.email),
    phone: normalisePhone(c.phone, country),
    taxId: normaliseTaxId(c.taxId, country),
    address,
  }
}
