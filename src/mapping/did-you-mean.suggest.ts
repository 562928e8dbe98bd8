/**
 * Suggests the closest known name for a misspelt one, so a load error can say `did you mean "lookup"?`.
 * Uses optimal-string-alignment distance: a swapped pair of letters ("lookpu") is one edit, which is
 * the most common typo in hand-written YAML keys.
 */
export function suggestName(input: string, known: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    if (candidate.toLowerCase() === lowered) return candidate
    const distance = editDistance(lowered, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  if (best === undefined) return undefined
  // Beyond a third of the word, a "suggestion" is noise rather than help.
  const tolerance = Math.max(1, Math.floor(Math.max(input.length, best.length) / 3))
  return bestDistance <= tolerance ? best : undefined
}

/** ` (did you mean "x"?)` or nothing; ready to append to a message. */
export function didYouMean(input: string, known: Iterable<string>): string {
  const suggestion = suggestName(input, known)
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`
}

export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0)
    row[0] = i
    return row
  })
  for (let j = 0; j < cols; j++) d[0][j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2][j - 2] + 1)
      d[i][j] = value
    }
  }
  return d[a.length][b.length]
}
