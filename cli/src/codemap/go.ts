/**
 * Outline and imports of a Go file: package doc, funcs and methods, types, top-level const
 * and var (single and grouped), `//` doc comments, and import paths (single or grouped).
 * Exported means capitalised, as in Go.
 */
import type { OutlineItem } from "../types.ts";
import { docText, shorten } from "./doc.ts";
import type { FileFacts } from "./javascript.ts";

const FUNC = /^func\s+(?:\(\s*\w*\s*\*?\s*([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*)?([A-Za-z_]\w*)/;
const TYPE = /^type\s+([A-Za-z_]\w*)(?:\[[^\]]*\])?\s+(struct|interface)?/;
const SINGLE = /^(const|var)\s+([A-Za-z_]\w*)/;
const GROUPED_NAME = /^\s+([A-Za-z_]\w*)\b/;

export function outlineGo(source: string): FileFacts {
  const lines = source.split(/\r?\n/);
  const outline: OutlineItem[] = [];
  const specifiers: string[] = [];
  let group: "const" | "var" | "import" | "type" | null = null;
  let inRawString = false;

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
    const fn = FUNC.exec(text);
    if (fn) {
      const receiver = fn[1];
      const name = fn[2] as string;
      outline.push({
        ...item(
          lines,
          l,
          receiver ? "method" : "function",
          receiver ? `${receiver}.${name}` : name,
        ),
        exported: isExported(name) && (!receiver || isExported(receiver)),
        endLine: braceEnd(lines, l),
      });
      continue;
    }
    const type = TYPE.exec(text);
    if (type) {
      const kind = type[2] === "struct" ? "struct" : type[2] === "interface" ? "interface" : "type";
      outline.push({ ...item(lines, l, kind, type[1] as string), endLine: braceEnd(lines, l) });
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
    signature: shorten((lines[l] as string).trim().replace(/\s*\{\s*$/, ""), 160),
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

/** A block ends at the first line that closes the brace depth opened on its first line. */
function braceEnd(lines: string[], start: number): number {
  let depth = 0;
  let opened = false;
  for (let l = start; l < lines.length && l < start + 5000; l++) {
    const text = (lines[l] as string).replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/\/.*$/g, "");
    for (const ch of text) {
      if (ch === "{") {
        depth++;
        opened = true;
      } else if (ch === "}") depth--;
    }
    if (opened && depth <= 0) return l + 1;
    if (!opened && l > start + 3) return start + 1;
  }
  return start + 1;
}

function packageDoc(lines: string[]): string | undefined {
  const pkg = lines.findIndex((t) => /^package\s+\w+/.test(t));
  if (pkg <= 0) return undefined;
  return commentAbove(lines, pkg) ?? undefined;
}
