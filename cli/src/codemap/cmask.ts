/**
 * Masking for the brace languages outlined by generic.ts (Rust, Java, Kotlin, Scala, C#,
 * Swift, PHP, C/C++) and go.ts: the contents of strings, character literals and comments become
 * spaces (line breaks kept, so offsets and line numbers stay those of the source). Read by
 * blocks.ts, which then counts braces without being fooled by a `"{"` or a `// }`.
 */

export interface Dialect {
  /** `/* /* *\/ *\/` nests (Rust, Swift, Kotlin, Scala). */
  nestedComments?: boolean;
  /** `#` starts a line comment (PHP). */
  hashComments?: boolean;
  /** `'` opens: a Rust char literal or lifetime, a one-line char (C family), a string (PHP). */
  quote: "rust" | "char" | "string";
  /** `"""…"""` text blocks (Java, Kotlin, Scala, Swift). */
  tripleQuotes?: boolean;
  /** `r"…"`, `r#"…"#`, `br#"…"#` (Rust). */
  rawStrings?: boolean;
  /** `@"…"` with `""` inside (C#). */
  verbatim?: boolean;
  /** `` `…` `` raw strings over lines, no escapes (Go). */
  backticks?: boolean;
}

const DIALECTS: Record<string, Dialect> = {
  rust: { nestedComments: true, quote: "rust", rawStrings: true },
  java: { quote: "char", tripleQuotes: true },
  kotlin: { nestedComments: true, quote: "char", tripleQuotes: true },
  scala: { nestedComments: true, quote: "char", tripleQuotes: true },
  swift: { nestedComments: true, quote: "char", tripleQuotes: true },
  csharp: { quote: "char", verbatim: true },
  php: { hashComments: true, quote: "string" },
  go: { quote: "char", backticks: true },
  c: { quote: "char" },
  cpp: { quote: "char" },
};

export function dialectOf(language: string): Dialect | undefined {
  return DIALECTS[language];
}

const NL = 10;
const SLASH = 47;
const STAR = 42;
const DQ = 34;
const SQ = 39;
const BACKSLASH = 92;
const HASH = 35;

/** The source with string, char and comment contents blanked (delimiters of strings kept). */
export function maskSource(source: string, dialect: Dialect): string {
  const n = source.length;
  // Blanked in place in a copy of the code units: one pass, whatever the number of literals.
  const codes = new Uint16Array(n);
  for (let k = 0; k < n; k++) codes[k] = source.charCodeAt(k);
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (codes[k] !== NL) codes[k] = 32;
  };
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    const d = source.charCodeAt(i + 1);
    let end = -1;
    if (c === SLASH && d === SLASH) end = lineEnd(source, i);
    else if (c === HASH && dialect.hashComments && d !== 91 /* [ */) end = lineEnd(source, i);
    else if (c === SLASH && d === STAR) end = blockCommentEnd(source, i, !!dialect.nestedComments);
    else if (c === 96 /* ` */ && dialect.backticks) {
      const e = source.indexOf("`", i + 1);
      const to = e === -1 ? n : e;
      blank(i + 1, to);
      i = to + 1;
      continue;
    } else if (c === DQ || c === SQ || c === 114 /* r */ || c === 64 /* @ */ || c === 98 /* b */) {
      const literal = literalAt(source, i, dialect);
      if (literal) {
        // Delimiters stay, so that a string still reads as a token: `x = "   "`.
        blank(literal.from, literal.to);
        i = literal.next;
        continue;
      }
    }
    if (end !== -1) {
      blank(i, end);
      i = end;
    } else i++;
  }
  return UTF16.decode(codes);
}

const UTF16 = new TextDecoder("utf-16le");

function lineEnd(source: string, from: number): number {
  const e = source.indexOf("\n", from);
  return e === -1 ? source.length : e;
}

function blockCommentEnd(source: string, from: number, nested: boolean): number {
  if (!nested) {
    const e = source.indexOf("*/", from + 2);
    return e === -1 ? source.length : e + 2;
  }
  let depth = 0;
  let i = from;
  while (i < source.length) {
    if (source.startsWith("/*", i)) {
      depth++;
      i += 2;
    } else if (source.startsWith("*/", i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return source.length;
}

/** A literal starting at `i`: the span to blank and where scanning goes on; null if none. */
function literalAt(
  source: string,
  i: number,
  dialect: Dialect,
): { from: number; to: number; next: number } | null {
  const c = source.charCodeAt(i);
  // An `r`, `b` or `@` inside a word (`for"`, `verb"`) starts nothing.
  if (c !== DQ && c !== SQ && /[\w$]/.test(source.charAt(i - 1))) return null;
  if (c === DQ) {
    if (dialect.tripleQuotes && source.startsWith('"""', i)) {
      const e = source.indexOf('"""', i + 3);
      const to = e === -1 ? source.length : e;
      return { from: i + 3, to, next: Math.min(source.length, to + 3) };
    }
    return quoted(source, i, DQ, true);
  }
  if (c === SQ) {
    if (dialect.quote === "string") return quoted(source, i, SQ, true);
    if (dialect.quote === "char") return quoted(source, i, SQ, false);
    return rustQuote(source, i);
  }
  if (c === 64 /* @ */ && dialect.verbatim && source.charCodeAt(i + 1) === DQ)
    return verbatimString(source, i + 1);
  if (dialect.rawStrings) return rustRaw(source, i);
  return null;
}

/** `"…"` with backslash escapes; one line only unless `multiline`. */
function quoted(source: string, i: number, quote: number, multiline: boolean) {
  let k = i + 1;
  while (k < source.length) {
    const c = source.charCodeAt(k);
    if (c === BACKSLASH) k += 2;
    else if (c === quote) return { from: i + 1, to: k, next: k + 1 };
    else if (c === NL && !multiline) return null;
    else k++;
  }
  return { from: i + 1, to: source.length, next: source.length };
}

function verbatimString(source: string, i: number) {
  let k = i + 1;
  while (k < source.length) {
    if (source.charCodeAt(k) === DQ) {
      if (source.charCodeAt(k + 1) === DQ) k += 2;
      else return { from: i + 1, to: k, next: k + 1 };
    } else k++;
  }
  return { from: i + 1, to: source.length, next: source.length };
}

/**
 * Rust's `'`: a char literal (`'x'`, `'\n'`, `'\u{7f}'`, `'{'`) or a lifetime / label (`'a`,
 * `'static`), which is left alone.
 */
function rustQuote(source: string, i: number) {
  if (source.charCodeAt(i + 1) === BACKSLASH) {
    const e = source.indexOf("'", i + 3);
    if (e === -1 || e - i > 12) return null;
    return { from: i + 1, to: e, next: e + 1 };
  }
  const cp = source.codePointAt(i + 1);
  if (cp === undefined || cp === NL) return null;
  const width = cp > 0xffff ? 2 : 1;
  if (source.charCodeAt(i + 1 + width) !== SQ) return null;
  return { from: i + 1, to: i + 1 + width, next: i + 2 + width };
}

/** `r"…"`, `r#"…"#` (any number of `#`), `b"…"`, `br"…"`; null when `r`/`b` is a name. */
function rustRaw(source: string, i: number) {
  let k = i;
  if (source.charCodeAt(k) === 98 /* b */) k++;
  const raw = source.charCodeAt(k) === 114; /* r */
  if (raw) k++;
  if (!raw) return source.charCodeAt(k) === DQ && k > i ? quoted(source, k, DQ, true) : null;
  let hashes = 0;
  while (source.charCodeAt(k) === HASH) {
    hashes++;
    k++;
  }
  if (source.charCodeAt(k) !== DQ) return null;
  const close = `"${"#".repeat(hashes)}`;
  const e = source.indexOf(close, k + 1);
  const to = e === -1 ? source.length : e;
  return { from: k + 1, to, next: Math.min(source.length, to + close.length) };
}
