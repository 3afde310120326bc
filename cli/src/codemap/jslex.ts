/**
 * A small lexer for JavaScript/TypeScript, for javascript.ts. One pass over the characters
 * finds comments and the contents of strings, template literals and regular expression
 * literals, and counts braces and parens outside them. It copies nothing: the outline asks
 * for a "code line" (the line with comments and literal contents blanked) only for the few
 * lines it looks at, which are cut from the source on demand.
 *
 * The tables live in buffers reused from one file to the next (a large tree would otherwise
 * spend its time collecting garbage), so a JsLex is valid until the next `lexJs` call.
 */

/** Growable list of 32-bit integers over one reused buffer. */
class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index] as number;
  }
}

const lineStart = new IntList();
const braceBefore = new IntList();
const parenBefore = new IntList();
/** [start, end) pairs, in order, of every blanked range (comments and literal contents). */
const blanked = new IntList();
/** Comments as [start, end, startLine, endLine] quadruples, in order (lines are 1-based). */
const commentTable = new IntList();

export interface CommentInfo {
  startLine: number;
  endLine: number;
  /** A block comment (`/* *\/`), as opposed to a `//` line. */
  block: boolean;
  /** A `/** *\/` doc block. */
  doc: boolean;
}

export class JsLex {
  readonly source: string;
  /** Number of lines (a trailing newline opens one more, empty line). */
  readonly lineCount: number;
  readonly commentCount: number;

  constructor(source: string) {
    this.source = source;
    this.lineCount = lineStart.length - 1;
    this.commentCount = commentTable.length / 4;
  }

  /** Brace depth at the start of a 0-based line (`line === lineCount` gives the final depth). */
  braceBefore(line: number): number {
    return braceBefore.at(line);
  }

  /** Paren and bracket depth at the start of a 0-based line. */
  parenBefore(line: number): number {
    return parenBefore.at(line);
  }

  /** The source text of a 0-based line, without its newline. */
  sourceLine(line: number): string {
    return this.source.slice(lineStart.at(line), lineStart.at(line + 1) - 1);
  }

  /** A 0-based line with comments and literal contents blanked, trimmed. */
  codeLine(line: number): string {
    const start = lineStart.at(line);
    const end = lineStart.at(line + 1) - 1;
    let r = firstRangeEndingAfter(start);
    const pairs = blanked.length;
    if (r >= pairs || blanked.at(r) >= end) return this.source.slice(start, end).trim();
    let text = "";
    let at = start;
    for (; r < pairs && blanked.at(r) < end; r += 2) {
      const from = Math.max(blanked.at(r), start);
      const to = Math.min(blanked.at(r + 1), end);
      text += this.source.slice(at, from) + " ".repeat(to - from);
      at = to;
    }
    return (text + this.source.slice(at, end)).trim();
  }

  /** Whether a 0-based line ends inside a comment or a literal (a template that goes on). */
  endsInsideRange(line: number): boolean {
    const newline = lineStart.at(line + 1) - 1;
    const r = firstRangeEndingAfter(newline);
    return r < blanked.length && blanked.at(r) <= newline;
  }

  comment(index: number): CommentInfo {
    const start = commentTable.at(index * 4);
    const block = this.source.charCodeAt(start + 1) === STAR;
    return {
      startLine: commentTable.at(index * 4 + 2),
      endLine: commentTable.at(index * 4 + 3),
      block,
      doc:
        block &&
        this.source.charCodeAt(start + 2) === STAR &&
        this.source.charCodeAt(start + 3) !== SLASH,
    };
  }

  /** A comment's text without its `//`, `/*` or `*\/` markers. */
  commentText(index: number): string {
    const start = commentTable.at(index * 4);
    const end = commentTable.at(index * 4 + 1);
    const block = this.source.charCodeAt(start + 1) === STAR;
    const closed = block && end - start >= 4 && this.source.startsWith("*/", end - 2);
    return this.source.slice(start + 2, closed ? end - 2 : end);
  }

  /** Index of the last comment ending on a 1-based line, or -1. */
  lastCommentEndingOn(line: number): number {
    let lo = 0;
    let hi = this.commentCount - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const endLine = commentTable.at(mid * 4 + 3);
      if (endLine <= line) {
        if (endLine === line) found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Whether an offset lies inside a comment. */
  insideComment(offset: number): boolean {
    let lo = 0;
    let hi = this.commentCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < commentTable.at(mid * 4)) hi = mid - 1;
      else if (offset >= commentTable.at(mid * 4 + 1)) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** Index (into `blanked`) of the first range whose end is past `offset`. */
function firstRangeEndingAfter(offset: number): number {
  let lo = 0;
  let hi = blanked.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blanked.at(mid * 2 + 1) > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo * 2;
}

const REGEX_AFTER = new Set("(,=:[!&|?{};+-*%<>~^".split("").map((c) => c.charCodeAt(0)));
const REGEX_AFTER_WORDS =
  /(?:^|[^\w$])(return|typeof|case|do|else|in|of|yield|await|void|delete|new|throw|instanceof)$/;

const NL = 10;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const STAR = 42;
const SLASH = 47;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const BACKTICK = 96;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Characters the main loop acts on; everything else is skipped at once. */
const ACTS_ON = new Uint8Array(128);
for (const c of [
  NL,
  DOUBLE_QUOTE,
  SINGLE_QUOTE,
  OPEN_PAREN,
  CLOSE_PAREN,
  SLASH,
  OPEN_BRACKET,
  CLOSE_BRACKET,
  BACKTICK,
  OPEN_BRACE,
  CLOSE_BRACE,
])
  ACTS_ON[c] = 1;

function pushLine(start: number, brace: number, paren: number): void {
  lineStart.push(start);
  braceBefore.push(brace);
  parenBefore.push(paren);
}

/** Blanks [start, end) and records the line starts inside it (the main loop jumps over it). */
function blankRange(source: string, start: number, end: number, brace: number, paren: number) {
  if (end <= start) return;
  blanked.push(start);
  blanked.push(end);
  for (let k = source.indexOf("\n", start); k !== -1 && k < end; k = source.indexOf("\n", k + 1))
    pushLine(k + 1, brace, paren);
}

/** Set by scanTemplate when it stopped at a `${` rather than at the closing backtick. */
let templateOpened = false;

/** Template text from `from` (after ` or a closing }); returns the offset after ` or ${. */
function scanTemplate(source: string, from: number, brace: number, paren: number): number {
  const n = source.length;
  let k = from;
  templateOpened = false;
  while (k < n) {
    const c = source.charCodeAt(k);
    if (c === BACKSLASH) k += 2;
    else if (c === BACKTICK) {
      blankRange(source, from, k, brace, paren);
      return k + 1;
    } else if (c === DOLLAR && source.charCodeAt(k + 1) === OPEN_BRACE) {
      blankRange(source, from, k, brace, paren);
      templateOpened = true;
      return k + 2;
    } else k++;
  }
  blankRange(source, from, n, brace, paren);
  return n;
}

export function lexJs(source: string): JsLex {
  const n = source.length;
  lineStart.length = 0;
  braceBefore.length = 0;
  parenBefore.length = 0;
  blanked.length = 0;
  commentTable.length = 0;
  // Locals, not closure variables: this loop runs once per character of the tree.
  let brace = 0;
  let paren = 0;
  const templateBraces: number[] = [];
  /** The last regex scan that found no closing `/` (see scanRegex). */
  failed.end = -1;
  failed.classes.length = 0;

  pushLine(0, 0, 0);
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c >= 128 || ACTS_ON[c] === 0) {
      i++;
      continue;
    }
    switch (c) {
      case NL:
        pushLine(i + 1, brace, paren);
        i++;
        continue;
      case OPEN_PAREN:
      case OPEN_BRACKET:
        paren++;
        i++;
        continue;
      case CLOSE_PAREN:
      case CLOSE_BRACKET:
        if (paren > 0) paren--;
        i++;
        continue;
      case DOUBLE_QUOTE:
      case SINGLE_QUOTE: {
        // "..." or '...': ends at the same quote or at the end of the line.
        let k = i + 1;
        while (k < n) {
          const d = source.charCodeAt(k);
          if (d === BACKSLASH) k += 2;
          else if (d === c || d === NL) break;
          else k++;
        }
        if (k > n) k = n;
        blankRange(source, i + 1, k, brace, paren);
        i = source.charCodeAt(k) === c ? k + 1 : k;
        continue;
      }
      case BACKTICK:
        i = scanTemplate(source, i + 1, brace, paren);
        if (templateOpened) {
          brace++; // the `${` counts as a brace, and so does its closing `}`
          templateBraces.push(0);
        }
        continue;
      case OPEN_BRACE:
        brace++;
        if (templateBraces.length > 0) {
          const top = templateBraces.length - 1;
          templateBraces[top] = (templateBraces[top] as number) + 1;
        }
        i++;
        continue;
      case CLOSE_BRACE: {
        if (brace > 0) brace--;
        const top = templateBraces.length - 1;
        if (top >= 0) {
          if (templateBraces[top] === 0) {
            templateBraces.pop();
            i = scanTemplate(source, i + 1, brace, paren);
            if (templateOpened) {
              brace++;
              templateBraces.push(0);
            }
            continue;
          }
          templateBraces[top] = (templateBraces[top] as number) - 1;
        }
        i++;
        continue;
      }
    }
    // c is a slash: a comment, a regular expression or division.
    const next = source.charCodeAt(i + 1);
    if (next === SLASH || next === STAR) {
      const line = lineStart.length;
      let stop: number;
      if (next === SLASH) {
        const end = source.indexOf("\n", i);
        stop = end === -1 ? n : end;
      } else {
        const end = source.indexOf("*/", i + 2);
        stop = end === -1 ? n : end + 2;
      }
      blankRange(source, i, stop, brace, paren);
      commentTable.push(i);
      commentTable.push(stop);
      commentTable.push(line);
      commentTable.push(lineStart.length);
      i = stop;
      continue;
    }
    if (startsRegex(source, i)) {
      const k = scanRegex(source, i);
      if (k !== -1) {
        blankRange(source, i + 1, k, brace, paren);
        i = k + 1;
        continue;
      }
    }
    i++;
  }
  pushLine(n + 1, brace, paren); // a sentinel, so that line l always ends at lineStart[l + 1] - 1
  return new JsLex(source);
}

/**
 * The last regex scan that failed (ran into the end of its line): where it stopped, and
 * the [from, to) stretches it read inside a `[...]` class. Scanning again from each later
 * `/` of that line would be quadratic (`(/[` repeated); instead a later scan stops as soon
 * as it reads the line as the failed scan did, which then fails too: at once when the
 * failed scan was outside a class there, else at the next `[` or `]`.
 */
const failed = { end: -1, classes: new IntList() };
let failedClass = 0;

/** The offset of the `/` closing the regular expression opened at `i`, or -1. */
function scanRegex(source: string, i: number): number {
  const n = source.length;
  if (i < failed.end) {
    // Inside the failed scan's reach: it read k = i + 1 onwards as this scan will, except
    // maybe for being inside a class.
    const k0 = i + 1;
    const ranges = failed.classes;
    while (failedClass < ranges.length && ranges.at(failedClass + 1) <= k0) failedClass += 2;
    const inClass = failedClass < ranges.length && ranges.at(failedClass) <= k0;
    if (!inClass) return -1;
    for (let k = k0; k < n; ) {
      const d = source.charCodeAt(k);
      if (d === NL || d === OPEN_BRACKET || d === CLOSE_BRACKET) return -1;
      if (d === BACKSLASH) k += 2;
      else if (d === SLASH) return k;
      else k++;
    }
    return -1;
  }
  let k = i + 1;
  let inClass = false;
  let classFrom = 0;
  failed.classes.length = 0;
  while (k < n) {
    const d = source.charCodeAt(k);
    if (d === NL) break;
    if (d === BACKSLASH) k += 2;
    else {
      if (d === OPEN_BRACKET) {
        if (!inClass) classFrom = k + 1;
        inClass = true;
      } else if (d === CLOSE_BRACKET) {
        if (inClass) {
          failed.classes.push(classFrom);
          failed.classes.push(k + 1);
        }
        inClass = false;
      } else if (d === SLASH && !inClass) return k;
      k++;
    }
  }
  if (inClass) {
    failed.classes.push(classFrom);
    failed.classes.push(n + 1);
  }
  failed.end = Math.min(k, n);
  failedClass = 0;
  return -1;
}

/** Whether the slash at `i` opens a regular expression (rather than dividing). */
function startsRegex(source: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0) {
    const c = source.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== NL && c !== 13) break;
    k--;
  }
  if (k < 0) return true;
  if (REGEX_AFTER.has(source.charCodeAt(k))) return true;
  return REGEX_AFTER_WORDS.test(source.slice(Math.max(0, i - 12), i).trimEnd());
}
