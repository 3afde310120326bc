/**
 * Outline and imports of a Python file, line by line: top-level functions, classes and
 * assignments, methods of top-level classes, docstrings, `__all__`, and `import`/`from`
 * statements (module names, resolved later by resolve.ts).
 */
import type { OutlineItem } from "../types.ts";
import { LookaheadBudget } from "./budget.ts";
import { docText, shorten } from "./doc.ts";
import type { FileFacts } from "./javascript.ts";

const DEF = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;
const CLASS = /^(\s*)class\s+([A-Za-z_]\w*)\s*[(:]/;
const ASSIGN = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/;
const IMPORT = /^\s*import\s+(.+)$/;
// `[\w.]*` takes the leading dots too (the same text as `\.*[\w.]*`, which was quadratic on a
// line of dots: every split between the two runs was tried).
const FROM = /^\s*from\s+([\w.]*)\s+import\b/;

/** Specifiers are module names; relative ones keep their leading dots (".models"). */
export function outlinePython(source: string): FileFacts {
  const lines = source.split(/\r?\n/);
  const masked = maskTripleStrings(lines);
  const code = new Code(masked.lines, masked.inString);
  const outline: OutlineItem[] = [];
  const specifiers = new Set<string>();
  /** The last `__all__ = ...` line (the one that holds). */
  let allLine = -1;
  let currentClass: { name: string; indent: number } | null = null;

  for (let l = 0; l < code.length; l++) {
    const text = code.text(l);
    if (code.indent[l] === BLANK || code.flags(l) & COMMENT) continue;
    const indent = code.indent[l] as number;
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
          allLine = l;
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

  if (allLine !== -1) {
    const names = new Set(
      [...joinUntilClosed(code, allLine).matchAll(/["'](\w+)["']/g)].map((x) => x[1] as string),
    );
    for (const item of outline) {
      if (item.kind !== "method") item.exported = names.has(item.name);
    }
  }
  const doc = moduleDocstring(lines);
  return { ...(doc ? { doc } : {}), outline, specifiers: [...specifiers] };
}

/** Blank the insides of triple-quoted strings (not their opening quotes): their lines never match. */
function maskTripleStrings(lines: string[]): { lines: string[]; inString: Uint8Array } {
  const out: string[] = [];
  /** 1: the line starts inside a string (its text belongs to the statement above). */
  const inString = new Uint8Array(lines.length);
  let open: string | null = null;
  for (const [l, line] of lines.entries()) {
    if (open && line.trim() !== "") inString[l] = 1;
    let result = "";
    let i = 0;
    // The next `"""`, `'''` and `#` at or after i, found again only once passed (looking
    // for each from every quote again was quadratic on a line of quotes); -1: none left.
    let dq = -2;
    let sq = -2;
    let hash = -2;
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
      if (dq !== -1 && dq < i) dq = line.indexOf('"""', i);
      if (sq !== -1 && sq < i) sq = line.indexOf("'''", i);
      if (hash !== -1 && hash < i) hash = line.indexOf("#", i);
      const next = [dq, sq].filter((x) => x !== -1).sort((a, b) => a - b)[0];
      if (next === undefined || (hash !== -1 && hash < next)) {
        result += line.slice(i);
        break;
      }
      // The opening quotes stay: a line that only holds a docstring is still a body line.
      result += line.slice(i, next + 3);
      open = line.slice(next, next + 3);
      i = next + 3;
    }
    out.push(open && result === "" ? "" : result);
  }
  return { lines: out, inString };
}

const BLANK = -1;
const COMMENT = 1; // the line starts with `#`
const CLOSER = 2; // the line starts with `)` or `]`
const ENDS_HEADER = 4; // the line ends in `:` (a comment after it aside)
const CHECKED_HEADER = 8;

/**
 * The masked lines, with what the look-aheads ask of each line computed once: its indent
 * (BLANK for a blank line), its first character's kind, its bracket balance. A look-ahead
 * then costs one step per line, whatever the line's length, and all of them together are
 * bounded by a LookaheadBudget.
 */
class Code {
  readonly length: number;
  readonly indent: Int32Array;
  private readonly lineFlags: Uint8Array;
  /** `(`/`[` minus `)`/`]` on the line. */
  private readonly brackets: Int32Array;
  readonly budget: LookaheadBudget;

  private readonly lines: string[];

  /** `inString`: lines that start inside a triple-quoted string (never end a block). */
  constructor(lines: string[], inString?: Uint8Array) {
    this.lines = lines;
    const n = lines.length;
    this.length = n;
    this.indent = new Int32Array(n);
    this.lineFlags = new Uint8Array(n);
    this.brackets = new Int32Array(n);
    this.budget = new LookaheadBudget(n);
    for (let l = 0; l < n; l++) {
      const text = lines[l] as string;
      const body = text.trimStart();
      if (inString?.[l]) {
        // Like a comment: inside the block above, whatever its indentation.
        this.indent[l] = text.length - body.length;
        this.lineFlags[l] = COMMENT;
        this.brackets[l] = bracketsOf(text);
        continue;
      }
      if (body.trimEnd() === "") {
        this.indent[l] = BLANK;
        continue;
      }
      this.indent[l] = text.length - body.length;
      const first = body.charCodeAt(0);
      if (first === 35) this.lineFlags[l] = COMMENT;
      else if (first === 41 || first === 93) this.lineFlags[l] = CLOSER;
      this.brackets[l] = bracketsOf(text);
    }
  }

  text(l: number): string {
    return this.lines[l] as string;
  }

  flags(l: number): number {
    return this.lineFlags[l] as number;
  }

  bracketBalance(l: number): number {
    return this.brackets[l] as number;
  }

  endsHeader(l: number): boolean {
    let f = this.lineFlags[l] as number;
    if (!(f & CHECKED_HEADER)) {
      f |= CHECKED_HEADER | (endsInColon((this.lines[l] as string).trimEnd()) ? ENDS_HEADER : 0);
      this.lineFlags[l] = f;
    }
    return (f & ENDS_HEADER) !== 0;
  }
}

/** `(`/`[` minus `)`/`]` on a line. */
function bracketsOf(text: string): number {
  let balance = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 40 || c === 91) balance++;
    else if (c === 41 || c === 93) balance--;
  }
  return balance;
}

const TERMINATOR = /[\n\r\u2028\u2029]/;
const SPACE = /\s/;

/**
 * What `/:\s*(#.*)?$/.test(text)` says of a line without trailing spaces, in one pass (the
 * pattern retried `.*` from every `:`, quadratic when a lone `\r` stopped it): the line ends
 * in `:`, or a `#` past the last line terminator has a `:` before it, spaces aside.
 */
export function endsInColon(text: string): boolean {
  if (text.endsWith(":")) return true;
  let lastTerminator = -1;
  for (let k = text.length - 1; k >= 0; k--)
    if (TERMINATOR.test(text.charAt(k))) {
      lastTerminator = k;
      break;
    }
  for (let h = text.indexOf("#", lastTerminator + 1); h !== -1; h = text.indexOf("#", h + 1)) {
    let k = h - 1;
    while (k >= 0 && SPACE.test(text.charAt(k))) k--;
    if (k >= 0 && text.charCodeAt(k) === 58 /* : */) return true;
  }
  return false;
}

/** A def/class header may span lines (long parameter lists): find the line ending in ':'. */
function headerEnd(code: Code, start: number): number {
  let depth = 0;
  for (let l = start; l < code.length && l < start + 50; l++) {
    if (!code.budget.spend()) return start;
    depth += code.bracketBalance(l);
    if (depth <= 0 && code.endsHeader(l)) return l;
  }
  return start;
}

/** Last line of an indented block (trailing blank lines excluded), 1-based. */
function blockEnd(code: Code, start: number, indent: number): number {
  let last = headerEnd(code, start);
  for (let l = last + 1; l < code.length; l++) {
    if (!code.budget.spend()) return start + 1;
    const ind = code.indent[l] as number;
    if (ind === BLANK) continue;
    if (ind <= indent && !(code.flags(l) & (COMMENT | CLOSER))) break;
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

function joinUntilClosed(code: Code, start: number): string {
  let text = "";
  let opened = 0;
  let closed = 0;
  for (let l = start; l < code.length && l < start + 200; l++) {
    const line = code.text(l);
    text += `${line}\n`;
    for (let k = 0; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 40 || c === 91) opened++;
      else if (c === 41 || c === 93) closed++;
    }
    if (opened > 0 && opened <= closed) break;
  }
  return text;
}
