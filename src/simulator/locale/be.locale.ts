import type { CountryLocale } from './locale.types'

/** Flanders only, so that names, streets and cities share one language. */
export const belgium: CountryLocale = {
  code: 'BE',
  weight: 5,
  currency: 'EUR',
  surnames: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Vermeulen', 'Van den Broeck', 'De Backer', 'Hermans', 'Aerts', 'Michiels', 'Lambrechts', 'Van Damme', 'Claeys', 'Wuyts', 'Verhoeven', 'Smets', 'Dierickx', 'Van Hoof'],
  trades: ['Techniek', 'Metaalconstructie', 'Machinebouw', 'Elektro', 'Bouw', 'Industrie', 'Transport', 'Installaties', 'Hydrauliek', 'Automatisering'],
  legalForms: [['BV', 70], ['NV', 25], ['CommV', 5]],
  namePatterns: [['{surname} {trade} {legal}', 60], ['{surname} & {surname2} {legal}', 15], ['{trade} {surname} {legal}', 10], ['{surname} {trade} {city} {legal}', 15]],
  cities: [
    { name: 'Antwerpen', postal: '2%%0', phone: '+32 3 %## ## ##' },
    { name: 'Gent', postal: '90%0', phone: '+32 9 %## ## ##' },
    { name: 'Brugge', postal: '8%00', phone: '+32 50 %# ## ##' },
    { name: 'Leuven', postal: '30%0', phone: '+32 16 %# ## ##' },
    { name: 'Mechelen', postal: '28%0', phone: '+32 15 %# ## ##' },
    { name: 'Hasselt', postal: '35%0', phone: '+32 11 %# ## ##' },
    { name: 'Kortrijk', postal: '85%0', phone: '+32 56 %# ## ##' },
    { name: 'Brussel', postal: '10%0', phone: '+32 2 %## ## ##' },
  ],
  streets: ['Kerkstraat', 'Stationsstraat', 'Industrielaan', 'Nijverheidsstraat', 'Molenstraat', 'Dorpsstraat', 'Brusselsesteenweg', 'Industriepark', 'Ambachtsstraat', 'Hoogstraat', 'Kapelstraat', 'Schoolstraat'],
  addressLine: '{street} {n}',
  vat: 'BE0%########',
  emailLocals: ['info', 'aankoop', 'boekhouding', 'verkoop'],
  tld: 'be',
  transliteration: 'plain',
}
