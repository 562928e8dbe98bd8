import { csvDelimiters, type CsvDelimiter } from './csv.config'

/**
 * The delimiter of a file, guessed from its header line (the first line that is not blank): the
 * candidate that occurs most often outside quotes; on a tie the one listed first in `csvDelimiters`
 * (`,` `;` tab `|`). A header with none of them is one column, read with `,`.
 */
export function detectDelimiter(text: string, quote: string): CsvDelimiter {
  const counts = new Map<string, number>(csvDelimiters.map((d) => [d, 0]))
  let inQuotes = false
  let sawText = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === quote) inQuotes = !inQuotes
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (sawText) break
    } else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1)
    if (ch !== ' ' && ch !== '\n' && ch !== '\r') sawText = true
  }
  let best: CsvDelimiter = ','
  let bestCount = 0
  for (const d of csvDelimiters) {
    const count = counts.get(d)!
    if (count > bestCount) {
      best = d
      bestCount = count
    }
  }
  return best
}
