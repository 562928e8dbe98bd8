import type { JsonObject, JsonValue, XmlNode } from '../../src/connector-sdk'
import { normaliseSapDates } from './idoc.dates'

/**
 * Turns one parsed `<IDOC>` into a record whose shape a mapping can rely on:
 * - a field (an element without children) is its text, trimmed; numbers stay text (`0000347163`);
 * - a qualifier-coded segment (E1EDK03 by IDDAT, E1EDKA1 by PARVW, …) becomes an object keyed by its
 *   qualifier (`E1EDK03: { "012": {…} }`), so `E1EDK03.012.DATUM` is the document date; a repeated
 *   qualifier keeps the first under its own key and the next ones under `<qualifier>_2`, `_3`, …; a
 *   segment without its qualifier field is keyed `_`;
 * - a segment that occurs at most once (EDI_DC40, E1EDK01, the master-data headers) is an object;
 * - every other segment is a list, even with one entry, so `each: E1EDP01` always finds a list;
 * - dates and times are ISO (see idoc.dates.ts); the `SEGMENT`/`BEGIN` markers are dropped.
 */
const byField = (name: string) => (segment: JsonObject) => text(segment[name])

const KEYED: Readonly<Record<string, (segment: JsonObject) => string>> = {
  // ORDERS05 header
  E1EDK14: byField('QUALF'),
  E1EDK03: byField('IDDAT'),
  E1EDKA1: byField('PARVW'),
  E1EDK02: byField('QUALF'),
  E1EDK17: byField('QUALF'),
  E1EDK18: byField('QUALF'),
  E1EDKT1: byField('TDID'),
  E1EDS01: byField('SUMID'),
  // ORDERS05 items
  E1EDP02: byField('QUALF'),
  E1EDP03: byField('IDDAT'),
  E1EDP19: byField('QUALF'),
  E1EDPA1: byField('PARVW'),
  E1EDPT1: byField('TDID'),
  // MATMAS: descriptions by language, alternative units by unit
  E1MAKTM: (segment) => text(segment.SPRAS_ISO) || text(segment.SPRAS),
  E1MARMM: byField('MEINH'),
  // LOIPRO: system statuses; an inactive one must not read as current, so it gets its own key
  E1JSTKL: (segment) => (text(segment.INACT) === 'X' ? `${text(segment.STAT)}_INACTIVE` : text(segment.STAT)),
}

const SINGLE: ReadonlySet<string> = new Set(['EDI_DC40', 'E1EDK01', 'E1KNA1M', 'E1MARAM', 'E1AFKOL'])

/** The record of one `<IDOC>`: its segments, keyed by segment name. */
export function readIdoc(idoc: XmlNode): JsonObject {
  return segmentOf(idoc)
}

function segmentOf(node: XmlNode): JsonObject {
  const out: JsonObject = {}
  const groups = new Map<string, XmlNode[]>()
  for (const child of node.children) {
    const group = groups.get(child.name)
    if (group) group.push(child)
    else groups.set(child.name, [child])
  }
  for (const [name, nodes] of groups) {
    if (!isSegment(nodes[0])) {
      out[name] = nodes.length === 1 ? nodes[0].text : nodes.map((n) => n.text)
      continue
    }
    const segments = nodes.map(segmentOf)
    const keyOf = Object.hasOwn(KEYED, name) ? KEYED[name] : undefined
    if (keyOf) out[name] = keyed(segments, keyOf)
    else if (SINGLE.has(name) && segments.length === 1) out[name] = segments[0]
    else out[name] = segments
  }
  normaliseSapDates(out)
  return out
}

/** IDoc XML marks segments with SEGMENT="1"; an element with children is a segment even without it. */
function isSegment(node: XmlNode): boolean {
  return node.children.length > 0 || Object.hasOwn(node.attributes, 'SEGMENT')
}

function keyed(segments: JsonObject[], keyOf: (segment: JsonObject) => string): JsonObject {
  const out: JsonObject = {}
  for (const segment of segments) {
    const qualifier = keyOf(segment) || '_'
    let key = qualifier
    for (let n = 2; Object.hasOwn(out, key); n++) key = `${qualifier}_${n}`
    out[key] = segment
  }
  return out
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : ''
}
