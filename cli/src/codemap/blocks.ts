/**
 * Where a declaration ends in a brace language (generic.ts's Rust, Java, C#, Swift, C...):
 * on masked source (cmask.ts), its header runs to the first `{` or `;` outside brackets, and
 * the declaration to the `}` matching that `{`. Braces are matched once per file, so each
 * declaration costs only its header. Also the `end`-keyword languages (Ruby), by indentation.
 */

/** Header characters read at most before giving up (the declaration is its first line). */
const MAX_HEADER_CHARS = 4000;
const MAX_HEADER_LINES = 60;

/** A header line ending like this goes on below (`fn f(`, `-> Result<`, `where T: A +`). */
const OPEN_END = /(?:[,(<[=:+&|-]|->|=>)\s*$/;
/** A line starting like this continues the line above (`where …`, `) -> T {`, `{`). */
const CONTINUATION = /^\s*(?:[{)\]>:.|&+=,-]|where\b|extends\b|implements\b|throws\b|requires\b)/;

export class BraceBlocks {
  private readonly masked: string;
  private readonly lines: string[];
  private readonly lineStarts: number[];
  /** Offset of each `{` → line (0-based) of its matching `}`. */
  private readonly closeLine = new Map<number, number>();
  /**
   * Header characters all declarations may still read: thousands of `func f(` lines that
   * never close would each read MAX_HEADER_CHARS. Once spent, a declaration is its first line.
   */
  private budget: number;

  constructor(masked: string) {
    this.masked = masked;
    this.budget = 16 * masked.length + 100_000;
    this.lines = masked.split("\n");
    this.lineStarts = new Array(this.lines.length);
    let at = 0;
    for (let l = 0; l < this.lines.length; l++) {
      this.lineStarts[l] = at;
      at += (this.lines[l] as string).length + 1;
    }
    const open: number[] = [];
    let line = 0;
    for (let i = 0; i < masked.length; i++) {
      const c = masked.charCodeAt(i);
      if (c === 10) line++;
      else if (c === 123) open.push(i);
      else if (c === 125) {
        const from = open.pop();
        if (from !== undefined) this.closeLine.set(from, line);
      }
    }
  }

  /** Line `l` (0-based) of the masked source. */
  code(l: number): string {
    return this.lines[l] ?? "";
  }

  /** Last line (1-based) of the declaration starting on line `start` (0-based). */
  endOf(start: number): number {
    const first = this.lines[start];
    if (first === undefined) return start + 1;
    const from = this.lineStarts[start] as number;
    const limit = Math.min(this.masked.length, from + MAX_HEADER_CHARS, from + this.budget);
    const { end, read } = this.scanHeader(start, from, limit);
    this.budget = Math.max(0, this.budget - read);
    return end;
  }

  /** Reads the header from offset `from` (line `start`): its end, and the characters read. */
  private scanHeader(start: number, from: number, limit: number): { end: number; read: number } {
    const first = this.lines[start] as string;
    const indent = first.length - first.trimStart().length;
    let depth = 0;
    let line = start;
    for (let i = from; i < limit; i++) {
      const c = this.masked.charCodeAt(i);
      const read = i - from + 1;
      if (c === 40 || c === 91) depth++;
      else if (c === 41 || c === 93) depth--;
      else if (depth <= 0 && c === 123) {
        const close = this.closeLine.get(i);
        return { end: close === undefined ? this.lines.length : close + 1, read };
      } else if (depth <= 0 && (c === 59 || c === 125)) return { end: line + 1, read };
      else if (c === 10) {
        if (depth <= 0 && !this.headerGoesOn(line, indent)) return { end: line + 1, read };
        line++;
        if (line - start >= MAX_HEADER_LINES) break;
      }
    }
    return { end: start + 1, read: limit - from };
  }

  /** Whether a header that reached the end of `line` with brackets closed goes on below. */
  private headerGoesOn(line: number, indent: number): boolean {
    const text = this.lines[line] as string;
    if (OPEN_END.test(text)) return true;
    let next = line + 1;
    while (next < this.lines.length && (this.lines[next] as string).trim() === "") next++;
    const below = this.lines[next];
    if (below === undefined) return false;
    if (below.length - below.trimStart().length > indent) return true;
    return CONTINUATION.test(below);
  }
}

/**
 * Last line (1-based) of a block opened on line `start` (0-based) and closed by `end` at its
 * own indentation, or by the first line indented no deeper (a one-line `def x = 1`).
 */
export function indentedEnd(lines: string[], start: number): number {
  const first = lines[start] as string;
  const indent = first.length - first.trimStart().length;
  let last = start;
  for (let l = start + 1; l < lines.length; l++) {
    const text = lines[l] as string;
    const body = text.trimStart();
    if (body === "" || body.startsWith("#")) continue;
    if (text.length - body.length > indent) {
      last = l;
      continue;
    }
    // The `end` (or `}`) at the opener's own indentation closes it.
    if (text.length - body.length === indent && /^(?:end\b|\})/.test(body)) return l + 1;
    break;
  }
  return last + 1;
}
