import type { CountryLocale } from './locale.types'

export const spain: CountryLocale = {
  code: 'ES',
  weight: 8,
  currency: 'EUR',
  surnames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano'],
  trades: ['Talleres', 'Construcciones', 'Montajes', 'Suministros Industriales', 'Hidráulica', 'Automatización', 'Electricidad', 'Metalurgia', 'Transportes', 'Ingeniería', 'Mecanizados', 'Instalaciones'],
  legalForms: [['S.L.', 70], ['S.A.', 20], ['S.L.U.', 10]],
  namePatterns: [['{trade} {surname} {legal}', 55], ['Hermanos {surname} {legal}', 10], ['{surname} y {surname2} {legal}', 10], ['{trade} {city} {legal}', 10], ['{trade} {surname} {city} {legal}', 15]],
  cities: [
    { name: 'Madrid', postal: '280%#', phone: '+34 91% ### ###' },
    { name: 'Barcelona', postal: '080%#', phone: '+34 93% ### ###' },
    { name: 'Valencia', postal: '460%#', phone: '+34 96% ### ###' },
    { name: 'Sevilla', postal: '410%#', phone: '+34 95% ### ###' },
    { name: 'Zaragoza', postal: '500%#', phone: '+34 976 ### ###' },
    { name: 'Bilbao', postal: '480%#', phone: '+34 94% ### ###' },
    { name: 'Málaga', postal: '290%#', phone: '+34 95% ### ###' },
    { name: 'Valladolid', postal: '470%#', phone: '+34 983 ### ###' },
    { name: 'Vigo', postal: '362%#', phone: '+34 986 ### ###' },
    { name: 'Murcia', postal: '300%#', phone: '+34 968 ### ###' },
  ],
  streets: ['Calle Mayor', 'Calle Real', 'Avenida de la Constitución', 'Calle de la Industria', 'Calle San Francisco', 'Avenida de Europa', 'Calle del Carmen', 'Paseo de la Estación', 'Calle de los Herreros', 'Avenida del Mediterráneo', 'Calle Gran Vía', 'Polígono Industrial El Prado'],
  addressLine: '{street}, {n}',
  vat: 'ESB%#######',
  emailLocals: ['info', 'compras', 'administracion', 'comercial'],
  tld: 'es',
  transliteration: 'plain',
}
