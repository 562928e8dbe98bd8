import type { CsvNumbers } from './csv.config'

/**
 * Numbers written the local way (`1.234,56`, `1 234,56`, `1'234.56`, SAP's trailing minus `12,50-`)
 * turned into the plain decimal text mappings read (`1234.56`, `-12.5`). Grouping separators are
 * accepted only between groups of three digits, so `1.5` in a decimal-comma column is not read as
 * fifteen. Text that is not such a number comes back unchanged: the mapping then rejects it with
 * its path, instead of the connector guessing.
 */
export function createNumberNormaliser(numbers: Pick<CsvNumbers, 'decimal' | 'grouping'>): (text: string) => string {
  const decimal = escape(numbers.decimal)
  const grouped = numbers.grouping === '' ? '' : `\\d{1,3}(?:${numbers.grouping === ' ' ? '[ \\u00a0\\u202f]' : escape(numbers.grouping)}\\d{3})+|`
  const pattern = new RegExp(`^([+-]?)(${grouped}\\d*)(?:${decimal}(\\d+))?(-?)$`)
  const groupSeparator = numbers.grouping === '' ? undefined : new RegExp(numbers.grouping === ' ' ? '[ \\u00a0\\u202f]' : escape(numbers.grouping), 'g')
  return (text) => {
    const match = pattern.exec(text.trim())
    if (match === null) return text
    const [, sign, whole, fraction, trailingMinus] = match
    if (whole === '' && fraction === undefined) return text
    // A sign on both ends is not a number anyone writes.
    if (sign !== '' && trailingMinus !== '') return text
    const digits = groupSeparator === undefined ? whole : whole.replace(groupSeparator, '')
    const negative = sign === '-' || trailingMinus === '-'
    return `${negative ? '-' : ''}${digits === '' ? '0' : digits}${fraction === undefined ? '' : `.${fraction}`}`
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
