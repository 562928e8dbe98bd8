/**
 * Named string transforms a mapping may apply (`transform: [trim, upper]`). They run on text only;
 * a number or boolean passes through untouched, so `digits` cannot turn 12.5 into "125".
 */
const whitespaceRun = /\s+/g
const nonDigits = /\D+/g

export const transforms = {
  trim: (text: string) => text.trim(),
  upper: (text: string) => text.toUpperCase(),
  lower: (text: string) => text.toLowerCase(),
  /** Each run of whitespace (tabs, newlines, non-breaking spaces) becomes one space; ends are kept. */
  'collapse-spaces': (text: string) => text.replace(whitespaceRun, ' '),
  digits: (text: string) => text.replace(nonDigits, ''),
} as const satisfies Record<string, (text: string) => string>

export type TransformName = keyof typeof transforms
export const transformNames = Object.keys(transforms) as [TransformName, ...TransformName[]]

/** One function for a chain of transforms, composed once per field. */
export function composeTransforms(names: readonly TransformName[]): ((value: unknown) => unknown) | undefined {
  if (names.length === 0) return undefined
  const steps = names.map((name) => transforms[name])
  return (value) => {
    if (typeof value !== 'string') return value
    let text = value
    for (const step of steps) text = step(text)
    return text
  }
}
