import type { CountryLocale } from './locale.types'

export const poland: CountryLocale = {
  code: 'PL',
  weight: 5,
  currency: 'PLN',
  surnames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Kwiatkowski', 'Krawczyk', 'Piotrowski', 'Grabowski', 'Nowakowski', 'Pawłowski'],
  trades: ['Budownictwo', 'Mechanika', 'Instalacje', 'Automatyka', 'Logistyka', 'Metal', 'Hydraulika', 'Elektro', 'Stal', 'Maszyny', 'Transport'],
  legalForms: [['Sp. z o.o.', 70], ['S.A.', 15], ['sp.k.', 10], ['s.c.', 5]],
  namePatterns: [['{trade} {surname} {legal}', 45], ['{surname} {trade} {legal}', 30], ['{surname} i {surname2} {legal}', 10], ['{trade} {surname} {city} {legal}', 15]],
  cities: [
    { name: 'Warszawa', postal: '0%-###', phone: '+48 22 %## ## ##' },
    { name: 'Kraków', postal: '3%-###', phone: '+48 12 %## ## ##' },
    { name: 'Wrocław', postal: '5%-###', phone: '+48 71 %## ## ##' },
    { name: 'Poznań', postal: '6%-###', phone: '+48 61 %## ## ##' },
    { name: 'Gdańsk', postal: '80-###', phone: '+48 58 %## ## ##' },
    { name: 'Łódź', postal: '9%-###', phone: '+48 42 %## ## ##' },
    { name: 'Katowice', postal: '40-###', phone: '+48 32 %## ## ##' },
    { name: 'Szczecin', postal: '70-###', phone: '+48 91 %## ## ##' },
    { name: 'Lublin', postal: '20-###', phone: '+48 81 %## ## ##' },
    { name: 'Bydgoszcz', postal: '85-###', phone: '+48 52 %## ## ##' },
  ],
  streets: ['ul. Marszałkowska', 'ul. Przemysłowa', 'ul. Fabryczna', 'ul. Kolejowa', 'ul. Polna', 'ul. Długa', 'ul. Jana Pawła II', 'ul. Mickiewicza', 'ul. Słowackiego', 'ul. Kościuszki', 'ul. Składowa', 'ul. Warszawska'],
  addressLine: '{street} {n}',
  vat: 'PL%#########',
  emailLocals: ['biuro', 'info', 'zakupy', 'sekretariat'],
  tld: 'pl',
  transliteration: 'plain',
}
