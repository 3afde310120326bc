/**
 * Reads the old data file (`local-convex-data/1`, one JSON object rewritten on every commit)
 * for its one-time import into the SQLite store (store/open.ts). The file is read as bytes
 * and each document parsed on its own, so a file past JavaScript's longest string (~512 MiB,
 * about a thousand courses: the size the old loader failed at) still imports.
 */
import { readFileSync } from "node:fs";
import type { JSONValue } from "convex/values";
import type { MutationResult } from "../mutation-results.ts";
import { refusal } from "./content.ts";

const FORMAT = "local-convex-data/1";

export interface LegacyData {
  nextDocId: number;
  lastCreationTime: number;
  documents: Iterable<JSONValue>;
  mutationResults: [string, MutationResult][];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

class Scanner {
  readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }

  skipSpace(i: number): number {
    while (i < this.buf.length && WHITESPACE.has(this.buf[i] as number)) i++;
    return i;
  }

  expect(i: number, byte: number): number {
    const at = this.skipSpace(i);
    if (this.buf[at] !== byte) {
      throw new SyntaxError(`expected '${String.fromCharCode(byte)}' at byte ${at}`);
    }
    return at + 1;
  }

  /** The end (exclusive) of the string starting at the quote at `i`. */
  stringEnd(i: number): number {
    for (let j = i + 1; j < this.buf.length; j++) {
      const byte = this.buf[j];
      if (byte === BACKSLASH) j++;
      else if (byte === QUOTE) return j + 1;
    }
    throw new SyntaxError("the file ends inside a string");
  }

  /** The end (exclusive) of the JSON value starting at or after `i`. */
  valueEnd(i: number): number {
    let j = this.skipSpace(i);
    const first = this.buf[j];
    if (first === QUOTE) return this.stringEnd(j);
    if (first !== undefined && OPEN.has(first)) {
      let depth = 0;
      for (; j < this.buf.length; j++) {
        const byte = this.buf[j] as number;
        if (byte === QUOTE) j = this.stringEnd(j) - 1;
        else if (OPEN.has(byte)) depth++;
        else if (CLOSE.has(byte) && --depth === 0) return j + 1;
      }
      throw new SyntaxError("the file ends inside an object or array");
    }
    while (j < this.buf.length && !WHITESPACE.has(this.buf[j] as number)) {
      const byte = this.buf[j] as number;
      if (byte === 0x2c || CLOSE.has(byte)) break;
      j++;
    }
    if (j === i) throw new SyntaxError(`expected a value at byte ${i}`);
    return j;
  }

  parse(start: number, end: number): unknown {
    return JSON.parse(this.buf.toString("utf8", start, end));
  }

  /** [key, value start, value end] of each member of the object at `i`; then its end. */
  *members(i: number): Generator<[string, number, number]> {
    let j = this.expect(i, 0x7b);
    j = this.skipSpace(j);
    if (this.buf[j] === 0x7d) return;
    for (;;) {
      j = this.skipSpace(j);
      if (this.buf[j] !== QUOTE) throw new SyntaxError(`expected a key at byte ${j}`);
      const keyEnd = this.stringEnd(j);
      const key = this.parse(j, keyEnd) as string;
      const start = this.expect(keyEnd, 0x3a);
      const end = this.valueEnd(start);
      yield [key, this.skipSpace(start), end];
      j = this.skipSpace(end);
      if (this.buf[j] === 0x7d) return;
      j = this.expect(j, 0x2c);
    }
  }

  /** [start, end] of each element of the array at `i`. */
  *elements(i: number): Generator<[number, number]> {
    let j = this.expect(i, 0x5b);
    j = this.skipSpace(j);
    if (this.buf[j] === 0x5d) return;
    for (;;) {
      const start = this.skipSpace(j);
      const end = this.valueEnd(start);
      yield [start, end];
      j = this.skipSpace(end);
      if (this.buf[j] === 0x5d) return;
      j = this.expect(j, 0x2c);
    }
  }
}

/** Reads an old data file; a file that is not one is refused (and left as it is). */
export function readLegacyJson(file: string): LegacyData {
  const scanner = new Scanner(readFileSync(file));
  const cure = "restore a good copy of it, or move it away to start without it";
  const spans = new Map<string, [number, number]>();
  try {
    for (const [key, start, end] of scanner.members(0)) spans.set(key, [start, end]);
  } catch (error) {
    throw refusal(file, `is not valid JSON (${(error as Error).message})`, cure);
  }
  const small = (key: string): unknown => {
    const span = spans.get(key);
    return span ? scanner.parse(span[0], span[1]) : undefined;
  };
  const documentsSpan = spans.get("documents");
  if (small("format") !== FORMAT || !documentsSpan || scanner.buf[documentsSpan[0]] !== 0x5b) {
    throw refusal(file, "is not a local-convex data file", cure);
  }
  const resultsSpan = spans.get("mutationResults");
  return {
    nextDocId: Number(small("nextDocId") ?? 0),
    lastCreationTime: Number(small("lastCreationTime") ?? 0),
    documents: {
      *[Symbol.iterator]() {
        for (const [start, end] of scanner.elements(documentsSpan[0])) {
          yield scanner.parse(start, end) as JSONValue;
        }
      },
    },
    mutationResults: resultsSpan
      ? (scanner.parse(resultsSpan[0], resultsSpan[1]) as [string, MutationResult][])
      : [],
  };
}
