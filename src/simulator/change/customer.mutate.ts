import { customerCore, slugCompanyName } from '../locale/company-name.slug'
import { COUNTRY_LOCALES, localeOf } from '../locale/locale.registry'
import { streetLine } from '../generate/customer.generate'
import type { SimCustomer } from '../simulator.types'
import type { ChangeContext } from './change.context'

/** What customers actually change: a new phone line, a new mailbox, a move, a corrected VAT id. */
export function mutateCustomer(customer: SimCustomer, { rng }: ChangeContext): SimCustomer {
  const locale = localeOf(customer.address.country) ?? COUNTRY_LOCALES[0]
  const city = locale.cities.find((c) => c.name === customer.address.city) ?? rng.pick(locale.cities)
  const r = rng.next()
  if (r < 0.35) return { ...customer, phone: rng.fill(city.phone) }
  if (r < 0.65) {
    const domain = customer.email?.split('@')[1] ?? `${slugCompanyName(customerCore(customer.name, locale), locale.transliteration)}.${locale.tld}`
    const others = locale.emailLocals.filter((local) => !customer.email?.startsWith(`${local}@`))
    return { ...customer, email: `${rng.pick(others.length > 0 ? others : locale.emailLocals)}@${domain}` }
  }
  if (r < 0.9) {
    const moveCity = rng.chance(0.7) ? city : rng.pick(locale.cities)
    return {
      ...customer,
      phone: moveCity === city ? customer.phone : rng.fill(moveCity.phone),
      address: { street: streetLine(rng, locale), city: moveCity.name, postal_code: rng.fill(moveCity.postal), country: locale.code },
    }
  }
  return { ...customer, vat_id: rng.fill(locale.vat) }
}
