import type { CountryLocale } from './locale.types'

export const netherlands: CountryLocale = {
  code: 'NL',
  weight: 8,
  currency: 'EUR',
  surnames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen'],
  trades: ['Techniek', 'Installatietechniek', 'Metaalbewerking', 'Machinebouw', 'Bouw', 'Logistiek', 'Industrie', 'Hydrauliek', 'Elektrotechniek', 'Staalbouw', 'Aandrijftechniek', 'Transport'],
  legalForms: [['B.V.', 85], ['V.O.F.', 10], ['N.V.', 5]],
  namePatterns: [['{surname} {trade} {legal}', 60], ['{surname} & {surname2} {legal}', 15], ['{trade} {city} {legal}', 10], ['{surname} {trade} {city} {legal}', 15]],
  cities: [
    { name: 'Amsterdam', postal: '10%# @@', phone: '+31 20 %## ####' },
    { name: 'Rotterdam', postal: '30%# @@', phone: '+31 10 %## ####' },
    { name: 'Den Haag', postal: '25%# @@', phone: '+31 70 %## ####' },
    { name: 'Utrecht', postal: '35%# @@', phone: '+31 30 %## ####' },
    { name: 'Eindhoven', postal: '56%# @@', phone: '+31 40 %## ####' },
    { name: 'Groningen', postal: '97%# @@', phone: '+31 50 %## ####' },
    { name: 'Tilburg', postal: '50%# @@', phone: '+31 13 %## ####' },
    { name: 'Breda', postal: '48%# @@', phone: '+31 76 %## ####' },
    { name: 'Nijmegen', postal: '65%# @@', phone: '+31 24 %## ####' },
    { name: 'Enschede', postal: '75%# @@', phone: '+31 53 %## ####' },
  ],
  streets: ['Industrieweg', 'Kerkstraat', 'Stationsweg', 'Havenweg', 'Nijverheidsweg', 'Dorpsstraat', 'Molenweg', 'Energieweg', 'Edisonstraat', 'Ambachtsweg', 'Marconistraat', 'Transportweg'],
  addressLine: '{street} {n}',
  vat: 'NL%########B0%',
  emailLocals: ['info', 'inkoop', 'administratie', 'verkoop'],
  tld: 'nl',
  transliteration: 'plain',
}
