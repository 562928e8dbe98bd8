import type { CountryData } from './country.types'

/**
 * A few Korean and Japanese customers with native-script names: the legal form sits in front or behind
 * (주식회사 한빛건설 / 한빛건설 주식회사, 株式会社山田工業 / 山田工業株式会社) and has short forms ((주), ㈜, (株), ㈱), so
 * a normaliser that only knows European suffixes misses them. Domains and mailboxes use the `latin` spelling.
 */

export const KOREA: CountryData = {
  code: 'KR',
  weight: 1.5,
  currency: 'KRW',
  stems: ['한빛', '대성', '동일', '세진', '태양', '미래', '새한', '영진', '청운', '대한', '우진', '성원'],
  industries: ['건설', '물산', '산업', '전자', '물류', '기계', '정밀', '테크', '상사'],
  nearIndustries: [['건설', '건설산업'], ['전자', '전자통신'], ['산업', '산업개발']],
  legalForms: [{ form: '주식회사', weight: 100, variants: ['(주)', '㈜'] }],
  legalPrefixShare: 0.6,
  legalSeparator: ' ',
  namePatterns: [['{stem}{industry}', 88], ['{stem}{stem2}{industry}', 12]],
  and: '',
  cities: [
    { name: '서울특별시', postal: '0%###', area: '2', subscriber: '%###-####' },
    { name: '부산광역시', postal: '4%###', area: '51', subscriber: '%###-####' },
    { name: '인천광역시', postal: '2%###', area: '32', subscriber: '%###-####' },
    { name: '대구광역시', postal: '4%###', area: '53', subscriber: '%###-####' },
  ],
  streets: ['테헤란로', '세종대로', '강남대로', '중앙대로', '산업로', '공단로', '해운대로', '디지털로'],
  addressLine: '{street} {n}',
  houseNumbers: ['%', '%#', '%##'],
  phone: { cc: '82', trunk: '0', usual: ['national-dash', 'international'] },
  firstNames: ['minjun', 'seoyeon', 'jiho', 'hyejin', 'sungmin'],
  roleMailboxes: ['contact', 'biz'],
  tld: 'co.kr',
  transliteration: 'plain',
  keyboard: 'qwerty',
  providerWords: ['tax-office', 'accounting'],
  latin: {
    한빛: 'hanbit', 대성: 'daesung', 동일: 'dongil', 세진: 'sejin', 태양: 'taeyang', 미래: 'mirae', 새한: 'saehan', 영진: 'youngjin', 청운: 'chungwoon', 대한: 'daehan', 우진: 'woojin', 성원: 'sungwon',
    건설: 'const', 물산: 'trading', 산업: 'ind', 전자: 'elec', 물류: 'logis', 기계: 'mach', 정밀: 'precision', 테크: 'tech', 상사: 'corp', 건설산업: 'construction', 전자통신: 'telecom', 산업개발: 'devel',
  },
}

export const JAPAN: CountryData = {
  code: 'JP',
  weight: 1.5,
  currency: 'JPY',
  stems: ['山田', '田中', '鈴木', '佐藤', '高橋', '中村', '東洋', '大和', '丸山', '北斗', '三協', '昭和'],
  industries: ['工業', '商事', '建設', '製作所', '物産', '電機', '運輸', '精機', '産業'],
  nearIndustries: [['工業', '工業所'], ['商事', '商会'], ['建設', '建設工業']],
  legalForms: [
    { form: '株式会社', weight: 90, variants: ['(株)', '㈱'] },
    { form: '有限会社', weight: 10, variants: ['(有)', '㈲'] },
  ],
  legalPrefixShare: 0.5,
  legalSeparator: '',
  namePatterns: [['{stem}{industry}', 90], ['{stem}{stem2}{industry}', 10]],
  and: '',
  cities: [
    { name: '東京都', postal: '1%#-####', area: '3', subscriber: '%###-####' },
    { name: '大阪府', postal: '5%#-####', area: '6', subscriber: '%###-####' },
    { name: '名古屋市', postal: '4%#-####', area: '52', subscriber: '%##-####' },
    { name: '横浜市', postal: '2%#-####', area: '45', subscriber: '%##-####' },
    { name: '福岡市', postal: '8%#-####', area: '92', subscriber: '%##-####' },
  ],
  streets: ['千代田区丸の内', '中央区日本橋', '港区芝浦', '北区梅田', '中区栄', '西区みなとみらい', '博多区博多駅前'],
  addressLine: '{street}{n}',
  houseNumbers: ['%-%-%', '%-%#-%', '%-%'],
  phone: { cc: '81', trunk: '0', usual: ['national-dash', 'international'] },
  firstNames: ['hiroshi', 'yuki', 'takashi', 'akiko', 'kenji'],
  roleMailboxes: ['contact', 'eigyo'],
  tld: 'co.jp',
  transliteration: 'plain',
  keyboard: 'qwerty',
  providerWords: ['zeirishi', 'kaikei'],
  latin: {
    山田: 'yamada', 田中: 'tanaka', 鈴木: 'suzuki', 佐藤: 'sato', 高橋: 'takahashi', 中村: 'nakamura', 東洋: 'toyo', 大和: 'yamato', 丸山: 'maruyama', 北斗: 'hokuto', 三協: 'sankyo', 昭和: 'showa',
    工業: 'kogyo', 商事: 'shoji', 建設: 'kensetsu', 製作所: 'seisakusho', 物産: 'bussan', 電機: 'denki', 運輸: 'unyu', 精機: 'seiki', 産業: 'sangyo', 工業所: 'kogyosho', 商会: 'shokai', 建設工業: 'kensetsukogyo',
  },
}
