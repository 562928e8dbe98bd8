/**
 * Jaro-Winkler similarity in [0, 1]: 1 for equal strings, high for typos and transpositions, with a
 * bonus for a common prefix (names usually agree at the start). Written for speed on short strings:
 * one pass to find matches within the window, one to count transpositions, no allocation beyond two
 * flag arrays (reused between calls).
 */
let flagsA = new Uint8Array(64)
let flagsB = new Uint8Array(64)

export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  if (a === b) return 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2)
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2)
  flagsA.fill(0, 0, la)
  flagsB.fill(0, 0, lb)
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window)
    const hi = Math.min(lb - 1, i + window)
    const c = a.charCodeAt(i)
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1
        flagsB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let k = 0
  let halfTranspositions = 0
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue
    while (flagsB[k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++
    k++
  }
  const t = halfTranspositions / 2
  const jaro = (matches / la + matches / lb + (matches - t) / matches) / 3
  let prefix = 0
  const maxPrefix = Math.min(4, la, lb)
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return jaro + prefix * prefixScale * (1 - jaro)
}
