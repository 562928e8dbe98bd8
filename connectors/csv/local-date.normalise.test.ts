import { createDateNormaliser } from './local-date.normalise'

describe('local date normaliser', () => {
  it('reads day-month-year with dots, slashes or dashes, and an optional time', () => {
    const normalise = createDateNormaliser('dmy')
    expect(['24.03.2024', '1.2.2024', '24/03/2024', '24-03-2024', '24.03.2024 13:45', '24.03.2024 07:05:09'].map(normalise)).toEqual([
      '2024-03-24',
      '2024-02-01',
      '2024-03-24',
      '2024-03-24',
      '2024-03-24T13:45:00',
      '2024-03-24T07:05:09',
    ])
  })

  it('reads month-day-year', () => {
    expect(createDateNormaliser('mdy')('03/24/2024')).toBe('2024-03-24')
  })

  it('reads SAP’s compact year-month-day with and without a time, and separated year-month-day', () => {
    const normalise = createDateNormaliser('ymd')
    expect(['20240324', '20240324 134500', '2024.03.24', '2024-03-24'].map(normalise)).toEqual(['2024-03-24', '2024-03-24T13:45:00', '2024-03-24', '2024-03-24'])
  })

  it('turns SAP’s empty date into empty text (no date)', () => {
    expect(createDateNormaliser('ymd')('00000000')).toBe('')
    expect(createDateNormaliser('dmy')('00.00.0000')).toBe('')
  })

  it.each([['24.13.2024'], ['32.01.2024'], ['24.03.24'], ['2024-03-24'], ['morgen'], ['24.03.2024 25:00'], ['']])('leaves %j (dmy) as it is, for the mapping to judge', (text) => {
    expect(createDateNormaliser('dmy')(text)).toBe(text)
  })

  it('does not check the calendar: 30.02.2024 goes on, and the mapping rejects it with its path', () => {
    expect(createDateNormaliser('dmy')('30.02.2024')).toBe('2024-02-30')
  })
})
