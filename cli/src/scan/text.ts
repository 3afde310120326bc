/**
 * Turning file bytes into text: binary sniffing (a NUL byte in the first 8 KiB, the way git
 * decides) and decoding that never throws (UTF-8 with invalid bytes replaced; UTF-16 with a
 * byte-order mark decoded as such).
 */

const SNIFF_BYTES = 8192;
const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

function utf16Encoding(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** Whether the bytes are UTF-16 text (they start with its byte-order mark). */
export function isUtf16(bytes: Uint8Array): boolean {
  return utf16Encoding(bytes) !== null;
}

export function looksBinary(bytes: Uint8Array): boolean {
  if (utf16Encoding(bytes)) return false;
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function decodeText(bytes: Uint8Array): string {
  const utf16 = utf16Encoding(bytes);
  if (utf16) return new TextDecoder(utf16).decode(bytes);
  // Buffer's decoder is Node's fast path; it replaces invalid sequences with U+FFFD too.
  const text = Buffer.isBuffer(bytes) ? bytes.toString("utf8") : utf8.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Line count as an editor shows it (a trailing newline does not open a new line) and the
 * length of the longest line, in one pass.
 */
export function lineStats(text: string): { lines: number; longest: number } {
  if (text.length === 0) return { lines: 0, longest: 0 };
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (i - start > longest) longest = i - start;
    start = i + 1;
    lines++;
  }
  if (text.length - start > longest) longest = text.length - start;
  return { lines: text.endsWith("\n") ? lines - 1 : lines, longest };
}

/**
 * lineStats over UTF-8 bytes, before decoding (a newline is the same byte either way; a BOM
 * is not counted). `longest` is in bytes: equal to the characters for ASCII, more otherwise.
 */
const findByte = Uint8Array.prototype.indexOf;

export function byteLineStats(bytes: Buffer): { lines: number; longest: number } {
  const from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.length === from) return { lines: 0, longest: 0 };
  let lines = 1;
  let longest = 0;
  let start = from;
  // The typed array's own search: Buffer's checks its arguments on every line (a refresh
  // counts the lines of every file it reuses).
  for (let i = findByte.call(bytes, 10, from); i !== -1; i = findByte.call(bytes, 10, i + 1)) {
    if (i - start > longest) longest = i - start;
    start = i + 1;
    lines++;
  }
  if (bytes.length - start > longest) longest = bytes.length - start;
  return { lines: bytes[bytes.length - 1] === 10 ? lines - 1 : lines, longest };
}

/** About four characters per token: good enough for budgets and estimates. */
export function estimateTokens(text: string | number): number {
  const chars = typeof text === "number" ? text : text.length;
  return Math.ceil(chars / 4);
}
