/**
 * Windows-1252 to text. Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as ISO-8859-1
 * control characters (so € comes out as U+0080), which would corrupt exactly the characters German
 * and French exports use (€, „“, –); this table follows the WHATWG encoding index instead. Bytes the
 * code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the control character of the same
 * number, as WHATWG says.
 */
const high = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
].map((code) => String.fromCharCode(code))

const c1 = /[\u0080-\u009f]/g

/** Stateless: every byte is one character, so chunks can be decoded one by one. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const text = decodeLatin1(bytes)
  c1.lastIndex = 0
  return c1.test(text) ? text.replace(c1, (ch) => high[ch.charCodeAt(0) - 0x80]) : text
}

export function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}
