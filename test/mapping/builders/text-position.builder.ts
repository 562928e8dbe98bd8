/** 1-based line and column of the first occurrence of `needle` in `text` (after `after`, if given). */
export function positionOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const from = after === undefined ? 0 : text.indexOf(after)
  if (from < 0) throw new Error(`"${after}" is not in the text`)
  const offset = text.indexOf(needle, from)
  if (offset < 0) throw new Error(`"${needle}" is not in the text`)
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1].length + 1 }
}
