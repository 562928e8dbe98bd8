import { statusOf } from '../../src/kpi/kpi-status'

describe('KPI status against its target', () => {
  test('higher is better: meeting the target is on-track, missing by up to 10 % of it at-risk, more off-track', () => {
    expect(statusOf(0.8, 0.8, 'higher')).toBe('on-track')
    expect(statusOf(0.95, 0.8, 'higher')).toBe('on-track')
    expect(statusOf(0.72, 0.8, 'higher')).toBe('at-risk')
    expect(statusOf(0.75, 0.8, 'higher')).toBe('at-risk')
    expect(statusOf(0.7199, 0.8, 'higher')).toBe('off-track')
    expect(statusOf(2 / 3, 0.8, 'higher')).toBe('off-track')
  })

  test('lower is better: the same band above the target', () => {
    expect(statusOf(3, 3, 'lower')).toBe('on-track')
    expect(statusOf(1, 3, 'lower')).toBe('on-track')
    expect(statusOf(3.3, 3, 'lower')).toBe('at-risk')
    expect(statusOf(3.31, 3, 'lower')).toBe('off-track')
  })

  test('float noise is not a miss, and a target of 0 leaves no at-risk band', () => {
    expect(statusOf((2 / 3) * 0.9, 0.6, 'higher')).toBe('on-track')
    expect(statusOf(0.1 + 0.2, 0.3, 'lower')).toBe('on-track')
    expect(statusOf(0, 0, 'lower')).toBe('on-track')
    expect(statusOf(0.001, 0, 'lower')).toBe('off-track')
    expect(statusOf(-0.02, 0, 'higher')).toBe('off-track')
  })

  test('negative targets (a tolerated shrinkage) are judged on their magnitude', () => {
    expect(statusOf(-0.1, -0.1, 'higher')).toBe('on-track')
    expect(statusOf(-0.105, -0.1, 'higher')).toBe('at-risk')
    expect(statusOf(-0.2, -0.1, 'higher')).toBe('off-track')
  })

  test('no value is no-data, never a status made up from nothing', () => {
    expect(statusOf(null, 0.8, 'higher')).toBe('no-data')
    expect(statusOf(Number.NaN, 0.8, 'higher')).toBe('no-data')
  })
})
