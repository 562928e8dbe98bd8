import type { CountryLocale } from './locale.types'

export const austria: CountryLocale = {
  code: 'AT',
  weight: 7,
  currency: 'EUR',
  surnames: ['Gruber', 'Huber', 'Wagner', 'Pichler', 'Moser', 'Mayer', 'Steiner', 'Hofer', 'Leitner', 'Berger', 'Fuchs', 'Eder', 'Fischer', 'Schmid', 'Winkler', 'Weber', 'Schwarz', 'Maier', 'Reiter', 'Mayr', 'Brunner', 'Lang', 'Baumgartner', 'Auer', 'Binder', 'Lechner', 'Wallner', 'Aigner', 'Ebner', 'Koller', 'Lehner', 'Haas', 'Schuster', 'Pölzl'],
  trades: ['Bau', 'Maschinenbau', 'Metalltechnik', 'Elektrotechnik', 'Anlagenbau', 'Installationen', 'Transporte', 'Automatisierung', 'Stahlbau', 'Holzbau', 'Haustechnik', 'Industriemontagen'],
  legalForms: [['GmbH', 70], ['KG', 10], ['AG', 8], ['OG', 7], ['e.U.', 5]],
  namePatterns: [['{surname} {trade} {legal}', 50], ['{trade} {surname} {legal}', 20], ['{surname} & {surname2} {legal}', 20], ['{surname} {trade} {city} {legal}', 10]],
  cities: [
    { name: 'Wien', postal: '1%#0', phone: '+43 1 %######' },
    { name: 'Graz', postal: '80%#', phone: '+43 316 %#####' },
    { name: 'Linz', postal: '40%#', phone: '+43 732 %#####' },
    { name: 'Salzburg', postal: '50%#', phone: '+43 662 %#####' },
    { name: 'Innsbruck', postal: '60%#', phone: '+43 512 %#####' },
    { name: 'Klagenfurt', postal: '90%#', phone: '+43 463 %#####' },
    { name: 'Wels', postal: '46%0', phone: '+43 7242 %#####' },
    { name: 'St. Pölten', postal: '31%0', phone: '+43 2742 %#####' },
  ],
  streets: ['Hauptstraße', 'Industriestraße', 'Wiener Straße', 'Linzer Straße', 'Bahnhofstraße', 'Gewerbepark', 'Industriezeile', 'Kärntner Straße', 'Lastenstraße', 'Schulgasse', 'Kirchengasse', 'Grazer Straße'],
  addressLine: '{street} {n}',
  vat: 'ATU%#######',
  emailLocals: ['office', 'info', 'einkauf', 'buchhaltung'],
  tld: 'at',
  transliteration: 'german',
}
