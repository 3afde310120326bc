/**
 * A small lexer for JavaScript/TypeScript: finds comments, strings, template literals and
 * regular expression literals, so the outline extractor can count braces and match
 * declarations on code alone. No parse tree: fast enough for tens of thousands of files.
 */

export interface Comment {
  /** 1-based lines. */
  startLine: number;
  endLine: number;
  text: string;
  /** A `/** ... *\/` block. */
  doc: boolean;
  block: boolean;
}

export interface Masked {
  /** The source with comments and string/regex contents blanked (same length, newlines kept). */
  code: string;
  comments: Comment[];
  /** [start, end) offsets of every comment, in order (to ignore matches inside comments). */
  commentRanges: number[];
}

const REGEX_AFTER = new Set("(,=:[!&|?{};+-*%<>~^".split("").map((c) => c.charCodeAt(0)));
const REGEX_AFTER_WORDS =
  /(?:^|[^\w$])(return|typeof|case|do|else|in|of|yield|await|void|delete|new|throw|instanceof)$/;
/** Characters that can start or end something the lexer cares about. */
const INTERESTING = /[\n"'`/{}]/g;

const NL = 10;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const BACKTICK = 96;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The same text with every character but newlines turned into a space. */
function blank(segment: string): string {
  if (segment.indexOf("\n") === -1) return " ".repeat(segment.length);
  return segment
    .split("\n")
    .map((part) => " ".repeat(part.length))
    .join("\n");
}

export function maskJs(source: string): Masked {
  const n = source.length;
  // [start, end) ranges to blank, in order, and which of them are comments.
  const ranges: number[] = [];
  const isComment: boolean[] = [];
  const comments: Comment[] = [];
  const templateBraces: number[] = [];
  let line = 1;
  let counted = 0; // newlines are counted up to this offset
  const lineOf = (offset: number) => {
    for (
      let k = source.indexOf("\n", counted);
      k !== -1 && k < offset;
      k = source.indexOf("\n", k + 1)
    )
      line++;
    counted = Math.max(counted, offset);
    return line;
  };
  const mask = (start: number, end: number, comment: boolean) => {
    if (end > start) {
      ranges.push(start, end);
      isComment.push(comment);
    }
  };

  /** Template text from i (just after ` or a closing }); returns the offset after ` or ${. */
  const scanTemplate = (from: number): number => {
    let k = from;
    while (k < n) {
      const c = source.charCodeAt(k);
      if (c === BACKSLASH) k += 2;
      else if (c === BACKTICK) {
        mask(from, k, false);
        return k + 1;
      } else if (c === DOLLAR && source.charCodeAt(k + 1) === OPEN_BRACE) {
        mask(from, k, false);
        templateBraces.push(0);
        return k + 2;
      } else k++;
    }
    mask(from, n, false);
    return n;
  };

  /** The last non-blank character before i, or -1. */
  const previousChar = (i: number): number => {
    for (let k = i - 1; k >= 0; k--) {
      const c = source.charCodeAt(k);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
    }
    return -1;
  };

  let i = 0;
  while (i < n) {
    INTERESTING.lastIndex = i;
    const hit = INTERESTING.exec(source);
    if (!hit) break;
    i = hit.index;
    const c = source.charCodeAt(i);
    const next = source.charCodeAt(i + 1);
    if (c === NL) {
      i++;
      continue;
    }
    if (c === SLASH && next === SLASH) {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      mask(i, stop, true);
      const at = lineOf(i);
      comments.push({
        startLine: at,
        endLine: at,
        text: source.slice(i + 2, stop),
        doc: false,
        block: false,
      });
      i = stop;
      continue;
    }
    if (c === SLASH && next === STAR) {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      mask(i, stop, true);
      const startLine = lineOf(i);
      const endLine = lineOf(stop);
      comments.push({
        startLine,
        endLine,
        text: source.slice(i + 2, end === -1 ? n : end),
        doc: source.charCodeAt(i + 2) === STAR && source.charCodeAt(i + 3) !== SLASH,
        block: true,
      });
      i = stop;
      continue;
    }
    if (c === 34 || c === 39) {
      // "..." or '...': ends at the same quote or at the end of the line.
      let k = i + 1;
      while (k < n) {
        const d = source.charCodeAt(k);
        if (d === BACKSLASH) k += 2;
        else if (d === c || d === NL) break;
        else k++;
      }
      mask(i + 1, Math.min(k, n), false);
      i = source.charCodeAt(k) === c ? k + 1 : k;
      continue;
    }
    if (c === BACKTICK) {
      i = scanTemplate(i + 1);
      continue;
    }
    if (c === SLASH) {
      const prev = previousChar(i);
      const isRegex =
        prev === -1 ||
        REGEX_AFTER.has(prev) ||
        REGEX_AFTER_WORDS.test(source.slice(Math.max(0, i - 12), i).trimEnd());
      if (isRegex) {
        let k = i + 1;
        let inClass = false;
        while (k < n) {
          const d = source.charCodeAt(k);
          if (d === NL) break;
          if (d === BACKSLASH) k += 2;
          else {
            if (d === 91) inClass = true;
            else if (d === 93) inClass = false;
            else if (d === SLASH && !inClass) break;
            k++;
          }
        }
        if (k < n && source.charCodeAt(k) === SLASH) {
          mask(i + 1, k, false);
          i = k + 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if (templateBraces.length > 0) {
      const top = templateBraces.length - 1;
      if (c === OPEN_BRACE) templateBraces[top] = (templateBraces[top] as number) + 1;
      else if (c === CLOSE_BRACE) {
        if (templateBraces[top] === 0) {
          templateBraces.pop();
          i = scanTemplate(i + 1);
          continue;
        }
        templateBraces[top] = (templateBraces[top] as number) - 1;
      }
    }
    i++;
  }

  const parts: string[] = [];
  const commentRanges: number[] = [];
  let at = 0;
  for (let r = 0; r < isComment.length; r++) {
    const start = ranges[r * 2] as number;
    const end = ranges[r * 2 + 1] as number;
    if (start < at) continue;
    parts.push(source.slice(at, start), blank(source.slice(start, end)));
    if (isComment[r]) commentRanges.push(start, end);
    at = end;
  }
  parts.push(source.slice(at));
  return { code: parts.join(""), comments, commentRanges };
}

/** Whether an offset falls inside one of the [start, end) ranges (binary search). */
export function insideRanges(ranges: number[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = ranges[mid * 2] as number;
    const end = ranges[mid * 2 + 1] as number;
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return true;
  }
  return false;
}

export function docText(raw: string, maxChars = 240): string {
  const lines = raw.split("\n").map((l) =>
    l
      .replace(/^\s*\*+ ?/, "")
      .replace(/^\s*\/\/\/? ?/, "")
      .trimEnd(),
  );
  const kept: string[] = [];
  for (const l of lines) {
    if (/^\s*@\w/.test(l)) break;
    if (l.trim() === "" && kept.length > 0) break; // first paragraph only
    if (l.trim() !== "") kept.push(l.trim());
  }
  return shorten(kept.join(" "), maxChars);
}

export function shorten(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return clean;
  const cut = clean.slice(0, maxChars);
  const sentence = cut.lastIndexOf(". ");
  return sentence > maxChars / 2
    ? cut.slice(0, sentence + 1)
    : `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}
