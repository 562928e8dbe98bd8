/**
 * Normalisation of source customers' fields into comparison keys (issue 5, item 1): pure functions,
 * one module per field. Each result says whether the value is valid, so matching can treat invalid
 * values as missing and survivorship can prefer valid ones.
 */
export { normaliseEmail, ROLE_LOCAL_PARTS, type NormalisedEmail } from './email'
export { normalisePhone, type NormalisedPhone } from './phone'
export { normaliseName, type NormalisedName } from './name'
export { normaliseAddress, normalisePostalCode, type AddressInput, type NormalisedAddress } from './address'
export { normaliseCountry, KNOWN_COUNTRIES } from './countries'
export { normaliseTaxId, type NormalisedTaxId } from './tax-id'
export { normaliseCustomer, type CustomerFields, type NormalisedCustomer } from './customer'
export { tokenSet } from './fold'
