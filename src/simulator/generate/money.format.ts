/**
 * Money is held in integer cents while computing, and leaves as a string with exactly two decimals,
 * so an order total is the exact sum of its lines (no binary-float drift).
 */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const units = Math.floor(abs / 100)
  const rest = abs - units * 100
  return `${sign}${units}.${rest < 10 ? '0' : ''}${rest}`
}

/** Reads a price the simulator wrote itself ("1249.90"); not a general decimal parser. */
export function parseCents(amount: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount)
  if (!match) throw new RangeError(`not a two-decimal amount: ${JSON.stringify(amount)}`)
  const cents = Number(match[2]) * 100 + Number(match[3])
  return match[1] === '-' ? -cents : cents
}

/** Catalogue-style list prices from a EUR amount: 1249.90 above a hundred, 12.35 below, never zero. */
export function roundListPrice(eur: number): number {
  if (eur >= 100) return Math.round(eur) * 100 - 10
  if (eur >= 10) return Math.round(eur * 20) * 5
  return Math.max(1, Math.round(eur * 100))
}

/** EUR list prices converted at fixed rates: stable across runs, roughly right. */
export const EUR_RATES: Readonly<Record<string, number>> = { EUR: 1, CHF: 0.94, GBP: 0.85, PLN: 4.3 }

const quantityStrings: string[] = []

/** Quantities repeat endlessly across a million lines; one shared string per value saves memory. */
export function quantityString(quantity: number): string {
  if (quantity < 0 || quantity > 100_000 || !Number.isInteger(quantity)) return String(quantity)
  return (quantityStrings[quantity] ??= String(quantity))
}
