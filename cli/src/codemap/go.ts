/**
 * Outline and imports of a Go file: package doc, funcs and methods, types, top-level const
 * and var (single and grouped), `//` doc comments, and import paths (single or grouped).
 * Exported means capitalised, as in Go.
 */
import type { OutlineItem } from "../types.ts";
import { LookaheadBudget } from "./budget.ts";
import { docText, shorten, withoutTrailing } from "./doc.ts";
import type { FileFacts } from "./javascript.ts";

const FUNC_PLAIN = /^func\s+([A-Za-z_]\w*)/;
const FUNC_RECEIVER = /^func\s+\(/;
const WORD = /\w*/y;
const NAME = /[A-Za-z_]\w*/y;
const SPACES = /\s*/y;
const RECEIVER_TAIL = /(?:\[[^\]]*\])?\s*\)\s*([A-Za-z_]\w*)/y;
const NAME_START = /[A-Za-z_]/;

/**
 * A func line: what `/^func\s+(?:\(\s*\w*\s*\*?\s*([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*)?
 * ([A-Za-z_]\w*)/` captures (receiver type, name), in one pass. The pattern's three `\s*`
 * around optional parts split a run of spaces every possible way (cubic: a line of
 * 5,000 spaces took 25 s). Its answers are kept, including its reading of an unnamed
 * receiver: `\w*` gives back one character at a time, so `(Foo)` reads as receiver `o`.
 */
export function funcLine(text: string): { receiver?: string; name: string } | null {
  const receiver = FUNC_RECEIVER.exec(text);
  if (!receiver) {
    const plain = FUNC_PLAIN.exec(text);
    return plain ? { name: plain[1] as string } : null;
  }
  const at = (re: RegExp, from: number): RegExpExecArray | null => {
    re.lastIndex = from;
    return re.exec(text);
  };
  const tail = (from: number) => at(RECEIVER_TAIL, from)?.[1];
  const open = receiver[0].length;
  const wordStart = open + (at(SPACES, open)?.[0].length ?? 0);
  const word = at(WORD, wordStart)?.[0] ?? "";
  const wordEnd = wordStart + word.length;
  // `\w*` takes the whole word: the type follows, after spaces and an optional `*`.
  let k = wordEnd + (at(SPACES, wordEnd)?.[0].length ?? 0);
  if (text.charCodeAt(k) === 42 /* * */) k++;
  k += at(SPACES, k)?.[0].length ?? 0;
  const type = at(NAME, k)?.[0];
  if (type) {
    const name = tail(k + type.length);
    if (name) return { receiver: type, name };
  }
  // `\w*` gives back characters: the type is the shortest tail of the word that is a name.
  if (word !== "") {
    const name = tail(wordEnd);
    if (name) {
      for (let j = word.length - 1; j >= 0; j--)
        if (NAME_START.test(word.charAt(j))) return { receiver: word.slice(j), name };
    }
  }
  return null;
}
const TYPE = /^type\s+([A-Za-z_]\w*)(?:\[[^\]]*\])?\s+(struct|interface)?/;
const SINGLE = /^(const|var)\s+([A-Za-z_]\w*)/;
const GROUPED_NAME = /^\s+([A-Za-z_]\w*)\b/;

export function outlineGo(source: string): FileFacts {
  const lines = source.split(/\r?\n/);
  const outline: OutlineItem[] = [];
  const specifiers: string[] = [];
  let group: "const" | "var" | "import" | "type" | null = null;
  let inRawString = false;
  const braces = new LineBraces(lines);

  for (let l = 0; l < lines.length; l++) {
    const text = lines[l] as string;
    // Raw strings (backticks) can span lines and hold anything: skip their insides.
    const ticks = (text.match(/`/g) ?? []).length;
    if (inRawString) {
      if (ticks % 2 === 1) inRawString = false;
      continue;
    }
    if (ticks % 2 === 1) inRawString = true;

    if (group) {
      if (/^\)/.test(text)) {
        group = null;
        continue;
      }
      if (group === "import") {
        const m = /"([^"]+)"/.exec(text);
        if (m) specifiers.push(m[1] as string);
        continue;
      }
      const m = GROUPED_NAME.exec(text);
      if (m && /^\t[A-Za-z_]/.test(text) && !/^\s*\/\//.test(text)) {
        const name = m[1] as string;
        if (name === "_") continue;
        outline.push(
          item(
            lines,
            l,
            group === "type" ? "type" : group === "const" ? "const" : "variable",
            name,
          ),
        );
      }
      continue;
    }

    const importOne = /^import\s+(?:[\w.]+\s+)?"([^"]+)"/.exec(text);
    if (importOne) {
      specifiers.push(importOne[1] as string);
      continue;
    }
    const opens = /^(import|const|var|type)\s*\($/.exec(text.trimEnd());
    if (opens) {
      group = opens[1] as "import" | "const" | "var" | "type";
      continue;
    }
    const fn = funcLine(text);
    if (fn) {
      const receiver = fn.receiver;
      const name = fn.name;
      outline.push({
        ...item(
          lines,
          l,
          receiver ? "method" : "function",
          receiver ? `${receiver}.${name}` : name,
        ),
        exported: isExported(name) && (!receiver || isExported(receiver)),
        endLine: braces.blockEnd(l),
      });
      continue;
    }
    const type = TYPE.exec(text);
    if (type) {
      const kind = type[2] === "struct" ? "struct" : type[2] === "interface" ? "interface" : "type";
      outline.push({ ...item(lines, l, kind, type[1] as string), endLine: braces.blockEnd(l) });
      continue;
    }
    const single = SINGLE.exec(text);
    if (single) {
      outline.push(
        item(lines, l, single[1] === "const" ? "const" : "variable", single[2] as string),
      );
    }
  }
  const doc = packageDoc(lines);
  return { ...(doc ? { doc } : {}), outline, specifiers };
}

function isExported(name: string): boolean {
  return /^[A-Z]/.test(name);
}

function item(lines: string[], l: number, kind: OutlineItem["kind"], name: string): OutlineItem {
  const result: OutlineItem = {
    kind,
    name,
    exported: isExported(name.includes(".") ? (name.split(".")[1] as string) : name),
    line: l + 1,
    endLine: l + 1,
    signature: shorten(withoutTrailing(lines[l] as string, "{"), 160),
  };
  const doc = commentAbove(lines, l);
  if (doc) result.doc = doc;
  return result;
}

function commentAbove(lines: string[], l: number): string | undefined {
  const body: string[] = [];
  for (let k = l - 1; k >= 0 && /^\s*\/\//.test(lines[k] as string); k--)
    body.unshift(lines[k] as string);
  if (body.length === 0 || /^\s*\/\/go:/.test(body[0] as string)) return undefined;
  return docText(body.join("\n")) || undefined;
}

/**
 * Brace counts per line (outside strings and `//` comments), computed once per line, so
 * that finding where a block ends costs one step per line; all those steps together are
 * bounded by a LookaheadBudget.
 */
class LineBraces {
  /** `{` minus `}` on the line, once counted. */
  private readonly net: Int32Array;
  /** 0: not counted yet; 1: counted; 2: counted, and the line has a `{`. */
  private readonly state: Uint8Array;
  private readonly budget: LookaheadBudget;

  private readonly lines: string[];

  constructor(lines: string[]) {
    this.lines = lines;
    this.net = new Int32Array(lines.length);
    this.state = new Uint8Array(lines.length);
    this.budget = new LookaheadBudget(lines.length);
  }

  private count(l: number): void {
    let net = 0;
    let opens = false;
    forEachCodeChar(this.lines[l] as string, (c) => {
      if (c === 123) {
        net++;
        opens = true;
      } else if (c === 125) net--;
    });
    this.net[l] = net;
    this.state[l] = opens ? 2 : 1;
  }

  /** A block ends at the first line that closes the brace depth opened on its first line. */
  blockEnd(start: number): number {
    let depth = 0;
    let opened = false;
    for (let l = start; l < this.lines.length && l < start + 5000; l++) {
      if (!this.budget.spend()) return start + 1;
      if (this.state[l] === 0) this.count(l);
      depth += this.net[l] as number;
      if (this.state[l] === 2) opened = true;
      if (opened && depth <= 0) return l + 1;
      if (!opened && l > start + 3) return start + 1;
    }
    return start + 1;
  }
}

const TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * Calls `visit` with the code of each character of a line that the pattern
 * `/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/\/.*$/g` would not remove, in one pass. The
 * pattern rescans the rest of the line from every quote of an unclosed string (quadratic);
 * here, a quote whose string runs off the line (or into a `\` before a lone `\r`) fails at
 * some offset, and so does every quote of the same kind before that offset: it is either
 * a boundary of the first scan (which would have closed there) or an escaped character,
 * right after which both scans read the same characters. A `//` starts a comment when no
 * line terminator follows it (`.` does not match one).
 */
export function forEachCodeChar(line: string, visit: (code: number) => void): void {
  const n = line.length;
  let lastTerminator = -1;
  for (let k = n - 1; k >= 0; k--)
    if (TERMINATOR.test(line.charAt(k))) {
      lastTerminator = k;
      break;
    }
  let failsUntil34 = -1; // a `"` at or before this offset opens no string
  let failsUntil39 = -1; // the same for `'`
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if ((c === 34 && i > failsUntil34) || (c === 39 && i > failsUntil39)) {
      const end = closingQuote(line, i, c);
      if (end >= 0) {
        i = end + 1;
        continue;
      }
      if (c === 34) failsUntil34 = -end - 1;
      else failsUntil39 = -end - 1;
    } else if (c === 47 && line.charCodeAt(i + 1) === 47 && i > lastTerminator) return;
    visit(c);
    i++;
  }
}

/**
 * The offset of the quote closing the string opened at `open`, or, when there is none,
 * `-(f + 1)` where `f` is the offset the scan failed at.
 */
function closingQuote(line: string, open: number, quote: number): number {
  const n = line.length;
  let k = open + 1;
  while (k < n) {
    const d = line.charCodeAt(k);
    if (d === quote) return k;
    if (d === 92 /* backslash */) {
      if (k + 1 >= n || TERMINATOR.test(line.charAt(k + 1))) return -(k + 1);
      k += 2;
    } else k++;
  }
  return -(n + 1);
}

function packageDoc(lines: string[]): string | undefined {
  const pkg = lines.findIndex((t) => /^package\s+\w+/.test(t));
  if (pkg <= 0) return undefined;
  return commentAbove(lines, pkg) ?? undefined;
}
