/**
 * Outline and imports of a Go file: package doc, funcs and methods, types, top-level const
 * and var (single and grouped), `//` doc comments, and import paths (single or grouped).
 * Exported means capitalised, as in Go. Ends come from the masked source (cmask.ts: strings,
 * runes, raw strings and comments blanked) and its matched braces (blocks.ts).
 */
import type { OutlineItem } from "../types.ts";
import { BraceBlocks } from "./blocks.ts";
import { type Dialect, dialectOf, maskSource } from "./cmask.ts";
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
  const braces = new BraceBlocks(maskSource(source, dialectOf("go") as Dialect));

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
        outline.push({
          ...item(
            lines,
            l,
            group === "type" ? "type" : group === "const" ? "const" : "variable",
            name,
          ),
          endLine: braces.endOf(l),
        });
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
        endLine: braces.endOf(l),
      });
      continue;
    }
    const type = TYPE.exec(text);
    if (type) {
      const kind = type[2] === "struct" ? "struct" : type[2] === "interface" ? "interface" : "type";
      outline.push({ ...item(lines, l, kind, type[1] as string), endLine: braces.endOf(l) });
      continue;
    }
    const single = SINGLE.exec(text);
    if (single) {
      outline.push({
        ...item(lines, l, single[1] === "const" ? "const" : "variable", single[2] as string),
        endLine: braces.endOf(l),
      });
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

function packageDoc(lines: string[]): string | undefined {
  const pkg = lines.findIndex((t) => /^package\s+\w+/.test(t));
  if (pkg <= 0) return undefined;
  return commentAbove(lines, pkg) ?? undefined;
}
