import type { CountryLocale } from './locale.types'

export const switzerland: CountryLocale = {
  code: 'CH',
  weight: 7,
  currency: 'CHF',
  surnames: ['Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Meyer', 'Schneider', 'Steiner', 'Fischer', 'Gerber', 'Brunner', 'Baumann', 'Frei', 'Zimmermann', 'Moser', 'Widmer', 'Wyss', 'Graf', 'Roth', 'Suter', 'Bühler', 'Zürcher', 'Ammann', 'Kälin', 'Sutter', 'Hess', 'Egli'],
  trades: ['Maschinenbau', 'Metallbau', 'Elektro', 'Haustechnik', 'Anlagenbau', 'Präzisionstechnik', 'Automation', 'Holzbau', 'Transporte', 'Stahlbau', 'Werkzeugbau'],
  legalForms: [['AG', 55], ['GmbH', 45]],
  namePatterns: [['{surname} {trade} {legal}', 55], ['{surname} & {surname2} {legal}', 20], ['{trade} {surname} {legal}', 10], ['{surname} {trade} {city} {legal}', 15]],
  cities: [
    { name: 'Zürich', postal: '80%#', phone: '+41 44 %## ## ##' },
    { name: 'Basel', postal: '40%#', phone: '+41 61 %## ## ##' },
    { name: 'Bern', postal: '30%#', phone: '+41 31 %## ## ##' },
    { name: 'Luzern', postal: '60%#', phone: '+41 41 %## ## ##' },
    { name: 'St. Gallen', postal: '90%#', phone: '+41 71 %## ## ##' },
    { name: 'Winterthur', postal: '84%#', phone: '+41 52 %## ## ##' },
    { name: 'Zug', postal: '630%', phone: '+41 41 %## ## ##' },
    { name: 'Aarau', postal: '500%', phone: '+41 62 %## ## ##' },
  ],
  streets: ['Bahnhofstrasse', 'Industriestrasse', 'Hauptstrasse', 'Dorfstrasse', 'Gewerbestrasse', 'Seestrasse', 'Zürcherstrasse', 'Bernstrasse', 'Poststrasse', 'Kirchweg', 'Riedstrasse', 'Werkstrasse'],
  addressLine: '{street} {n}',
  vat: 'CHE-%##.###.### MWST',
  emailLocals: ['info', 'kontakt', 'einkauf', 'admin'],
  tld: 'ch',
  transliteration: 'german',
}
