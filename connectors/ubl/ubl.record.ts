import { getPath, type JsonObject, type JsonValue, type XmlNode, type XmlStreamEvent } from '../../src/connector-sdk'

/**
 * How an XML document becomes a JSON record a mapping can address (the same rules for UBL, cXML and
 * Order-X; see docs/connectors/ubl.md):
 * - element names lose their namespace prefix (`cbc:ID` → `ID`); text is trimmed and stays text;
 * - an element without child elements is its text, so `ID` is `"34"` whether or not it carries
 *   attributes; its attributes sit beside it as `<name>@<attribute>` (`Quantity@unitCode`);
 * - an element with children is an object; its own attributes are inside it as `@<attribute>`;
 * - an element is a list when it repeats, and always when the family's list table names it (order
 *   lines, party identifications …), so `each:` and `PartyName[0]` never depend on a count; the
 *   attributes of a listed text element are a list of the same length (null where absent).
 */
export interface RecordRules {
  /** Elements that are always lists. */
  lists: ReadonlySet<string>
  /** Elements left out of every record (credentials). */
  drop?: ReadonlySet<string>
  /** The text of a text-only element, e.g. to turn a coded date into ISO. */
  text?: (node: XmlNode) => string
}

export function objectOf(node: XmlNode, rules: RecordRules): JsonObject {
  const out: JsonObject = {}
  for (const [name, value] of Object.entries(node.attributes)) out[`@${name}`] = value
  addChildren(out, node.children, rules)
  if (node.children.length > 0 && node.text !== '') out['#text'] = node.text
  return out
}

export function addChildren(out: JsonObject, children: readonly XmlNode[], rules: RecordRules): void {
  const groups = new Map<string, XmlNode[]>()
  for (const child of children) {
    if (rules.drop?.has(child.name)) continue
    const group = groups.get(child.name)
    if (group) group.push(child)
    else groups.set(child.name, [child])
  }
  for (const [name, nodes] of groups) {
    const asList = nodes.length > 1 || rules.lists.has(name)
    const values: JsonValue[] = nodes.map((n) => (isText(n) ? (rules.text?.(n) ?? n.text) : objectOf(n, rules)))
    out[name] = asList ? values : values[0]
    const attributeNames = new Set(nodes.filter(isText).flatMap((n) => Object.keys(n.attributes)))
    for (const attribute of attributeNames) {
      const beside = nodes.map((n) => (isText(n) && Object.hasOwn(n.attributes, attribute) ? n.attributes[attribute] : null))
      out[`${name}@${attribute}`] = asList ? beside : beside[0]
    }
  }
}

function isText(node: XmlNode): boolean {
  return node.children.length === 0
}

/**
 * A document rebuilt from the stream: the elements that opened (the root, wrappers) with their
 * attributes, and the captured elements placed under them, in document order.
 */
export class DocumentTree {
  readonly root: XmlNode = { name: '', attributes: {}, children: [], text: '' }
  private readonly branch: XmlNode[] = []

  open(event: Extract<XmlStreamEvent, { kind: 'open' }>): void {
    const depth = event.path.length - 1
    const node: XmlNode = depth === 0 ? this.root : { name: event.name, attributes: event.attributes, children: [], text: '' }
    if (depth === 0) {
      this.root.name = event.name
      Object.assign(this.root.attributes, event.attributes)
    } else this.branch[depth - 1]?.children.push(node)
    this.branch.length = depth
    this.branch[depth] = node
  }

  /** A captured element goes under the element that was open around it. */
  add(path: readonly string[], node: XmlNode): void {
    this.branch[path.length - 2]?.children.push(node)
  }
}

/** The first non-empty text found at any of `paths` (dotted; numeric segments index lists). */
export function firstText(record: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = getPath(record, path)
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return undefined
}
