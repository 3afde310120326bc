/**
 * Outline and imports of a Python file, line by line: top-level functions, classes and
 * assignments, methods of top-level classes, docstrings, `__all__`, and `import`/`from`
 * statements (module names, resolved later by resolve.ts).
 */
import type { OutlineItem } from "../types.ts";
import { docText, shorten } from "./doc.ts";
import type { FileFacts } from "./javascript.ts";

const DEF = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;
const CLASS = /^(\s*)class\s+([A-Za-z_]\w*)\s*[(:]/;
const ASSIGN = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/;
const IMPORT = /^\s*import\s+(.+)$/;
const FROM = /^\s*from\s+(\.*[\w.]*)\s+import\b/;

/** Specifiers are module names; relative ones keep their leading dots (".models"). */
export function outlinePython(source: string): FileFacts {
  const lines = source.split(/\r?\n/);
  const code = maskTripleStrings(lines);
  const outline: OutlineItem[] = [];
  const specifiers = new Set<string>();
  let allNames: Set<string> | null = null;
  let currentClass: { name: string; indent: number } | null = null;

  for (let l = 0; l < code.length; l++) {
    const text = code[l] as string;
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const indent = text.length - text.trimStart().length;
    if (currentClass && indent <= currentClass.indent) currentClass = null;

    const from = FROM.exec(text);
    if (from) specifiers.add(from[1] as string);
    const imp = IMPORT.exec(text);
    if (imp) {
      for (const part of (imp[1] as string).split(",")) {
        const name = part
          .trim()
          .split(/\s+as\s+/)[0]
          ?.trim();
        if (name && /^[\w.]+$/.test(name)) specifiers.add(name);
      }
    }

    const def = DEF.exec(text);
    const cls = CLASS.exec(text);
    if (def || cls) {
      const m = (def ?? cls) as RegExpExecArray;
      const name = m[2] as string;
      const isMethod = currentClass !== null && indent > currentClass.indent;
      if (indent === 0 || isMethod) {
        const item: OutlineItem = {
          kind: cls ? "class" : isMethod ? "method" : "function",
          name: isMethod && currentClass ? `${currentClass.name}.${name}` : name,
          exported: !name.startsWith("_") || (name.startsWith("__") && name.endsWith("__")),
          line: l + 1,
          endLine: blockEnd(code, l, indent),
          signature: shorten(lines[l]?.trim().replace(/:\s*$/, "") ?? "", 160),
        };
        const doc = docstringAfter(lines, headerEnd(code, l));
        if (doc) item.doc = doc;
        if (isMethod && name.startsWith("_") && !name.startsWith("__")) item.exported = false;
        outline.push(item);
        if (cls && indent === 0) currentClass = { name, indent };
      }
      continue;
    }

    if (indent === 0) {
      const assign = ASSIGN.exec(text);
      if (assign) {
        const name = assign[1] as string;
        if (name === "__all__") {
          allNames = new Set(
            [...joinUntilClosed(code, l).matchAll(/["'](\w+)["']/g)].map((x) => x[1] as string),
          );
          continue;
        }
        outline.push({
          kind: /^[A-Z][A-Z0-9_]*$/.test(name) ? "const" : "variable",
          name,
          exported: !name.startsWith("_"),
          line: l + 1,
          endLine: l + 1,
          signature: shorten(lines[l]?.trim() ?? "", 160),
        });
      }
    }
  }

  if (allNames) {
    const names = allNames;
    for (const item of outline) {
      if (item.kind !== "method") item.exported = names.has(item.name);
    }
  }
  const doc = moduleDocstring(lines);
  return { ...(doc ? { doc } : {}), outline, specifiers: [...specifiers] };
}

/** Replace the insides of triple-quoted strings with blanks so their lines never match. */
function maskTripleStrings(lines: string[]): string[] {
  const out: string[] = [];
  let open: string | null = null;
  for (const line of lines) {
    let result = "";
    let i = 0;
    while (i < line.length) {
      if (open) {
        const end = line.indexOf(open, i);
        if (end === -1) {
          i = line.length;
          continue;
        }
        // Blank the string's tail so any code after the quotes keeps its column.
        result += " ".repeat(end + 3 - i);
        i = end + 3;
        open = null;
        continue;
      }
      const dq = line.indexOf('"""', i);
      const sq = line.indexOf("'''", i);
      const hash = line.indexOf("#", i);
      const next = [dq, sq].filter((x) => x !== -1).sort((a, b) => a - b)[0];
      if (next === undefined || (hash !== -1 && hash < next)) {
        result += line.slice(i);
        break;
      }
      result += line.slice(i, next);
      open = line.slice(next, next + 3);
      i = next + 3;
    }
    out.push(open && result === "" ? "" : result);
  }
  return out;
}

/** A def/class header may span lines (long parameter lists): find the line ending in ':'. */
function headerEnd(code: string[], start: number): number {
  let depth = 0;
  for (let l = start; l < code.length && l < start + 50; l++) {
    for (const ch of code[l] as string) {
      if (ch === "(" || ch === "[") depth++;
      else if (ch === ")" || ch === "]") depth--;
    }
    if (depth <= 0 && /:\s*(#.*)?$/.test((code[l] as string).trimEnd())) return l;
  }
  return start;
}

/** Last line of an indented block (trailing blank lines excluded), 1-based. */
function blockEnd(code: string[], start: number, indent: number): number {
  let last = headerEnd(code, start);
  for (let l = last + 1; l < code.length; l++) {
    const text = code[l] as string;
    if (text.trim() === "") continue;
    const ind = text.length - text.trimStart().length;
    if (ind <= indent && !text.trimStart().startsWith("#") && !/^[)\]]/.test(text.trim())) break;
    last = l;
  }
  return last + 1;
}

function docstringAfter(lines: string[], header: number): string | undefined {
  for (let l = header + 1; l < lines.length && l < header + 3; l++) {
    const t = (lines[l] as string).trim();
    if (t === "") continue;
    return readDocstring(lines, l);
  }
  return undefined;
}

function moduleDocstring(lines: string[]): string | undefined {
  for (let l = 0; l < lines.length && l < 40; l++) {
    const t = (lines[l] as string).trim();
    if (t === "" || t.startsWith("#")) continue;
    return readDocstring(lines, l, 400);
  }
  return undefined;
}

function readDocstring(lines: string[], l: number, maxChars = 240): string | undefined {
  const t = (lines[l] as string).trim().replace(/^[rRuUbB]+(?=["'])/, "");
  const quote = t.startsWith('"""') ? '"""' : t.startsWith("'''") ? "'''" : null;
  if (!quote) return undefined;
  const body: string[] = [];
  const rest = t.slice(3);
  const close = rest.indexOf(quote);
  if (close !== -1) return docText(rest.slice(0, close), maxChars) || undefined;
  body.push(rest);
  for (let k = l + 1; k < lines.length && k < l + 200; k++) {
    const line = lines[k] as string;
    const end = line.indexOf(quote);
    if (end !== -1) {
      body.push(line.slice(0, end));
      break;
    }
    body.push(line);
  }
  return docText(body.join("\n"), maxChars) || undefined;
}

function joinUntilClosed(code: string[], start: number): string {
  let text = "";
  for (let l = start; l < code.length && l < start + 200; l++) {
    text += `${code[l]}\n`;
    const opened = (text.match(/[[(]/g) ?? []).length;
    const closed = (text.match(/[\])]/g) ?? []).length;
    if (opened > 0 && opened <= closed) break;
  }
  return text;
}
